// Start-up benchmark: time from spawning `nimbus start` to its first answered AWS call
// (STS GetCallerIdentity over HTTP), and the idle resident memory after start-up.
// Usage: npm run build && node dist/bench/startup.js [runs]
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const runs = Number(process.argv[2] ?? 10);
const root = join(import.meta.dirname, "..", "..");

/** A port nothing listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls until the node answers; bounded, and gives up at once if the process died. */
async function firstAnswer(port: number, child: ChildProcess): Promise<void> {
  const deadline = performance.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nimbus exited with ${child.exitCode} before answering`);
    if (performance.now() > deadline) throw new Error("nimbus did not answer within 30 s");
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "Action=GetCallerIdentity&Version=2011-06-15",
      });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

const times: number[] = [];
const rss: number[] = [];
for (let i = 0; i < runs; i++) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, "bin", "nimbus.js"), "start", "--port", String(port), "--in-memory", "--log-level", "warn"], { stdio: "ignore" });
  try {
    await firstAnswer(port, child);
  } catch (err) {
    child.kill("SIGKILL");
    throw err;
  }
  times.push(performance.now() - started);
  await new Promise((r) => setTimeout(r, 1000));
  rss.push(rssMb(child.pid!));
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
}
const sorted = [...times].sort((a, b) => a - b);
const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
console.log(JSON.stringify({
  runs,
  firstAnswerMs: { p50: +p(0.5).toFixed(1), min: +sorted[0]!.toFixed(1), max: +sorted[sorted.length - 1]!.toFixed(1) },
  idleRssMb: { p50: +[...rss].sort((a, b) => a - b)[Math.floor(rss.length / 2)]!.toFixed(1) },
}, null, 2));
