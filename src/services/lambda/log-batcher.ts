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
  /** Streams with events waiting, in the order their first event came. */
  private pending: StreamBatch[] = [];
  /**
   * The pending streams by stream name. Callers pass the same name string for a stream every
   * time (an environment's writer holds it), and V8 keeps a string's hash: looking it up costs
   * less than building and hashing "account\nregion\ngroup\nstream" on every invocation. Names
   * shared by several groups (a caller's own naming) fall back to the full key.
   */
  private byStream = new Map<string, StreamBatch>();
  private byFullKey = new Map<string, StreamBatch>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly append: AppendBatches,
    private readonly onError: (err: unknown, logGroups: string[]) => void,
  ) {}

  add(owner: LogOwner, logGroup: string, logStream: string, events: readonly LogEvent[]): void {
    if (events.length === 0) return;
    const stream = this.streamFor(owner, logGroup, logStream);
    for (const e of events) stream.events.push(e);
    if (stream.events.length >= FLUSH_EVENTS) {
      this.forget(stream);
      this.write([stream]);
    }
    // Wall time, not the injected clock: this is I/O batching, not behaviour a test moves time for.
    if (!this.timer && this.pending.length > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.writePending();
      }, FLUSH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  private streamFor(owner: LogOwner, logGroup: string, logStream: string): StreamBatch {
    const named = this.byStream.get(logStream);
    if (named && named.logGroupName === logGroup && named.accountId === owner.accountId && named.region === owner.region) return named;
    const key = `${owner.accountId}\n${owner.region}\n${logGroup}\n${logStream}`;
    let stream = this.byFullKey.get(key);
    if (!stream) {
      stream = { accountId: owner.accountId, region: owner.region, logGroupName: logGroup, logStreamName: logStream, events: [] };
      this.byFullKey.set(key, stream);
      if (!named) this.byStream.set(logStream, stream);
      this.pending.push(stream);
    }
    return stream;
  }

  /** Takes one stream out of the pending set (it is written on its own). */
  private forget(stream: StreamBatch): void {
    this.pending.splice(this.pending.indexOf(stream), 1);
    if (this.byStream.get(stream.logStreamName) === stream) this.byStream.delete(stream.logStreamName);
    this.byFullKey.delete(`${stream.accountId}\n${stream.region}\n${stream.logGroupName}\n${stream.logStreamName}`);
  }

  /** Writes everything buffered and resolves once every write so far has finished. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.writePending();
    await Promise.all([...this.inFlight]);
  }

  private writePending(): void {
    if (this.pending.length === 0) return;
    const streams = this.pending;
    this.pending = [];
    this.byStream = new Map();
    this.byFullKey = new Map();
    this.write(streams);
  }

  private write(streams: StreamBatch[]): void {
    const done = this.append(streams)
      .catch((err) => this.onError(err, [...new Set(streams.map((s) => s.logGroupName))]))
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }
}
