// Function log events on their way to CloudWatch Logs, gathered per log stream and written
// in one call (one store transaction) per stream every FLUSH_INTERVAL_MS, or sooner once a
// stream holds FLUSH_EVENTS events. Writing each invocation's START/END/REPORT lines in a
// transaction of its own was a measured share of an invocation's CPU cost; CloudWatch Logs
// itself makes events searchable seconds after they are emitted, so a few milliseconds of
// delay changes nothing a client can rely on. LogType=Tail does not go through here.
import type { LogEvent, LogOwner } from "../../engines/lambda/index.js";

/** Where a batch goes: CloudWatch Logs' in-process ingest API. */
export type AppendEvents = (accountId: string, region: string, logGroup: string, logStream: string, events: LogEvent[]) => Promise<void>;

const FLUSH_INTERVAL_MS = 25;
const FLUSH_EVENTS = 1000;

interface PendingStream {
  owner: LogOwner;
  logGroup: string;
  logStream: string;
  events: LogEvent[];
}

export class LogBatcher {
  private pending = new Map<string, PendingStream>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly append: AppendEvents,
    private readonly onError: (err: unknown, logGroup: string) => void,
  ) {}

  add(owner: LogOwner, logGroup: string, logStream: string, events: readonly LogEvent[]): void {
    if (events.length === 0) return;
    const key = `${owner.accountId}\n${owner.region}\n${logGroup}\n${logStream}`;
    let stream = this.pending.get(key);
    if (!stream) {
      stream = { owner, logGroup, logStream, events: [] };
      this.pending.set(key, stream);
    }
    for (const e of events) stream.events.push(e);
    if (stream.events.length >= FLUSH_EVENTS) {
      this.pending.delete(key);
      this.write(stream);
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
    const streams = this.pending;
    this.pending = new Map();
    for (const stream of streams.values()) this.write(stream);
  }

  private write(stream: PendingStream): void {
    const done = this.append(stream.owner.accountId, stream.owner.region, stream.logGroup, stream.logStream, stream.events)
      .catch((err) => this.onError(err, stream.logGroup))
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }
}
