// CPU of the Lambda runtime processes per warm invocation (the hello-world Node handler), apart
// from the Nimbus process itself, over consecutive wrk runs: API Gateway (REST proxy) or a signed
// Invoke replayed at N connections. Several Nimbus builds (project roots) can be compared: each
// round starts every root in turn, so A/B measurements alternate on a noisy machine. Consecutive
// runs after one start show V8's warm-up in the runtime processes.
//
//   npx tsc -b
//   node dist/bench/runtime-cpu.js [--roots /work/main,/work/wt-x] [--rounds 3] [--runs 5]
//        [--seconds 6] [--connections 16] [--mode apigw|invoke]
import { join } from "node:path";
import { HttpStatusError } from "./lib/outcome.js";
import { deployHelloApi, deployHelloFunction, helloZip, lambdaClient } from "./lib/nimbus-hello.js";
import { projectRoot } from "./lib/paths.js";
import { freePort } from "./lib/ports.js";
import { CLOCK_TICKS_PER_SECOND, processTree } from "./lib/procfs.js";
import { type Supervisor, withSupervisor } from "./lib/processes.js";
import { flags, listFlag, numberFlag, printContext, printTable, progress } from "./lib/report.js";
import { plainGet, sendSigned, signRequest, type SignedRequest } from "./lib/signed-request.js";
import { percentile } from "./lib/stats.js";
import { runWrk } from "./lib/wrk.js";

const f = flags();
const roots = listFlag(f, "roots", [projectRoot]);
const rounds = numberFlag(f, "rounds", 3);
const runs = numberFlag(f, "runs", 5);
const seconds = numberFlag(f, "seconds", 6);
const connections = numberFlag(f, "connections", 16);
const mode = f.get("mode") ?? "apigw";
if (mode !== "apigw" && mode !== "invoke") throw new Error("--mode is apigw or invoke");

interface Run {
  root: string;
  round: number;
  run: number;
  rps: number;
  mainMs: number;
  runtimesMs: number;
  runtimesRssMb: number;
}

/** utime+stime ticks of the root process and of all its descendants, and the descendants' RSS. */
function sample(pid: number): { main: number; runtimes: number; rssPages: number } {
  let main = 0;
  let runtimes = 0;
  let rssPages = 0;
  for (const s of processTree(pid)) {
    if (s.pid === pid) main += s.cpuTicks;
    else {
      runtimes += s.cpuTicks;
      rssPages += s.rssPages;
    }
  }
  return { main, runtimes, rssPages };
}

async function target(supervisor: Supervisor, root: string): Promise<{ pid: number; base: string; request: SignedRequest; stop(): Promise<void> }> {
  const port = await freePort();
  const args = [join(root, "bin", "nimbus.js"), "start", "--host", "127.0.0.1", "--port", String(port), "--in-memory", "--log-level", "warn"];
  const proc = supervisor.spawn("nimbus", process.execPath, args, { cwd: root });
  await supervisor.waitForPort(proc, port, 30_000);
  const endpoint = `http://127.0.0.1:${port}`;
  const lambda = lambdaClient(endpoint);
  const arn = await deployHelloFunction(lambda, "nimbus-bench-hello", await helloZip()).finally(() => lambda.destroy());
  let request: SignedRequest;
  if (mode === "apigw") {
    const hello = await deployHelloApi(endpoint, arn);
    request = plainGet(hello.path, hello.host);
  } else {
    request = await signRequest({ endpoint, service: "lambda", path: "/2015-03-31/functions/nimbus-bench-hello/invocations", headers: { "content-type": "application/json" }, body: "{}" });
  }
  const probe = await sendSigned(endpoint, request);
  if (probe.status !== 200 || !probe.body.includes("hello world")) throw new HttpStatusError(probe.status, probe.body);
  return { pid: proc.pid, base: endpoint, request, stop: () => supervisor.stop(proc) };
}

printContext(`Runtime processes' CPU per invocation (${mode}, ${connections} connections, ${runs} x ${seconds} s per start)`);
const results: Run[] = [];
await withSupervisor(async (supervisor) => {
  for (let round = 1; round <= rounds; round++) {
    for (const root of roots) {
      progress(`round ${round}: ${root}`);
      const t = await target(supervisor, root);
      try {
        for (let run = 1; run <= runs; run++) {
          const before = sample(t.pid);
          const wrk = await runWrk(supervisor, { url: t.base, requests: [t.request], connections, durationSec: seconds });
          const after = sample(t.pid);
          const perRequest = (ticks: number) => ((ticks / CLOCK_TICKS_PER_SECOND) * 1000) / Math.max(1, wrk.requests);
          const r: Run = {
            root,
            round,
            run,
            rps: wrk.requestsPerSecond,
            mainMs: perRequest(after.main - before.main),
            runtimesMs: perRequest(after.runtimes - before.runtimes),
            runtimesRssMb: (after.rssPages * 4096) / (1024 * 1024),
          };
          results.push(r);
          progress(JSON.stringify(r));
        }
      } finally {
        await t.stop();
      }
    }
  }
});

const med = (values: number[]) => percentile([...values].sort((a, b) => a - b), 0.5);
const span = (values: number[]) => `${Math.min(...values).toFixed(3)}-${Math.max(...values).toFixed(3)}`;
const rows: string[][] = [];
for (const root of roots) {
  for (let run = 1; run <= runs; run++) {
    const rs = results.filter((r) => r.root === root && r.run === run);
    const runtimes = rs.map((r) => r.runtimesMs);
    const main = rs.map((r) => r.mainMs);
    rows.push([
      root,
      `${(run - 1) * seconds}-${run * seconds} s`,
      med(rs.map((r) => r.rps)).toFixed(0),
      `${med(runtimes).toFixed(3)} (${span(runtimes)})`,
      `${med(main).toFixed(3)} (${span(main)})`,
      med(rs.map((r) => r.runtimesRssMb)).toFixed(0),
    ]);
  }
}
printTable(`medians over ${rounds} starts (min-max)`, ["build", "after start", "requests/s", "runtimes CPU ms / request", "Nimbus process CPU ms / request", "runtimes RSS MB"], rows);
