// Lambda enforces MemorySize with a cgroup: a function that goes over is killed and the
// invocation fails with Runtime.OutOfMemory. Nimbus cannot rely on cgroups (no root, no
// delegation), so a watchdog samples the runtime's resident size while it initialises or
// runs an invocation and kills the environment when it exceeds the limit. Idle
// environments are not sampled. Samples also give "Max Memory Used" when the process is gone.
import { ProcStatus } from "./process-control.js";

export class MemoryWatchdog {
  private timer: NodeJS.Timeout | undefined;
  /** Sampling wanted (init or an invocation running); the interval stops at its next tick otherwise. */
  private active = false;
  private readonly status: ProcStatus;
  /** Highest resident size seen, KiB. */
  peakKb = 0;

  constructor(
    pid: number,
    private readonly limitKb: number,
    private readonly intervalMs: number,
    private readonly onExceeded: (residentKb: number) => void,
  ) {
    this.status = new ProcStatus(pid);
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
  }

  /** Peak resident size in MiB: the kernel's high-water mark while alive, else the samples. */
  peakMb(): number {
    const kb = this.status.field("VmHWM") ?? this.peakKb;
    if (kb > this.peakKb) this.peakKb = kb;
    return Math.ceil(this.peakKb / 1024);
  }

  private tick(): void {
    if (!this.active) {
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    const kb = this.status.field("VmRSS");
    if (kb === undefined) return;
    if (kb > this.peakKb) this.peakKb = kb;
    if (kb > this.limitKb) {
      this.close();
      this.onExceeded(kb);
    }
  }
}
