// The SQLite fast path of a log flush (see LogEventStore.appendDirect): every event of every
// stream in a few multi-row INSERTs, and every stream's totals in one UPDATE ... FROM (VALUES ...)
// per STREAMS_PER_UPDATE streams, run as SQL compiled once on the connection (ServiceDb.direct).
//
// Why whole-flush statements: a statement's fixed cost (binding, opening the table's and its two
// indexes' cursors, and AUTOINCREMENT's read and write of sqlite_sequence,
// https://www.sqlite.org/autoinc.html) was as large as several rows' worth of inserting. Measured
// with bench/logs-ingest.ts (16 streams, in-memory SQLite, CPU per invocation's 3 events, medians
// of 7 alternating rounds): one invocation per stream and flush 17.0 -> 12.3 µs, four 12.6 -> 10.2
// µs, ten 11.0 -> 9.7 µs; on a database file, four per flush, 20.9 -> 18.2 µs.
import type { DirectSql } from "../../storage/types.js";
import type { NewEvent } from "./rows.js";

/** A stream of the flush, by its ids, with its events (sorted) and their UTF-8 size. */
export interface DirectTarget {
  streamId: number;
  groupId: number;
  streamName: string;
  events: readonly NewEvent[];
  bytes: number;
}

/**
 * Rows per INSERT: up to 64, as whole sixteens and the rest, so that at most 19 statement texts
 * exist (1..15, 16, 32, 48, 64 rows) and a flush of up to 64 events takes at most two INSERTs.
 */
const ROWS_PER_INSERT = 64;
const ROW_STEP = 16;
/** Streams per UPDATE (texts for 1..16 streams). */
const STREAMS_PER_UPDATE = 16;

const PARAMETERS_PER_ROW = 5;

function lazyTexts(make: (n: number) => string): (n: number) => string {
  const texts: string[] = [];
  return (n) => (texts[n] ??= make(n));
}

const insertText = lazyTexts(
  (rows) => `insert or rollback into logs_events (stream_id, group_id, event_time, ingestion_time, message) values ${Array(rows).fill("(?, ?, ?, ?, ?)").join(", ")}`,
);

// Both statements say OR ROLLBACK: a failing statement ends the whole transaction (which the
// caller rolls back on any error anyway), so SQLite keeps no statement journal for them. With the
// default (ABORT) it saves every page a multi-row statement changes first, in memory up to 64 KiB
// and then in a temporary file: a flush's INSERT touches more than that, and on a database file it
// cost more than the statements saved (https://www.sqlite.org/tempfiles.html#stmtjrnl,
// https://www.sqlite.org/lang_conflict.html).
//
// UPDATE ... FROM (SQLite 3.33+): the VALUES columns are column1..column7. A stream matches on
// id, group and name, so an id that names another stream now cannot be written to.
const updateText = lazyTexts(
  (streams) => `update or rollback logs_streams set
  first_event_time = case when logs_streams.first_event_time is null or logs_streams.first_event_time > v.column4 then v.column4 else logs_streams.first_event_time end,
  last_event_time = case when logs_streams.last_event_time is null or logs_streams.last_event_time < v.column5 then v.column5 else logs_streams.last_event_time end,
  last_ingestion_time = ?,
  last_seq = v.column6,
  stored_bytes = logs_streams.stored_bytes + v.column7
  from (values ${Array(streams).fill("(?, ?, ?, ?, ?, ?, ?)").join(", ")}) as v
  where logs_streams.id = v.column1 and logs_streams.group_id = v.column2 and logs_streams.name = v.column3`,
);

/** How many rows the next INSERT takes of `left`. */
const nextChunk = (left: number) => (left >= ROWS_PER_INSERT ? ROWS_PER_INSERT : left >= ROW_STEP ? left - (left % ROW_STEP) : left);

/**
 * Inserts every target's events, in target order, and returns each target's highest event id.
 *
 * Ids: logs_events.id is an AUTOINCREMENT rowid and this runs inside a write transaction, so
 * SQLite numbers the rows of an INSERT consecutively, each one more than the largest id the
 * table has ever held (https://www.sqlite.org/autoinc.html): the id of the k-th row from the end
 * of a statement is its last inserted rowid minus k.
 */
export function insertEvents(q: DirectSql, targets: readonly DirectTarget[], now: number): number[] {
  let total = 0;
  for (const t of targets) total += t.events.length;
  const lastSeqs = new Array<number>(targets.length);
  let target = 0;
  let event = 0;
  let done = 0;
  while (done < total) {
    const rows = nextChunk(total - done);
    const parameters = new Array<unknown>(rows * PARAMETERS_PER_ROW);
    // Which targets end in this statement, and at which row of it.
    const ending: { target: number; row: number }[] = [];
    let p = 0;
    for (let row = 0; row < rows; row++) {
      let t = targets[target]!;
      while (event === t.events.length) {
        t = targets[++target]!;
        event = 0;
      }
      const e = t.events[event++]!;
      parameters[p++] = t.streamId;
      parameters[p++] = t.groupId;
      parameters[p++] = e.timestamp;
      parameters[p++] = now;
      parameters[p++] = e.message;
      if (event === t.events.length) ending.push({ target, row });
    }
    const lastId = q.insert(insertText(rows), parameters);
    for (const { target: t, row } of ending) lastSeqs[t] = lastId - (rows - 1 - row);
    done += rows;
  }
  return lastSeqs;
}

/**
 * Brings every target's first/last event time, last ingestion time, sequence number and stored
 * bytes up to date; false when a target's stream is gone (its UPDATE row matched nothing).
 */
export function updateStreams(q: DirectSql, targets: readonly DirectTarget[], lastSeqs: readonly number[], now: number): boolean {
  for (let start = 0; start < targets.length; start += STREAMS_PER_UPDATE) {
    const end = Math.min(targets.length, start + STREAMS_PER_UPDATE);
    const parameters: unknown[] = [now];
    for (let i = start; i < end; i++) {
      const t = targets[i]!;
      let minTime = Infinity;
      let maxTime = -Infinity;
      for (const e of t.events) {
        if (e.timestamp < minTime) minTime = e.timestamp;
        if (e.timestamp > maxTime) maxTime = e.timestamp;
      }
      parameters.push(t.streamId, t.groupId, t.streamName, minTime, maxTime, lastSeqs[i], t.bytes);
    }
    if (q.run(updateText(end - start), parameters) !== end - start) return false;
  }
  return true;
}
