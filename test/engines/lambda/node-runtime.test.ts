// The Node.js bootstrap through the engine: module systems, handler styles, the context
// object, environment variables, console format and error documents.
import assert from "node:assert/strict";
import { chmodSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { json, makeSpec, request, scratch, startEngine, writeFiles, type TestEngine } from "./helpers.js";

describe("node runtime", () => {
  let t: TestEngine;
  const code = scratch();
  before(() => {
    t = startEngine();
  });
  after(async () => {
    await t.close();
    code.cleanup();
  });

  it("runs a CommonJS async handler", async () => {
    const dir = writeFiles(`${code.dir}/cjs`, {
      "index.js": "exports.handler = async (event) => ({ doubled: event.n * 2, module: typeof require });",
    });
    const spec = makeSpec(dir);
    const res = await t.engine.invoke(spec, request(spec, { n: 21 }));
    assert.equal(res.functionError, undefined);
    assert.deepEqual(json(res.payload), { doubled: 42, module: "function" });
  });

  it("runs an ES module handler from .mjs and from a type:module package", async () => {
    const mjs = writeFiles(`${code.dir}/mjs`, { "app.mjs": "export const handler = async () => ({ esm: typeof require === 'undefined' });" });
    const typed = writeFiles(`${code.dir}/typed`, {
      "package.json": '{"type":"module"}',
      "src/main.js": "export async function go(e) { return { esm: import.meta.url.startsWith('file:'), e }; }",
    });
    const a = makeSpec(mjs, { handler: "app.handler" });
    const b = makeSpec(typed, { handler: "src/main.go" });
    assert.deepEqual(json((await t.engine.invoke(a, request(a))).payload), { esm: true });
    assert.deepEqual(json((await t.engine.invoke(b, request(b, 7))).payload), { esm: true, e: 7 });
  });

  it("runs a .cjs handler and a nested export path", async () => {
    const dir = writeFiles(`${code.dir}/cjsext`, { "lib.cjs": "module.exports = { api: { handle: async () => 'nested' } };" });
    const spec = makeSpec(dir, { handler: "lib.api.handle" });
    assert.equal(json((await t.engine.invoke(spec, request(spec))).payload), "nested");
  });

  it("supports callback handlers and waits for the event loop unless told not to", async () => {
    const dir = writeFiles(`${code.dir}/callback`, {
      "index.js": `
        exports.waits = (event, context, callback) => {
          let order = [];
          setTimeout(() => order.push('timer'), 20);
          callback(null, order);           // serialised when the loop is empty: the timer ran
        };
        exports.nowait = (event, context, callback) => {
          context.callbackWaitsForEmptyEventLoop = false;
          const order = [];
          setTimeout(() => order.push('timer'), 200);
          callback(null, order);           // serialised right away
        };
        exports.succeed = (event, context) => { context.succeed({ via: 'succeed' }); };
        exports.nothing = () => { /* no callback, no promise: null once the loop drains */ };
      `,
    });
    const run = async (handler: string) => {
      const spec = makeSpec(dir, { handler: `index.${handler}` });
      return json((await t.engine.invoke(spec, request(spec))).payload);
    };
    assert.deepEqual(await run("waits"), ["timer"]);
    assert.deepEqual(await run("nowait"), []);
    assert.deepEqual(await run("succeed"), { via: "succeed" });
    assert.equal(await run("nothing"), null);
  });

  it("gives the context every field AWS gives", async () => {
    const dir = writeFiles(`${code.dir}/context`, {
      "index.js": `exports.handler = async (event, context) => ({
        functionName: context.functionName, functionVersion: context.functionVersion,
        invokedFunctionArn: context.invokedFunctionArn, memoryLimitInMB: context.memoryLimitInMB,
        awsRequestId: context.awsRequestId, logGroupName: context.logGroupName, logStreamName: context.logStreamName,
        identity: context.identity, clientContext: context.clientContext,
        remaining: context.getRemainingTimeInMillis(), waits: context.callbackWaitsForEmptyEventLoop,
        fns: [typeof context.done, typeof context.succeed, typeof context.fail],
        trace: process.env._X_AMZN_TRACE_ID });`,
    });
    const spec = makeSpec(dir, { memoryMb: 192, timeoutSec: 30 });
    const req = request(spec, {}, {
      invokedFunctionArn: `${spec.functionArn}:live`,
      clientContext: '{"custom":{"k":"v"},"env":{"platform":"test"}}',
      cognitoIdentity: '{"cognitoIdentityId":"us-east-1:abc","cognitoIdentityPoolId":"us-east-1:pool"}',
      traceId: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
    });
    const ctx = json((await t.engine.invoke(spec, req)).payload);
    assert.equal(ctx.functionName, spec.functionName);
    assert.equal(ctx.functionVersion, "$LATEST");
    assert.equal(ctx.invokedFunctionArn, `${spec.functionArn}:live`);
    assert.equal(ctx.memoryLimitInMB, "192");
    assert.equal(ctx.awsRequestId, req.requestId);
    assert.equal(ctx.logGroupName, spec.logGroup);
    assert.match(ctx.logStreamName, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.deepEqual(t.logs.streamNames(spec.logGroup), [ctx.logStreamName]);
    assert.deepEqual(ctx.identity, { cognitoIdentityId: "us-east-1:abc", cognitoIdentityPoolId: "us-east-1:pool" });
    assert.deepEqual(ctx.clientContext, { custom: { k: "v" }, env: { platform: "test" } });
    assert.ok(ctx.remaining > 25_000 && ctx.remaining <= 30_000, `remaining ${ctx.remaining}`);
    assert.equal(ctx.waits, true);
    assert.deepEqual(ctx.fns, ["function", "function", "function"]);
    assert.equal(ctx.trace, req.traceId);
  });

  it("sets the AWS environment variables and the function's own", async () => {
    const dir = writeFiles(`${code.dir}/env`, {
      "index.js": "exports.handler = async () => ({ env: process.env, cwd: process.cwd(), tmp: require('os').tmpdir(), tz: new Date(0).getTimezoneOffset() });",
    });
    const spec = makeSpec(dir, { environment: { GREETING: "hi", LANG: "C.UTF-8" }, memoryMb: 320 });
    const out = json((await t.engine.invoke(spec, request(spec))).payload);
    const env = out.env as Record<string, string>;
    assert.equal(env.GREETING, "hi");
    assert.equal(env.LANG, "C.UTF-8", "unreserved variables can be overridden");
    assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, spec.functionName);
    assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, "$LATEST");
    assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, "320");
    assert.equal(env.AWS_LAMBDA_LOG_GROUP_NAME, spec.logGroup);
    assert.match(env.AWS_LAMBDA_LOG_STREAM_NAME!, /\[\$LATEST\][0-9a-f]{32}$/);
    assert.equal(env.AWS_REGION, "us-east-1");
    assert.equal(env.AWS_DEFAULT_REGION, "us-east-1");
    assert.equal(env.AWS_EXECUTION_ENV, "AWS_Lambda_nodejs20.x");
    assert.equal(env.AWS_LAMBDA_INITIALIZATION_TYPE, "on-demand");
    assert.equal(env._HANDLER, "index.handler");
    assert.equal(env.TZ, ":UTC");
    assert.equal(out.tz, 0);
    assert.equal(env.LAMBDA_TASK_ROOT, dir);
    assert.equal(out.cwd, dir);
    assert.match(env.LAMBDA_RUNTIME_DIR!, /runtimes\/node$/);
    assert.match(env.AWS_LAMBDA_RUNTIME_API!, /^127\.0\.0\.1:\d+$/);
    assert.equal(env.AWS_ACCESS_KEY_ID, spec.credentials.accessKeyId);
    assert.equal(env.AWS_SECRET_ACCESS_KEY, spec.credentials.secretAccessKey);
    assert.equal(env.AWS_SESSION_TOKEN, "token-1");
    assert.equal(env.AWS_ENDPOINT_URL, spec.endpointUrl);
    assert.ok(env.NODE_PATH!.split(":").some((p) => p.endsWith("nodejs/node_modules")));
    assert.equal(out.tmp, env.TMPDIR);
    assert.match(out.tmp, /envs\/[0-9a-f]+\/tmp$/);
    assert.equal(env.HOME_OF_NIMBUS_TEST, undefined);
    assert.equal(env._NIMBUS_RUNTIME_FD, undefined, "Nimbus's channel is not part of the function's environment");
  });

  it("resolves the SDK's own dependencies next to the real SDK folder, as the files' real paths say", async () => {
    // The engine links the SDK scopes into a curated folder; the SDK's dependencies outside those
    // scopes are found only because Node resolves from a module's real path (an fstat of the channel
    // descriptor once made Node 20 stop doing so).
    const sdk = writeFiles(`${code.dir}/sdk-source`, {
      "node_modules/@aws-sdk/fake-client/package.json": '{"name":"@aws-sdk/fake-client","main":"index.js"}',
      "node_modules/@aws-sdk/fake-client/index.js": "module.exports = require('fake-dependency');",
      "node_modules/fake-dependency/index.js": "module.exports = 'found';",
    });
    const dir = writeFiles(`${code.dir}/uses-sdk`, { "index.js": "exports.handler = async () => require('@aws-sdk/fake-client');" });
    const local = startEngine({ nodeSdkModulesDir: `${sdk}/node_modules` });
    try {
      const spec = makeSpec(dir);
      const res = await local.engine.invoke(spec, request(spec));
      assert.equal(json(res.payload), "found", res.payload.toString());
    } finally {
      await local.close();
    }
  });

  it("receives events of every size intact, invocation after invocation", async () => {
    const dir = writeFiles(`${code.dir}/sizes`, {
      "index.js": "exports.handler = async (event) => ({ length: event.text.length, head: event.text.slice(0, 3), tail: event.text.slice(-3) });",
    });
    const spec = makeSpec(dir);
    for (const size of [10, 70_000, 5 * 1024 * 1024, 200, 1_000_000]) {
      const text = `<${"x".repeat(size - 2)}>`;
      const out = json((await t.engine.invoke(spec, request(spec, { text }))).payload);
      assert.deepEqual(out, { length: size, head: text.slice(0, 3), tail: text.slice(-3) });
    }
  });

  it("returns responses of every size and encoding intact, invocation after invocation", async () => {
    // Through the channel a response is encoded into a reused buffer when it fits (UTF-8 needs at
    // most 3 bytes per UTF-16 unit), else into one of its own: both sides of that bound, with 1-4
    // byte characters, and a response larger than the socket buffer (written in parts).
    const dir = writeFiles(`${code.dir}/response-sizes`, {
      "index.js": "exports.handler = async (event) => ({ text: event.char.repeat(event.count) });",
    });
    const spec = makeSpec(dir);
    for (const [char, count] of [["x", 10], ["é", 10_000], ["€", 21_000], ["€", 22_000], ["😀", 11_000], ["x", 3_000_000], ["€", 5]] as const) {
      const res = await t.engine.invoke(spec, request(spec, { char, count }));
      assert.equal(res.payload.toString("utf8"), JSON.stringify({ text: char.repeat(count) }), `${count} x ${char}`);
    }
  });

  it("speaks the HTTP Runtime API when started behind an exec wrapper (no private channel)", async () => {
    const dir = writeFiles(`${code.dir}/wrapped`, {
      // The wrapper sees what Nimbus passed: no descriptor 3 (a wrapper might use it itself).
      "wrapper.sh": '#!/bin/sh\nexport WRAPPED=yes\nif [ -e /proc/$$/fd/3 ]; then export FD3=open; else export FD3=closed; fi\nexec "$@"\n',
      "index.js": `
        exports.handler = async (event, context) => {
          if (event.fail) throw new TypeError('bad input');
          return { wrapped: process.env.WRAPPED, fd3: process.env.FD3, trace: process.env._X_AMZN_TRACE_ID, id: context.awsRequestId,
            clientContext: context.clientContext, arn: context.invokedFunctionArn };
        };
        exports.callback = (event, context, callback) => setTimeout(() => callback(null, 'later'), 10);
      `,
    });
    chmodSync(`${dir}/wrapper.sh`, 0o755);
    const spec = makeSpec(dir, { environment: { AWS_LAMBDA_EXEC_WRAPPER: `${dir}/wrapper.sh` } });
    const req = request(spec, {}, { clientContext: '{"custom":{"k":"v"}}', traceId: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1" });
    const out = json((await t.engine.invoke(spec, req)).payload);
    assert.deepEqual(out, {
      wrapped: "yes",
      fd3: "closed",
      trace: req.traceId,
      id: req.requestId,
      clientContext: { custom: { k: "v" } },
      arn: spec.functionArn,
    });
    const failed = await t.engine.invoke(spec, request(spec, { fail: true }));
    assert.equal(failed.functionError, "Unhandled");
    assert.equal(json(failed.payload).errorType, "TypeError");
    const cb = makeSpec(dir, { handler: "index.callback", environment: spec.environment });
    assert.equal(json((await t.engine.invoke(cb, request(cb))).payload), "later");
  });

  it("finds the AWS SDK v3 without bundling it, from CommonJS and ES modules", async () => {
    const dir = writeFiles(`${code.dir}/sdk`, {
      "cjs.js": "exports.handler = async () => typeof require('@aws-sdk/client-sts').STSClient;",
      "esm.mjs": "import { STSClient } from '@aws-sdk/client-sts'; export const handler = async () => typeof STSClient;",
      "leak.js": "exports.handler = async () => { try { require('kysely'); return 'leaked'; } catch (e) { return e.code; } };",
    });
    for (const handler of ["cjs.handler", "esm.handler"]) {
      const spec = makeSpec(dir, { handler });
      const res = await t.engine.invoke(spec, request(spec));
      assert.equal(json(res.payload), "function", `${handler}: ${res.payload}`);
    }
    const leak = makeSpec(dir, { handler: "leak.handler" });
    // Nimbus's own dependencies stay invisible, as they would be on AWS.
    const res = await t.engine.invoke(leak, request(leak));
    assert.notEqual(json(res.payload), "leaked");
  });

  it("writes console lines as the AWS Node runtime does", async () => {
    const dir = writeFiles(`${code.dir}/console`, {
      "index.js": "console.log('at init'); exports.handler = async () => { console.log('hello %s', 'world'); console.warn('two\\nlines'); console.error(new Error('shown')); return 1; };",
    });
    const spec = makeSpec(dir);
    const req = request(spec);
    await t.engine.invoke(spec, req);
    const lines = t.logs.messages(spec.logGroup);
    const id = req.requestId.replace(/-/g, "\\-");
    assert.ok(lines.some((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\tundefined\tINFO\tat init\n$/.test(l)));
    assert.ok(lines.some((l) => new RegExp(`^\\S+Z\\t${id}\\tINFO\\thello world\\n$`).test(l)));
    assert.ok(lines.some((l) => new RegExp(`^\\S+Z\\t${id}\\tWARN\\ttwo\\rlines\\n$`).test(l)), "one event per call");
    assert.ok(lines.some((l) => new RegExp(`^\\S+Z\\t${id}\\tERROR\\tError: shown\\r    at `).test(l)));
  });

  it("returns handler errors as {errorType, errorMessage, trace} and logs Invoke Error", async () => {
    const dir = writeFiles(`${code.dir}/throws`, {
      "index.js": "class CustomError extends Error { constructor(m) { super(m); this.name = 'CustomError'; } }\nexports.handler = async () => { throw new CustomError('boom'); };\nexports.rejectsString = async () => { throw 'plain'; };",
    });
    const spec = makeSpec(dir);
    const req = request(spec);
    const res = await t.engine.invoke(spec, req);
    assert.equal(res.functionError, "Unhandled");
    assert.equal(res.errorType, "CustomError");
    const body = json(res.payload);
    assert.equal(body.errorType, "CustomError");
    assert.equal(body.errorMessage, "boom");
    assert.equal(body.trace[0], "CustomError: boom");
    assert.match(body.trace[1], /^ {4}at /);
    assert.ok(t.logs.messages(spec.logGroup).some((l) => l.includes(`${req.requestId}\tERROR\tInvoke Error \t{"errorType":"CustomError","errorMessage":"boom"`)));
    const s2 = makeSpec(dir, { handler: "index.rejectsString" });
    assert.deepEqual(json((await t.engine.invoke(s2, request(s2))).payload), { errorType: "string", errorMessage: "plain", trace: [] });
  });

  it("reports init errors with the AWS error types", async () => {
    const dir = writeFiles(`${code.dir}/initerr`, {
      "missingdep.js": "require('definitely-not-installed'); exports.handler = async () => 1;",
      "noexport.js": "exports.other = async () => 1;",
      "syntax.js": "exports.handler = async () => { return 1 +; };",
      "throws.js": "throw new TypeError('bad init');",
    });
    const init = async (handler: string) => {
      const spec = makeSpec(dir, { handler });
      const res = await t.engine.invoke(spec, request(spec));
      assert.equal(res.functionError, "Unhandled");
      return { body: json(res.payload), logs: t.logs.messages(spec.logGroup) };
    };
    const missingFile = await init("nofile.handler");
    assert.equal(missingFile.body.errorType, "Runtime.ImportModuleError");
    assert.match(missingFile.body.errorMessage, /^Error: Cannot find module 'nofile'\nRequire stack:\n- .*runtimes\/node\/handler-loader\.mjs$/);
    assert.ok(missingFile.logs.some((l) => /\tundefined\tERROR\tUncaught Exception \t\{"errorType":"Runtime.ImportModuleError"/.test(l)));
    assert.ok(missingFile.logs.some((l) => l.startsWith("INIT_REPORT Init Duration: ") && l.includes("Status: error\tError Type: Runtime.ImportModuleError")));

    const missingDep = await init("missingdep.handler");
    assert.equal(missingDep.body.errorType, "Runtime.ImportModuleError");
    assert.match(missingDep.body.errorMessage, /^Error: Cannot find module 'definitely-not-installed'\nRequire stack:\n- .*missingdep\.js\n/);

    const notExported = await init("noexport.handler");
    assert.equal(notExported.body.errorType, "Runtime.HandlerNotFound");
    assert.equal(notExported.body.errorMessage, "noexport.handler is undefined or not exported");

    const syntax = await init("syntax.handler");
    assert.equal(syntax.body.errorType, "Runtime.UserCodeSyntaxError");
    assert.match(syntax.body.errorMessage, /^SyntaxError: Unexpected token/);

    const thrown = await init("throws.handler");
    assert.equal(thrown.body.errorType, "TypeError");
    assert.equal(thrown.body.errorMessage, "bad init");

    const malformed = await init("nodot");
    assert.equal(malformed.body.errorType, "Runtime.MalformedHandlerName");
    assert.equal(malformed.body.errorMessage, "Bad handler");
  });
});
