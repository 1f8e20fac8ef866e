// Start-up benchmark: time from spawning `nimbus start` to its first answered AWS call
// (STS GetCallerIdentity over HTTP), and the idle resident memory after start-up.
// Usage: npm run build && node dist/bench/startup.js [runs]
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const runs = Number(process.argv[2] ?? 10);
const root = join(import.meta.dirname, "..", "..");

async function firstAnswer(port: number): Promise<void> {
  for (;;) {
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
  const port = 45000 + i;
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, "bin", "nimbus.js"), "start", "--port", String(port), "--in-memory", "--log-level", "warn"], { stdio: "ignore" });
  await firstAnswer(port);
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
