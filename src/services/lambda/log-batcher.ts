// Function log events on their way to CloudWatch Logs, gathered per log stream and written
// every FLUSH_INTERVAL_MS in one call (one store transaction) for all streams, or sooner for a
// stream once it holds FLUSH_EVENTS events. Writing each invocation's START/END/REPORT lines in a
// transaction of its own, and then each stream's, was a measured share of an invocation's CPU
// cost (each warm environment writes its own stream, so per-stream batches held one or two
// invocations); CloudWatch Logs itself makes events searchable seconds after they are emitted,
// so a few milliseconds of delay changes nothing a client can rely on. LogType=Tail does not go
// through here.
import type { LogEvent, LogOwner } from "../../engines/lambda/index.js";

/** The events of one log stream. */
export interface StreamBatch {
  accountId: string;
  region: string;
  logGroupName: string;
  logStreamName: string;
  events: LogEvent[];
}

/** Where batches go: CloudWatch Logs' in-process ingest API (all stored together or none). */
export type AppendBatches = (batches: StreamBatch[]) => Promise<void>;

const FLUSH_INTERVAL_MS = 25;
const FLUSH_EVENTS = 1000;

export class LogBatcher {
  private pending = new Map<string, StreamBatch>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly append: AppendBatches,
    private readonly onError: (err: unknown, logGroups: string[]) => void,
  ) {}

  add(owner: LogOwner, logGroup: string, logStream: string, events: readonly LogEvent[]): void {
    if (events.length === 0) return;
    const key = `${owner.accountId}\n${owner.region}\n${logGroup}\n${logStream}`;
    let stream = this.pending.get(key);
    if (!stream) {
      stream = { accountId: owner.accountId, region: owner.region, logGroupName: logGroup, logStreamName: logStream, events: [] };
      this.pending.set(key, stream);
    }
    for (const e of events) stream.events.push(e);
    if (stream.events.length >= FLUSH_EVENTS) {
      this.pending.delete(key);
      this.write([stream]);
    }
    // Wall time, not the injected clock: this is I/O batching, not behaviour a test moves time for.
    if (!this.timer && this.pending.size > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.writePending();
      }, FLUSH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** Writes everything buffered and resolves once every write so far has finished. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.writePending();
    await Promise.all([...this.inFlight]);
  }

  private writePending(): void {
    if (this.pending.size === 0) return;
    const streams = [...this.pending.values()];
    this.pending = new Map();
    this.write(streams);
  }

  private write(streams: StreamBatch[]): void {
    const done = this.append(streams)
      .catch((err) => this.onError(err, [...new Set(streams.map((s) => s.logGroupName))]))
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }
}
