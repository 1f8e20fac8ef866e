// The DynamoDB service's tables and their versioned migrations, for SQLite and PostgreSQL alike
// (Kysely's schema builder; the few type names that differ are chosen per dialect).
//
// Why this shape:
// - dynamodb_items holds every item of every table. Its unique index (table_id, pk_hash, pk, sk)
//   serves both access paths: a Query fixes table_id, pk_hash and pk and range-scans sk, so it
//   costs O(log n + k) however big the table; a Scan walks (pk_hash, pk, sk), i.e. in hash order
//   as DynamoDB does, and a parallel-scan segment is a pk_hash range.
// - Keys are stored in the order-preserving encoding of ./key-encoding.ts, so BLOB/bytea byte
//   order is DynamoDB's sort order. Tables without a sort key store an empty sk.
// - dynamodb_index_entries holds one row per (secondary index, base item in that index), keyed
//   like items plus the base key (index keys need not be unique). Projections KEYS_ONLY and
//   INCLUDE store the projected item; ALL stores none and reads the base item by item_id, so
//   large items are not copied once per index. On SQLite the table is WITHOUT ROWID: the entry
//   lives in its primary-key B-tree, one lookup fewer per row read.
// - dynamodb_stream_records is the change log of tables with a stream: seq only ever grows (an
//   AUTOINCREMENT/bigserial key, never reused even after trimming), so a poller keeps "last seq
//   seen" as its checkpoint and reads (stream_arn, seq > checkpoint) through an index.
// - dynamodb_backups is the place for on-demand backups (metadata row per backup). Not used yet:
//   the plan is to store each backup's items as one blob in the service's BlobStore
//   (encoded with ./item-codec.ts, keyed by backup ARN) so backups never bloat the item tables.
import type { ColumnType, Generated, Kysely, Migration } from "kysely";
import { sql } from "kysely";
import type { StoreDialect } from "../../../storage/types.js";

/** PostgreSQL returns int8 columns as strings: read such columns through Number(). */
type Int8 = ColumnType<number | string, number, number>;
/** An int8 the database assigns (bigserial / INTEGER PRIMARY KEY). */
type GeneratedInt8 = ColumnType<number | string, never, never>;

export interface TablesRow {
  id: Generated<number>;
  account: string;
  region: string;
  name: string;
  status: string;
  /** The TableDescription, encoded with ./json-document.ts. */
  description: string;
  /** Bumped on every metadata change, so cached layouts can be checked cheaply. */
  version: number;
  created_at: Int8;
}

export interface IndexesRow {
  id: Generated<number>;
  table_id: number;
  name: string;
  kind: string;
}

export interface ItemsRow {
  id: GeneratedInt8;
  table_id: number;
  pk_hash: number;
  pk: Buffer;
  sk: Buffer;
  /** The item, encoded with ./item-codec.ts. */
  item: string;
  size: number;
}

export interface IndexEntriesRow {
  index_id: number;
  pk_hash: number;
  pk: Buffer;
  sk: Buffer;
  base_pk: Buffer;
  base_sk: Buffer;
  item_id: Int8;
  /** The projected item, or null for ALL projections (read the base item by item_id). */
  item: string | null;
  /** Size of the projected item, for the 1 MB page limit and capacity. */
  size: number;
}

export interface StreamRecordsRow {
  seq: GeneratedInt8;
  table_id: number;
  stream_arn: string;
  event_name: string;
  keys: string;
  old_image: string | null;
  new_image: string | null;
  size_bytes: number;
  created_at: Int8;
  /** JSON of the record's userIdentity (TTL deletions), else null. */
  user_identity: string | null;
}

export interface BackupsRow {
  arn: string;
  account: string;
  region: string;
  table_name: string;
  status: string;
  description: string;
  created_at: Int8;
}

export interface DynamoDbDatabase {
  dynamodb_tables: TablesRow;
  dynamodb_indexes: IndexesRow;
  dynamodb_items: ItemsRow;
  dynamodb_index_entries: IndexEntriesRow;
  dynamodb_stream_records: StreamRecordsRow;
  dynamodb_backups: BackupsRow;
}

