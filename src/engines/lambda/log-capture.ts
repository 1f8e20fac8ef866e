// From a function process's stdout/stderr to log events. Like Lambda, every "\n"-terminated
// line is one event (runtimes turn a multi-line message into one line by using "\r").
// Events are batched and handed to the LogSink at the end of each phase, or shortly after
// they are written during a long invocation.
import { StringDecoder } from "node:string_decoder";
import type { Clock } from "../../shared/clock.js";
import type { LogEvent, LogOwner, LogSink } from "./types.js";

const PARTIAL_LINE_LIMIT = 256 * 1024;

/** Splits a byte stream into lines; each line is delivered with its "\n". */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private partial = "";

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    let text = this.decoder.write(chunk);
    if (this.partial) {
      text = this.partial + text;
      this.partial = "";
    }
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (nl < 0) break;
      this.onLine(text.slice(start, nl + 1));
      start = nl + 1;
    }
    if (start < text.length) {
      this.partial = text.slice(start);
      // A line that never ends is cut into events rather than held without bound.
      if (this.partial.length > PARTIAL_LINE_LIMIT) {
        this.onLine(`${this.partial}\n`);
        this.partial = "";
      }
    }
  }

  /** Delivers a trailing unterminated line (the process wrote it without "\n"). */
  flushPartial(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = "";
    if (rest) this.onLine(`${rest}\n`);
  }
}

const FLUSH_DELAY_MS = 200;
/** A chatty function is flushed early so Nimbus never holds much of its output. */
const FLUSH_EVENTS = 1000;
const FLUSH_BYTES = 1024 * 1024;
/** CloudWatch Logs' largest event is 256 KB (including 26 bytes of overhead). */
export const MAX_EVENT_BYTES = 256 * 1024 - 26;

/** One log stream: batches events and appends them to the sink. */
export class LogStreamWriter {
  private pending: LogEvent[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: LogSink,
    private readonly clock: Clock,
    readonly logGroup: string,
    readonly logStream: string,
    private readonly owner?: LogOwner,
  ) {}

  write(message: string): void {
    if (message.length > MAX_EVENT_BYTES / 4 && Buffer.byteLength(message) > MAX_EVENT_BYTES) {
      message = Buffer.from(message).subarray(0, MAX_EVENT_BYTES).toString("utf8");
    }
    this.pending.push({ timestamp: this.clock.now(), message });
    this.pendingBytes += message.length;
    if (this.pending.length >= FLUSH_EVENTS || this.pendingBytes >= FLUSH_BYTES) return this.flush();
    // A timer still armed from an earlier write flushes these too (sooner than FLUSH_DELAY_MS).
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, FLUSH_DELAY_MS);
      this.timer.unref();
    }
  }

  /**
   * Hands the pending events to the sink. The timer is left to run out rather than cleared: the
   * environment flushes after every invocation, and a timer set and cleared each time is measurable.
   */
  flush(): void {
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.sink.append(this.logGroup, this.logStream, events, this.owner);
  }
}

/** The end of an invocation's log, kept small however much the function writes (LogType=Tail). */
export class TailBuffer {
  private lines: string[] = [];
  private bytes = 0;

  constructor(private readonly keepBytes = 8192) {}

  push(line: string): void {
    this.lines.push(line);
    this.bytes += Buffer.byteLength(line);
    while (this.bytes > this.keepBytes && this.lines.length > 1) this.bytes -= Buffer.byteLength(this.lines.shift()!);
  }

  get contents(): readonly string[] {
    return this.lines;
  }
}
