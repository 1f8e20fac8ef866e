// From a function process's stdout/stderr to log events. Like Lambda, every "\n"-terminated
// line is one event (runtimes turn a multi-line message into one line by using "\r").
// Events are batched and handed to the LogSink at the end of each phase, or shortly after
// they are written during a long invocation.
import { StringDecoder } from "node:string_decoder";
import type { Clock } from "../../shared/clock.js";
import type { LogEvent, LogSink } from "./types.js";

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
    if (start < text.length) this.partial = text.slice(start);
  }

  /** Delivers a trailing unterminated line (the process wrote it without "\n"). */
  flushPartial(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = "";
    if (rest) this.onLine(`${rest}\n`);
  }
}

const FLUSH_DELAY_MS = 200;

/** One log stream: batches events and appends them to the sink. */
export class LogStreamWriter {
  private pending: LogEvent[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: LogSink,
    private readonly clock: Clock,
    readonly logGroup: string,
    readonly logStream: string,
  ) {}

  write(message: string): void {
    this.pending.push({ timestamp: this.clock.now(), message });
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_DELAY_MS);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.sink.append(this.logGroup, this.logStream, events);
  }
}
