// Lambda peers: the hello-world Node handler (bench/peers/hello/handler.js) invoked through
// @aws-sdk/client-lambda (Invoke, RequestResponse) on serverless-offline's Lambda endpoint and on
// Nimbus: warm latency at concurrency 1, throughput and latency at concurrency 16, server CPU per
// invoke. For Nimbus also cold starts (a new function's first invoke) and throughput as
// concurrency grows. serverless-offline has no cold start to measure apart from its first
// invoke after start-up, which is shown. wrk then replays a signed Invoke at 16 connections, which
// shows what the server sustains without the SDK client's own cost in the way.
//
//   npx tsc -b && npm --prefix bench/peers install   (once)
//   node dist/bench/lambda-peers.js [--ops 3000] [--seconds 10] [--wrk-seconds 10] [--cold 10]
//        [--targets sls-workers,sls-inproc,nimbus] [--scaling 1,2,4,8,16,32] [--repeat 1]
// --repeat N runs the target list N times (each server started afresh) and ends with the wrk
// throughput ratios round by round (bench/lib/ratios.ts); Nimbus's scaling and cold-start tables
// come from its first run.
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { type ClosedLoopResult, closedLoop } from "./lib/closed-loop.js";
import { deployHelloFunction, helloZip, lambdaClient } from "./lib/nimbus-hello.js";
import { attempt, describeError, HttpStatusError, type Outcome, unavailable } from "./lib/outcome.js";
import { cpuMeter, treeRssMb } from "./lib/procfs.js";
import { sleep, type Supervisor, withSupervisor } from "./lib/processes.js";
import { flags, listFlag, numberFlag, printContext, printTable, progress } from "./lib/report.js";
import { startNimbus } from "./lib/servers/nimbus.js";
import { startServerlessOffline } from "./lib/servers/serverless-offline.js";
import { sendSigned, signRequest } from "./lib/signed-request.js";
import { runWrk, type WrkResult } from "./lib/wrk.js";
import { ms, perSecond, summarize } from "./lib/stats.js";
import { RATIO_HEADERS, ratiosAgainst, ratioTableRows } from "./lib/ratios.js";

const f = flags();
const maxOps = numberFlag(f, "ops", 3000);
const seconds = numberFlag(f, "seconds", 10);
const wrkSeconds = numberFlag(f, "wrk-seconds", 10);
const coldSamples = numberFlag(f, "cold", 10);
const targets = listFlag(f, "targets", ["sls-workers", "sls-inproc", "nimbus"]);
const repeat = numberFlag(f, "repeat", 1);
const scaling = listFlag(f, "scaling", ["1", "2", "4", "8", "16", "32"]).map(Number);
const payload = new TextEncoder().encode("{}");

async function invokeOnce(client: LambdaClient, functionName: string): Promise<void> {
  const out = await client.send(new InvokeCommand({ FunctionName: functionName, Payload: payload }));
  const body = new TextDecoder().decode(out.Payload);
  if (out.FunctionError || !body.includes("hello world")) throw new Error(`invoke answered ${out.FunctionError ?? ""} ${body.slice(0, 200)}`);
}

interface Warm {
  name: string;
  readyMs: number;
  firstInvokeMs: number;
  c1: ClosedLoopResult;
  c16: ClosedLoopResult;
  cpuMsPerInvoke: number;
  rssMb: number;
  wrk: Outcome<WrkResult & { cpuMsPerInvoke: number }>;
  scaling?: Array<{ concurrency: number; result: ClosedLoopResult }>;
  coldMs?: number[];
}

const run = (client: LambdaClient, fn: string, concurrency: number) =>
  closedLoop({ concurrency, maxOps: concurrency === 1 ? maxOps : maxOps * 4, maxMs: seconds * 1000, op: () => invokeOnce(client, fn) });

