// Kysely's SqliteDialect over better-sqlite3, adjusted for a store that must stay correct
// when a second process (a CLI command, a restarted node) opens the same file:
// - transactions start with BEGIN IMMEDIATE: the write lock is taken up front, waiting up to
//   busy_timeout, instead of a deferred transaction failing with SQLITE_BUSY when it tries
//   to upgrade from reading to writing (https://www.sqlite.org/lang_transaction.html);
// - the adapter reports transactional DDL (SQLite has it), so Kysely's Migrator runs all
//   pending migrations and their bookkeeping rows in one transaction: a crash mid-migration
//   leaves the schema as it was, never half-migrated;
// - prepared statements are cached per SQL text (Kysely prepares on every query otherwise).
import Database from "better-sqlite3";
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type SqliteStatement,
} from "kysely";

const BUSY_TIMEOUT_MS = 5_000;
const STATEMENT_CACHE_SIZE = 256;

export interface SqliteOpenOptions {
  /**
   * true: synchronous=NORMAL. In WAL mode a commit is then durable across a crash of the
   * process (kill -9 included), because the WAL frames are in the operating system before
   * COMMIT returns; only a power loss or OS crash can lose the last commits, and the database
   * never corrupts (https://www.sqlite.org/wal.html, https://www.sqlite.org/pragma.html#pragma_synchronous).
   * false: synchronous=OFF, for in-memory stores whose folder is discarded anyway.
   */
  durable: boolean;
}

/** Opens a database file with the store's pragmas. */
export function openSqliteFile(file: string, options: SqliteOpenOptions): Database.Database {
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${options.durable ? "NORMAL" : "OFF"}`);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma("foreign_keys = ON");
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Wraps a database so repeated SQL reuses its prepared statement (LRU by insertion order). */
function withStatementCache(db: Database.Database): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => db.close(),
    prepare(sqlText: string): SqliteStatement {
      const cached = cache.get(sqlText);
      // A statement still iterating (a streamed select) cannot be re-run: prepare a fresh one.
      if (cached && !cached.busy) return cached as unknown as SqliteStatement;
      const statement = db.prepare(sqlText);
      if (!cached) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(sqlText, statement);
      }
      return statement as unknown as SqliteStatement;
    },
  };
}

class ImmediateTransactionDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class StoreSqliteDialect extends SqliteDialect {
  private readonly storeConfig: SqliteDialectConfig;

  constructor(db: Database.Database) {
    const config: SqliteDialectConfig = { database: withStatementCache(db) };
    super(config);
    this.storeConfig = config;
  }

  override createDriver(): Driver {
    return new ImmediateTransactionDriver(this.storeConfig);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}
