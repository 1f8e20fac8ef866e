// Starts bench/lib/bare-forwarder.ts (compiled) serving the hello-world handler.
import { join } from "node:path";
import { distBenchLib, helloServiceDir } from "../paths.js";
import { freePort } from "../ports.js";
import type { Supervisor } from "../processes.js";
import type { RunningServer } from "./types.js";

export interface BareForwarderOptions {
  children: number;
  /** Requests in flight per child (1 = Lambda's one invocation per environment; 0 = any). */
  perChild: number;
}

export async function startBareForwarder(supervisor: Supervisor, opts: BareForwarderOptions): Promise<RunningServer & { helloUrl: string }> {
  const port = await freePort();
  const args = [
    join(distBenchLib, "bare-forwarder.js"),
    "--port", String(port),
    "--handler", join(helloServiceDir, "handler.js"),
    "--export", "hello",
    "--children", String(opts.children),
    "--per-child", String(opts.perChild),
  ];
  const label = opts.perChild === 1 ? `${opts.children} children, 1 request each` : `${opts.children} child${opts.children > 1 ? "ren" : ""}, multiplexed`;
  const proc = supervisor.spawn(`bare forwarder (${label})`, process.execPath, args);
  await supervisor.waitForPort(proc, port, 30_000);
  return {
    name: `bare forwarder (${label})`,
    endpoint: `http://127.0.0.1:${port}`,
    port,
    pid: proc.pid,
    readyMs: proc.readyMs!,
    stop: () => supervisor.stop(proc),
    helloUrl: `http://127.0.0.1:${port}/dev/hello`,
  };
}
