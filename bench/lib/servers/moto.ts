// moto's standalone server (python3 -m moto.server), which serves every service it mocks on one
// port; in memory.
import { freePort } from "../ports.js";
import type { Supervisor } from "../processes.js";
import type { RunningServer } from "./types.js";

export async function startMoto(supervisor: Supervisor): Promise<RunningServer> {
  const port = await freePort();
  const proc = supervisor.spawn("moto_server", "python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
  });
  await supervisor.waitForPort(proc, port, 60_000);
  return { name: "moto_server", endpoint: `http://127.0.0.1:${port}`, port, pid: proc.pid, readyMs: proc.readyMs!, stop: () => supervisor.stop(proc) };
}
