// CloudWatch Logs' durable state: typed statements over the tables of schema.ts for log groups,
// streams and tags (events: event-store.ts). Every statement that finds a group by name is
// scoped to (account, region); streams and tags are reached through their group's id.
import { sql, type Kysely } from "kysely";
import type { ServiceDb, Store } from "../../storage/types.js";
import { LogEventStore } from "./event-store.js";
import { insertGroupIfMissing, insertStreamIfMissing, toGroup, toStream, type LogGroup, type LogStream, type NewGroup } from "./rows.js";
import { logsMigrations, type LogsDb } from "./schema.js";

export type { LogGroup, LogStream, NewEvent, NewGroup, StoredEvent } from "./rows.js";

/** `name` starts with `prefix`, compared byte-wise (LIKE is case-insensitive in SQLite). */
const nameStartsWith = (prefix: string) => sql<boolean>`substr(${sql.ref("name")}, 1, ${prefix.length}) = ${prefix}`;

export class LogsStore {
  private constructor(private readonly sdb: ServiceDb<LogsDb>) {
    this.events = new LogEventStore(sdb);
  }

  /** Events live in their own statements (event-store.ts). */
  readonly events: LogEventStore;

  static async open(store: Store): Promise<LogsStore> {
    return new LogsStore(await store.open<LogsDb>("logs", logsMigrations));
  }

  private get db(): Kysely<LogsDb> {
    return this.sdb.db;
  }

  async reset(): Promise<void> {
    await this.sdb.reset();
    this.events.forget();
  }

  // ---- log groups ----

  /** Creates a group; undefined when one of that name already exists in the account and region. */
  async createGroup(g: NewGroup, tags?: Record<string, string>): Promise<LogGroup | undefined> {
    return this.sdb.transaction(async (trx) => {
      const group = await insertGroupIfMissing(trx, g);
      if (group && tags && Object.keys(tags).length > 0) await this.putTagsWith(trx, g.accountId, g.region, group.id, tags);
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
    if (filter.prefix) q = q.where(nameStartsWith(filter.prefix));
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
      .select(["group_id", sql<number>`cast(sum(stored_bytes) as bigint)`.as("bytes")])
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
    return insertStreamIfMissing(this.db, { groupId: group.id, accountId, region, name, creationTime: now });
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
    if (filter.prefix) q = q.where(nameStartsWith(filter.prefix));
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
