// Lambda enforces MemorySize with a cgroup: a function that goes over is killed and the
// invocation fails with Runtime.OutOfMemory. Nimbus cannot rely on cgroups (no root, no
// delegation), so a watchdog samples the runtime's resident size while it initialises or
// runs an invocation and kills the environment when it exceeds the limit. Idle
// environments are not sampled. Samples also give "Max Memory Used" when the process is gone.
import { ProcStatm, ProcStatus } from "./process-control.js";

const SHORT_INVOCATION_MS = 10;
const REREAD_MS = 100;

export class MemoryWatchdog {
  private timer: NodeJS.Timeout | undefined;
  /** Sampling wanted (init or an invocation running); the interval stops at its next tick otherwise. */
  private active = false;
  private readonly status: ProcStatus;
  private readonly statm: ProcStatm;
  /** Highest resident size seen, KiB. */
  peakKb = 0;
  /** When VmHWM was last read (performance.now()); -Infinity: never. */
  private readAt = -Infinity;

  constructor(
    pid: number,
    private readonly limitKb: number,
    private readonly intervalMs: number,
    private readonly onExceeded: (residentKb: number) => void,
  ) {
    this.status = new ProcStatus(pid);
    this.statm = new ProcStatm(pid);
  }

  start(): void {
    this.active = true;
    if (this.timer || this.intervalMs <= 0) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /**
   * Stops sampling. The interval itself ends at its next tick unless start() came first: under
   * load an environment runs invocations back to back, and an interval created and cleared per
   * invocation is measurable.
   */
  stop(): void {
    this.active = false;
  }

  /** The process is gone: no more readings. */
  close(): void {
    this.active = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.status.close();
    this.statm.close();
  }

  /**
   * Peak resident size in MiB for the REPORT line of an invocation that lasted `durationMs`: the
   * kernel's high-water mark (VmHWM) while the process is alive, else the samples. Generating
   * /proc/<pid>/status costs ~20 µs of kernel time, a measured share of a hello-world
   * invocation under load, so back-to-back short invocations reuse the last reading: one that
   * ran under SHORT_INVOCATION_MS cannot have grown the process by a reportable amount, and the
   * mark is read again at least every REREAD_MS and after every longer invocation. The samples
   * read the much cheaper statm (process-control.ts).
   */
  peakMb(durationMs = Infinity): number {
    const now = performance.now();
    if (durationMs >= SHORT_INVOCATION_MS || now - this.readAt >= REREAD_MS) {
      this.readAt = now;
      const kb = this.status.field("VmHWM") ?? this.peakKb;
      if (kb > this.peakKb) this.peakKb = kb;
    }
    return Math.ceil(this.peakKb / 1024);
  }

  private tick(): void {
    if (!this.active) {
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    const kb = this.statm.residentKb();
    if (kb === undefined) return;
    if (kb > this.peakKb) this.peakKb = kb;
    if (kb > this.limitKb) {
      this.close();
      this.onExceeded(kb);
    }
  }
}
