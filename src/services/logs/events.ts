// PutLogEvents, GetLogEvents and FilterLogEvents.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
import type { RequestContext } from "../../aws/context.js";
import type {
  FilteredLogEvent,
  FilterLogEventsRequest,
  FilterLogEventsResponse,
  GetLogEventsRequest,
  GetLogEventsResponse,
  PutLogEventsRequest,
  PutLogEventsResponse,
} from "../../aws/generated/logs.js";
import type { Clock } from "../../shared/clock.js";
import { invalidParameter } from "./errors.js";
import { compileFilterPattern, FilterPatternError, type LogMessageMatcher } from "./filter-pattern/index.js";
import { requireGroup, requireGroupByRef, requireStream } from "./lookup.js";
import { classifyBatch, EVENT_OVERHEAD_BYTES, measureBatch } from "./put-batch.js";
import type { LogsStore, StoredEvent } from "./store.js";
import {
  backwardToken,
  decodeOpaqueToken,
  encodeOpaqueToken,
  eventId,
  forwardToken,
  parseStreamToken,
  sequenceToken,
  type EventPosition,
} from "./tokens.js";

export interface EventsDeps {
  store: LogsStore;
  clock: Clock;
}

/** Both read operations return at most 10,000 events and at most 1 MB of them by default. */
const MAX_EVENTS = 10_000;
const MAX_RESPONSE_BYTES = 1_048_576;
/** FilterLogEvents reads this many rows per query, and at most SCAN_BUDGET rows per call (then returns a token). */
const SCAN_BATCH = 1000;
const SCAN_BUDGET = 100_000;
/** The most stream ids bound into one query. */
const MAX_BOUND_STREAM_IDS = 500;

export async function putLogEvents({ store, clock }: EventsDeps, ctx: RequestContext, input: PutLogEventsRequest): Promise<PutLogEventsResponse> {
  const sizes = measureBatch(input.logEvents);
  const group = await requireGroup(store, ctx, input.logGroupName);
  const stream = await requireStream(store, group, input.logStreamName);
  const now = clock.now();
  const batch = classifyBatch(input.logEvents, now, group.retentionDays);
  const accepted = input.logEvents.slice(batch.start, batch.end);
  let bytes = 0;
  for (let i = batch.start; i < batch.end; i++) bytes += sizes[i]!;
  const lastSeq = (await store.events.append(stream, accepted, bytes, now)) ?? stream.lastSeq;
  return {
    ...(lastSeq !== null ? { nextSequenceToken: sequenceToken(lastSeq) } : {}),
    ...(batch.rejected ? { rejectedLogEventsInfo: batch.rejected } : {}),
  };
}

/** Keeps events up to the response size limit (message bytes plus the per-event overhead). */
function withinResponseSize(events: StoredEvent[], fromEnd: boolean): StoredEvent[] {
  let total = 0;
  const n = events.length;
  for (let k = 0; k < n; k++) {
    const e = events[fromEnd ? n - 1 - k : k]!;
    total += Buffer.byteLength(e.message, "utf8") + EVENT_OVERHEAD_BYTES;
    if (total > MAX_RESPONSE_BYTES) return fromEnd ? events.slice(n - k) : events.slice(0, k);
  }
  return events;
}

export async function getLogEvents({ store }: EventsDeps, ctx: RequestContext, input: GetLogEventsRequest): Promise<GetLogEventsResponse> {
  const group = await requireGroupByRef(store, ctx, input);
  const stream = await requireStream(store, group, input.logStreamName);
  const limit = input.limit ?? MAX_EVENTS;
  const range = { startTime: input.startTime, endTime: input.endTime };
  const token = input.nextToken !== undefined ? parseStreamToken(input.nextToken) : undefined;
  // Without a token, startFromHead picks the first page; with one, the token's direction wins.
  const direction = token ? (token.direction === "f" ? "forward" : "backward") : input.startFromHead ? "forward" : "backward";
  let events = await store.events.readStream(stream.id, range, { direction, from: token?.position, limit });
  events = withinResponseSize(events, direction === "backward");

  let forward: EventPosition;
  let backward: EventPosition;
  if (events.length > 0) {
    const first = events[0]!;
    const last = events[events.length - 1]!;
    forward = { time: last.time, seq: last.seq };
    backward = { time: first.time, seq: first.seq - 1 };
  } else {
    // Nothing (more) in this direction: AWS answers the token it was given, so callers stop.
    forward = backward = token?.position ?? { time: input.startTime ?? 0, seq: 0 };
  }
  return {
    events: events.map((e) => ({ timestamp: e.time, message: e.message, ingestionTime: e.ingestionTime })),
    nextForwardToken: forwardToken(forward),
    nextBackwardToken: backwardToken(backward),
  };
}

