// The rules a PutLogEvents batch must follow
// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html):
// - at most 1,048,576 bytes: the UTF-8 size of every message plus 26 bytes per event;
// - events in chronological order (otherwise the whole call fails);
// - events more than 2 hours in the future, older than 14 days, or older than the log group's
//   retention are rejected (reported in rejectedLogEventsInfo) while the others are stored;
// - the accepted events may not span more than 24 hours (otherwise the whole call fails).
// Sequence tokens are ignored, as AWS has ignored them since January 2023.
import { invalidParameter } from "./errors.js";

export const MAX_BATCH_BYTES = 1_048_576;
export const EVENT_OVERHEAD_BYTES = 26;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAX_FUTURE_MS = 2 * HOUR;
const MAX_AGE_MS = 14 * DAY;
const MAX_SPAN_MS = 24 * HOUR;

export interface InputLogEvent {
  timestamp: number;
  message: string;
}

export interface RejectedLogEventsInfo {
  tooNewLogEventStartIndex?: number;
  tooOldLogEventEndIndex?: number;
  expiredLogEventEndIndex?: number;
}

export interface ClassifiedBatch {
  /** The accepted events are events[start..end) (a contiguous run, since the batch is sorted). */
  start: number;
  end: number;
  rejected?: RejectedLogEventsInfo;
}

/**
 * Checks the batch's size and order (failing the whole call, as AWS does) and returns the UTF-8
 * size of each message, reused when the events are stored.
 */
export function measureBatch(events: readonly InputLogEvent[]): number[] {
  const sizes = new Array<number>(events.length);
  let total = 0;
  for (let i = 0; i < events.length; i++) {
    const size = Buffer.byteLength(events[i]!.message, "utf8");
    sizes[i] = size;
    const withOverhead = size + EVENT_OVERHEAD_BYTES;
    if (withOverhead > MAX_BATCH_BYTES) throw invalidParameter(`Log event too large: ${withOverhead} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
    total += withOverhead;
  }
  if (total > MAX_BATCH_BYTES) throw invalidParameter(`Upload too large: ${total} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.timestamp < events[i - 1]!.timestamp) {
      throw invalidParameter("Log events in a single PutLogEvents request must be in chronological order.");
    }
  }
  return sizes;
}

/** Splits a sorted batch into the accepted run and the rejected (too old, expired, too new) ends. */
export function classifyBatch(events: readonly InputLogEvent[], now: number, retentionDays: number | null): ClassifiedBatch {
  const tooOldBefore = now - MAX_AGE_MS;
  const expiredBefore = retentionDays === null ? -Infinity : now - retentionDays * DAY;
  const tooNewAfter = now + MAX_FUTURE_MS;
  const rejected: RejectedLogEventsInfo = {};
  let start = 0;
  while (start < events.length && (events[start]!.timestamp < tooOldBefore || events[start]!.timestamp < expiredBefore)) {
    if (events[start]!.timestamp < tooOldBefore) rejected.tooOldLogEventEndIndex = start;
    if (events[start]!.timestamp < expiredBefore) rejected.expiredLogEventEndIndex = start;
    start++;
  }
  let end = events.length;
  while (end > start && events[end - 1]!.timestamp > tooNewAfter) end--;
  if (end < events.length) rejected.tooNewLogEventStartIndex = end;

  if (end - start > 1 && events[end - 1]!.timestamp - events[start]!.timestamp > MAX_SPAN_MS) {
    throw invalidParameter("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
  }
  return { start, end, ...(Object.keys(rejected).length > 0 ? { rejected } : {}) };
}
