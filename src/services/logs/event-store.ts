// Log events: batched appends, index-ordered pages of one stream or of a whole group, and
// retention deletes. Events are ordered by (event_time, id); see schema.ts.
import { sql, type Insertable, type Kysely } from "kysely";
import type { ServiceDb } from "../../storage/types.js";
import { insertEvents, updateStreams, type DirectTarget } from "./direct-append.js";
import { insertGroupIfMissing, insertStreamIfMissing, nullableNumber, toEvent, type NewEvent, type StoredEvent } from "./rows.js";
import type { LogsDb } from "./schema.js";
import type { EventPosition } from "./tokens.js";

/** Rows per INSERT: 5 parameters each keeps far below SQLite's and PostgreSQL's parameter limits. */
const INSERT_CHUNK = 1000;

const EVENT_COLUMNS = ["id", "stream_id", "event_time", "ingestion_time", "message"] as const;

/** Streams per UPDATE: 7 parameters each. */
const UPDATE_CHUNK = 500;

/** Streams whose ids are remembered at most (a Lambda environment writes one stream). */
const MAX_REMEMBERED_STREAMS = 10_000;

/** Events for one stream, named, as the in-process ingest path hands them in (sorted). */
export interface IngestTarget {
  accountId: string;
  region: string;
  groupName: string;
  streamName: string;
  events: readonly NewEvent[];
  /** The events' UTF-8 size. */
  bytes: number;
}

interface StreamIds {
  streamId: number;
  groupId: number;
}

/** A remembered stream id names no stream any more. */
class StaleStream extends Error {}

const targetKey = (t: IngestTarget) => `${t.accountId}\n${t.region}\n${t.groupName}\n${t.streamName}`;

/** The stream's first/last event time, last ingestion time, sequence number and stored bytes after an append. */
function streamTotals(minTime: number, maxTime: number, now: number, lastSeq: number, bytes: number) {
  return {
    first_event_time: sql<number>`case when first_event_time is null or first_event_time > ${minTime} then ${minTime} else first_event_time end`,
    last_event_time: sql<number>`case when last_event_time is null or last_event_time < ${maxTime} then ${maxTime} else last_event_time end`,
    last_ingestion_time: now,
    last_seq: lastSeq,
    stored_bytes: sql<number>`stored_bytes + ${bytes}`,
  };
}

/** Targets naming the same stream as one, their events in the order given (one UPDATE row per stream). */
function mergeSameStream(targets: readonly IngestTarget[]): readonly IngestTarget[] {
  const byKey = new Map<string, IngestTarget>();
  for (const t of targets) {
    const key = targetKey(t);
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, events: [...seen.events, ...t.events], bytes: seen.bytes + t.bytes } : t);
  }
  return byKey.size === targets.length ? targets : [...byKey.values()];
}

/** The ids of a named stream, creating its group and the stream when missing. */
async function ensureStream(trx: Kysely<LogsDb>, target: IngestTarget, now: number): Promise<StreamIds> {
  const { accountId, region, groupName, streamName } = target;
  await insertGroupIfMissing(trx, { accountId, region, name: groupName, creationTime: now, logGroupClass: "STANDARD", deletionProtection: false });
  const group = await trx
    .selectFrom("logs_groups")
    .select("id")
    .where("account_id", "=", accountId)
    .where("region", "=", region)
    .where("name", "=", groupName)
    .executeTakeFirstOrThrow();
  const groupId = Number(group.id);
  await insertStreamIfMissing(trx, { groupId, accountId, region, name: streamName, creationTime: now });
  const stream = await trx.selectFrom("logs_streams").select("id").where("group_id", "=", groupId).where("name", "=", streamName).executeTakeFirstOrThrow();
  return { streamId: Number(stream.id), groupId };
}

export class LogEventStore {
  /** (account, region, group, stream) -> ids, for streams this store has written to. */
  private readonly streamIds = new Map<string, StreamIds>();

