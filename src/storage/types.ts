// The store interface: the only way services reach durable state. Two backends implement it:
// embedded SQLite (default; one database file per service under the data dir, WAL) and
// PostgreSQL (--store postgres://..., several Nimbus nodes sharing one database).
// Services write explicit, typed SQL with Kysely, which speaks both dialects, and own their
// schema through versioned migrations. Table names start with the service's prefix
// (e.g. "lambda_functions") so every service can share one PostgreSQL database.
import type { Kysely, Migration, Transaction } from "kysely";

export type StoreDialect = "sqlite" | "postgres";

export interface ServiceDb<DB> {
  readonly dialect: StoreDialect;
  readonly db: Kysely<DB>;
  /** Runs fn in one transaction: all of its writes commit together or none do. */
  transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T>;
  /**
   * SQLite only: statements straight on the connection, without Kysely's executor, for hot
   * paths whose SQL is compiled once. It shares the connection (and its lock) with `db`, so a
   * direct read never sees another caller's open transaction and vice versa.
   */
  readonly direct?: DirectAccess;
  /** Deletes every row of this service's tables (POST /_nimbus/reset); the schema stays. */
  reset(): Promise<void>;
}

export interface BlobStore {
  /** Stores bytes under key (overwrites), durable once the promise resolves. */
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | undefined>;
  delete(key: string): Promise<void>;
  /** Keys starting with prefix, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Deletes every blob of this service. */
  reset(): Promise<void>;
}

export interface Store {
  readonly dialect: StoreDialect;
  /** Human-readable location of the data (a folder or a redacted connection URL). */
  readonly location: string;
  /**
   * Opens the database a service owns, applying its migrations (names sort in the order they
   * run, e.g. "0001_create_functions"). The same service opened twice returns the same handle.
   */
  open<DB>(service: string, migrations: Record<string, Migration>): Promise<ServiceDb<DB>>;
  /** The blob store of a service: code zips, S3 objects, layer archives. */
  blobs(service: string): BlobStore;
  close(): Promise<void>;
}

/** Compiled SQL run synchronously on a connection the caller holds (see DirectAccess). */
export interface DirectSql {
  /** The rows of a statement that returns rows (a select, or a write with RETURNING). */
  all<Row>(sql: string, parameters: readonly unknown[]): Row[];
  /** Runs a statement that returns no rows; the number of rows it changed. */
  run(sql: string, parameters: readonly unknown[]): number;
  /**
   * Runs an INSERT and answers the rowid of the last row it inserted (of a multi-row INSERT: the
   * last row of its VALUES list), which is cheaper than RETURNING: no result row per insert.
   */
  insert(sql: string, parameters: readonly unknown[]): number;
}

export interface DirectAccess {
  /** Runs fn holding the connection, after any transaction that holds it now. */
  withConnection<T>(fn: (sql: DirectSql) => Promise<T>): Promise<T>;
  /**
   * Runs fn at once, holding the connection, if no one holds it now (true); false: fn did not
   * run (call withConnection). For hot paths whose work is synchronous: no promise is made.
   */
  runIfFree(fn: (sql: DirectSql) => void): boolean;
  /** Runs fn in one transaction (as ServiceDb.transaction) holding the connection. */
  transaction<T>(fn: (sql: DirectSql) => Promise<T>): Promise<T>;
  /**
   * A number that changes when another connection (another process) has committed to the
   * database since the last call: SQLite's PRAGMA data_version. This connection's own commits
   * do not change it.
   */
  dataVersion(): number;
  /**
   * How many statements that may change data (anything but a read-only statement: writes,
   * DDL, whatever a reset runs) this connection has run, committed or rolled back. With
   * dataVersion() it tells a cache of reads that nothing changed since it read: the database
   * is unchanged while both stand still.
   */
  writeCount(): number;
}
