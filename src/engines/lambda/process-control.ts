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
 * A /proc file of a process kept open: each reading is one pread at offset 0 (the kernel
 * regenerates the text for every read from the start), instead of an open, read and close per
 * reading. The memory readings are on the hot path (the watchdog samples every running
 * environment, REPORT reads the high-water mark). The descriptor names the process itself: once
 * it is gone, readings fail rather than see a reused pid.
 */
class ProcFile {
  private fd: number | undefined;
  private closed = false;
  readonly buf = Buffer.allocUnsafe(4096);

  constructor(private readonly path: string | undefined) {}

  /** Reads the file from its start; the length read, or -1 when the process is gone. */
  read(): number {
    if (this.fd === undefined) {
      if (this.closed || !this.path) return -1;
      try {
        this.fd = openSync(this.path, "r");
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

/** /proc/<pid>/status: named fields such as VmHWM (the peak resident size). */
export class ProcStatus {
  private readonly file: ProcFile;

  constructor(pid: number) {
    this.file = new ProcFile(pid ? `/proc/${pid}/status` : undefined);
  }

  /** A "Name:   123 kB" field of the status file, in KiB; undefined where unavailable. */
  field(name: string): number | undefined {
    const length = this.file.read();
    return length < 0 ? undefined : parseField(this.file.buf, name, length);
  }

  close(): void {
    this.file.close();
  }
}

/**
 * /proc/<pid>/statm: sizes in pages. Its resident size is what the watchdog samples: the kernel
 * generates these few numbers in ~3 µs against ~17 µs for the whole status text (measured here),
 * and under load every running environment is sampled 20 times a second.
 */
export class ProcStatm {
  private readonly file: ProcFile;

  constructor(pid: number) {
    this.file = new ProcFile(pid ? `/proc/${pid}/statm` : undefined);
  }

  /** The resident size in KiB (statm's second number); undefined where unavailable. */
  residentKb(): number | undefined {
    const length = this.file.read();
    if (length < 0) return undefined;
    const buf = this.file.buf;
    let i = 0;
    while (i < length && buf[i] !== 0x20) i++; // skip the total size
    let pages = 0;
    let digits = 0;
    for (i++; i < length; i++, digits++) {
      const c = buf[i]!;
      if (c < 0x30 || c > 0x39) break;
      pages = pages * 10 + (c - 0x30);
    }
    return digits > 0 ? pages * pageSizeKb() : undefined;
  }

  close(): void {
    this.file.close();
  }
}

let pageKb: number | undefined;
/** The kernel's page size in KiB, read once from this process's first mapping in /proc/self/smaps. */
function pageSizeKb(): number {
  if (pageKb === undefined) {
    const file = new ProcFile("/proc/self/smaps");
    const length = file.read();
    file.close();
    const found = length > 0 ? /KernelPageSize:\s+(\d+) kB/.exec(file.buf.toString("latin1", 0, length)) : null;
    pageKb = found ? Number(found[1]) : 4;
  }
  return pageKb;
}

function parseField(buf: Buffer, name: string, length: number): number | undefined {
  const at = buf.indexOf(needle(name));
  if (at < 0 || at >= length) return undefined;
  let i = at + name.length + 2;
  while (i < length && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
  let value = 0;
  let digits = 0;
  for (; i < length; i++, digits++) {
    const c = buf[i]!;
    if (c < 0x30 || c > 0x39) break;
    value = value * 10 + (c - 0x30);
  }
  return digits > 0 ? value : undefined;
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