interface FilterToken {
  g: number;
  t: number;
  s: number;
}

const isFilterToken = (v: unknown): v is FilterToken =>
  typeof v === "object" && v !== null && [(v as FilterToken).g, (v as FilterToken).t, (v as FilterToken).s].every(Number.isSafeInteger);

function compilePattern(pattern: string | undefined): LogMessageMatcher {
  try {
    return compileFilterPattern(pattern);
  } catch (err) {
    if (err instanceof FilterPatternError) throw invalidParameter(err.message);
    throw err;
  }
}

export async function filterLogEvents({ store }: EventsDeps, ctx: RequestContext, input: FilterLogEventsRequest): Promise<FilterLogEventsResponse> {
  const group = await requireGroupByRef(store, ctx, input);
  if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
    throw invalidParameter("Cannot specify both logStreamNames and logStreamNamePrefix.");
  }
  const matches = compilePattern(input.filterPattern);
  const limit = input.limit ?? MAX_EVENTS;
  let after: EventPosition | undefined;
  if (input.nextToken !== undefined) {
    const t = decodeOpaqueToken(input.nextToken, isFilterToken);
    if (t.g !== group.id) throw invalidParameter("The specified nextToken is invalid.");
    after = { time: t.t, seq: t.s };
  }

  const names = await store.streamNames(group.id);
  let streamIds: number[] | undefined;
  let keepStream: Set<number> | undefined;
  if (input.logStreamNames !== undefined || input.logStreamNamePrefix !== undefined) {
    const wanted = input.logStreamNames ? new Set(input.logStreamNames) : undefined;
    const prefix = input.logStreamNamePrefix;
    streamIds = [...names].filter(([, name]) => (wanted ? wanted.has(name) : name.startsWith(prefix!))).map(([id]) => id);
    if (streamIds.length === 0) return { events: [], searchedLogStreams: [] };
    // A prefix may select thousands of streams: past a few hundred, filter rows here rather
    // than binding every id (databases cap the parameters of one statement).
    if (streamIds.length > MAX_BOUND_STREAM_IDS) {
      keepStream = new Set(streamIds);
      streamIds = undefined;
    }
  }

  const events: FilteredLogEvent[] = [];
  let bytes = 0;
  let scanned = 0;
  let more = false;
  for (;;) {
    const rows = await store.events.scanGroup(group.id, { streamIds, startTime: input.startTime, endTime: input.endTime, after, limit: SCAN_BATCH });
    let stoppedEarly = false;
    for (const row of rows) {
      if ((!keepStream || keepStream.has(row.streamId)) && matches(row.message)) {
        const size = Buffer.byteLength(row.message, "utf8") + EVENT_OVERHEAD_BYTES;
        if (events.length >= limit || bytes + size > MAX_RESPONSE_BYTES) {
          // The next page starts at this event.
          after = { time: row.time, seq: row.seq - 1 };
          stoppedEarly = true;
          break;
        }
        bytes += size;
        events.push({ logStreamName: names.get(row.streamId) ?? "", timestamp: row.time, message: row.message, ingestionTime: row.ingestionTime, eventId: eventId(row.time, row.seq) });
      }
      after = { time: row.time, seq: row.seq };
    }
    scanned += rows.length;
    if (stoppedEarly) {
      more = true;
      break;
    }
    if (rows.length < SCAN_BATCH) break;
    // A page may come back partly full, or empty, with a token: AWS documents both.
    if (scanned >= SCAN_BUDGET || events.length >= limit) {
      more = true;
      break;
    }
  }
  return {
    events,
    // Deprecated since May 2020: AWS always answers an empty list.
    searchedLogStreams: [],
    ...(more && after ? { nextToken: encodeOpaqueToken({ g: group.id, t: after.time, s: after.seq }) } : {}),
  };
}
