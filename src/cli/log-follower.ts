// Reading a log group as `nimbus logs` prints it: every stream's events in time order, then,
// with --follow, new events as they arrive. FilterLogEvents is polled with a start time that
// moves forward as events are seen, kept LATE_EVENT_WINDOW_MS behind the newest one: an event
// is stored shortly after its timestamp (function output is batched for up to 200 ms, and two
// environments' batches land in either order), so a cursor at the newest timestamp would skip
// a slightly older event stored late. Events seen inside the window are recognised by eventId
// and printed once.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html

/** The fields of a FilteredLogEvent that are printed. */
export interface TailedEvent {
  eventId: string;
  timestamp: number;
  logStreamName: string;
  message: string;
}

/** One FilterLogEvents call: events at or after startTime (time order), and the next page's token. */
export type FetchLogPage = (startTime: number, nextToken: string | undefined) => Promise<{ events: TailedEvent[]; nextToken?: string }>;

/** How far behind the newest event the next poll starts. */
export const LATE_EVENT_WINDOW_MS = 5_000;

export class LogFollower {
  private cursor: number;
  private newest = Number.NEGATIVE_INFINITY;
  /** eventId -> timestamp of the events at or after the cursor that were already handed out. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly fetchPage: FetchLogPage,
    since: number,
    private readonly windowMs = LATE_EVENT_WINDOW_MS,
  ) {
    this.cursor = since;
  }

  /** Reads every page from the cursor on and hands each event not seen before to `onEvent`. */
  async poll(onEvent: (event: TailedEvent) => void): Promise<void> {
    let token: string | undefined;
    do {
      const page = await this.fetchPage(this.cursor, token);
      for (const event of page.events) {
        if (this.seen.has(event.eventId)) continue;
        this.seen.set(event.eventId, event.timestamp);
        if (event.timestamp > this.newest) this.newest = event.timestamp;
        onEvent(event);
      }
      token = page.nextToken;
      // Pages of one call never repeat an event: only what the next poll can see again is kept,
      // so a first read of days of logs holds no more than the window's ids.
      this.forgetBefore(this.newest - this.windowMs);
    } while (token !== undefined);
    this.cursor = Math.max(this.cursor, this.newest - this.windowMs);
  }

  private forgetBefore(time: number): void {
    if (time <= this.cursor) return;
    for (const [id, timestamp] of this.seen) if (timestamp < time) this.seen.delete(id);
  }
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * --since as `aws logs tail` takes it: a relative time ("30s", "10m", "2h", "1d", "1w") before
 * `now`, or an ISO 8601 date/time. Undefined when the text is neither.
 */
export function parseSince(text: string, now: number): number | undefined {
  const relative = /^(\d+)\s*([smhdw])$/i.exec(text.trim());
  if (relative) return now - Number(relative[1]) * UNIT_MS[relative[2]!.toLowerCase()]!;
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : at;
}

/** One printed line per event; the event's own trailing newline is dropped. */
export function formatEvent(event: TailedEvent, format: "detailed" | "short" | "json"): string {
  const message = event.message.endsWith("\n") ? event.message.slice(0, -1) : event.message;
  const time = new Date(event.timestamp).toISOString();
  if (format === "json") return JSON.stringify({ timestamp: time, logStreamName: event.logStreamName, message });
  if (format === "short") return `${time} ${message}`;
  return `${time} ${event.logStreamName} ${message}`;
}
