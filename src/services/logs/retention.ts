// Log group retention: the values PutRetentionPolicy accepts, and the sweeper that deletes
// events once they are older than their group's retention.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
import type { Clock, TimerHandle } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import { invalidParameter } from "./errors.js";
import type { LogsStore } from "./store.js";

export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const DAY_MS = 86_400_000;

/** Refuses a retention outside AWS's list, with the enum constraint message AWS's validation gives. */
export function checkRetentionDays(days: number): void {
  if (!(RETENTION_DAYS as readonly number[]).includes(days)) {
    throw invalidParameter(
      `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(", ")}]`,
    );
  }
}

/**
 * Deletes expired events on a timer of the injected clock. AWS deletes expired events within
 * 72 hours; Nimbus checks every `intervalMs` (an hour by default).
 */
export class RetentionSweeper {
  private timer?: TimerHandle;
  private running?: Promise<number>;

  constructor(
    private readonly store: LogsStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly intervalMs = 3_600_000,
  ) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      void this.sweep()
        .catch((err: unknown) => this.logger.error({ err }, "logs retention sweep failed"))
        .finally(() => {
          if (this.timer) this.schedule();
        });
    }, this.intervalMs);
  }

  /** The sweep under way, if any (tests await it after moving a fake clock). */
  get current(): Promise<number> | undefined {
    return this.running;
  }

  /** Deletes every event older than its group's retention; returns how many went. */
  sweep(): Promise<number> {
    this.running ??= this.sweepOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweepOnce(): Promise<number> {
    const now = this.clock.now();
    let deleted = 0;
    for (const group of await this.store.groupsWithRetention()) {
      deleted += await this.store.events.deleteBefore(group.id, now - group.retentionDays * DAY_MS);
    }
    if (deleted > 0) this.logger.debug({ deleted }, "logs retention sweep");
    return deleted;
  }
}
