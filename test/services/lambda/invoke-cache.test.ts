// Invoke keeps functions, versions and aliases in memory (src/services/lambda/invoke-cache.ts):
// every control-plane change made through the node is seen by the next invocation, and one made
// through another node sharing the store within MAX_AGE_MS.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseConfig } from "../../../src/config/schema.js";
import { MAX_AGE_MS } from "../../../src/services/lambda/invoke-cache.js";
import { createLambdaProvider, type LambdaProvider } from "../../../src/services/lambda/provider.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { call, createFunction, failure, FakeExecutor, startHarness, type Harness } from "./harness.js";

const payload = Buffer.from("{}");

describe("Lambda Invoke's configuration cache", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await createFunction(h, "f", { Environment: { Variables: { VAR: "0" } } });
  });
  after(() => h.close());

  const invoke = (qualifier?: string) => call(h, "Invoke", { FunctionName: "f", Payload: payload, ...(qualifier ? { Qualifier: qualifier } : {}) });
  const lastEnvironment = () => h.executor.invocations.at(-1)!.fn.version.environment?.["VAR"];

  it("the next invocation after a change through this node sees it, without time passing", async () => {
    await invoke();
    assert.equal(lastEnvironment(), "0");
    await call(h, "UpdateFunctionConfiguration", { FunctionName: "f", Environment: { Variables: { VAR: "1" } } });
    await invoke();
    assert.equal(lastEnvironment(), "1");

    await call(h, "PublishVersion", { FunctionName: "f" });
    await call(h, "CreateAlias", { FunctionName: "f", Name: "live", FunctionVersion: "1" });
    assert.equal((await invoke("live")).ExecutedVersion, "1");
    await call(h, "UpdateFunctionConfiguration", { FunctionName: "f", Environment: { Variables: { VAR: "2" } } });
    await call(h, "PublishVersion", { FunctionName: "f" });
    await call(h, "UpdateAlias", { FunctionName: "f", Name: "live", FunctionVersion: "2" });
    assert.equal((await invoke("live")).ExecutedVersion, "2");
    assert.equal(lastEnvironment(), "2");

    await call(h, "PutFunctionConcurrency", { FunctionName: "f", ReservedConcurrentExecutions: 0 });
    assert.equal((await failure(h, "Invoke", { FunctionName: "f", Payload: payload })).code, "TooManyRequestsException");
    await call(h, "DeleteFunctionConcurrency", { FunctionName: "f" });
    assert.equal((await invoke()).StatusCode, 200);

    await call(h, "DeleteAlias", { FunctionName: "f", Name: "live" });
    assert.equal((await failure(h, "Invoke", { FunctionName: "f", Qualifier: "live", Payload: payload })).code, "ResourceNotFoundException");
    await call(h, "DeleteFunction", { FunctionName: "f", Qualifier: "1" });
    assert.equal((await failure(h, "Invoke", { FunctionName: "f", Qualifier: "1", Payload: payload })).code, "ResourceNotFoundException");
    await call(h, "DeleteFunction", { FunctionName: "f" });
    assert.equal((await failure(h, "Invoke", { FunctionName: "f", Payload: payload })).code, "ResourceNotFoundException");
  });

  it("a change through another node sharing the store reaches this node's invocations within MAX_AGE_MS", async () => {
    await createFunction(h, "shared", { Environment: { Variables: { VAR: "a" } } });
    const config = parseConfig({ inMemory: true, lambda: { stateTransitionMs: 0 } });
    const other: LambdaProvider = createLambdaProvider({ config, store: h.store, clock: h.clock, logger: silentLogger }, { executor: new FakeExecutor() });
    await other.start();
    try {
      // The first invocation completes the function's creation (a write); the second is served from memory.
      await call(h, "Invoke", { FunctionName: "shared", Payload: payload });
      await call(h, "Invoke", { FunctionName: "shared", Payload: payload });
      assert.equal(lastEnvironment(), "a");
      await other.UpdateFunctionConfiguration(h.ctx("UpdateFunctionConfiguration"), { FunctionName: "shared", Environment: { Variables: { VAR: "b" } } });
      h.clock.advance(MAX_AGE_MS);
      await call(h, "Invoke", { FunctionName: "shared", Payload: payload });
      assert.equal(lastEnvironment(), "b");
    } finally {
      await other.stop();
    }
  });
});
