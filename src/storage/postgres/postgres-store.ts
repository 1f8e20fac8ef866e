// The cluster store (--store postgres://...): every service of every Nimbus node in one
// PostgreSQL database, through one pg pool per node. Services' tables carry their prefix
// ("lambda_functions"); each service's migrations are tracked in <service>_migrations and
// applied under Kysely's advisory lock, so nodes starting together migrate exactly once.
import { Kysely, PostgresDialect, type Migration } from "kysely";
import type { Logger } from "../../shared/logger.js";
import { applyMigrations } from "../migrate.js";
import { assertServiceName, RESERVED_SERVICE } from "../service-name.js";
import type { BlobStore, ServiceDb, Store } from "../types.js";
import { blobTableMigrations, PostgresBlobStore, type BlobTables } from "./postgres-blob-store.js";
import { createPool, redactUrl } from "./postgres-pool.js";
import { PostgresServiceDb } from "./postgres-service-db.js";

export interface PostgresStoreOptions {
  url: string;
  logger: Logger;
  /** Connections in this node's pool (default 10). */
  poolSize?: number;
}

export class PostgresStore implements Store {
  readonly dialect = "postgres" as const;
  readonly location: string;
  private readonly services = new Map<string, Promise<PostgresServiceDb<unknown>>>();
  private readonly blobStores = new Map<string, PostgresBlobStore>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly db: Kysely<any>,
    url: string,
    private readonly logger: Logger,
  ) {
    this.location = redactUrl(url);
  }

  /** Connects and creates the store's own tables; fails fast when the server is unreachable. */
  static async connect(options: PostgresStoreOptions): Promise<PostgresStore> {
    const pool = createPool({ url: options.url, max: options.poolSize, logger: options.logger });
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    try {
      await applyMigrations(db, RESERVED_SERVICE, blobTableMigrations, options.logger);
    } catch (error) {
      await db.destroy();
      throw new Error(`store: cannot use PostgreSQL at ${redactUrl(options.url)}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return new PostgresStore(db, options.url, options.logger);
  }

  open<DB>(service: string, migrations: Record<string, Migration>): Promise<ServiceDb<DB>> {
    this.assertOpen();
    assertServiceName(service);
    let opened = this.services.get(service);
    if (!opened) {
      opened = applyMigrations(this.db, service, migrations, this.logger).then(
        () => new PostgresServiceDb<unknown>(service, this.db),
      );
      this.services.set(service, opened);
      opened.catch(() => {
        if (this.services.get(service) === opened) this.services.delete(service);
      });
    }
    return opened as Promise<ServiceDb<DB>>;
  }

  blobs(service: string): BlobStore {
    this.assertOpen();
    assertServiceName(service);
    let blobs = this.blobStores.get(service);
    if (!blobs) {
      blobs = new PostgresBlobStore(this.db as Kysely<BlobTables>, service, () => this.assertOpen());
      this.blobStores.set(service, blobs);
    }
    return blobs;
  }

  close(): Promise<void> {
    // Waits for opens in flight so their migrations are not cut off mid-way.
    this.closing ??= Promise.allSettled(this.services.values()).then(() => this.db.destroy());
    return this.closing;
  }

  private assertOpen(): void {
    if (this.closing) throw new Error("store: closed");
  }
}
