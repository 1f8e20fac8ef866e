// Custom runtimes (provided.al2 / provided.al2023): the function's own `bootstrap` talks to our
// Runtime API. Two real clients: AWS's tutorial bash+curl bootstrap and the official
// aws-lambda-ric (its native C++ client built on aws-lambda-cpp and curl).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { findExecutable } from "../../../src/engines/lambda/process-control.js";
import { json, makeSpec, request, scratch, startEngine, writeFiles, type TestEngine } from "./helpers.js";

/** The tutorial bootstrap from https://docs.aws.amazon.com/lambda/latest/dg/runtimes-walkthrough.html */
const CURL_BOOTSTRAP = `#!/bin/bash
set -euo pipefail
source "$LAMBDA_TASK_ROOT/$(echo "$_HANDLER" | cut -d. -f1).sh"
API="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  HEADERS="$(mktemp)"
  EVENT_DATA=$(curl -sS -LD "$HEADERS" "$API/invocation/next")
  REQUEST_ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
  RESPONSE=$($(echo "$_HANDLER" | cut -d. -f2) "$EVENT_DATA")
  curl -sS "$API/invocation/$REQUEST_ID/response" -d "$RESPONSE" > /dev/null
  rm -f "$HEADERS"
done
`;

function findRic(): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    const bin = join(dir, "node_modules", "aws-lambda-ric", "bin", "index.mjs");
    if (existsSync(bin)) return existsSync(join(dir, "node_modules", "aws-lambda-ric", "dist", "rapid-client.node")) ? bin : undefined;
  }
  return undefined;
}

describe("provided runtimes", () => {
  let t: TestEngine;
  const code = scratch();
  before(() => {
    t = startEngine();
  });
  after(async () => {
    await t.close();
    code.cleanup();
  });

  it("runs a bash bootstrap that uses curl against the Runtime API", { skip: !findExecutable("curl") && "curl is not installed" }, async () => {
    const dir = writeFiles(`${code.dir}/bash`, {
      "bootstrap!": CURL_BOOTSTRAP,
      "function.sh": `handler () { echo "{\\"echo\\":$1,\\"tmp\\":\\"$TMPDIR\\"}"; echo "log from bash" 1>&2; }`,
    });
    const spec = makeSpec(dir, { runtime: "provided.al2023", handler: "function.handler" });
    const first = await t.engine.invoke(spec, request(spec, { n: 1 }));
    assert.equal(first.functionError, undefined, first.payload.toString());
    const out = json(first.payload);
    assert.deepEqual(out.echo, { n: 1 });
    assert.match(out.tmp, /envs\/[0-9a-f]+\/tmp$/);
    assert.ok(first.initDurationMs !== undefined);
    const second = await t.engine.invoke(spec, request(spec, { n: 2 }));
    assert.deepEqual(json(second.payload).echo, { n: 2 });
    assert.equal(second.initDurationMs, undefined, "warm environment reused");
    assert.ok(t.logs.messages(spec.logGroup).includes("log from bash\n"));
  });

  it("fails with Runtime.InvalidEntrypoint when there is no bootstrap", async () => {
    const dir = writeFiles(`${code.dir}/nobootstrap`, { "readme.txt": "no bootstrap here" });
    const spec = makeSpec(dir, { runtime: "provided.al2", handler: "x" });
    const req = request(spec, {}, { tailLogs: true });
    const res = await t.engine.invoke(spec, req);
    assert.equal(res.functionError, "Unhandled");
    const body = json(res.payload);
    assert.equal(body.errorType, "Runtime.InvalidEntrypoint");
    assert.match(body.errorMessage, new RegExp(`^RequestId: ${req.requestId} Error: Couldn't find valid bootstrap\\(s\\): \\[.*/bootstrap .*/bootstrap\\]$`));
    assert.match(Buffer.from(res.logTail!, "base64").toString(), /REPORT RequestId: .*Status: error\tError Type: Runtime.InvalidEntrypoint/);
  });

  it("a bootstrap that exits during init fails with Runtime.ExitError", async () => {
    const dir = writeFiles(`${code.dir}/exits`, { "bootstrap!": "#!/bin/sh\necho 'cannot start' >&2\nexit 3\n" });
    const spec = makeSpec(dir, { runtime: "provided.al2023", handler: "x" });
    const req = request(spec);
    const res = await t.engine.invoke(spec, req);
    assert.deepEqual(json(res.payload), {
      errorType: "Runtime.ExitError",
      errorMessage: `RequestId: ${req.requestId} Error: Runtime exited with error: exit status 3`,
    });
    const logs = t.logs.messages(spec.logGroup);
    assert.ok(logs.includes("cannot start\n"));
    assert.ok(logs.some((l) => l.startsWith("INIT_REPORT") && l.includes("Error Type: Runtime.ExitError")));
  });

  const ric = findRic();
  // aws-lambda-ric is an optional dependency (its native build needs autotools, which a fresh
  // laptop may lack); CI installs them (.ci/run), so there a missing client fails the test.
  it("serves the official aws-lambda-ric (native client) as a custom runtime", { skip: !ric && process.env.CI !== "true" ? "aws-lambda-ric native client not built" : false }, async () => {
    assert.ok(ric, "aws-lambda-ric's native client is not built: .ci/run installs autotools so that npm ci builds it");
    const dir = writeFiles(`${code.dir}/ric`, {
      "bootstrap!": `#!/bin/sh\nexec "${process.execPath}" "${ric}" "$_HANDLER"\n`,
      "index.mjs": `
        let inits = 0; inits++;
        export const handler = async (event, context) => {
          console.log("ric says hi");
          if (event.fail) throw new RangeError("ric failure");
          return { event, inits, id: context.awsRequestId, fn: context.functionName, arn: context.invokedFunctionArn,
                   remaining: context.getRemainingTimeInMillis() };
        };`,
      "broken.mjs": "export const other = 1;",
    });
    const spec = makeSpec(dir, { runtime: "provided.al2023", handler: "index.handler" });
    const req = request(spec, { hello: "ric" });
    const res = await t.engine.invoke(spec, req);
    assert.equal(res.functionError, undefined, res.payload.toString());
    const out = json(res.payload);
    assert.deepEqual(out.event, { hello: "ric" });
    assert.equal(out.id, req.requestId);
    assert.equal(out.fn, spec.functionName);
    assert.equal(out.arn, spec.functionArn);
    assert.ok(out.remaining > 0 && out.remaining <= 10_000);
    assert.ok(t.logs.messages(spec.logGroup).some((l) => l.includes(`${req.requestId}\tINFO\tric says hi`)));

    const failing = request(spec, { fail: true });
    const err = await t.engine.invoke(spec, failing);
    assert.equal(err.functionError, "Unhandled");
    assert.equal(json(err.payload).errorType, "RangeError");
    assert.equal(json(err.payload).errorMessage, "ric failure");
    assert.equal(err.initDurationMs, undefined, "same environment after a handled error");

    // Init errors travel through the ric's JS client to /runtime/init/error.
    const broken = makeSpec(dir, { runtime: "provided.al2023", handler: "broken.handler" });
    const initErr = await t.engine.invoke(broken, request(broken));
    assert.equal(json(initErr.payload).errorType, "Runtime.HandlerNotFound");
    assert.equal(json(initErr.payload).errorMessage, "broken.handler is undefined or not exported");
  });
});
