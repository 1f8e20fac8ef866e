// Every process a benchmark starts goes through one Supervisor: it listens on 127.0.0.1 (the
// caller's job), the supervisor bounds how many run at once and how long each may live, and
// stops each one by its PID at the end, on failure and on Ctrl-C.
//
// Children start in their own process group (detached), so stopping a server also stops what it
// spawned itself (serverless's workers, a forwarder's warm children): the signal goes to the
// group whose id is the child's PID, never to processes matched by name.
import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { processGroupMembers } from "./procfs.js";

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Milliseconds from spawn until the port accepted a connection (set by waitForPort). */
  readyMs?: number;
  /** The last few KB of stdout and stderr, for error messages. */
  output(): string;
  readonly exited: Promise<number | null>;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Killed after this long whatever happens (default 30 minutes). */
  maxLifetimeMs?: number;
}

interface Entry {
  proc: ManagedProcess;
  child: ChildProcess;
  killTimer: NodeJS.Timeout;
  startedAt: number;
}

const OUTPUT_TAIL_BYTES = 8192;

export class Supervisor {
  readonly #running = new Map<number, Entry>();
  readonly #maxProcesses: number;
  #onSignal = (signal: NodeJS.Signals) => {
    void this.stopAll().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };

  constructor(maxProcesses = 8) {
    this.#maxProcesses = maxProcesses;
    process.once("SIGINT", this.#onSignal);
    process.once("SIGTERM", this.#onSignal);
  }

  spawn(name: string, command: string, args: readonly string[], opts: SpawnOptions = {}): ManagedProcess {
    if (this.#running.size >= this.#maxProcesses) {
      throw new Error(`refusing to start ${name}: ${this.#running.size} benchmark processes already running (limit ${this.#maxProcesses})`);
    }
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
    let tail = "";
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString("utf8")).slice(-OUTPUT_TAIL_BYTES);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    const pid = child.pid;
    const exited = new Promise<number | null>((resolve) => {
      child.once("exit", (code, signal) => resolve(code ?? (signal ? -1 : null)));
      child.once("error", () => resolve(-1));
    });
    const proc: ManagedProcess = { name, pid, output: () => tail, exited };
    const killTimer = setTimeout(() => void this.stop(proc), opts.maxLifetimeMs ?? 30 * 60_000);
    killTimer.unref();
    this.#running.set(pid, { proc, child, killTimer, startedAt: performance.now() });
    void exited.then(() => {
      const entry = this.#running.get(pid);
      if (entry) clearTimeout(entry.killTimer);
      this.#running.delete(pid);
    });
    return proc;
  }

  /** Resolves once 127.0.0.1:port accepts a connection; fails if the process exits or time runs out. */
  async waitForPort(proc: ManagedProcess, port: number, timeoutMs = 60_000): Promise<void> {
    const entry = this.#running.get(proc.pid);
    const startedAt = entry?.startedAt ?? performance.now();
    const deadline = performance.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void proc.exited.then((code) => (exitCode = code));
    while (performance.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`${proc.name} exited (${exitCode}) before listening on ${port}:\n${proc.output()}`);
      if (await canConnect(port)) {
        proc.readyMs = performance.now() - startedAt;
        return;
      }
      await sleep(10);
    }
    throw new Error(`${proc.name} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms:\n${proc.output()}`);
  }

  /** SIGTERM to the process group, SIGKILL after the grace period. */
  async stop(proc: ManagedProcess, graceMs = 3000): Promise<void> {
    const entry = this.#running.get(proc.pid);
    if (!entry) return;
    signalGroup(proc.pid, "SIGTERM");
    const timer = setTimeout(() => signalGroup(proc.pid, "SIGKILL"), graceMs);
    await proc.exited;
    clearTimeout(timer);
    // A group member that outlived its leader (a server's own child) must not outlive the run.
    const until = performance.now() + graceMs;
    while (processGroupMembers(proc.pid).length > 0) {
      if (performance.now() > until) {
        signalGroup(proc.pid, "SIGKILL");
        break;
      }
      await sleep(10);
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#running.values()].map((e) => this.stop(e.proc)));
    process.removeListener("SIGINT", this.#onSignal);
    process.removeListener("SIGTERM", this.#onSignal);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs body with a supervisor and always stops what it started, also when body throws. */
export async function withSupervisor<T>(body: (s: Supervisor) => Promise<T>, maxProcesses?: number): Promise<T> {
  const supervisor = new Supervisor(maxProcesses);
  try {
    return await body(supervisor);
  } finally {
    await supervisor.stopAll();
  }
}
