// CloudWatch Logs' durable state: typed statements over the tables of schema.ts. Every statement
// that finds a group by name is scoped to (account, region); streams, events and tags are
// reached through their group's id.
import { sql, type Kysely, type Selectable } from "kysely";
import type { ServiceDb, Store } from "../../storage/types.js";
import { logsMigrations, type LogsDb } from "./schema.js";
import type { EventPosition } from "./tokens.js";

export interface LogGroup {
  id: number;
  name: string;
  creationTime: number;
  retentionDays: number | null;
  kmsKeyId: string | null;
  logGroupClass: string;
  deletionProtection: boolean;
}

export interface LogStream {
  id: number;
  groupId: number;
  name: string;
  creationTime: number;
  firstEventTime: number | null;
  lastEventTime: number | null;
  lastIngestionTime: number | null;
  lastSeq: number | null;
  storedBytes: number;
}

export interface StoredEvent {
  seq: number;
  streamId: number;
  time: number;
  ingestionTime: number;
  message: string;
}

export interface NewEvent {
  timestamp: number;
  message: string;
}

/** Rows per INSERT: 5 parameters each keeps far below SQLite's and PostgreSQL's parameter limits. */
const INSERT_CHUNK = 1000;

const nullableNumber = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toGroup(row: Selectable<LogsDb["logs_groups"]>): LogGroup {
  return {
    id: Number(row.id),
    name: row.name,
    creationTime: Number(row.creation_time),
    retentionDays: nullableNumber(row.retention_days),
    kmsKeyId: row.kms_key_id,
    logGroupClass: row.log_group_class,
    deletionProtection: Number(row.deletion_protection) === 1,
  };
}

function toStream(row: Selectable<LogsDb["logs_streams"]>): LogStream {
  return {
    id: Number(row.id),
    groupId: Number(row.group_id),
    name: row.name,
    creationTime: Number(row.creation_time),
    firstEventTime: nullableNumber(row.first_event_time),
    lastEventTime: nullableNumber(row.last_event_time),
    lastIngestionTime: nullableNumber(row.last_ingestion_time),
    lastSeq: nullableNumber(row.last_seq),
    storedBytes: Number(row.stored_bytes),
  };
}

function toEvent(row: { id: number; stream_id: number; event_time: number; ingestion_time: number; message: string }): StoredEvent {
  return { seq: Number(row.id), streamId: Number(row.stream_id), time: Number(row.event_time), ingestionTime: Number(row.ingestion_time), message: row.message };
}

/** `column` starts with `prefix`, compared byte-wise (LIKE is case-insensitive in SQLite). */
const startsWith = (column: "name", prefix: string) => sql<boolean>`substr(${sql.ref(column)}, 1, ${prefix.length}) = ${prefix}`;

export interface CreateGroupOptions {
  kmsKeyId?: string;
  logGroupClass: string;
  deletionProtection: boolean;
  tags?: Record<string, string>;
}

export class LogsStore {
  private constructor(private readonly sdb: ServiceDb<LogsDb>) {}

  static async open(store: Store): Promise<LogsStore> {
    return new LogsStore(await store.open<LogsDb>("logs", logsMigrations(store.dialect)));
  }

  private get db(): Kysely<LogsDb> {
    return this.sdb.db;
  }

  reset(): Promise<void> {
    return this.sdb.reset();
  }

  // ---- log groups ----

