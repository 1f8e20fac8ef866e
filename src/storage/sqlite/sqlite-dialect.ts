// Kysely's SqliteDialect over better-sqlite3, adjusted for a store that must stay correct
// when a second process (a CLI command, a restarted node) opens the same file:
// - transactions start with BEGIN IMMEDIATE: the write lock is taken up front, waiting up to
//   busy_timeout, instead of a deferred transaction failing with SQLITE_BUSY when it tries
//   to upgrade from reading to writing (https://www.sqlite.org/lang_transaction.html);
// - the adapter reports transactional DDL (SQLite has it), so Kysely's Migrator runs all
//   pending migrations and their bookkeeping rows in one transaction: a crash mid-migration
//   leaves the schema as it was, never half-migrated;
// - prepared statements are cached per SQL text (Kysely prepares on every query otherwise);
// - hot paths may skip Kysely's executor (SqliteConnectionState, ServiceDb.direct): per
//   statement it costs a few microseconds of promises and result objects, as much as SQLite
//   itself takes for a point read.
import Database from "better-sqlite3";
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteDialect,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type QueryResult,
  type SqliteDatabase,
} from "kysely";
import type { DirectAccess, DirectSql } from "../types.js";

const BUSY_TIMEOUT_MS = 5_000;
const STATEMENT_CACHE_SIZE = 256;

export interface SqliteOpenOptions {
  /**
   * true: synchronous=NORMAL. In WAL mode a commit is then durable across a crash of the
   * process (kill -9 included), because the WAL frames are in the operating system before
   * COMMIT returns; only a power loss or OS crash can lose the last commits, and the database
   * never corrupts (https://www.sqlite.org/wal.html, https://www.sqlite.org/pragma.html#pragma_synchronous).
   * false: synchronous=OFF, for databases that are discarded anyway.
   */
  durable: boolean;
}

/** Where openSqlite opens a database: a file, or a private in-memory database. */
export type SqliteLocation = { file: string } | { memory: true };

/**
 * Opens a database with the store's pragmas. An in-memory database (better-sqlite3's
 * ":memory:") belongs to this one connection and touches no file: its pages and its rollback
 * journal are in the heap, so a commit makes no system call
 * (https://www.sqlite.org/inmemorydb.html). WAL, synchronous and file locks do not apply to it;
 * it keeps SQLite's journal_mode=MEMORY, which ROLLBACK and savepoints need.
 */
