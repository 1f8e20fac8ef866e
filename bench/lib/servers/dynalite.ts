// dynalite (bench/peers), in memory (no --path), tables ACTIVE at once instead of after 500 ms.
import { peersBin, requirePeers } from "../paths.js";
import { freePort } from "../ports.js";
import type { Supervisor } from "../processes.js";
import type { RunningServer } from "./types.js";

export async function startDynalite(supervisor: Supervisor): Promise<RunningServer> {
  requirePeers();
  const port = await freePort();
  const args = ["--host", "127.0.0.1", "--port", String(port), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"];
  const proc = supervisor.spawn("dynalite", peersBin("dynalite"), args);
  await supervisor.waitForPort(proc, port, 30_000);
  return { name: "dynalite", endpoint: `http://127.0.0.1:${port}`, port, pid: proc.pid, readyMs: proc.readyMs!, stop: () => supervisor.stop(proc) };
}
