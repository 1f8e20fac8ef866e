// Layers at the "/opt" equivalent, and the warm pool of pre-started generic runtimes.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { json, makeSpec, request, scratch, startEngine, writeFiles, type TestEngine } from "./helpers.js";

describe("layers", () => {
  let t: TestEngine;
  const code = scratch();
  let layer1: string;
  let layer2: string;
  before(() => {
    t = startEngine();
    layer1 = writeFiles(`${code.dir}/layer1`, {
      "nodejs/node_modules/liba/index.js": "module.exports = 'a from layer 1';",
      "nodejs/node_modules/shared/index.js": "module.exports = 'shared';",
      "bin/layer-tool!": "#!/bin/sh\necho tool-from-layer\n",
      "python/layermod.py": "VALUE = 'python layer'\n",
    });
    layer2 = writeFiles(`${code.dir}/layer2`, {
      "nodejs/node_modules/liba/index.js": "module.exports = 'a from layer 2';",
      "nodejs/node_modules/libb/package.json": '{"name":"libb","type":"module","exports":"./main.js"}',
      "nodejs/node_modules/libb/main.js": "export const b = 'b from layer 2';",
      "bootstrap!": "#!/bin/sh\nexec python3 \"$LAMBDA_TASK_ROOT/runtime.py\"\n",
    });
  });
  after(async () => {
    await t.close();
    code.cleanup();
  });

  it("merges layers in order (later wins) and exposes them through NODE_PATH, ESM and PATH", async () => {
    const dir = writeFiles(`${code.dir}/node-fn`, {
      "index.js": `const { execFileSync } = require('child_process');
        exports.handler = async () => ({ a: require('liba'), shared: require('shared'),
          tool: execFileSync('layer-tool').toString().trim() });`,
      "esm.mjs": "import { b } from 'libb'; import a from 'liba'; export const handler = async () => ({ a, b });",
    });
    const spec = makeSpec(dir, { layerDirs: [layer1, layer2] });
    assert.deepEqual(json((await t.engine.invoke(spec, request(spec))).payload), { a: "a from layer 2", shared: "shared", tool: "tool-from-layer" });
    const esm = makeSpec(dir, { handler: "esm.handler", layerDirs: [layer1, layer2] });
    assert.deepEqual(json((await t.engine.invoke(esm, request(esm))).payload), { a: "a from layer 2", b: "b from layer 2" });
    const reversed = makeSpec(dir, { layerDirs: [layer2, layer1] });
    assert.equal(json((await t.engine.invoke(reversed, request(reversed))).payload).a, "a from layer 1");
  });

  it("puts python layer folders on sys.path", async () => {
    const dir = writeFiles(`${code.dir}/py-fn`, { "app.py": "import layermod\ndef handler(e, c):\n    return layermod.VALUE\n" });
    const spec = makeSpec(dir, { runtime: "python3.12", handler: "app.handler", layerDirs: [layer1] });
    assert.equal(json((await t.engine.invoke(spec, request(spec))).payload), "python layer");
  });

  it("finds a custom runtime's bootstrap in a layer", async () => {
    const dir = writeFiles(`${code.dir}/provided-fn`, {
      "runtime.py": `import http.client, os
h, p = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
c = http.client.HTTPConnection(h, int(p))
while True:
    c.request("GET", "/2018-06-01/runtime/invocation/next"); r = c.getresponse(); body = r.read()
    c.request("POST", "/2018-06-01/runtime/invocation/%s/response" % r.getheader("Lambda-Runtime-Aws-Request-Id"), b'"from opt bootstrap"'); c.getresponse().read()
`,
    });
    const spec = makeSpec(dir, { runtime: "provided.al2023", handler: "x", layerDirs: [layer1, layer2] });
    assert.equal(json((await t.engine.invoke(spec, request(spec))).payload), "from opt bootstrap");
  });
});

const AGE = `
const { readFileSync } = require('fs');
exports.handler = async () => ({ ageMs: process.uptime() * 1000, cwd: process.cwd(), env: process.env,
  sdk: typeof require('@aws-sdk/client-sqs').SQSClient, tmp: require('os').tmpdir() });`;

