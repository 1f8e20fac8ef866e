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
