// The storage engine's tests and benchmark on SQLite in a temporary file: by default the real
// store's SqliteServiceDb (src/storage/sqlite/), with its direct path that the engine's hot paths
// take; with cacheStatements: false (the benchmark's --no-statement-cache) a minimal ServiceDb on
// Kysely's own SQLite driver, which prepares every statement again and has no direct path.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Kysely, type Migration, Migrator, SqliteDialect, type SqliteDatabase } from "kysely";
import { silentLogger } from "../../../../../src/shared/logger.js";
import { dynamodbMigrations, type DynamoDbDatabase } from "../../../../../src/services/dynamodb/storage/schema.js";
import { SqliteServiceDb } from "../../../../../src/storage/sqlite/sqlite-service-db.js";
import type { ServiceDb } from "../../../../../src/storage/types.js";

export interface TestServiceDb<DB> extends ServiceDb<DB> {
  readonly path: string;
  close(): Promise<void>;
}

export async function openSqliteServiceDb<DB>(
  migrations: Record<string, Migration>,
  tableNames: readonly string[],
  options: { cacheStatements?: boolean } = {},
): Promise<TestServiceDb<DB>> {
  const dir = mkdtempSync(join(tmpdir(), "nimbus-ddb-"));
  const path = join(dir, "dynamodb.sqlite");
  if (options.cacheStatements !== false) {
    const store = await SqliteServiceDb.open<DB>("dynamodb", { file: path }, migrations, { durable: true, logger: silentLogger });
    return {
      dialect: "sqlite",
      db: store.db,
      direct: store.direct,
      path,
      transaction: (fn) => store.transaction(fn),
      reset: () => store.reset(),
      async close() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const raw = new Database(path);
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = NORMAL");
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: raw as unknown as SqliteDatabase }),
  });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;

  return {
    dialect: "sqlite",
    db,
    path,
    transaction: (fn) => db.transaction().execute(fn),
    async reset() {
      await db.transaction().execute(async (trx) => {
        for (const table of tableNames) await trx.deleteFrom(table as never).execute();
      });
    },
    async close() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Two connections of the real store to one DynamoDB database file, as two processes would hold them. */
export interface TwoConnections {
  readonly first: SqliteServiceDb<DynamoDbDatabase>;
  readonly second: SqliteServiceDb<DynamoDbDatabase>;
  close(): Promise<void>;
}

export async function openTwoConnections(prefix: string): Promise<TwoConnections> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, "dynamodb.sqlite");
  const open = () => SqliteServiceDb.open<DynamoDbDatabase>("dynamodb", { file }, dynamodbMigrations("sqlite"), { durable: true, logger: silentLogger });
  const first = await open();
  const second = await open();
  return {
    first,
    second,
    async close() {
      await first.close();
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
