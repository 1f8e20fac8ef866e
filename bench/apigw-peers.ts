// API Gateway peers: the same hello-world Node handler (bench/peers/hello/handler.js) served over
// HTTP by serverless-offline (REST `http` event, proxy integration), by Nimbus (REST API with an
// AWS_PROXY integration to a Lambda function) and by the bare forwarder (bench/lib/bare-forwarder.ts,
// the practical limit of "HTTP in, handler in a warm child process, HTTP out").
// wrk replays GET /hello at N connections for S seconds; server CPU per request comes from
// /proc (the server process and its children), memory is the tree's RSS after the run.
//
//   npx tsc -b && npm --prefix bench/peers install   (once)
//   node dist/bench/apigw-peers.js [--seconds 10] [--warmup 30] [--connections 16]
//        [--targets bare-1,bare-16,sls-workers,sls-inproc,nimbus] [--repeat 1]
// --repeat N runs the target list N times in a row (alternating servers, each started afresh) and
// ends with each pair's throughput ratio round by round (bench/lib/ratios.ts): on a noisy machine
// only paired, repeated runs say whether Nimbus reaches a multiple of a peer.
// Every target gets the same warm-up under the same load before it is measured: a runtime
// process (Nimbus's environments, serverless-offline's workers, the forwarder's children) runs
// its per-request code in V8's interpreter until it has run it often enough, and 16 processes
// sharing the load each take ~20-30 s of it to reach their steady cost. Hence 30 s by default
// (session 5: Nimbus's runtime children cost 223 µs per request after 8 s of load, 187 µs after
// 40 s); serverless-offline's workers get the same 30 s.
// Server CPU per request is the whole process tree (runtimes, workers); "of which the server's own
// process" is the root process alone.
import { attempt, type Outcome, unavailable } from "./lib/outcome.js";
import { CLOCK_TICKS_PER_SECOND, cpuMeter, readStat, treeRssMb } from "./lib/procfs.js";
import { type Supervisor, withSupervisor } from "./lib/processes.js";
import { flags, listFlag, numberFlag, printContext, printTable, progress } from "./lib/report.js";
import { startBareForwarder } from "./lib/servers/bare-forwarder.js";
import { startNimbus } from "./lib/servers/nimbus.js";
import { startServerlessOffline } from "./lib/servers/serverless-offline.js";
import type { RunningServer } from "./lib/servers/types.js";
import { plainGet, sendSigned } from "./lib/signed-request.js";
import { ms, perSecond } from "./lib/stats.js";
import { runWrk, type WrkResult } from "./lib/wrk.js";
import { deployHelloApi, deployHelloFunction, helloZip, lambdaClient, type HelloEndpoint } from "./lib/nimbus-hello.js";
import { HttpStatusError } from "./lib/outcome.js";
import { RATIO_HEADERS, ratiosAgainst, ratioTableRows, type RoundFigure } from "./lib/ratios.js";

const f = flags();
const seconds = numberFlag(f, "seconds", 10);
const connections = numberFlag(f, "connections", 16);
const warmupSeconds = numberFlag(f, "warmup", 30);
const targets = listFlag(f, "targets", ["bare-1", "bare-16", "sls-workers", "sls-inproc", "nimbus"]);
const repeat = numberFlag(f, "repeat", 1);

interface Measured {
  wrk: WrkResult;
  cpuMsPerRequest: number;
  /** The server's own process alone (without its workers or runtime processes). */
  mainCpuMsPerRequest: number;
  rssMb: number;
  readyMs: number;
  firstRequestMs: number;
}

interface Started {
  server: RunningServer;
  hello: HelloEndpoint;
}

