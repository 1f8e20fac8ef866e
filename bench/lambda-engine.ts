// Lambda engine latency: warm invoke overhead and cold starts (fresh process and warm pool).
// Usage: npx tsc -b && node dist/bench/lambda-engine.js [warmIterations] [coldIterations] [concurrentSeconds]
// The concurrent part keeps 16 environments busy (closed loop, as 16 API Gateway connections do)
// and reports invocations/s and CPU per invocation of the engine's process and of the runtimes.
// Figures are recorded in docs/lambda-engine.md.
import { randomUUID } from "node:crypto";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { LambdaEngine } from "../src/engines/lambda/engine.js";
import type { FunctionSpec, InvokeRequest } from "../src/engines/lambda/types.js";
import { systemClock } from "../src/shared/clock.js";
import { silentLogger } from "../src/shared/logger.js";
import { processTree } from "./lib/procfs.js";

const warmIterations = Number(process.argv[2] ?? 2000);
const coldIterations = Number(process.argv[3] ?? 20);
const concurrentSeconds = Number(process.argv[4] ?? 4);

const work = mkdtempSync(join(tmpdir(), "nimbus-bench-"));
const codeDir = join(work, "code");
mkdirSync(codeDir);
writeFileSync(join(codeDir, "index.js"), "exports.handler = async () => ({ statusCode: 200, body: 'hello world' });");
writeFileSync(join(codeDir, "esm.mjs"), "export const handler = async () => ({ statusCode: 200, body: 'hello world' });");
writeFileSync(join(codeDir, "app.py"), "def handler(event, context):\n    return {'statusCode': 200, 'body': 'hello world'}\n");

const spec = (name: string, runtime = "nodejs20.x", handler = "index.handler"): FunctionSpec => ({
  functionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
  functionName: name,
  version: "$LATEST",
  runtime,
  handler,
  memoryMb: 128,
  timeoutSec: 3,
  environment: {},
  codeDir,
  layerDirs: [],
  ephemeralStorageMb: 512,
  region: "us-east-1",
  accountId: "123456789012",
  credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "secret" },
  endpointUrl: "http://127.0.0.1:4566",
  logGroup: `/aws/lambda/${name}`,
});
const req = (s: FunctionSpec): InvokeRequest => ({ requestId: randomUUID(), payload: Buffer.from("{}"), invokedFunctionArn: s.functionArn });

function stats(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  console.log(`${label.padEnd(34)} n=${String(samples.length).padStart(5)}  p50 ${pick(0.5).toFixed(3)} ms  p90 ${pick(0.9).toFixed(3)} ms  p99 ${pick(0.99).toFixed(3)} ms`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const logSink = { append() {} };

async function warm(runtime: string, handler: string): Promise<void> {
  const engine = new LambdaEngine({ clock: systemClock, logger: silentLogger, logSink, workDir: join(work, `w-${runtime}`), warmPool: false });
  const s = spec(`warm-${runtime}`, runtime, handler);
  await engine.invoke(s, req(s));
  for (let i = 0; i < 200; i++) await engine.invoke(s, req(s));
  const total: number[] = [];
  const overhead: number[] = [];
  for (let i = 0; i < warmIterations; i++) {
    const t = performance.now();
    const r = await engine.invoke(s, req(s));
    const elapsed = performance.now() - t;
    total.push(elapsed);
    overhead.push(elapsed - r.durationMs);
  }
  stats(`${runtime} warm invoke (round trip)`, total);
  stats(`${runtime} warm invoke (engine overhead)`, overhead);
  await engine.stop();
}

/** CPU ticks (1/100 s) of this process, and of its descendants (the runtimes). */
function cpuTicks(): { self: number; runtimes: number } {
  const tree = processTree(process.pid);
  let runtimes = 0;
  for (const s of tree.slice(1)) runtimes += s.cpuTicks;
  return { self: tree[0]?.cpuTicks ?? 0, runtimes };
}

async function concurrent(runtime: string, handler: string, concurrency = 16): Promise<void> {
  const engine = new LambdaEngine({ clock: systemClock, logger: silentLogger, logSink, workDir: join(work, `k-${runtime}`), warmPool: false });
  const s = spec(`concurrent-${runtime}`, runtime, handler);
  await engine.prewarm(s, concurrency);
  const loop = async (until: number): Promise<number> => {
    let n = 0;
    while (performance.now() < until) {
      const r = await engine.invoke(s, req(s));
      if (r.functionError) throw new Error(r.payload.toString());
      n++;
    }
    return n;
  };
  await Promise.all(Array.from({ length: concurrency }, () => loop(performance.now() + 1000)));
  const before = cpuTicks();
  const started = performance.now();
  const counts = await Promise.all(Array.from({ length: concurrency }, () => loop(started + concurrentSeconds * 1000)));
  const seconds = (performance.now() - started) / 1000;
  const after = cpuTicks();
  const n = counts.reduce((a, b) => a + b, 0);
  const perInvokeMs = (ticks: number) => ((ticks * 10) / n).toFixed(3);
  console.log(
    `${`${runtime} ${concurrency} concurrent`.padEnd(34)} ${Math.round(n / seconds)} invokes/s  engine CPU ${perInvokeMs(after.self - before.self)} ms/invoke  runtimes CPU ${perInvokeMs(after.runtimes - before.runtimes)} ms/invoke`,
  );
  await engine.stop();
}

async function cold(runtime: string, handler: string, pooled: boolean): Promise<void> {
  const engine = new LambdaEngine({
    clock: systemClock,
    logger: silentLogger,
    logSink,
    workDir: join(work, `c-${runtime}-${pooled}`),
    warmPool: pooled ? { size: 1, maxShapes: 2 } : false,
  });
  const samples: number[] = [];
  const inits: number[] = [];
  // The first cold start of a shape warms the pool for the next ones: it is not counted.
  for (let i = 0; i < coldIterations + 1; i++) {
    await engine.warmPoolSettled();
    await sleep(pooled ? 150 : 50); // let the machine settle between cold starts
    const s = spec(`cold-${runtime}-${pooled}-${i}`, runtime, handler);
    const t = performance.now();
    const r = await engine.invoke(s, req(s));
    const elapsed = performance.now() - t;
    if (r.functionError) throw new Error(r.payload.toString());
    if (i > 0) {
      samples.push(elapsed);
      inits.push(r.initDurationMs ?? 0);
    }
    await engine.drop(s.functionArn);
  }
  const label = `${runtime}${handler.startsWith("esm") ? " esm" : ""}`;
  stats(`${label} cold start ${pooled ? "(warm pool)" : "(fresh process)"}`, samples);
  stats(`${label}   of which Init Duration`, inits);
  await engine.stop();
}

try {
  await warm("nodejs20.x", "index.handler");
  await warm("python3.12", "app.handler");
  await concurrent("nodejs20.x", "index.handler");
  await concurrent("python3.12", "app.handler");
  if (coldIterations > 0) {
    await cold("nodejs20.x", "index.handler", false);
    await cold("nodejs20.x", "index.handler", true);
    await cold("nodejs20.x", "esm.handler", false);
    await cold("nodejs20.x", "esm.handler", true);
    await cold("python3.12", "app.handler", false);
    await cold("python3.12", "app.handler", true);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
