// CloudWatch Logs tables. Log groups are namespaced by account and region; streams, events and
// tags hang off a group by its id (and streams and tags repeat account and region, so every row
// says whose it is). Events are ordered by (event_time, id): id is the ingestion sequence, so
// events with equal timestamps keep their arrival order, and the (stream_id, event_time, id) and
// (group_id, event_time, id) indexes serve GetLogEvents and FilterLogEvents pages directly.
import { sql, type Generated, type Kysely } from "kysely";
import { addAutoIncrementId, dialectOf, type Migrations } from "../../storage/conventions.js";

export interface LogsDb {
  logs_groups: {
    id: Generated<number>;
    account_id: string;
    region: string;
    name: string;
    creation_time: number;
    retention_days: number | null;
    kms_key_id: string | null;
    log_group_class: string;
    deletion_protection: number;
  };
  logs_streams: {
    id: Generated<number>;
    group_id: number;
    account_id: string;
    region: string;
    name: string;
    creation_time: number;
    first_event_time: number | null;
    last_event_time: number | null;
    last_ingestion_time: number | null;
    last_seq: number | null;
    stored_bytes: number;
  };
  logs_events: {
    id: Generated<number>;
    stream_id: number;
    group_id: number;
    event_time: number;
    ingestion_time: number;
    message: string;
  };
  logs_tags: {
    group_id: number;
    account_id: string;
    region: string;
    tag_key: string;
    tag_value: string;
  };
}

/**
 * Ids are numbered by the database (never reused, so paging tokens stay meaningful after
 * deletes), and names sort byte-wise on PostgreSQL too (collate "C"), as AWS sorts them
 * ("ASCII-sorted"). See src/storage/conventions.ts.
 */
export const logsMigrations: Migrations = {
  "0001_groups_streams_events_tags": {
    async up(db: Kysely<any>) {
      const name = dialectOf(db) === "postgres" ? sql`text collate "C"` : sql`text`;
      await addAutoIncrementId(db.schema.createTable("logs_groups"), "id", db)
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("name", name, (c) => c.notNull())
        .addColumn("creation_time", "bigint", (c) => c.notNull())
        .addColumn("retention_days", "integer")
        .addColumn("kms_key_id", "text")
        .addColumn("log_group_class", "text", (c) => c.notNull())
        .addColumn("deletion_protection", "integer", (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint("logs_groups_name", ["account_id", "region", "name"])
        .execute();
      await addAutoIncrementId(db.schema.createTable("logs_streams"), "id", db)
        .addColumn("group_id", "bigint", (c) => c.notNull())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("name", name, (c) => c.notNull())
        .addColumn("creation_time", "bigint", (c) => c.notNull())
        .addColumn("first_event_time", "bigint")
        .addColumn("last_event_time", "bigint")
        .addColumn("last_ingestion_time", "bigint")
        .addColumn("last_seq", "bigint")
        .addColumn("stored_bytes", "bigint", (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint("logs_streams_name", ["group_id", "name"])
        .execute();
      await addAutoIncrementId(db.schema.createTable("logs_events"), "id", db)
        .addColumn("stream_id", "bigint", (c) => c.notNull())
        .addColumn("group_id", "bigint", (c) => c.notNull())
        .addColumn("event_time", "bigint", (c) => c.notNull())
        .addColumn("ingestion_time", "bigint", (c) => c.notNull())
        .addColumn("message", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("logs_events_stream_time").on("logs_events").columns(["stream_id", "event_time", "id"]).execute();
      await db.schema.createIndex("logs_events_group_time").on("logs_events").columns(["group_id", "event_time", "id"]).execute();
      await db.schema
        .createTable("logs_tags")
        .addColumn("group_id", "bigint", (c) => c.notNull())
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("tag_key", "text", (c) => c.notNull())
        .addColumn("tag_value", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("logs_tags_pk", ["group_id", "tag_key"])
        .execute();
    },
  },
};
