// Function processes as the OS sees them: spawning each environment in its own process group
// (so the function's children die with it), resource limits, and memory readings from /proc.
//
// Limits (documented in docs/lambda-engine.md):
// - RLIMIT_FSIZE = the function's ephemeral storage, set with util-linux `prlimit` as an exec
//   wrapper: no single file can outgrow the storage (writes fail with EFBIG).
// - RLIMIT_AS for Python only (Node reserves far more address space than it uses), as a
//   backstop well above the memory size; the memory watchdog (environment.ts) enforces the
//   memory size itself on resident memory, as Lambda's cgroup does.
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, closeSync, constants, openSync, readSync } from "node:fs";
import { delimiter, join } from "node:path";

export interface ResourceLimits {
  fileSizeBytes?: number;
  addressSpaceBytes?: number;
}

export interface LaunchPlan {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  limits: ResourceLimits;
  /** Give the process a socket pair end as descriptor 3 (runtime-channel.ts), for our own bootstraps. */
  channel?: boolean;
}

/** util-linux helpers that exec the runtime with limits applied (the pid stays the runtime's). */
export interface ExecWrappers {
  prlimit?: string;
  /** setpriv --pdeathsig: the runtime is killed if Nimbus dies without cleaning up (even frozen). */
  setpriv?: string;
}

/**
 * Starts the process as the leader of a new process group, stdout/stderr piped, and with
 * plan.channel a UNIX socket pair end as descriptor 3 (Node's stdio "pipe" beyond index 2 is a
 * bidirectional socket; setpriv and prlimit exec the runtime, so it inherits the descriptor).
 */
export function spawnInGroup(plan: LaunchPlan, wrappers: ExecWrappers): ChildProcess {
  let command = plan.command;
  let args = plan.args;
  if (wrappers.setpriv) {
    args = ["--pdeathsig", "SIGKILL", "--", command, ...args];
    command = wrappers.setpriv;
  }
  const limitArgs: string[] = [];
  if (plan.limits.fileSizeBytes !== undefined) limitArgs.push(`--fsize=${plan.limits.fileSizeBytes}`);
  if (plan.limits.addressSpaceBytes !== undefined) limitArgs.push(`--as=${plan.limits.addressSpaceBytes}`);
  if (wrappers.prlimit && limitArgs.length > 0) {
    args = [...limitArgs, "--", command, ...args];
    command = wrappers.prlimit;
  }
  return spawn(command, args, {
    cwd: plan.cwd,
    env: plan.env,
    detached: true,
    stdio: plan.channel ? ["ignore", "pipe", "pipe", "pipe"] : ["ignore", "pipe", "pipe"],
  });
}

/** SIGKILLs the whole process group; harmless when it is already gone. */
export function killProcessGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/** SIGSTOPs the process group (Lambda freezes idle environments); false when it is gone. */
export function freezeProcessGroup(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(-pid, "SIGSTOP");
    return true;
  } catch {
    return false;
  }
}

export function thawProcessGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, "SIGCONT");
  } catch {
    // Already gone.
  }
}

/**
 * /proc/<pid>/status kept open: each reading is one pread at offset 0 (the kernel regenerates the
 * text for every read from the start), instead of an open, read and close per reading. The REPORT
 * line reads VmHWM after every invocation, so this is on the hot path. The descriptor names the
 * process itself: once it is gone, readings fail rather than see a reused pid.
 */
export class ProcStatus {
  private fd: number | undefined;
  private closed = false;
  private readonly buf = Buffer.allocUnsafe(4096);

  constructor(private readonly pid: number) {}

  /** A "Name:   123 kB" field of the status file, in KiB; undefined where unavailable. */
  field(name: string): number | undefined {
    return this.fields([name])[0];
  }

  /** Several fields from one reading of the status file (one pread for all of them). */
  fields(names: readonly string[]): (number | undefined)[] {
    const length = this.read();
    return names.map((name) => (length < 0 ? undefined : this.parse(name, length)));
  }

  /** Reads the file from its start; the length read, or -1 when the process is gone. */
  private read(): number {
    if (this.fd === undefined) {
      if (this.closed || !this.pid) return -1;
      try {
        this.fd = openSync(`/proc/${this.pid}/status`, "r");
      } catch {
        this.closed = true;
        return -1;
      }
    }
    try {
      return readSync(this.fd, this.buf, 0, this.buf.length, 0);
    } catch {
      return -1;
    }
  }

  private parse(name: string, length: number): number | undefined {
    const at = this.buf.indexOf(needle(name));
    if (at < 0 || at >= length) return undefined;
    let i = at + name.length + 2;
    while (i < length && (this.buf[i] === 0x20 || this.buf[i] === 0x09)) i++;
    let value = 0;
    let digits = 0;
    for (; i < length; i++, digits++) {
      const c = this.buf[i]!;
      if (c < 0x30 || c > 0x39) break;
      value = value * 10 + (c - 0x30);
    }
    return digits > 0 ? value : undefined;
  }

  close(): void {
    this.closed = true;
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed.
    }
    this.fd = undefined;
  }
}

const needles = new Map<string, Buffer>();
/** "\nName:" as bytes, made once per field name. */
function needle(name: string): Buffer {
  let bytes = needles.get(name);
  if (!bytes) needles.set(name, (bytes = Buffer.from(`\n${name}:`)));
  return bytes;
}

/** Locates an executable on PATH (or returns undefined). */
export function findExecutable(name: string, path = process.env.PATH ?? ""): string | undefined {
  for (const dir of [...path.split(delimiter), "/usr/bin", "/bin", "/usr/sbin", "/sbin"]) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Keep looking.
    }
  }
  return undefined;
}