const PY_AGE = `
import os
def handler(event, context):
    with open("/proc/self/stat") as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return {"ageMs": (uptime - start_ticks / os.sysconf("SC_CLK_TCK")) * 1000, "env": dict(os.environ), "cwd": os.getcwd()}
`;

describe("warm pool", () => {
  let t: TestEngine;
  const code = scratch();
  let dir: string;
  before(() => {
    t = startEngine({
      warmPool: {
        size: 1,
        maxShapes: 4,
        shapes: [
          { runtime: "nodejs20.x", memoryMb: 256, ephemeralStorageMb: 512 },
          { runtime: "python3.12", memoryMb: 256, ephemeralStorageMb: 512 },
        ],
      },
    });
    dir = writeFiles(`${code.dir}/fn`, {
      "index.js": AGE,
      "app.py": PY_AGE,
      "esm.mjs": `import { SQSClient } from "@aws-sdk/client-sqs";
        export const handler = async () => ({ ageMs: process.uptime() * 1000, sdk: typeof SQSClient, esm: typeof require === "undefined" });`,
    });
  });
  after(async () => {
    await t.close();
    code.cleanup();
  });

  it("serves a cold start from a pre-started node runtime, specialised to the function", async () => {
    await t.engine.warmPoolSettled();
    await new Promise((r) => setTimeout(r, 300));
    const spec = makeSpec(dir, { environment: { MINE: "yes" } });
    const res = await t.engine.invoke(spec, request(spec));
    assert.equal(res.functionError, undefined, res.payload.toString());
    const out = json(res.payload);
    assert.ok(res.initDurationMs !== undefined);
    assert.ok(out.ageMs > res.initDurationMs! + 250, `process started ahead of the invocation (age ${out.ageMs} ms, init ${res.initDurationMs} ms)`);
    assert.equal(out.cwd, dir);
    assert.equal(out.env.MINE, "yes");
    assert.equal(out.env.AWS_LAMBDA_FUNCTION_NAME, spec.functionName);
    assert.equal(out.env._NIMBUS_SPECIALIZE, undefined);
    assert.equal(out.sdk, "function", "NODE_PATH applied after specialisation");
    assert.equal(out.tmp, out.env.TMPDIR);
  });

  it("keeps ES module runtimes apart, with ES module loading (and the SDK) ready", async () => {
    const first = makeSpec(dir, { handler: "esm.handler" });
    assert.equal(json((await t.engine.invoke(first, request(first))).payload).sdk, "function");
    // The first ES module cold start registered the shape; the next one is served from the pool.
    await t.engine.warmPoolSettled();
    await new Promise((r) => setTimeout(r, 300));
    const spec = makeSpec(dir, { handler: "esm.handler" });
    const res = await t.engine.invoke(spec, request(spec));
    const out = json(res.payload);
    assert.equal(out.sdk, "function");
    assert.equal(out.esm, true);
    assert.ok(out.ageMs > res.initDurationMs! + 250, `pre-started (age ${out.ageMs} ms, init ${res.initDurationMs} ms)`);
  });

  it("serves python cold starts from the pool too", async () => {
    await t.engine.warmPoolSettled();
    await new Promise((r) => setTimeout(r, 300));
    const spec = makeSpec(dir, { runtime: "python3.12", handler: "app.handler" });
    const res = await t.engine.invoke(spec, request(spec));
    const out = json(res.payload);
    assert.ok(out.ageMs > res.initDurationMs! + 200, `age ${out.ageMs} ms, init ${res.initDurationMs} ms`);
    assert.equal(out.env.AWS_EXECUTION_ENV, "AWS_Lambda_python3.12");
    assert.equal(out.cwd, dir);
  });

  it("starts a fresh process for functions that set start-time variables", async () => {
    await t.engine.warmPoolSettled();
    await new Promise((r) => setTimeout(r, 300));
    const spec = makeSpec(dir, { environment: { NODE_OPTIONS: "--no-warnings" } });
    const res = await t.engine.invoke(spec, request(spec));
    const out = json(res.payload);
    assert.equal(out.env.NODE_OPTIONS, "--no-warnings");
    assert.ok(out.ageMs < res.initDurationMs! + res.durationMs + 100, `fresh process (age ${out.ageMs} ms)`);
  });
});