  constructor(private readonly sdb: ServiceDb<LogsDb>) {}

  private get db(): Kysely<LogsDb> {
    return this.sdb.db;
  }

  /**
   * Appends events (already validated and sorted) to a stream in one transaction: batched
   * inserts, then the stream's first/last event time, ingestion time, stored bytes and last
   * sequence number, which it returns.
   */
  async append(stream: { id: number; groupId: number }, events: readonly NewEvent[], bytes: number, now: number): Promise<number | undefined> {
    if (events.length === 0) return undefined;
    return this.sdb.transaction((trx) => this.appendWith(trx, stream.id, stream.groupId, events, bytes, now));
  }

  private async appendWith(db: Kysely<LogsDb>, streamId: number, groupId: number, events: readonly NewEvent[], bytes: number, now: number): Promise<number> {
    let minTime = Infinity;
    let maxTime = -Infinity;
    let lastSeq = 0;
    for (let start = 0; start < events.length; start += INSERT_CHUNK) {
      const end = Math.min(events.length, start + INSERT_CHUNK);
      const rows = new Array(end - start);
      for (let i = start; i < end; i++) {
        const e = events[i]!;
        if (e.timestamp < minTime) minTime = e.timestamp;
        if (e.timestamp > maxTime) maxTime = e.timestamp;
        rows[i - start] = { stream_id: streamId, group_id: groupId, event_time: e.timestamp, ingestion_time: now, message: e.message };
      }
      if (end === events.length) {
        // Only the last chunk's ids are needed: the highest is the stream's new sequence number.
        const ids = await db.insertInto("logs_events").values(rows).returning("id").execute();
        for (const r of ids) lastSeq = Math.max(lastSeq, Number(r.id));
      } else {
        await db.insertInto("logs_events").values(rows).execute();
      }
    }
    await db.updateTable("logs_streams").set(streamTotals(minTime, maxTime, now, lastSeq, bytes)).where("id", "=", streamId).execute();
    return lastSeq;
  }

  /**
   * Appends to streams named by account, region, group and stream, creating groups and streams
   * first when missing (as Lambda's log delivery does), all in one transaction: one INSERT for
   * every event of every target, then one UPDATE for every stream. A stream this store created or
   * found before is addressed by its remembered id; ids are never reused (schema.ts), so a
   * stream deleted since (DeleteLogStream, DeleteLogGroup, another node) shows as an update of
   * no row, and the batch is rolled back and written again with every stream looked up anew.
   */
  async appendEnsuringMany(given: readonly IngestTarget[], now: number): Promise<void> {
    if (given.length === 0) return;
    const targets = mergeSameStream(given);
    try {
      await this.appendTargets(targets, now);
    } catch (err) {
      if (!(err instanceof StaleStream)) throw err;
      for (const t of targets) this.streamIds.delete(targetKey(t));
      await this.appendTargets(targets, now);
    }
  }

  /** Forgets remembered stream ids (the tables were emptied; ids may start again). */
  forget(): void {
    this.streamIds.clear();
  }

  private async appendTargets(targets: readonly IngestTarget[], now: number): Promise<void> {
    if (await this.appendDirect(targets, now)) return;
    const found: [string, StreamIds][] = [];
    await this.sdb.transaction(async (trx) => {
      const located: { ids: StreamIds; target: IngestTarget }[] = [];
      for (const target of targets) {
        const key = targetKey(target);
        // A call without events still creates the group and the stream: look them up.
        let ids = target.events.length > 0 ? this.streamIds.get(key) : undefined;
        if (!ids) {
          ids = await ensureStream(trx, target, now);
          found.push([key, ids]);
        }
        if (target.events.length > 0) located.push({ ids, target });
      }
      await this.insertAndUpdate(trx, located, now);
    });
    if (this.streamIds.size + found.length > MAX_REMEMBERED_STREAMS) this.streamIds.clear();
    for (const [key, ids] of found) this.streamIds.set(key, ids);
  }

