// Nimbus from the compiled tree (build first: npx tsc -b), in memory, quiet, on a loopback port.
import { join } from "node:path";
import { projectRoot } from "../paths.js";
import { freePort } from "../ports.js";
import type { Supervisor } from "../processes.js";
import type { RunningServer } from "./types.js";

export async function startNimbus(supervisor: Supervisor, extraArgs: readonly string[] = []): Promise<RunningServer> {
  const port = await freePort();
  const args = [join(projectRoot, "bin", "nimbus.js"), "start", "--host", "127.0.0.1", "--port", String(port), "--in-memory", "--log-level", "warn", ...extraArgs];
  const proc = supervisor.spawn("nimbus", process.execPath, args, { cwd: projectRoot });
  await supervisor.waitForPort(proc, port, 30_000);
  return { name: "Nimbus", endpoint: `http://127.0.0.1:${port}`, port, pid: proc.pid, readyMs: proc.readyMs!, stop: () => supervisor.stop(proc) };
}
