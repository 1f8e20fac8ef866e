// Invoke through the provider with a fake executor: invocation types, limits, throttling,
// weighted aliases, and the durable Event queue across a restart.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ACCOUNT, call, createFunction, failure, startHarness, type Harness } from "./harness.js";

describe("Lambda Invoke", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ lambda: { accountConcurrency: 110 } });
    await createFunction(h, "echo");
  });
  after(() => h.close());

  it("RequestResponse runs $LATEST and answers its payload, the executed version and the log tail", async () => {
    const out = await call(h, "Invoke", { FunctionName: "echo", Payload: Buffer.from('{"hello":"world"}'), LogType: "Tail" });
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, "$LATEST");
    assert.deepEqual(JSON.parse(out.Payload.toString()), { hello: "world" });
    assert.equal(Buffer.from(out.LogResult, "base64").toString(), "START\nEND\n");
    const last = h.executor.invocations.at(-1)!;
    assert.equal(last.request.invokedFunctionArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:echo`);
    assert.equal(last.fn.version.handler, "index.handler");
  });

  it("an empty payload reaches the function as {}; a function error is reported as Unhandled", async () => {
    h.executor.respond = async (_fn, request) => ({
      payload: Buffer.from(JSON.stringify({ errorMessage: "boom", errorType: "Error", got: request.payload.toString() })),
      functionError: "Unhandled",
      durationMs: 1,
    });
    const out = await call(h, "Invoke", { FunctionName: "echo" });
    assert.equal(out.FunctionError, "Unhandled");
    assert.equal(JSON.parse(out.Payload.toString()).got, "{}");
    h.executor.respond = async (_fn, request) => ({ payload: request.payload, durationMs: 1 });
  });

  it("DryRun answers 204 without running; unknown functions are not found with $LATEST in the ARN", async () => {
    const before = h.executor.invocations.length;
    const dry = await call(h, "Invoke", { FunctionName: "echo", InvocationType: "DryRun" });
    assert.deepEqual(dry, { StatusCode: 204 });
    assert.equal(h.executor.invocations.length, before);
    const missing = await failure(h, "Invoke", { FunctionName: "nope" });
    assert.equal(missing.message, `Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:nope:$LATEST`);
  });

  it("refuses payloads over 6 MB with 413 and payloads that are not JSON as Lambda's Jackson words it", async () => {
    const big = await failure(h, "Invoke", { FunctionName: "echo", Payload: Buffer.alloc(6_291_457, 0x20) });
    assert.equal(big.code, "RequestEntityTooLargeException");
    assert.equal(big.status, 413);
    const utf8 = await failure(h, "Invoke", { FunctionName: "echo", Payload: Buffer.from([0x6e, 0x87, 0x72]) });
    assert.equal(utf8.code, "InvalidRequestContentException");
    assert.equal(
      utf8.message,
      "Could not parse request body into json: Could not parse payload into json: Invalid UTF-8 start byte 0x87\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 3]",
    );
    const ctrl = await failure(h, "Invoke", { FunctionName: "echo", Payload: Buffer.from([0x99, 0xeb]) });
    assert.match(ctrl.message, /Unexpected character \(\(CTRL-CHAR, code 153\)\): expected a valid value .*line: 1, column: 1\]$/s);
  });

  it("reserved concurrency 0 throttles every synchronous call with 429 'Rate Exceeded.'", async () => {
    await createFunction(h, "blocked");
    await call(h, "PutFunctionConcurrency", { FunctionName: "blocked", ReservedConcurrentExecutions: 0 });
    const err = await failure(h, "Invoke", { FunctionName: "blocked" });
    assert.equal(err.code, "TooManyRequestsException");
    assert.equal(err.status, 429);
    assert.equal(err.message, "Rate Exceeded.");
    assert.deepEqual(err.fields, { Reason: "ReservedFunctionConcurrentInvocationLimitExceeded", Type: "User" });
  });

  it("the unreserved pool throttles with ConcurrentInvocationLimitExceeded once the account limit is in use", async () => {
    // Account limit 110, 0 reserved by "blocked": 110 unreserved slots.
    const release: (() => void)[] = [];
    h.executor.respond = (_fn, request) => new Promise((resolve) => release.push(() => resolve({ payload: request.payload, durationMs: 1 })));
    const running = Array.from({ length: 110 }, () => call(h, "Invoke", { FunctionName: "echo" }));
    while (release.length < 110) await new Promise((r) => setImmediate(r));
    const err = await failure(h, "Invoke", { FunctionName: "echo" });
    assert.equal(err.code, "TooManyRequestsException");
    assert.deepEqual(err.fields, { Reason: "ConcurrentInvocationLimitExceeded", Type: "User" });
    for (const r of release) r();
    await Promise.all(running);
    h.executor.respond = async (_fn, request) => ({ payload: request.payload, durationMs: 1 });
    assert.equal((await call(h, "Invoke", { FunctionName: "echo" })).StatusCode, 200);
  });

  it("a weighted alias splits 10,000 invocations by its weights", async () => {
    await call(h, "PublishVersion", { FunctionName: "echo" });
    await call(h, "UpdateFunctionConfiguration", { FunctionName: "echo", Description: "v2" });
    await call(h, "PublishVersion", { FunctionName: "echo" });
    await call(h, "CreateAlias", { FunctionName: "echo", Name: "split", FunctionVersion: "1", RoutingConfig: { AdditionalVersionWeights: { "2": 0.5 } } });
    const counts: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) {
      const out = await call(h, "Invoke", { FunctionName: "echo", Qualifier: "split" });
      counts[out.ExecutedVersion] = (counts[out.ExecutedVersion] ?? 0) + 1;
    }
    assert.ok(counts["2"]! >= 4700 && counts["2"]! <= 5300, `version 2 ran ${counts["2"]} times`);
    assert.equal(counts["1"]! + counts["2"]!, 10_000);
    assert.equal(h.executor.invocations.at(-1)!.request.invokedFunctionArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:echo:split`);
  });

  it("Event answers 202 once the event is stored, and runs it", async () => {
    const before = h.executor.invocations.length;
    const out = await call(h, "Invoke", { FunctionName: "echo", InvocationType: "Event", Payload: Buffer.from('{"n":1}') });
    assert.deepEqual(out, { StatusCode: 202 });
    await h.provider.settled();
    const ran = h.executor.invocations.slice(before);
    assert.equal(ran.length, 1);
    assert.equal(ran[0]!.request.payload.toString(), '{"n":1}');
  });

  it("the deprecated InvokeAsync queues an event too (202)", async () => {
    const before = h.executor.invocations.length;
    assert.deepEqual(await call(h, "InvokeAsync", { FunctionName: "echo", InvokeArgs: Buffer.from('{"legacy":true}') }), { Status: 202 });
    await h.provider.settled();
    assert.equal(h.executor.invocations.slice(before)[0]!.request.payload.toString(), '{"legacy":true}');
    const big = await failure(h, "InvokeAsync", { FunctionName: "echo", InvokeArgs: Buffer.alloc(262_145, 0x20) });
    assert.equal(big.status, 413);
  });

  it("accepted events survive a restart and run after it", async () => {
    // The executor hangs, as if the node died while the event ran.
    h.executor.respond = () => new Promise(() => {});
    await call(h, "Invoke", { FunctionName: "echo", InvocationType: "Event", Payload: Buffer.from('{"n":2}') });
    await new Promise((r) => setImmediate(r));
    h.executor.respond = async (_fn, request) => ({ payload: request.payload, durationMs: 1 });
    const before = h.executor.invocations.length;
    await h.crash();
    await h.provider.settled();
    const ran = h.executor.invocations.slice(before).map((i) => i.request.payload.toString());
    assert.ok(ran.includes('{"n":2}'), `ran ${JSON.stringify(ran)}`);
  });

  it("a function error in an Event invocation is retried twice, one and two minutes later", async () => {
    let attempts = 0;
    h.executor.respond = async () => {
      attempts++;
      return { payload: Buffer.from("{}"), functionError: "Unhandled", durationMs: 1 };
    };
    await call(h, "Invoke", { FunctionName: "echo", InvocationType: "Event", Payload: Buffer.from("{}") });
    await h.provider.settled();
    assert.equal(attempts, 1);
    h.clock.advance(60_000);
    await h.provider.settled();
    assert.equal(attempts, 2);
    h.clock.advance(120_000);
    await h.provider.settled();
    assert.equal(attempts, 3);
    h.clock.advance(600_000);
    await h.provider.settled();
    assert.equal(attempts, 3);
    h.executor.respond = async (_fn, request) => ({ payload: request.payload, durationMs: 1 });
  });
});