async function start(supervisor: Supervisor, target: string): Promise<Started> {
  switch (target) {
    case "bare-1":
    case "bare-16": {
      const server = await startBareForwarder(supervisor, target === "bare-1" ? { children: 1, perChild: 0 } : { children: connections, perChild: 1 });
      return { server, hello: { base: server.endpoint, path: "/dev/hello", host: `127.0.0.1:${server.port}` } };
    }
    case "sls-workers":
    case "sls-inproc": {
      const server = await startServerlessOffline(supervisor, target === "sls-workers" ? "worker-threads" : "in-process");
      return { server, hello: { base: server.endpoint, path: "/dev/hello", host: `127.0.0.1:${server.port}` } };
    }
    case "nimbus": {
      const server = await startNimbus(supervisor);
      try {
        const lambda = lambdaClient(server.endpoint);
        const arn = await deployHelloFunction(lambda, "nimbus-bench-hello", await helloZip()).finally(() => lambda.destroy());
        return { server, hello: await deployHelloApi(server.endpoint, arn) };
      } catch (err) {
        await server.stop();
        throw err;
      }
    }
    default:
      throw new Error(`unknown target ${target}`);
  }
}

async function measure(supervisor: Supervisor, target: string): Promise<{ name: string; outcome: Outcome<Measured> }> {
  let name = target === "nimbus" ? "Nimbus" : target;
  const outcome = await attempt(async () => {
    const { server, hello } = await start(supervisor, target);
    name = server.name;
    try {
      const get = plainGet(hello.path, hello.host);
      const t = performance.now();
      const first = await sendSigned(hello.base, get);
      const firstRequestMs = performance.now() - t;
      if (first.status !== 200 || first.body !== "hello world") throw new HttpStatusError(first.status, first.body);
      // Warm every connection's worth of environments (and their JIT) before measuring.
      await runWrk(supervisor, { url: hello.base, requests: [get], connections, durationSec: warmupSeconds });
      const cpu = cpuMeter(server.pid);
      const mainTicks = readStat(server.pid)?.cpuTicks ?? 0;
      const wrk = await runWrk(supervisor, { url: hello.base, requests: [get], connections, durationSec: seconds });
      const cpuMsPerRequest = cpu.perOpMs(wrk.requests);
      const mainCpuMsPerRequest = (((readStat(server.pid)?.cpuTicks ?? 0) - mainTicks) * 1000) / CLOCK_TICKS_PER_SECOND / Math.max(1, wrk.requests);
      return { wrk, cpuMsPerRequest, mainCpuMsPerRequest, rssMb: treeRssMb(server.pid), readyMs: server.readyMs, firstRequestMs };
    } finally {
      await server.stop();
    }
  });
  return { name, outcome };
}

printContext("API Gateway REST proxy to a Node hello-world handler");
const rows: string[][] = [];
const figures: RoundFigure[] = [];
const names = new Map<string, string>();
await withSupervisor(async (supervisor) => {
  for (let round = 0; round < repeat; round++) {
    for (const target of targets) {
      progress(`${target}: starting${repeat > 1 ? ` (round ${round + 1} of ${repeat})` : ""}`);
      const { name, outcome } = await measure(supervisor, target);
      progress(`${target}: ${outcome.kind}`);
      names.set(target, name);
      figures.push({ target: name, perSecond: outcome.kind === "ok" ? outcome.value.wrk.requestsPerSecond : Number.NaN });
      if (outcome.kind !== "ok") {
        rows.push([name, unavailable(outcome), "", "", "", "", "", "", "", ""]);
        continue;
      }
      const m = outcome.value;
      rows.push([
        name,
        perSecond(m.wrk.requestsPerSecond),
        ms(m.wrk.latencyMs.p50),
        ms(m.wrk.latencyMs.p99),
        String(m.wrk.errors),
        ms(m.cpuMsPerRequest),
        ms(m.mainCpuMsPerRequest),
        `${m.rssMb.toFixed(0)} MB`,
        ms(m.readyMs),
        ms(m.firstRequestMs),
      ]);
    }
  }
});
printTable(
  `wrk, ${connections} connections, ${seconds} s after ${warmupSeconds} s of warm-up, GET /dev/hello`,
  ["server", "requests/s", "p50", "p99", "errors", "server CPU / request", "of which the server's own process", "server RSS", "listening after", "first request"],
  rows,
);
if (repeat > 1 && names.has("nimbus")) {
  printTable(`Throughput ratios over ${repeat} rounds (the i-th run of each server paired)`, RATIO_HEADERS, ratioTableRows(ratiosAgainst(figures, names.get("nimbus")!)));
}
