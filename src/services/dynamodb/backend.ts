// The state both DynamoDB providers share: the item engine on the "dynamodb" service database,
// the provider's own tables (streams, transaction tokens) and the settings. The dynamodb and
// dynamodbstreams providers each open one; the store hands both the same database, and the
// engine's table cache is version-checked, so the two never disagree.
import type { Kysely, Migration } from "kysely";
import type { NimbusConfig } from "../../config/schema.js";
import type { Clock } from "../../shared/clock.js";
import type { BlobStore, ServiceDb, Store } from "../../storage/types.js";
import { type DynamoDbDatabase, dynamodbMigrations } from "./storage/schema.js";
import { TableEngine } from "./storage/table-engine.js";

/** One row per stream ever enabled on a table: streams outlive their table's stream setting by 24 hours. */
export interface StreamsRow {
  arn: string;
  account: string;
  region: string;
  table_name: string;
  table_id: number;
  view_type: string;
  /** The table's KeySchema as JSON (DescribeStream reports it). */
  key_schema: string;
  /** The largest record sequence number when the stream was enabled: its records come after. */
  start_seq: number | string;
  created_at: number | string;
  disabled_at: number | string | null;
}

/** TransactWriteItems idempotency: a token's request fingerprint and result, kept 10 minutes. */
export interface TransactionTokensRow {
  account: string;
  region: string;
  token: string;
  fingerprint: string;
  created_at: number | string;
}

export interface ProviderDatabase extends DynamoDbDatabase {
  dynamodb_streams: StreamsRow;
  dynamodb_transaction_tokens: TransactionTokensRow;
}

/**
 * The provider's migrations, after the storage engine's own. Named "0001_p..." so they sort
 * after "0001_create_item_storage" and before any later "0002_..." of either side.
 */
function providerMigrations(): Record<string, Migration> {
  return {
    "0001_provider_state": {
      async up(db: Kysely<any>): Promise<void> {
        await db.schema
          .createTable("dynamodb_streams")
          .addColumn("arn", "text", (c) => c.primaryKey())
          .addColumn("account", "text", (c) => c.notNull())
          .addColumn("region", "text", (c) => c.notNull())
          .addColumn("table_name", "text", (c) => c.notNull())
          .addColumn("table_id", "integer", (c) => c.notNull())
          .addColumn("view_type", "text", (c) => c.notNull())
          .addColumn("key_schema", "text", (c) => c.notNull())
          .addColumn("start_seq", "bigint", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("disabled_at", "bigint")
          .execute();
        await db.schema.createIndex("dynamodb_streams_table").on("dynamodb_streams").columns(["account", "region", "table_name"]).execute();
        await db.schema
          .createTable("dynamodb_transaction_tokens")
          .addColumn("account", "text", (c) => c.notNull())
          .addColumn("region", "text", (c) => c.notNull())
          .addColumn("token", "text", (c) => c.notNull())
          .addColumn("fingerprint", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("dynamodb_transaction_tokens_key", ["account", "region", "token"])
          .execute();
      },
    },
  };
}

export interface DynamoDbSettings {
  statusDelayMs: number;
  ttlSweepIntervalMs: number;
  /** The LSI item-collection limit: 10 GB (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.ItemCollections.SizeLimit). */
  itemCollectionLimitBytes: number;
}

export const ITEM_COLLECTION_LIMIT_BYTES = 10 * 1024 * 1024 * 1024;

export class DynamoDbBackend {
  private constructor(
    readonly sdb: ServiceDb<ProviderDatabase>,
    readonly engine: TableEngine,
    readonly blobs: BlobStore,
    readonly clock: Clock,
    readonly settings: DynamoDbSettings,
  ) {}

  static async open(store: Store, clock: Clock, config: NimbusConfig, overrides: Partial<DynamoDbSettings> = {}): Promise<DynamoDbBackend> {
    const migrations = { ...dynamodbMigrations(store.dialect), ...providerMigrations() };
    const sdb = await store.open<ProviderDatabase>("dynamodb", migrations);
    const engine = new TableEngine(sdb as unknown as ServiceDb<DynamoDbDatabase>, clock);
    const settings: DynamoDbSettings = {
      statusDelayMs: config.dynamodb?.statusDelayMs ?? 0,
      ttlSweepIntervalMs: config.dynamodb?.ttlSweepIntervalMs ?? 1000,
      itemCollectionLimitBytes: config.dynamodb?.itemCollectionLimitBytes ?? ITEM_COLLECTION_LIMIT_BYTES,
      ...overrides,
    };
    return new DynamoDbBackend(sdb, engine, store.blobs("dynamodb"), clock, settings);
  }

  get db(): Kysely<ProviderDatabase> {
    return this.sdb.db;
  }

  now(): number {
    return this.clock.now();
  }
}
