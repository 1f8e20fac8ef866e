// Invoke through the SDK against a node running functions in the Lambda engine: the seed flows
// (invoke, new code, versions and aliases, weighted alias, reserved concurrency 0, environment
// change), invocation types, errors, limits and function logs in CloudWatch Logs.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetProvisionedConcurrencyConfigCommand,
  InvokeCommand,
  LambdaClient,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutProvisionedConcurrencyConfigCommand,
  TooManyRequestsException,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from "@aws-sdk/client-lambda";
import type { NimbusNode } from "../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";
import { makeZip } from "../services/lambda/harness.js";

const ROLE = "arn:aws:iam::000000000000:role/lambda-role";
const WAIT = { maxWaitTime: 20, minDelay: 1, maxDelay: 1 };
const nodeHandler = (tag: string) => `exports.handler = async (event) => ({ tag: ${JSON.stringify(tag)}, stage: process.env.STAGE ?? null, event });`;

describe("Lambda Invoke through the SDK and the engine", () => {
  let node: NimbusNode;
  let lambda: LambdaClient;
  let logs: CloudWatchLogsClient;
  const decode = (p: Uint8Array | undefined) => JSON.parse(Buffer.from(p ?? []).toString("utf8"));

  async function create(name: string, code: string, extra: Record<string, unknown> = {}): Promise<void> {
    await lambda.send(
      new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: await makeZip({ "index.js": code }) }, ...extra }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, ...WAIT }, { FunctionName: name });
  }
  const invoke = (name: string, payload: unknown = {}, extra: Record<string, unknown> = {}) =>
    lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)), ...extra }));

  before(async () => {
    node = await startTestNimbus({ lambda: { stateTransitionMs: 0 } });
    lambda = new LambdaClient(clientConfig(node));
    logs = new CloudWatchLogsClient(clientConfig(node));
  });
  after(async () => {
    lambda.destroy();
    logs.destroy();
    await node.stop();
  });

  it("create-function from a zip and invoke: payload, executed version and the log tail", async () => {
    await create("hello", nodeHandler("v1"));
    const out = await invoke("hello", { n: 1 }, { LogType: "Tail" });
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, "$LATEST");
    assert.equal(out.FunctionError, undefined);
    assert.deepEqual(decode(out.Payload), { tag: "v1", stage: null, event: { n: 1 } });
    assert.match(Buffer.from(out.LogResult!, "base64").toString(), /START RequestId: [0-9a-f-]{36} Version: \$LATEST/);
    assert.match(Buffer.from(out.LogResult!, "base64").toString(), /REPORT RequestId: /);
  });

  it("update-function-code, publish-version, alias PROD -> 1, update-alias to 2, and a 50/50 alias", async () => {
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: "hello" }));
    await lambda.send(new CreateAliasCommand({ FunctionName: "hello", Name: "PROD", FunctionVersion: v1.Version }));
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "hello", ZipFile: await makeZip({ "index.js": nodeHandler("v2") }) }));
    await waitUntilFunctionUpdatedV2({ client: lambda, ...WAIT }, { FunctionName: "hello" });
    assert.equal(decode((await invoke("hello")).Payload).tag, "v2");
    const prod = await invoke("hello", {}, { Qualifier: "PROD" });
    assert.equal(prod.ExecutedVersion, "1");
    assert.equal(decode(prod.Payload).tag, "v1");
    const v2 = await lambda.send(new PublishVersionCommand({ FunctionName: "hello" }));
    await lambda.send(new UpdateAliasCommand({ FunctionName: "hello", Name: "PROD", FunctionVersion: v2.Version }));
    const moved = await invoke("hello:PROD");
    assert.equal(moved.ExecutedVersion, "2");
    assert.equal(decode(moved.Payload).tag, "v2");
    await lambda.send(new CreateAliasCommand({ FunctionName: "hello", Name: "HALF", FunctionVersion: "1", RoutingConfig: { AdditionalVersionWeights: { "2": 0.5 } } }));
    const seen: Record<string, number> = {};
    for (let i = 0; i < 200; i++) {
      const out = await invoke("hello", {}, { Qualifier: "HALF" });
      seen[decode(out.Payload).tag] = (seen[decode(out.Payload).tag] ?? 0) + 1;
    }
    assert.ok(seen.v1! > 60 && seen.v2! > 60, `split ${JSON.stringify(seen)}`);
  });

  it("an environment change without a code change reaches the next invocation", async () => {
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "hello", Environment: { Variables: { STAGE: "beta" } } }));
    await waitUntilFunctionUpdatedV2({ client: lambda, ...WAIT }, { FunctionName: "hello" });
    assert.equal(decode((await invoke("hello")).Payload).stage, "beta");
  });

  it("reserved concurrency 0 answers 429 'Rate Exceeded.'", async () => {
    await create("blocked", nodeHandler("x"));
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: "blocked", ReservedConcurrentExecutions: 0 }));
    await assert.rejects(invoke("blocked"), (err: unknown) => {
      assert.ok(err instanceof TooManyRequestsException);
      assert.equal(err.message, "Rate Exceeded.");
      assert.equal(err.Reason, "ReservedFunctionConcurrentInvocationLimitExceeded");
      assert.equal(err.$metadata.httpStatusCode, 429);
      return true;
    });
  });

  it("a handler error comes back as FunctionError Unhandled with the runtime's error document", async () => {
    await create("fails", "exports.handler = async () => { throw new TypeError('bad input'); };");
    const out = await invoke("fails");
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, "Unhandled");
    const error = decode(out.Payload);
    assert.equal(error.errorType, "TypeError");
    assert.equal(error.errorMessage, "bad input");
  });

  it("DryRun answers 204, a 6 MB payload 413, a payload that is not JSON 400", async () => {
    const dry = await lambda.send(new InvokeCommand({ FunctionName: "hello", InvocationType: "DryRun" }));
    assert.equal(dry.StatusCode, 204);
    await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: "hello", Payload: Buffer.alloc(6_291_457, 0x20) })), (err: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(err.name, "RequestEntityTooLargeException");
      assert.equal(err.$metadata?.httpStatusCode, 413);
      return true;
    });
    await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: "hello", Payload: Buffer.from("not json") })), (err: { name?: string }) => err.name === "InvalidRequestContentException");
  });

  it("an Event invocation answers 202 and runs: its output reaches /aws/lambda/<function> in CloudWatch Logs", async () => {
    await create("async", "exports.handler = async (e) => { console.log('event-marker', e.marker); return 1; };");
    const out = await lambda.send(new InvokeCommand({ FunctionName: "async", InvocationType: "Event", Payload: Buffer.from('{"marker":"m-42"}') }));
    assert.equal(out.StatusCode, 202);
    let found = false;
    for (let i = 0; i < 50 && !found; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const events = await logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/async", filterPattern: '"m-42"' })).catch(() => undefined);
      found = (events?.events ?? []).some((e) => e.message?.includes("event-marker m-42"));
    }
    assert.ok(found, "the Event invocation's log line reached CloudWatch Logs");
  });

  it("provisioned concurrency on a version initialises environments: IN_PROGRESS, then READY", async () => {
    const v = await lambda.send(new PublishVersionCommand({ FunctionName: "async" }));
    const put = await lambda.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: "async", Qualifier: v.Version, ProvisionedConcurrentExecutions: 2 }));
    assert.equal(put.$metadata.httpStatusCode, 202);
    assert.equal(put.Status, "IN_PROGRESS");
    let status: string | undefined = put.Status;
    for (let i = 0; i < 100 && status === "IN_PROGRESS"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await lambda.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: "async", Qualifier: v.Version }))).Status;
    }
    assert.equal(status, "READY");
    const ready = await lambda.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: "async", Qualifier: v.Version }));
    assert.equal(ready.AvailableProvisionedConcurrentExecutions, 2);
    assert.equal((await invoke("async", { marker: "warm" }, { Qualifier: v.Version })).StatusCode, 200);
  });

  it("runs Python functions too", async () => {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: "py",
        Runtime: "python3.12",
        Role: ROLE,
        Handler: "app.handler",
        Code: { ZipFile: await makeZip({ "app.py": "def handler(event, context):\n    return {'sum': event['a'] + event['b'], 'fn': context.function_name}\n" }) },
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, ...WAIT }, { FunctionName: "py" });
    assert.deepEqual(decode((await invoke("py", { a: 2, b: 3 })).Payload), { sum: 5, fn: "py" });
  });
});