  /**
   * The common case on SQLite: every stream is remembered and has events (warm Lambda
   * environments' START/END/REPORT lines). Its statements run prepared on the connection
   * (ServiceDb.direct) without compiling SQL through Kysely per flush, which was a measured share
   * of an API Gateway -> Lambda request's CPU, and cover the whole flush (direct-append.ts).
   * Same rows, same totals, same stale-stream detection as insertAndUpdate. False when the
   * general path must run instead.
   */
  private async appendDirect(targets: readonly IngestTarget[], now: number): Promise<boolean> {
    const direct = this.sdb.direct;
    if (!direct) return false;
    const located: DirectTarget[] = [];
    for (const target of targets) {
      const ids = target.events.length > 0 ? this.streamIds.get(targetKey(target)) : undefined;
      if (!ids) return false;
      located.push({ streamId: ids.streamId, groupId: ids.groupId, streamName: target.streamName, events: target.events, bytes: target.bytes });
    }
    await direct.transaction(async (q) => {
      const lastSeqs = insertEvents(q, located, now);
      if (!updateStreams(q, located, lastSeqs, now)) throw new StaleStream();
    });
    return true;
  }

  private async insertAndUpdate(db: Kysely<LogsDb>, located: readonly { ids: StreamIds; target: IngestTarget }[], now: number): Promise<void> {
    const lastSeq = new Map<number, number>();
    let rows: Insertable<LogsDb["logs_events"]>[] = [];
    const flush = async () => {
      for (const r of await db.insertInto("logs_events").values(rows).returning(["id", "stream_id"]).execute()) {
        const streamId = Number(r.stream_id);
        lastSeq.set(streamId, Math.max(lastSeq.get(streamId) ?? 0, Number(r.id)));
      }
      rows = [];
    };
    for (const { ids, target } of located) {
      for (const e of target.events) {
        rows.push({ stream_id: ids.streamId, group_id: ids.groupId, event_time: e.timestamp, ingestion_time: now, message: e.message });
        if (rows.length === INSERT_CHUNK) await flush();
      }
    }
    if (rows.length > 0) await flush();
    for (let start = 0; start < located.length; start += UPDATE_CHUNK) {
      const chunk = located.slice(start, start + UPDATE_CHUNK);
      const values = chunk.map(({ ids, target }) => {
        let minTime = Infinity;
        let maxTime = -Infinity;
        for (const e of target.events) {
          if (e.timestamp < minTime) minTime = e.timestamp;
          if (e.timestamp > maxTime) maxTime = e.timestamp;
        }
        const big = (n: number) => sql`cast(${n} as bigint)`;
        return sql`(${big(ids.streamId)}, ${big(ids.groupId)}, ${sql`cast(${target.streamName} as text)`}, ${big(minTime)}, ${big(maxTime)}, ${big(lastSeq.get(ids.streamId)!)}, ${big(target.bytes)})`;
      });
      // One statement for every stream: UPDATE ... FROM (VALUES ...) (SQLite 3.33+, PostgreSQL),
      // whose columns are column1..column7 in both.
      const result = await sql`
        update logs_streams set
          first_event_time = case when logs_streams.first_event_time is null or logs_streams.first_event_time > v.column4 then v.column4 else logs_streams.first_event_time end,
          last_event_time = case when logs_streams.last_event_time is null or logs_streams.last_event_time < v.column5 then v.column5 else logs_streams.last_event_time end,
          last_ingestion_time = ${sql`cast(${now} as bigint)`},
          last_seq = v.column6,
          stored_bytes = logs_streams.stored_bytes + v.column7
        from (values ${sql.join(values)}) as v
        where logs_streams.id = v.column1 and logs_streams.group_id = v.column2 and logs_streams.name = v.column3`.execute(db);
      if (Number(result.numAffectedRows ?? 0) !== chunk.length) throw new StaleStream();
    }
  }

