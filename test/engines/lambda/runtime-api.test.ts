// The Runtime API as a raw HTTP client sees it: a custom runtime written against the wire
// protocol (python's http.client, no SDK) records statuses, headers and bodies.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { json, makeSpec, request, scratch, startEngine, waitFor, writeFiles, type TestEngine } from "./helpers.js";

const PROBE = `#!/usr/bin/env python3
import http.client, json, os
host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
conn = http.client.HTTPConnection(host, int(port))
def call(method, path, body=None, headers={}):
    conn.request(method, path, body=body, headers=headers)
    res = conn.getresponse()
    return res.status, dict(res.getheaders()), res.read().decode()
base = "/2018-06-01/runtime"
seen = {}
seen["unknown"] = call("GET", base + "/nope")[0]
status, headers, body = call("GET", base + "/invocation/next")
rid = headers["Lambda-Runtime-Aws-Request-Id"]
seen["next"] = {"status": status, "headers": headers, "body": json.loads(body)}
seen["wrong_id"] = call("POST", base + "/invocation/not-the-id/response", b"1")[::2]
seen["accepted"] = call("POST", base + "/invocation/" + rid + "/response", json.dumps({"first": True}).encode())[::2]
# Second invocation: a response over the limit.
status, headers, body = call("GET", base + "/invocation/next")
rid = headers["Lambda-Runtime-Aws-Request-Id"]
seen["too_large"] = call("POST", base + "/invocation/" + rid + "/response", b"x" * (6 * 1024 * 1024 + 101))[::2]
# Third: report what we saw.
status, headers, body = call("GET", base + "/invocation/next")
rid = headers["Lambda-Runtime-Aws-Request-Id"]
call("POST", base + "/invocation/" + rid + "/response", json.dumps(seen).encode())
# Fourth: an error with the error-type header.
status, headers, body = call("GET", base + "/invocation/next")
rid = headers["Lambda-Runtime-Aws-Request-Id"]
call("POST", base + "/invocation/" + rid + "/error", json.dumps({"errorMessage": "went wrong", "errorType": "Custom.Failure"}).encode(),
     {"Lambda-Runtime-Function-Error-Type": "Custom.Failure"})
while True:
    call("GET", base + "/invocation/next")
`;

const INIT_ERROR = `#!/usr/bin/env python3
import http.client, json, os, time
host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
conn = http.client.HTTPConnection(host, int(port))
conn.request("POST", "/2018-06-01/runtime/init/error", json.dumps({"errorMessage": "no config", "errorType": "Runtime.ConfigMissing"}),
             {"Lambda-Runtime-Function-Error-Type": "Runtime.ConfigMissing"})
res = conn.getresponse()
print("init error answered", res.status, res.read().decode().strip(), flush=True)
time.sleep(60)
`;

describe("runtime API", () => {
  let t: TestEngine;
  const code = scratch();
  before(() => {
    t = startEngine();
  });
  after(async () => {
    await t.close();
    code.cleanup();
  });

  it("speaks the 2018-06-01 protocol: next, response, error, 400, 404, 413", async () => {
    const dir = writeFiles(`${code.dir}/probe`, { "bootstrap!": PROBE });
    const spec = makeSpec(dir, { runtime: "provided.al2023", handler: "probe", timeoutSec: 30 });
    const first = request(spec, { hello: 1 }, {
      clientContext: '{"custom":{}}',
      cognitoIdentity: '{"cognitoIdentityId":"i","cognitoIdentityPoolId":"p"}',
      traceId: "Root=1-00000000-000000000000000000000001;Sampled=1",
    });
    const before = Date.now();
    const r1 = await t.engine.invoke(spec, first);
    assert.deepEqual(json(r1.payload), { first: true });

    const r2 = await t.engine.invoke(spec, request(spec));
    assert.deepEqual(json(r2.payload), {
      errorType: "Function.ResponseSizeTooLarge",
      errorMessage: "Response payload size (6291557 bytes) exceeded maximum allowed payload size (6291556 bytes).",
    });

    const seen = json((await t.engine.invoke(spec, request(spec))).payload);
    assert.equal(seen.unknown, 404);
    assert.equal(seen.next.status, 200);
    assert.deepEqual(seen.next.body, { hello: 1 });
    const h = seen.next.headers;
    assert.equal(h["Lambda-Runtime-Aws-Request-Id"], first.requestId);
    assert.equal(h["Lambda-Runtime-Invoked-Function-Arn"], spec.functionArn);
    assert.equal(h["Lambda-Runtime-Trace-Id"], first.traceId);
    assert.equal(h["Lambda-Runtime-Client-Context"], first.clientContext);
    assert.equal(h["Lambda-Runtime-Cognito-Identity"], first.cognitoIdentity);
    assert.equal(h["Content-Type"], "application/json");
    const deadline = Number(h["Lambda-Runtime-Deadline-Ms"]);
    assert.ok(deadline >= before + 30_000 && deadline <= Date.now() + 30_000, `deadline ${deadline}`);
    assert.deepEqual(seen.wrong_id, [400, '{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}\n']);
    assert.deepEqual(seen.accepted, [202, '{"status":"OK"}\n']);
    assert.deepEqual(seen.too_large, [413, '{"errorMessage":"Exceeded maximum allowed payload size (6291556 bytes).","errorType":"RequestEntityTooLarge"}\n']);

    const r4 = await t.engine.invoke(spec, request(spec));
    assert.equal(r4.functionError, "Unhandled");
    assert.equal(r4.errorType, "Custom.Failure");
    assert.deepEqual(json(r4.payload), { errorMessage: "went wrong", errorType: "Custom.Failure" });
  });

  it("passes /runtime/init/error to the caller and resets the environment", async () => {
    const dir = writeFiles(`${code.dir}/initerror`, { "bootstrap!": INIT_ERROR });
    const spec = makeSpec(dir, { runtime: "provided.al2", handler: "x" });
    const res = await t.engine.invoke(spec, request(spec));
    assert.equal(res.functionError, "Unhandled");
    assert.equal(res.errorType, "Runtime.ConfigMissing");
    assert.deepEqual(json(res.payload), { errorMessage: "no config", errorType: "Runtime.ConfigMissing" });
    await waitFor(() => t.logs.messages(spec.logGroup).includes('init error answered 202 {"status":"OK"}\n'));
    const logs = t.logs.messages(spec.logGroup);
    assert.ok(logs.some((l) => l.startsWith("INIT_REPORT") && l.includes("Error Type: Runtime.ConfigMissing")));
    // The next invocation initialises a fresh environment (and fails the same way).
    const again = await t.engine.invoke(spec, request(spec));
    assert.equal(again.errorType, "Runtime.ConfigMissing");
    assert.equal(t.logs.streamNames(spec.logGroup).length, 2);
  });
});