/** wrk replaying one signed Invoke (POST /2015-03-31/functions/{name}/invocations). */
async function wrkInvoke(supervisor: Supervisor, endpoint: string, fn: string, pid: number) {
  const invoke = await signRequest({ endpoint, service: "lambda", path: `/2015-03-31/functions/${fn}/invocations`, headers: { "content-type": "application/json" }, body: "{}" });
  const probe = await sendSigned(endpoint, invoke);
  if (probe.status !== 200 || !probe.body.includes("hello world")) throw new HttpStatusError(probe.status, probe.body);
  const cpu = cpuMeter(pid);
  const r = await runWrk(supervisor, { url: endpoint, requests: [invoke], connections: 16, durationSec: wrkSeconds });
  return { ...r, cpuMsPerInvoke: cpu.perOpMs(r.requests) };
}

async function measureWarm(client: LambdaClient, fn: string, pid: number): Promise<Pick<Warm, "firstInvokeMs" | "c1" | "c16" | "cpuMsPerInvoke" | "rssMb">> {
  const t = performance.now();
  await invokeOnce(client, fn);
  const firstInvokeMs = performance.now() - t;
  await closedLoop({ concurrency: 16, maxOps: 400, maxMs: 5000, op: () => invokeOnce(client, fn) }); // warm 16 environments
  const c1 = await run(client, fn, 1);
  const cpu = cpuMeter(pid);
  const c16 = await run(client, fn, 16);
  const cpuMsPerInvoke = cpu.perOpMs(c16.ops);
  if (c16.ops === 0) throw c16.firstError ?? new Error("no invoke succeeded");
  return { firstInvokeMs, c1, c16, cpuMsPerInvoke, rssMb: treeRssMb(pid) };
}

async function measureServerlessOffline(supervisor: Supervisor, mode: "worker-threads" | "in-process"): Promise<Warm> {
  const server = await startServerlessOffline(supervisor, mode);
  const client = lambdaClient(server.lambdaEndpoint);
  try {
    const warm = await measureWarm(client, server.functionName, server.pid);
    const wrk = await attempt(() => wrkInvoke(supervisor, server.lambdaEndpoint, server.functionName, server.pid));
    return { name: server.name, readyMs: server.readyMs, ...warm, wrk };
  } finally {
    client.destroy();
    await server.stop();
  }
}

async function measureNimbus(supervisor: Supervisor): Promise<Warm> {
  const server = await startNimbus(supervisor);
  const client = lambdaClient(server.endpoint);
  try {
    const zip = await helloZip();
    await deployHelloFunction(client, "nimbus-bench-hello", zip);
    const warm = await measureWarm(client, "nimbus-bench-hello", server.pid);
    const wrk = await attempt(() => wrkInvoke(supervisor, server.endpoint, "nimbus-bench-hello", server.pid));
    const scalingRows = [];
    for (const concurrency of scaling) scalingRows.push({ concurrency, result: await run(client, "nimbus-bench-hello", concurrency) });
    const coldMs: number[] = [];
    for (let i = 0; i < coldSamples; i++) {
      const fn = `nimbus-bench-cold-${i}`;
      await deployHelloFunction(client, fn, zip);
      await sleep(200); // let a warm pool refill, as it would between deployments
      const t = performance.now();
      await invokeOnce(client, fn);
      coldMs.push(performance.now() - t);
    }
    return { name: server.name, readyMs: server.readyMs, ...warm, wrk, scaling: scalingRows, coldMs };
  } finally {
    client.destroy();
    await server.stop();
  }
}

printContext("Lambda Invoke through @aws-sdk/client-lambda, Node hello-world handler");
const results: Array<{ target: string; outcome: Outcome<Warm> }> = [];
await withSupervisor(async (supervisor) => {
  for (let round = 0; round < repeat; round++) {
    for (const target of targets) {
      progress(`${target}: starting${repeat > 1 ? ` (round ${round + 1} of ${repeat})` : ""}`);
      const outcome = await attempt(() =>
        target === "nimbus" ? measureNimbus(supervisor) : measureServerlessOffline(supervisor, target === "sls-inproc" ? "in-process" : "worker-threads"),
      );
      progress(`${target}: ${outcome.kind}${outcome.kind === "ok" ? "" : ` ${outcome.detail}`}`);
      results.push({ target, outcome });
    }
  }
});