  /**
   * A page of one stream's events in [startTime, endTime): forward (ascending, after `from`) or
   * backward (the last `limit` events at or before `from`, returned ascending).
   */
  async readStream(
    streamId: number,
    range: { startTime?: number; endTime?: number },
    page: { direction: "forward" | "backward"; from?: EventPosition; limit: number },
  ): Promise<StoredEvent[]> {
    let q = this.db.selectFrom("logs_events").select(EVENT_COLUMNS).where("stream_id", "=", streamId);
    if (range.startTime !== undefined) q = q.where("event_time", ">=", range.startTime);
    if (range.endTime !== undefined) q = q.where("event_time", "<", range.endTime);
    const from = page.from;
    if (page.direction === "forward") {
      if (from) q = q.where((eb) => eb.or([eb("event_time", ">", from.time), eb.and([eb("event_time", "=", from.time), eb("id", ">", from.seq)])]));
      const rows = await q.orderBy("event_time").orderBy("id").limit(page.limit).execute();
      return rows.map(toEvent);
    }
    if (from) q = q.where((eb) => eb.or([eb("event_time", "<", from.time), eb.and([eb("event_time", "=", from.time), eb("id", "<=", from.seq)])]));
    const rows = await q.orderBy("event_time", "desc").orderBy("id", "desc").limit(page.limit).execute();
    return rows.map(toEvent).reverse();
  }

  /** Events of a group in [startTime, endTime] after `after`, ascending, from the given streams (or all). */
  async scanGroup(
    groupId: number,
    filter: { streamIds?: number[]; startTime?: number; endTime?: number; after?: EventPosition; limit: number },
  ): Promise<StoredEvent[]> {
    let q = this.db.selectFrom("logs_events").select(EVENT_COLUMNS).where("group_id", "=", groupId);
    if (filter.streamIds) q = q.where("stream_id", "in", filter.streamIds);
    if (filter.startTime !== undefined) q = q.where("event_time", ">=", filter.startTime);
    if (filter.endTime !== undefined) q = q.where("event_time", "<=", filter.endTime);
    const after = filter.after;
    if (after) q = q.where((eb) => eb.or([eb("event_time", ">", after.time), eb.and([eb("event_time", "=", after.time), eb("id", ">", after.seq)])]));
    const rows = await q.orderBy("event_time").orderBy("id").limit(filter.limit).execute();
    return rows.map(toEvent);
  }

  /**
   * Deletes a group's events older than `before` and brings its streams' first event time and
   * stored bytes up to date. Returns how many events went.
   */
  async deleteBefore(groupId: number, before: number): Promise<number> {
    return this.sdb.transaction(async (trx) => {
      const byteLength = this.sdb.dialect === "postgres" ? sql<number>`octet_length(message)` : sql<number>`length(cast(message as blob))`;
      const gone = await trx
        .selectFrom("logs_events")
        .select(["stream_id", sql<number>`cast(count(*) as bigint)`.as("n"), sql<number>`cast(sum(${byteLength}) as bigint)`.as("bytes")])
        .where("group_id", "=", groupId)
        .where("event_time", "<", before)
        .groupBy("stream_id")
        .execute();
      if (gone.length === 0) return 0;
      await trx.deleteFrom("logs_events").where("group_id", "=", groupId).where("event_time", "<", before).execute();
      let total = 0;
      for (const g of gone) {
        const streamId = Number(g.stream_id);
        total += Number(g.n);
        const first = await trx
          .selectFrom("logs_events")
          .select((eb) => eb.fn.min<number>("event_time").as("t"))
          .where("stream_id", "=", streamId)
          .executeTakeFirst();
        await trx
          .updateTable("logs_streams")
          .set({ first_event_time: nullableNumber(first?.t), stored_bytes: sql<number>`stored_bytes - ${Number(g.bytes ?? 0)}` })
          .where("id", "=", streamId)
          .execute();
      }
      return total;
    });
  }
}
