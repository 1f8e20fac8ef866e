// One runtime process with its own Runtime API listener, for our own bootstraps a private
// frame channel (runtime-channel.ts), and a private /tmp: what an execution environment runs on.
// Started either for a specific function or, by the warm pool, as a generic runtime that learns
// its function later (see warm-pool.ts).
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createTmpDir, removeTmpDir } from "./ephemeral-storage.js";
import { LineSplitter } from "./log-capture.js";
import type { ProcessExit } from "./platform-errors.js";
import { killProcessGroup, spawnInGroup, type ExecWrappers, type LaunchPlan } from "./process-control.js";
import { RuntimeApiServer, type RuntimeApiHandler } from "./runtime-api-server.js";
import { RUNTIME_FD, RUNTIME_FD_ENV, RuntimeChannel } from "./runtime-channel.js";

export interface RuntimeProcess {
  readonly id: string;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly server: RuntimeApiServer;
  /** Set when the runtime was given the frame channel (Nimbus's own bootstraps). */
  readonly channel: RuntimeChannel | undefined;
  /** AWS_LAMBDA_RUNTIME_API of this process. */
  readonly runtimeApi: string;
  readonly tmpDir: string;
  /** performance.now() when the process was spawned. */
  readonly spawnedAt: number;
  /** Routes both the HTTP Runtime API and the channel to this handler. */
  setHandler(handler: RuntimeApiHandler): void;
  /** Kills the process group, closes the listener and removes the private folder. */
  dispose(): void;
}

export interface StartOptions {
  envsDir: string;
  wrappers: ExecWrappers;
  /** Builds the launch plan once the listener address and /tmp folder are known. */
  plan(runtimeApi: string, tmpDir: string): LaunchPlan;
  /**
   * Hand the runtime the frame channel as descriptor 3 and name it in _NIMBUS_RUNTIME_FD: only for
   * Nimbus's bootstraps started directly (not behind an exec wrapper, which might use fd 3 itself).
   */
  channel: boolean;
}

export async function startRuntimeProcess(options: StartOptions): Promise<RuntimeProcess> {
  const id = randomBytes(8).toString("hex");
  const root = join(options.envsDir, id);
  const tmpDir = await createTmpDir(join(root, "tmp"));
  const server = new RuntimeApiServer();
  let runtimeApi: string;
  try {
    runtimeApi = await server.listen();
  } catch (err) {
    await removeTmpDir(root);
    throw err;
  }
  const plan = options.plan(runtimeApi, tmpDir);
  if (options.channel) {
    plan.channel = true;
    plan.env = { ...plan.env, [RUNTIME_FD_ENV]: String(RUNTIME_FD) };
  }
  const child = spawnInGroup(plan, options.wrappers);
  const socket = options.channel ? (child.stdio[RUNTIME_FD] as Socket | null) : null;
  const channel = socket ? new RuntimeChannel(socket) : undefined;
  const spawnedAt = performance.now();
  let disposed = false;
  return {
    id,
    child,
    pid: child.pid ?? 0,
    server,
    channel,
    runtimeApi,
    tmpDir,
    spawnedAt,
    setHandler(handler) {
      server.setHandler(handler);
      channel?.setHandler(handler);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      killProcessGroup(child.pid);
      server.close();
      channel?.close();
      void removeTmpDir(root);
    },
  };
}

export interface ProcessWatcher {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Once, when the process is gone and its output read (or it could not be started). */
  gone(exit: ProcessExit, spawnError?: Error): void;
}

/** Wait this long after the exit for the pipes to close before reporting the process gone. */
const EXIT_GRACE_MS = 250;

/** Routes the process's output lines and reports its end exactly once. */
export function watchProcess(proc: RuntimeProcess, watcher: ProcessWatcher): void {
  const { child } = proc;
  const out = new LineSplitter(watcher.stdout);
  const err = new LineSplitter(watcher.stderr);
  child.stdout?.removeAllListeners("data");
  child.stderr?.removeAllListeners("data");
  child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
  child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
  let exit: ProcessExit | undefined;
  let spawnError: Error | undefined;
  let reported = false;
  const done = () => {
    if (reported) return;
    reported = true;
    out.flushPartial();
    err.flushPartial();
    watcher.gone(exit ?? { code: null, signal: null }, spawnError);
  };
  child.on("error", (e) => {
    spawnError = e;
    exit ??= { code: 127, signal: null };
    done();
  });
  child.on("exit", (code, signal) => {
    exit = { code, signal };
    // The function's own children die with it (they share its process group).
    proc.dispose();
    setTimeout(done, EXIT_GRACE_MS).unref();
  });
  child.on("close", done);
  if (child.exitCode !== null || child.signalCode !== null) {
    exit = { code: child.exitCode, signal: child.signalCode };
    setImmediate(done);
  }
}