const errorsNote = (r: ClosedLoopResult) => (r.errors ? ` (${r.errors} errors: ${describeError(r.firstError)})` : "");
printTable(
  `Warm invoke: concurrency 1 (up to ${maxOps} invokes) and 16 (up to ${maxOps * 4}), each at most ${seconds} s`,
  ["server", "c=1 p50", "c=1 p99", "c=1 invokes/s", "c=16 p50", "c=16 p99", "c=16 invokes/s", "server CPU / invoke", "server RSS", "first invoke"],
  results.map(({ target, outcome }) =>
    outcome.kind !== "ok"
      ? [target === "nimbus" ? "Nimbus" : target, unavailable(outcome), "", "", "", "", "", "", "", ""]
      : [
          outcome.value.name,
          ms(outcome.value.c1.latency.p50),
          ms(outcome.value.c1.latency.p99),
          perSecond(outcome.value.c1.opsPerSecond) + errorsNote(outcome.value.c1),
          ms(outcome.value.c16.latency.p50),
          ms(outcome.value.c16.latency.p99),
          perSecond(outcome.value.c16.opsPerSecond) + errorsNote(outcome.value.c16),
          ms(outcome.value.cpuMsPerInvoke),
          `${outcome.value.rssMb.toFixed(0)} MB`,
          ms(outcome.value.firstInvokeMs),
        ],
  ),
);

printTable(
  `wrk, 16 connections, ${wrkSeconds} s, replaying a signed Invoke`,
  ["server", "invokes/s", "p50", "p99", "errors", "server CPU / invoke"],
  results.map(({ target, outcome }) => {
    if (outcome.kind !== "ok") return [target === "nimbus" ? "Nimbus" : target, unavailable(outcome), "", "", "", ""];
    const w = outcome.value.wrk;
    if (w.kind !== "ok") return [outcome.value.name, unavailable(w), "", "", "", ""];
    return [outcome.value.name, perSecond(w.value.requestsPerSecond), ms(w.value.latencyMs.p50), ms(w.value.latencyMs.p99), String(w.value.errors), ms(w.value.cpuMsPerInvoke)];
  }),
);

if (repeat > 1) {
  const figures = results.map(({ target, outcome }) => ({
    target: target === "nimbus" ? "Nimbus" : target,
    perSecond: outcome.kind === "ok" && outcome.value.wrk.kind === "ok" ? outcome.value.wrk.value.requestsPerSecond : Number.NaN,
  }));
  printTable(`wrk Invoke throughput ratios over ${repeat} rounds (the i-th run of each server paired)`, RATIO_HEADERS, ratioTableRows(ratiosAgainst(figures, "Nimbus")));
}

const nimbus = results.find((r) => r.target === "nimbus")?.outcome;
if (nimbus?.kind === "ok" && nimbus.value.scaling && nimbus.value.coldMs) {
  printTable(
    "Nimbus: throughput as concurrency grows",
    ["concurrency", "invokes/s", "p50", "p99"],
    nimbus.value.scaling.map(({ concurrency, result }) => [String(concurrency), perSecond(result.opsPerSecond) + errorsNote(result), ms(result.latency.p50), ms(result.latency.p99)]),
  );
  const cold = summarize(nimbus.value.coldMs);
  printTable("Nimbus: cold start (first invoke of a new function, SDK round trip)", ["samples", "p50", "max"], [[String(cold.n), ms(cold.p50), ms(cold.max)]]);
} else if (nimbus && nimbus.kind !== "ok") {
  console.log(`Nimbus cold start and concurrency scaling: ${unavailable(nimbus)}\n`);
}