export function openSqlite(location: SqliteLocation, options: SqliteOpenOptions): Database.Database {
  const memory = "memory" in location;
  const db = new Database(memory ? ":memory:" : location.file, { timeout: BUSY_TIMEOUT_MS });
  try {
    if (!memory) {
      db.pragma("journal_mode = WAL");
      db.pragma(`synchronous = ${options.durable ? "NORMAL" : "OFF"}`);
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
    db.pragma("foreign_keys = ON");
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Prepared statements by SQL text, reused (LRU by insertion order). */
class StatementCache {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  prepare(sqlText: string): Database.Statement {
    const cached = this.cache.get(sqlText);
    // A statement still iterating (a streamed select) cannot be re-run: prepare a fresh one.
    if (cached && !cached.busy) return cached;
    const statement = this.db.prepare(sqlText);
    if (!cached) {
      if (this.cache.size >= STATEMENT_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(sqlText, statement);
    }
    return statement;
  }
}

/**
 * The one connection's lock: Kysely's queries and transactions and the direct path all take it,
 * so nothing runs inside another caller's transaction. Waiters are served in arrival order; a
 * free lock is taken without a promise round trip.
 */
class ConnectionLock {
  private held = false;
  private readonly waiters: Array<() => void> = [];

  acquire(): Promise<void> | undefined {
    if (!this.held) {
      this.held = true;
      return undefined;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Takes the lock if it is free (true), without queueing otherwise. */
  tryAcquire(): boolean {
    if (this.held) return false;
    this.held = true;
    return true;
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }
}

/**
 * The database, its statement cache and its lock, shared by the Kysely driver and the direct
 * path (ServiceDb.direct), which skips Kysely's executor for SQL compiled once.
 */
export class SqliteConnectionState implements DirectAccess, DirectSql {
  readonly lock = new ConnectionLock();
  readonly statements: StatementCache;
  private readonly dataVersionStatement: Database.Statement | undefined;
  /** Statements run on this connection that may have changed data (see writeCount()). */
  private writes = 0;

  /**
   * private: no other connection can commit to this database (an in-memory database belongs to
   * its one connection), so its data version never moves and is not read.
   */
  constructor(
    readonly db: Database.Database,
    isPrivate = false,
  ) {
    this.statements = new StatementCache(db);
    this.dataVersionStatement = isPrivate ? undefined : db.prepare("pragma data_version").pluck();
  }

  /**
   * The statement for sqlText, counted as a write unless SQLite says it cannot change the
   * database (sqlite3_stmt_readonly: a SELECT is read-only, an INSERT ... RETURNING is not).
   * Counted before it runs, so a statement that fails half-way is counted too.
   */
  prepare(sqlText: string): Database.Statement {
    const statement = this.statements.prepare(sqlText);
    if (!statement.readonly) this.writes++;
    return statement;
  }

  all<Row>(sqlText: string, parameters: readonly unknown[]): Row[] {
    return this.prepare(sqlText).all(parameters) as Row[];
  }

  run(sqlText: string, parameters: readonly unknown[]): number {
    return this.prepare(sqlText).run(parameters).changes;
  }

  insert(sqlText: string, parameters: readonly unknown[]): number {
    return Number(this.prepare(sqlText).run(parameters).lastInsertRowid);
  }

  dataVersion(): number {
    return this.dataVersionStatement ? (this.dataVersionStatement.get() as number) : 0;
  }

  writeCount(): number {
    return this.writes;
  }

  runIfFree(fn: (sql: DirectSql) => void): boolean {
    if (!this.lock.tryAcquire()) return false;
    try {
      fn(this);
    } finally {
      this.lock.release();
    }
    return true;
  }

  async withConnection<T>(fn: (sql: DirectSql) => Promise<T>): Promise<T> {
    const wait = this.lock.acquire();
    if (wait) await wait;
    try {
      return await fn(this);
    } finally {
      this.lock.release();
    }
  }

  async transaction<T>(fn: (sql: DirectSql) => Promise<T>): Promise<T> {
    const wait = this.lock.acquire();
    if (wait) await wait;
    try {
      this.statements.prepare("begin immediate").run();
      let result: T;
      try {
        result = await fn(this);
      } catch (error) {
        // A failed statement may already have ended the transaction (SQLite rolls back on some errors).
        if (this.db.inTransaction) this.statements.prepare("rollback").run();
        throw error;
      }
      this.statements.prepare("commit").run();
      return result;
    } finally {
      this.lock.release();
    }
  }
}

class StoreSqliteConnection implements DatabaseConnection {
  constructor(private readonly state: SqliteConnectionState) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.state.prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    if (stmt.reader) return Promise.resolve({ rows: stmt.all(parameters) as R[] });
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return Promise.resolve({ numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] });
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiledQuery.query)) throw new Error("Sqlite driver only supports streaming of select queries");
    const stmt = this.state.statements.prepare(compiledQuery.sql);
    for (const row of stmt.iterate(compiledQuery.parameters as unknown[])) yield { rows: [row as R] };
  }
}

/**
 * Kysely's driver on the shared connection state: transactions start with BEGIN IMMEDIATE (see
 * the top of this file) and the connection lock is the one the direct path takes.
 */
class StoreSqliteDriver implements Driver {
  private readonly connection: StoreSqliteConnection;

  constructor(private readonly state: SqliteConnectionState) {
    this.connection = new StoreSqliteConnection(state);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const wait = this.state.lock.acquire();
    if (wait) await wait;
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteIdentifier(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteIdentifier(name)}`));
  }

  async releaseConnection(): Promise<void> {
    this.state.lock.release();
  }

  async destroy(): Promise<void> {
    this.state.db.close();
  }
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class StoreSqliteDialect extends SqliteDialect {
  constructor(private readonly state: SqliteConnectionState) {
    super({ database: state.db as unknown as SqliteDatabase });
  }

  override createDriver(): Driver {
    return new StoreSqliteDriver(this.state);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}
