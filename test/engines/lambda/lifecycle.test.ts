// Environment lifecycle: init once and warm reuse, one invocation per environment, timeouts,
// crashes, the memory limit, idle reaping, drop, and the platform log lines.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { FakeClock } from "../../../src/shared/clock.js";
import { DEFAULT_FREEZE_DELAY_MS } from "../../../src/engines/lambda/engine.js";
import { json, makeSpec, request, scratch, startEngine, waitFor, writeFiles, type TestEngine } from "./helpers.js";

const COUNTER = `
let inits = (globalThis.__inits = (globalThis.__inits ?? 0) + 1);
let calls = 0;
exports.handler = async (event) => {
  calls++;
  if (event.waitMs) await new Promise((r) => setTimeout(r, event.waitMs));
  return { pid: process.pid, inits, calls };
};`;

describe("environment lifecycle", () => {
  let t: TestEngine;
  const code = scratch();
  let dir: string;
  before(() => {
    t = startEngine();
    dir = writeFiles(`${code.dir}/fn`, {
      "index.js": COUNTER,
      "crash.js": "exports.handler = async (e) => { if (e.signal) process.kill(process.pid, e.signal); process.exit(e.code ?? 1); };",
      "spawns.js": `const { spawn } = require('child_process');
        exports.handler = async () => { const c = spawn('sleep', ['60'], { stdio: 'ignore' }); return c.pid; };
        exports.hang = async () => new Promise(() => setInterval(() => {}, 1000));`,
      "hog.js": "exports.handler = async () => { const keep = []; for (;;) keep.push(Buffer.alloc(16 * 1024 * 1024, 1)); };",
      "heap.js": "exports.handler = async () => { const keep = []; for (;;) keep.push(new Array(1e6).fill({ a: Math.random() })); };",
      "big.js": "exports.handler = async () => 'x'.repeat(7 * 1024 * 1024);",
      "storage.js": `const fs = require('fs'), path = require('path'), os = require('os');
        exports.big = async () => { try { fs.writeFileSync(path.join(os.tmpdir(), 'big'), Buffer.alloc(2 * 1024 * 1024)); return 'written'; } catch (e) { return e.code; } };
        exports.many = async () => { for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(os.tmpdir(), 'part' + i), Buffer.alloc(600 * 1024, 1)); return process.pid; };
        exports.list = async () => fs.readdirSync(os.tmpdir());`,
      "ticker.js": "let ticks = 0; setInterval(() => ticks++, 10); exports.handler = async () => ticks;",
      "noisy.js": "exports.handler = async () => { for (let i = 0; i < 200; i++) console.log('line ' + i + ' ' + 'y'.repeat(40)); return 'ok'; };",
    });
  });
  after(async () => {
    await t.close();
    code.cleanup();
  });

  it("initialises once and reuses the warm environment", async () => {
    const spec = makeSpec(dir);
    const a = await t.engine.invoke(spec, request(spec));
    const b = await t.engine.invoke(spec, request(spec));
    assert.ok(a.initDurationMs !== undefined && a.initDurationMs > 0);
    assert.equal(b.initDurationMs, undefined);
    assert.deepEqual(json(b.payload), { ...json(a.payload), calls: 2 });
    assert.equal(json(b.payload).inits, 1);
  });

  it("starts a second environment for a concurrent invocation", async () => {
    const spec = makeSpec(dir);
    const [a, b] = await Promise.all([
      t.engine.invoke(spec, request(spec, { waitMs: 150 })),
      t.engine.invoke(spec, request(spec, { waitMs: 150 })),
    ]);
    assert.notEqual(json(a.payload).pid, json(b.payload).pid);
    assert.equal(t.logs.streamNames(spec.logGroup).length, 2, "one log stream per environment");
    // Both are warm now: two more concurrent calls reuse them.
    const [c, d] = await Promise.all([t.engine.invoke(spec, request(spec, { waitMs: 50 })), t.engine.invoke(spec, request(spec, { waitMs: 50 }))]);
    assert.deepEqual(new Set([json(c.payload).pid, json(d.payload).pid]), new Set([json(a.payload).pid, json(b.payload).pid]));
  });

  it("enforces ephemeral storage: no file outgrows it, and an overgrown /tmp is not reused", async () => {
    const big = makeSpec(dir, { handler: "storage.big", ephemeralStorageMb: 1 });
    assert.equal(json((await t.engine.invoke(big, request(big))).payload), "EFBIG");
    const many = makeSpec(dir, { handler: "storage.many", ephemeralStorageMb: 1 });
    const pid = json((await t.engine.invoke(many, request(many))).payload) as number;
    // 1.8 MB in a 1 MB /tmp: the environment is retired right away instead of kept warm.
    await waitFor(() => !alive(pid));
    const list = makeSpec(dir, { handler: "storage.list", ephemeralStorageMb: 1, functionName: many.functionName, functionArn: many.functionArn, logGroup: many.logGroup });
    const fresh = await t.engine.invoke(list, request(list));
    assert.deepEqual(json(fresh.payload), [], "a fresh, empty /tmp");
  });

  it("freezes idle environments: background timers do not run between invocations", async () => {
    const spec = makeSpec(dir, { handler: "ticker.handler" });
    const before = json((await t.engine.invoke(spec, request(spec))).payload) as number;
    await new Promise((r) => setTimeout(r, 400));
    const after = json((await t.engine.invoke(spec, request(spec))).payload) as number;
    // The environment is frozen once it stayed idle for DEFAULT_FREEZE_DELAY_MS (the 10 ms timer
    // may tick during that delay); left running, it would tick ~40 times in 400 ms.
    const allowed = 10 + DEFAULT_FREEZE_DELAY_MS / 10;
    assert.ok(after - before < allowed, `timer ran ${after - before} times while idle`);
  });

  it("writes START, END and REPORT lines with AWS's format", async () => {
    const spec = makeSpec(dir, { memoryMb: 256 });
    const req = request(spec);
    const res = await t.engine.invoke(spec, req);
    const logs = t.logs.messages(spec.logGroup);
    assert.match(logs[0]!, /^INIT_START Runtime Version: nodejs:20\.\S+\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}\n$/);
    assert.ok(logs.includes(`START RequestId: ${req.requestId} Version: $LATEST\n`));
    assert.ok(logs.includes(`END RequestId: ${req.requestId}\n`));
    const report = logs.find((l) => l.startsWith("REPORT"))!;
    assert.match(
      report,
      new RegExp(
        `^REPORT RequestId: ${req.requestId}\\tDuration: \\d+\\.\\d{2} ms\\tBilled Duration: \\d+ ms\\tMemory Size: 256 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d{2} ms\\t\\n$`,
      ),
    );
    assert.equal(res.billedDurationMs, Math.ceil(res.durationMs + res.initDurationMs!));
    assert.ok(res.maxMemoryUsedMb > 10 && res.maxMemoryUsedMb <= 256);
    assert.ok(logs.indexOf(`START RequestId: ${req.requestId} Version: $LATEST\n`) < logs.indexOf(report));
  });

  it("returns the last 4 KB of the invocation's log for LogType=Tail", async () => {
    const spec = makeSpec(dir, { handler: "noisy.handler" });
    await t.engine.invoke(spec, request(spec));
    const req = request(spec, {}, { tailLogs: true });
    const res = await t.engine.invoke(spec, req);
    const tail = Buffer.from(res.logTail!, "base64");
    assert.ok(tail.length <= 4096 && tail.length > 4000);
    const text = tail.toString("utf8");
    assert.match(text, /line 199 y+\n/);
    assert.ok(text.endsWith("\t\n") && text.includes(`END RequestId: ${req.requestId}\n`));
    assert.ok(!text.includes("line 0 "), "only the end of the log");
    const none = await t.engine.invoke(spec, request(spec));
    assert.equal(none.logTail, undefined);
  });

  it("stops an invocation at its timeout and replaces the environment", async () => {
    const clock = new FakeClock(Date.now());
    const local = startEngine({ clock });
    try {
      const spec = makeSpec(dir, { timeoutSec: 3 });
      const req = request(spec, { waitMs: 3_600_000 });
      const pending = local.engine.invoke(spec, req);
      await waitFor(() => local.logs.messages(spec.logGroup).some((l) => l.startsWith("START")));
      clock.advance(2999);
      await new Promise((r) => setImmediate(r));
      assert.equal(local.logs.messages(spec.logGroup).some((l) => l.startsWith("REPORT")), false, "not before the timeout");
      clock.advance(1);
      const res = await pending;
      assert.equal(res.functionError, "Unhandled");
      assert.deepEqual(json(res.payload), {
        errorType: "Sandbox.Timedout",
        errorMessage: `RequestId: ${req.requestId} Error: Task timed out after 3.00 seconds`,
      });
      const logs = local.logs.messages(spec.logGroup);
      assert.ok(logs.some((l) => new RegExp(`^\\S+Z ${req.requestId} Task timed out after 3\\.00 seconds\\n$`).test(l)));
      assert.ok(logs.some((l) => l.startsWith(`REPORT RequestId: ${req.requestId}`) && l.includes("Status: timeout")));
      const next = await local.engine.invoke(spec, request(spec));
      assert.ok(next.initDurationMs !== undefined, "the timed-out environment was replaced");
      assert.equal(json(next.payload).calls, 1);
    } finally {
      await local.close();
    }
  });

  it("reports a crashing process as Runtime.ExitError and starts afresh", async () => {
    const spec = makeSpec(dir, { handler: "crash.handler" });
    const req = request(spec, { code: 2 });
    const res = await t.engine.invoke(spec, req);
    assert.deepEqual(json(res.payload), {
      errorType: "Runtime.ExitError",
      errorMessage: `RequestId: ${req.requestId} Error: Runtime exited with error: exit status 2`,
    });
    assert.ok(t.logs.messages(spec.logGroup).some((l) => l.includes("Status: error\tError Type: Runtime.ExitError")));
    const signalled = request(spec, { signal: "SIGSEGV" });
    const res2 = await t.engine.invoke(spec, signalled);
    assert.equal(json(res2.payload).errorMessage, `RequestId: ${signalled.requestId} Error: Runtime exited with error: signal: segmentation fault`);
    assert.ok(res2.initDurationMs !== undefined, "a new environment after the crash");
    const clean = request(spec, { code: 0 });
    assert.equal(json((await t.engine.invoke(spec, clean)).payload).errorMessage, `RequestId: ${clean.requestId} Error: Runtime exited without providing a reason`);
  });

  it("kills the function's child processes with the environment", async () => {
    const spec = makeSpec(dir, { handler: "spawns.handler" });
    const childPid = json((await t.engine.invoke(spec, request(spec))).payload) as number;
    assert.ok(alive(childPid));
    await t.engine.drop(spec.functionArn);
    await waitFor(() => !alive(childPid));
  });

  it("leaves no process behind when Nimbus itself is killed, even frozen ones", async () => {
    const engineUrl = new URL("../../../src/engines/lambda/engine.js", import.meta.url).href;
    const clockUrl = new URL("../../../src/shared/clock.js", import.meta.url).href;
    const loggerUrl = new URL("../../../src/shared/logger.js", import.meta.url).href;
    const work = scratch("nimbus-orphan-");
    const script = `
      const { LambdaEngine } = await import(${JSON.stringify(engineUrl)});
      const { systemClock } = await import(${JSON.stringify(clockUrl)});
      const { silentLogger } = await import(${JSON.stringify(loggerUrl)});
      const engine = new LambdaEngine({ clock: systemClock, logger: silentLogger, logSink: { append() {} }, workDir: ${JSON.stringify(work.dir)}, warmPool: false });
      const spec = ${JSON.stringify(makeSpec(dir))};
      const r = await engine.invoke(spec, { requestId: "r-1", payload: Buffer.from("{}"), invokedFunctionArn: spec.functionArn });
      process.stdout.write(JSON.parse(r.payload.toString()).pid + "\\n");
      setInterval(() => {}, 1000);`;
    const nimbus = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const pid = await new Promise<number>((resolve, reject) => {
        nimbus.stdout.once("data", (d: Buffer) => resolve(Number(d.toString())));
        nimbus.once("exit", () => reject(new Error("engine process ended early")));
      });
      assert.ok(alive(pid));
      await waitFor(() => processState(pid) === "T"); // frozen while idle
      nimbus.kill("SIGKILL");
      await waitFor(() => !alive(pid));
    } finally {
      nimbus.kill("SIGKILL");
      work.cleanup();
    }
  });

  it("enforces the memory size with Runtime.OutOfMemory (resident memory and the V8 heap)", async () => {
    for (const handler of ["hog.handler", "heap.handler"]) {
      const spec = makeSpec(dir, { handler, memoryMb: 128 });
      const req = request(spec);
      const res = await t.engine.invoke(spec, req);
      const body = json(res.payload);
      assert.equal(body.errorType, "Runtime.OutOfMemory", `${handler}: ${res.payload}`);
      assert.match(body.errorMessage, new RegExp(`^RequestId: ${req.requestId} Error: Runtime exited with error: signal: (killed|aborted)$`));
      assert.equal(res.maxMemoryUsedMb, 128);
    }
    // Nimbus is still fine: the same engine keeps serving.
    const ok = makeSpec(dir);
    assert.equal((await t.engine.invoke(ok, request(ok))).functionError, undefined);
  });

  it("answers Function.ResponseSizeTooLarge above 6 MB and keeps the environment", async () => {
    const spec = makeSpec(dir, { handler: "big.handler" });
    const res = await t.engine.invoke(spec, request(spec));
    assert.deepEqual(json(res.payload), {
      errorType: "Function.ResponseSizeTooLarge",
      errorMessage: `Response payload size (${7 * 1024 * 1024 + 2} bytes) exceeded maximum allowed payload size (6291556 bytes).`,
    });
    const again = await t.engine.invoke(spec, request(spec));
    assert.equal(again.initDurationMs, undefined);
  });

  it("reaps idle environments after keepAliveMs", async () => {
    const clock = new FakeClock(Date.now());
    const local = startEngine({ clock, keepAliveMs: 60_000 });
    try {
      const spec = makeSpec(dir);
      const first = await local.engine.invoke(spec, request(spec));
      clock.advance(59_000);
      const warm = await local.engine.invoke(spec, request(spec));
      assert.equal(json(warm.payload).pid, json(first.payload).pid, "still warm within keepAlive");
      assert.ok(alive(json(first.payload).pid));
      clock.advance(60_000);
      await waitFor(() => !alive(json(first.payload).pid));
      const cold = await local.engine.invoke(spec, request(spec));
      assert.ok(cold.initDurationMs !== undefined);
      assert.notEqual(json(cold.payload).pid, json(first.payload).pid);
    } finally {
      await local.close();
    }
  });

  it("recycles an environment after its invocation budget, as Lambda recycles environments", async () => {
    const local = startEngine({ maxEnvironmentInvocations: 3 });
    try {
      const spec = makeSpec(dir);
      const pids: number[] = [];
      for (let i = 0; i < 5; i++) pids.push(json((await local.engine.invoke(spec, request(spec))).payload).pid);
      assert.equal(new Set(pids.slice(0, 3)).size, 1, "the first three share one environment");
      assert.equal(pids[3], pids[4], "the next environment is reused in turn");
      assert.notEqual(pids[3], pids[0], "a new environment after three invocations");
      await waitFor(() => !alive(pids[0]!));
    } finally {
      await local.close();
    }
  });

  it("prewarms environments and drops them", async () => {
    const spec = makeSpec(dir);
    await t.engine.prewarm(spec, 2);
    const [a, b] = await Promise.all([t.engine.invoke(spec, request(spec, { waitMs: 50 })), t.engine.invoke(spec, request(spec, { waitMs: 50 }))]);
    assert.equal(a.initDurationMs !== undefined, true, "init duration is reported on the first invocation");
    assert.equal(b.initDurationMs !== undefined, true);
    const pids = [json(a.payload).pid, json(b.payload).pid];
    await t.engine.drop(spec.functionArn, "$LATEST");
    for (const pid of pids) assert.equal(alive(pid), false);
  });

  it("starts new environments when the configuration changes", async () => {
    const spec = makeSpec(dir, { environment: { V: "1" } });
    const a = json((await t.engine.invoke(spec, request(spec))).payload);
    const same = json((await t.engine.invoke({ ...spec, credentials: { accessKeyId: "AKIDOTHER", secretAccessKey: "s" } }, request(spec))).payload);
    assert.equal(same.pid, a.pid, "credentials rotate without a restart");
    const changed = json((await t.engine.invoke({ ...spec, environment: { V: "2" } }, request(spec))).payload);
    assert.notEqual(changed.pid, a.pid);
    await waitFor(() => !alive(a.pid));
  });
});

/** The one-letter state of a process (R, S, T, Z...), undefined when it does not exist. */
function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0];
  } catch {
    return undefined;
  }
}

/** A process that exists and is not a zombie (orphans may wait for a reaper in containers). */
function alive(pid: number): boolean {
  const state = processState(pid);
  return state !== undefined && state !== "Z";
}