  /** Creates a group; undefined when one of that name already exists in the account and region. */
  async createGroup(accountId: string, region: string, name: string, now: number, options: CreateGroupOptions): Promise<LogGroup | undefined> {
    return this.sdb.transaction(async (trx) => {
      const row = await trx
        .insertInto("logs_groups")
        .values({
          account_id: accountId,
          region,
          name,
          creation_time: now,
          retention_days: null,
          kms_key_id: options.kmsKeyId ?? null,
          log_group_class: options.logGroupClass,
          deletion_protection: options.deletionProtection ? 1 : 0,
        })
        .onConflict((oc) => oc.columns(["account_id", "region", "name"]).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      const group = toGroup(row);
      if (options.tags && Object.keys(options.tags).length > 0) await this.putTagsWith(trx, accountId, region, group.id, options.tags);
      return group;
    });
  }

  async findGroup(accountId: string, region: string, name: string): Promise<LogGroup | undefined> {
    const row = await this.db
      .selectFrom("logs_groups")
      .selectAll()
      .where("account_id", "=", accountId)
      .where("region", "=", region)
      .where("name", "=", name)
      .executeTakeFirst();
    return row && toGroup(row);
  }

  /** Deletes a group with its streams, events and tags, all or nothing. */
  async deleteGroup(groupId: number): Promise<void> {
    await this.sdb.transaction(async (trx) => {
      await trx.deleteFrom("logs_events").where("group_id", "=", groupId).execute();
      await trx.deleteFrom("logs_streams").where("group_id", "=", groupId).execute();
      await trx.deleteFrom("logs_tags").where("group_id", "=", groupId).execute();
      await trx.deleteFrom("logs_groups").where("id", "=", groupId).execute();
    });
  }

  /** Groups sorted by name, after `afterName`; `pattern` is a case-sensitive substring. */
  async listGroups(
    accountId: string,
    region: string,
    filter: { prefix?: string; pattern?: string; logGroupClass?: string; afterName?: string; limit: number },
  ): Promise<LogGroup[]> {
    let q = this.db.selectFrom("logs_groups").selectAll().where("account_id", "=", accountId).where("region", "=", region);
    if (filter.prefix) q = q.where(startsWith("name", filter.prefix));
    if (filter.pattern) {
      const position = this.sdb.dialect === "postgres" ? sql<number>`strpos(${sql.ref("name")}, ${filter.pattern})` : sql<number>`instr(${sql.ref("name")}, ${filter.pattern})`;
      q = q.where(position, ">", 0);
    }
    if (filter.logGroupClass) q = q.where("log_group_class", "=", filter.logGroupClass);
    if (filter.afterName !== undefined) q = q.where("name", ">", filter.afterName);
    const rows = await q.orderBy("name").limit(filter.limit).execute();
    return rows.map(toGroup);
  }

  /** The bytes stored in each of the given groups (the sum over their streams). */
  async storedBytesOfGroups(groupIds: number[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    if (groupIds.length === 0) return out;
    const rows = await this.db
      .selectFrom("logs_streams")
      .select(["group_id", (eb) => eb.fn.sum<number>("stored_bytes").as("bytes")])
      .where("group_id", "in", groupIds)
      .groupBy("group_id")
      .execute();
    for (const r of rows) out.set(Number(r.group_id), Number(r.bytes ?? 0));
    return out;
  }

  async setRetention(groupId: number, days: number | null): Promise<void> {
    await this.db.updateTable("logs_groups").set({ retention_days: days }).where("id", "=", groupId).execute();
  }

  async setDeletionProtection(groupId: number, enabled: boolean): Promise<void> {
    await this.db.updateTable("logs_groups").set({ deletion_protection: enabled ? 1 : 0 }).where("id", "=", groupId).execute();
  }

  async groupsWithRetention(): Promise<{ id: number; retentionDays: number }[]> {
    const rows = await this.db.selectFrom("logs_groups").select(["id", "retention_days"]).where("retention_days", "is not", null).execute();
    return rows.map((r) => ({ id: Number(r.id), retentionDays: Number(r.retention_days) }));
  }

  // ---- log streams ----

  /** Creates a stream; undefined when the group already has one of that name. */
  async createStream(group: { id: number }, accountId: string, region: string, name: string, now: number): Promise<LogStream | undefined> {
    return this.createStreamWith(this.db, group.id, accountId, region, name, now);
  }

  private async createStreamWith(db: Kysely<LogsDb>, groupId: number, accountId: string, region: string, name: string, now: number) {
    const row = await db
      .insertInto("logs_streams")
      .values({
        group_id: groupId,
        account_id: accountId,
        region,
        name,
        creation_time: now,
        first_event_time: null,
        last_event_time: null,
        last_ingestion_time: null,
        last_seq: null,
        stored_bytes: 0,
      })
      .onConflict((oc) => oc.columns(["group_id", "name"]).doNothing())
      .returningAll()
      .executeTakeFirst();
    return row && toStream(row);
  }

  async findStream(groupId: number, name: string): Promise<LogStream | undefined> {
    const row = await this.db.selectFrom("logs_streams").selectAll().where("group_id", "=", groupId).where("name", "=", name).executeTakeFirst();
    return row && toStream(row);
  }

  async deleteStream(streamId: number): Promise<void> {
    await this.sdb.transaction(async (trx) => {
      await trx.deleteFrom("logs_events").where("stream_id", "=", streamId).execute();
      await trx.deleteFrom("logs_streams").where("id", "=", streamId).execute();
    });
  }

  /** Streams ordered by name, or by last event time (then name), after the given sort key. */
  async listStreams(
    groupId: number,
    filter: { prefix?: string; orderBy: "LogStreamName" | "LastEventTime"; descending: boolean; after?: [number, string] | [string]; limit: number },
  ): Promise<LogStream[]> {
    let q = this.db.selectFrom("logs_streams").selectAll().where("group_id", "=", groupId);
    if (filter.prefix) q = q.where(startsWith("name", filter.prefix));
    const cmp = filter.descending ? "<" : ">";
    const direction = filter.descending ? "desc" : "asc";
    if (filter.orderBy === "LastEventTime") {
      const lastTime = sql<number>`coalesce(${sql.ref("last_event_time")}, 0)`;
      if (filter.after) {
        const [time, name] = filter.after as [number, string];
        q = q.where((eb) => eb.or([eb(lastTime, cmp, time), eb.and([eb(lastTime, "=", time), eb("name", cmp, name)])]));
      }
      q = q.orderBy(lastTime, direction).orderBy("name", direction);
    } else {
      if (filter.after) q = q.where("name", cmp, filter.after[0] as string);
      q = q.orderBy("name", direction);
    }
    const rows = await q.limit(filter.limit).execute();
    return rows.map(toStream);
  }

  /** The names of a group's streams, by stream id. */
  async streamNames(groupId: number): Promise<Map<number, string>> {
    const rows = await this.db.selectFrom("logs_streams").select(["id", "name"]).where("group_id", "=", groupId).execute();
    return new Map(rows.map((r) => [Number(r.id), r.name]));
  }

  // ---- events ----

  /**
   * Appends events (already validated) to a stream in one transaction: batched inserts, then
   * the stream's first/last event time, ingestion time, stored bytes and sequence. Returns the
   * sequence number of the last event stored.
   */
  async appendEvents(stream: { id: number; groupId: number }, events: readonly NewEvent[], bytes: number, now: number): Promise<number | undefined> {
    if (events.length === 0) return undefined;
    return this.sdb.transaction((trx) => this.appendWith(trx, stream.id, stream.groupId, events, bytes, now));
  }

  private async appendWith(db: Kysely<LogsDb>, streamId: number, groupId: number, events: readonly NewEvent[], bytes: number, now: number): Promise<number> {
    let minTime = Infinity;
    let maxTime = -Infinity;
    let lastSeq = 0;
    for (let start = 0; start < events.length; start += INSERT_CHUNK) {
      const chunk = events.slice(start, start + INSERT_CHUNK);
      const rows = chunk.map((e) => {
        if (e.timestamp < minTime) minTime = e.timestamp;
        if (e.timestamp > maxTime) maxTime = e.timestamp;
        return { stream_id: streamId, group_id: groupId, event_time: e.timestamp, ingestion_time: now, message: e.message };
      });
      const last = start + INSERT_CHUNK >= events.length;
      if (last) {
        const ids = await db.insertInto("logs_events").values(rows).returning("id").execute();
        for (const r of ids) lastSeq = Math.max(lastSeq, Number(r.id));
      } else {
        await db.insertInto("logs_events").values(rows).execute();
      }
    }
    await db
      .updateTable("logs_streams")
      .set({
        first_event_time: sql<number>`case when first_event_time is null or first_event_time > ${minTime} then ${minTime} else first_event_time end`,
        last_event_time: sql<number>`case when last_event_time is null or last_event_time < ${maxTime} then ${maxTime} else last_event_time end`,
        last_ingestion_time: now,
        last_seq: lastSeq,
        stored_bytes: sql<number>`stored_bytes + ${bytes}`,
      })
      .where("id", "=", streamId)
      .execute();
    return lastSeq;
  }

  /**
   * Appends to a stream found by name, creating its group and stream first when missing (as
   * Lambda's log delivery does), all in one transaction.
   */
  async appendEnsuring(
    accountId: string,
    region: string,
    groupName: string,
    streamName: string,
    events: readonly NewEvent[],
    bytes: number,
    now: number,
  ): Promise<void> {
    await this.sdb.transaction(async (trx) => {
      await trx
        .insertInto("logs_groups")
        .values({ account_id: accountId, region, name: groupName, creation_time: now, retention_days: null, kms_key_id: null, log_group_class: "STANDARD", deletion_protection: 0 })
        .onConflict((oc) => oc.columns(["account_id", "region", "name"]).doNothing())
        .execute();
      const group = await trx
        .selectFrom("logs_groups")
        .select("id")
        .where("account_id", "=", accountId)
        .where("region", "=", region)
        .where("name", "=", groupName)
        .executeTakeFirstOrThrow();
      const groupId = Number(group.id);
      await this.createStreamWith(trx, groupId, accountId, region, streamName, now);
      const stream = await trx.selectFrom("logs_streams").select("id").where("group_id", "=", groupId).where("name", "=", streamName).executeTakeFirstOrThrow();
      if (events.length > 0) await this.appendWith(trx, Number(stream.id), groupId, events, bytes, now);
    });
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
    let q = this.db
      .selectFrom("logs_events")
      .select(["id", "stream_id", "event_time", "ingestion_time", "message"])
      .where("stream_id", "=", streamId);
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
    let q = this.db
      .selectFrom("logs_events")
      .select(["id", "stream_id", "event_time", "ingestion_time", "message"])
      .where("group_id", "=", groupId);
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
  async deleteEventsBefore(groupId: number, before: number): Promise<number> {
    return this.sdb.transaction(async (trx) => {
      const byteLength = this.sdb.dialect === "postgres" ? sql<number>`octet_length(message)` : sql<number>`length(cast(message as blob))`;
      const gone = await trx
        .selectFrom("logs_events")
        .select(["stream_id", (eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.sum<number>(byteLength).as("bytes")])
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

  // ---- tags ----

  async tags(groupId: number): Promise<Record<string, string>> {
    const rows = await this.db.selectFrom("logs_tags").select(["tag_key", "tag_value"]).where("group_id", "=", groupId).orderBy("tag_key").execute();
    return Object.fromEntries(rows.map((r) => [r.tag_key, r.tag_value]));
  }

  /** Adds or overwrites tags, refusing (returning false, writing nothing) past `maxTags` in all. */
  async putTags(accountId: string, region: string, groupId: number, tags: Record<string, string>, maxTags: number): Promise<boolean> {
    return this.sdb.transaction(async (trx) => {
      const existing = await trx.selectFrom("logs_tags").select("tag_key").where("group_id", "=", groupId).execute();
      const keys = new Set(existing.map((r) => r.tag_key));
      for (const k of Object.keys(tags)) keys.add(k);
      if (keys.size > maxTags) return false;
      await this.putTagsWith(trx, accountId, region, groupId, tags);
      return true;
    });
  }

  private async putTagsWith(db: Kysely<LogsDb>, accountId: string, region: string, groupId: number, tags: Record<string, string>): Promise<void> {
    const rows = Object.entries(tags).map(([tag_key, tag_value]) => ({ group_id: groupId, account_id: accountId, region, tag_key, tag_value }));
    await db
      .insertInto("logs_tags")
      .values(rows)
      .onConflict((oc) => oc.columns(["group_id", "tag_key"]).doUpdateSet((eb) => ({ tag_value: eb.ref("excluded.tag_value") })))
      .execute();
  }

  async removeTags(groupId: number, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.deleteFrom("logs_tags").where("group_id", "=", groupId).where("tag_key", "in", keys).execute();
  }
}
