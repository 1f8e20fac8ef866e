// The Python bootstrap through the engine, on the machine's python3.
import assert from "node:assert/strict";
import { chmodSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { json, makeSpec, request, scratch, startEngine, writeFiles, type TestEngine } from "./helpers.js";

describe("python runtime", () => {
  let t: TestEngine;
  const code = scratch();
  let dir: string;
  before(() => {
    t = startEngine();
    dir = writeFiles(`${code.dir}/py`, {
      "app.py": `
import logging, os, tempfile
logger = logging.getLogger()
logger.setLevel(logging.INFO)
print("init output")

def handler(event, context):
    logger.info("got %s", event)
    print("printed")
    return {
        "event": event,
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "aws_request_id": context.aws_request_id,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "identity": [context.identity.cognito_identity_id, context.identity.cognito_identity_pool_id],
        "client_custom": context.client_context.custom if context.client_context else None,
        "remaining": context.get_remaining_time_in_millis(),
        "tmp": tempfile.gettempdir(),
        "env": dict(os.environ),
        "cwd": os.getcwd(),
    }

def boom(event, context):
    raise ValueError("bad value")

def with_boto3(event, context):
    import boto3
    creds = boto3.session.Session().get_credentials()
    return {"boto3": boto3.__version__, "key": creds.access_key, "region": boto3.session.Session().region_name}
`,
      "pkg/__init__.py": "",
      "pkg/mod.py": "def run(event, context):\n    return 'nested ' + str(event)\n",
      "importfails.py": "import not_a_real_module\ndef handler(e, c):\n    return 1\n",
      "syntaxerr.py": "def handler(e, c)\n    return 1\n",
    });
  });
  after(async () => {
    await t.close();
    code.cleanup();
  });

  it("runs a handler with the context and environment AWS gives", async () => {
    const spec = makeSpec(dir, { runtime: "python3.12", handler: "app.handler", memoryMb: 256, environment: { MY_VAR: "x" } });
    const req = request(spec, { a: 1 }, {
      cognitoIdentity: '{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}',
      clientContext: '{"custom":{"k":"v"},"env":{},"client":{}}',
    });
    const res = await t.engine.invoke(spec, req);
    assert.equal(res.functionError, undefined, res.payload.toString());
    const out = json(res.payload);
    assert.deepEqual(out.event, { a: 1 });
    assert.equal(out.function_name, spec.functionName);
    assert.equal(out.function_version, "$LATEST");
    assert.equal(out.invoked_function_arn, spec.functionArn);
    assert.equal(out.memory_limit_in_mb, "256");
    assert.equal(out.aws_request_id, req.requestId);
    assert.equal(out.log_group_name, spec.logGroup);
    assert.match(out.log_stream_name, /\[\$LATEST\][0-9a-f]{32}$/);
    assert.deepEqual(out.identity, ["id-1", "pool-1"]);
    assert.deepEqual(out.client_custom, { k: "v" });
    assert.ok(out.remaining > 5000 && out.remaining <= 10_000);
    assert.equal(out.env.AWS_EXECUTION_ENV, "AWS_Lambda_python3.12");
    assert.equal(out.env.MY_VAR, "x");
    assert.equal(out.env.LAMBDA_TASK_ROOT, dir);
    assert.equal(out.cwd, dir);
    assert.equal(out.tmp, out.env.TMPDIR);
    assert.equal(out.env._NIMBUS_RUNTIME_FD, undefined, "Nimbus's channel is not part of the function's environment");
    const logs = t.logs.messages(spec.logGroup);
    assert.ok(logs.includes("init output\n"));
    assert.ok(logs.includes("printed\n"));
    const id = req.requestId;
    assert.ok(logs.some((l) => new RegExp(`^\\[INFO\\]\\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${id}\\tgot \\{'a': 1\\}\\n$`).test(l)));
  });

  it("speaks the HTTP Runtime API when started behind an exec wrapper (no private channel)", async () => {
    const wrapper = writeFiles(`${code.dir}/wrapper`, { "wrap.sh": '#!/bin/sh\nexport WRAPPED=yes\nexec "$@"\n' });
    chmodSync(`${wrapper}/wrap.sh`, 0o755);
    const environment = { AWS_LAMBDA_EXEC_WRAPPER: `${wrapper}/wrap.sh` };
    const spec = makeSpec(dir, { runtime: "python3.12", handler: "app.handler", environment });
    const req = request(spec, { b: 2 }, { clientContext: '{"custom":{"k":"w"},"env":{},"client":{}}', traceId: "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1" });
    const out = json((await t.engine.invoke(spec, req)).payload);
    assert.deepEqual(out.event, { b: 2 });
    assert.equal(out.env.WRAPPED, "yes");
    assert.equal(out.env._X_AMZN_TRACE_ID, req.traceId);
    assert.equal(out.aws_request_id, req.requestId);
    assert.deepEqual(out.client_custom, { k: "w" });
    const boom = makeSpec(dir, { runtime: "python3.12", handler: "app.boom", environment });
    const failed = await t.engine.invoke(boom, request(boom));
    assert.equal(json(failed.payload).errorType, "ValueError");
  });

  it("imports package.module handlers", async () => {
    const spec = makeSpec(dir, { runtime: "python3.11", handler: "pkg.mod.run" });
    assert.equal(json((await t.engine.invoke(spec, request(spec, 5))).payload), "nested 5");
  });

  it("returns errors as {errorMessage, errorType, requestId, stackTrace}", async () => {
    const spec = makeSpec(dir, { runtime: "python3.12", handler: "app.boom" });
    const req = request(spec);
    const res = await t.engine.invoke(spec, req);
    assert.equal(res.functionError, "Unhandled");
    const body = json(res.payload);
    assert.deepEqual(Object.keys(body), ["errorMessage", "errorType", "requestId", "stackTrace"]);
    assert.equal(body.errorMessage, "bad value");
    assert.equal(body.errorType, "ValueError");
    assert.equal(body.requestId, req.requestId);
    assert.match(body.stackTrace[0], /app\.py", line \d+, in boom\n/);
    assert.ok(t.logs.messages(spec.logGroup).some((l) => l.startsWith("[ERROR] ValueError: bad value\rTraceback (most recent call last):\r")));
  });

  it("finds boto3 and the function's credentials", async () => {
    const spec = makeSpec(dir, { runtime: "python3.12", handler: "app.with_boto3", region: "eu-west-1" });
    const out = json((await t.engine.invoke(spec, request(spec))).payload);
    assert.match(out.boto3, /^\d+\.\d+/);
    assert.equal(out.key, spec.credentials.accessKeyId);
    assert.equal(out.region, "eu-west-1");
  });

  it("reports init errors as Runtime.ImportModuleError, HandlerNotFound and UserCodeSyntaxError", async () => {
    const init = async (handler: string) => {
      const spec = makeSpec(dir, { runtime: "python3.12", handler });
      const res = await t.engine.invoke(spec, request(spec));
      assert.equal(res.functionError, "Unhandled");
      return json(res.payload);
    };
    assert.deepEqual(await init("missing.handler"), {
      errorMessage: "Unable to import module 'missing': No module named 'missing'",
      errorType: "Runtime.ImportModuleError",
      requestId: "",
      stackTrace: [],
    });
    assert.equal((await init("importfails.handler")).errorMessage, "Unable to import module 'importfails': No module named 'not_a_real_module'");
    const notFound = await init("app.nope");
    assert.equal(notFound.errorType, "Runtime.HandlerNotFound");
    assert.equal(notFound.errorMessage, "Handler 'nope' missing on module 'app'");
    const syntax = await init("syntaxerr.handler");
    assert.equal(syntax.errorType, "Runtime.UserCodeSyntaxError");
    assert.match(syntax.errorMessage, /^Syntax error in module 'syntaxerr': /);
    const malformed = await init("nodots");
    assert.equal(malformed.errorType, "Runtime.MalformedHandlerName");
    assert.equal(malformed.errorMessage, "Bad handler 'nodots': not enough values to unpack (expected 2, got 1)");
  });
});