/** Every table this service owns, for resets. */
export const DYNAMODB_TABLE_NAMES = [
  "dynamodb_stream_records",
  "dynamodb_index_entries",
  "dynamodb_items",
  "dynamodb_indexes",
  "dynamodb_tables",
  "dynamodb_backups",
] as const;

/** The migrations of the dynamodb service, for Store.open("dynamodb", dynamodbMigrations(store.dialect)). */
export function dynamodbMigrations(dialect: StoreDialect): Record<string, Migration> {
  const pg = dialect === "postgres";
  const bytes = pg ? "bytea" : "blob";

  return {
    "0001_create_item_storage": {
      async up(db: Kysely<any>): Promise<void> {
        // Ids that must never be reused (tables, stream sequence numbers) use AUTOINCREMENT on
        // SQLite; item ids may be reused, so a plain rowid alias is enough (and cheaper).
        await db.schema
          .createTable("dynamodb_tables")
          .addColumn("id", pg ? "serial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn("account", "text", (c) => c.notNull())
          .addColumn("region", "text", (c) => c.notNull())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("description", "text", (c) => c.notNull())
          .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addUniqueConstraint("dynamodb_tables_name", ["account", "region", "name"])
          .execute();

        await db.schema
          .createTable("dynamodb_indexes")
          .addColumn("id", pg ? "serial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn("table_id", "integer", (c) => c.notNull())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addUniqueConstraint("dynamodb_indexes_name", ["table_id", "name"])
          .execute();

        await db.schema
          .createTable("dynamodb_items")
          .addColumn("id", pg ? "bigserial" : "integer", (c) => c.primaryKey())
          .addColumn("table_id", "integer", (c) => c.notNull())
          .addColumn("pk_hash", "integer", (c) => c.notNull())
          .addColumn("pk", bytes, (c) => c.notNull())
          .addColumn("sk", bytes, (c) => c.notNull())
          .addColumn("item", "text", (c) => c.notNull())
          .addColumn("size", "integer", (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex("dynamodb_items_key")
          .on("dynamodb_items")
          .columns(["table_id", "pk_hash", "pk", "sk"])
          .unique()
          .execute();

        let entries = db.schema
          .createTable("dynamodb_index_entries")
          .addColumn("index_id", "integer", (c) => c.notNull())
          .addColumn("pk_hash", "integer", (c) => c.notNull())
          .addColumn("pk", bytes, (c) => c.notNull())
          .addColumn("sk", bytes, (c) => c.notNull())
          .addColumn("base_pk", bytes, (c) => c.notNull())
          .addColumn("base_sk", bytes, (c) => c.notNull())
          .addColumn("item_id", "bigint", (c) => c.notNull())
          .addColumn("item", "text")
          .addColumn("size", "integer", (c) => c.notNull())
          .addPrimaryKeyConstraint("dynamodb_index_entries_key", ["index_id", "pk_hash", "pk", "sk", "base_pk", "base_sk"]);
        if (!pg) entries = entries.modifyEnd(sql`without rowid`);
        await entries.execute();

        await db.schema
          .createTable("dynamodb_stream_records")
          .addColumn("seq", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn("table_id", "integer", (c) => c.notNull())
          .addColumn("stream_arn", "text", (c) => c.notNull())
          .addColumn("event_name", "text", (c) => c.notNull())
          .addColumn("keys", "text", (c) => c.notNull())
          .addColumn("old_image", "text")
          .addColumn("new_image", "text")
          .addColumn("size_bytes", "integer", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("user_identity", "text")
          .execute();
        await db.schema.createIndex("dynamodb_stream_records_position").on("dynamodb_stream_records").columns(["stream_arn", "seq"]).execute();
        await db.schema.createIndex("dynamodb_stream_records_age").on("dynamodb_stream_records").columns(["created_at"]).execute();

        await db.schema
          .createTable("dynamodb_backups")
          .addColumn("arn", "text", (c) => c.primaryKey())
          .addColumn("account", "text", (c) => c.notNull())
          .addColumn("region", "text", (c) => c.notNull())
          .addColumn("table_name", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("description", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("dynamodb_backups_table").on("dynamodb_backups").columns(["account", "region", "table_name"]).execute();
      },
      async down(db: Kysely<any>): Promise<void> {
        for (const table of DYNAMODB_TABLE_NAMES) await db.schema.dropTable(table).ifExists().execute();
      },
    },
  };
}
