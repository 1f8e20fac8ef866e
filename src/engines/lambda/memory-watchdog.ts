// Lambda enforces MemorySize with a cgroup: a function that goes over is killed and the
// invocation fails with Runtime.OutOfMemory. Nimbus cannot rely on cgroups (no root, no
// delegation), so a watchdog samples the runtime's resident size while it initialises or
// runs an invocation and kills the environment when it exceeds the limit. Idle
// environments are not sampled. Samples also give "Max Memory Used" when the process is gone.
import { peakResidentKb, residentKb } from "./process-control.js";

export class MemoryWatchdog {
  private timer: NodeJS.Timeout | undefined;
  /** Highest resident size seen, KiB. */
  peakKb = 0;

  constructor(
    private readonly pid: number,
    private readonly limitKb: number,
    private readonly intervalMs: number,
    private readonly onExceeded: (residentKb: number) => void,
  ) {}

  start(): void {
    if (this.timer || this.intervalMs <= 0) return;
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Peak resident size in MiB: the kernel's high-water mark while alive, else the samples. */
  peakMb(): number {
    const kb = peakResidentKb(this.pid) ?? this.peakKb;
    if (kb > this.peakKb) this.peakKb = kb;
    return Math.ceil(this.peakKb / 1024);
  }

  private sample(): void {
    const kb = residentKb(this.pid);
    if (kb === undefined) return;
    if (kb > this.peakKb) this.peakKb = kb;
    if (kb > this.limitKb) {
      this.stop();
      this.onExceeded(kb);
    }
  }
}
