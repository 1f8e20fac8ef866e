// A minimal ServiceDb on better-sqlite3 in a temporary file, for the storage engine's tests and
// benchmark until the real SQLite Store (src/storage/) is in this tree. It mirrors what that
// store is meant to do: WAL, versioned migrations through Kysely's Migrator, one transaction at
// a time. It also caches prepared statements by SQL text, which Kysely's SQLite driver does not
// do (it calls db.prepare() for every query); the real store should do the same.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Kysely, type Migration, Migrator, SqliteDialect, type SqliteDatabase, type SqliteStatement } from "kysely";
import type { ServiceDb } from "../../../../../src/storage/types.js";

export interface TestServiceDb<DB> extends ServiceDb<DB> {
  readonly path: string;
  close(): Promise<void>;
}

function cachingDatabase(raw: Database.Database): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => raw.close(),
    prepare(sqlText: string): SqliteStatement {
      let statement = statements.get(sqlText);
      if (!statement) {
        statement = raw.prepare(sqlText) as unknown as SqliteStatement;
        statements.set(sqlText, statement);
      }
      return statement;
    },
  };
}

export async function openSqliteServiceDb<DB>(
  migrations: Record<string, Migration>,
  tableNames: readonly string[],
  options: { cacheStatements?: boolean } = {},
): Promise<TestServiceDb<DB>> {
  const dir = mkdtempSync(join(tmpdir(), "nimbus-ddb-"));
  const path = join(dir, "dynamodb.sqlite");
  const raw = new Database(path);
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = NORMAL");
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: options.cacheStatements === false ? (raw as unknown as SqliteDatabase) : cachingDatabase(raw) }),
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
