// The default store: per service, a SQLite file <dataDir>/db/<service>.sqlite and a blob
// folder <dataDir>/blobs/<service>/. Services never share a file, so one service's writes
// never wait for another's lock. An in-memory store keeps each service's database in memory
// (no file at all) and only its blobs under <dataDir>.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Migration } from "kysely";
import type { Logger } from "../../shared/logger.js";
import { FsBlobStore } from "../blobs/fs-blob-store.js";
import { assertServiceName } from "../service-name.js";
import type { BlobStore, ServiceDb, Store } from "../types.js";
import type { SqliteServiceDb } from "./sqlite-service-db.js";

export interface SqliteStoreOptions {
  dataDir: string;
  /** false only for in-memory stores: skips fsync (synchronous=OFF, no blob fsync). */
  durable: boolean;
  /**
   * true only for in-memory stores: each service's database is a private in-memory SQLite
   * database (nothing under <dataDir>/db), so a commit makes no system call. Its contents go
   * with the process; nothing else could open it anyway.
   */
  memory?: boolean;
  logger: Logger;
  /** Runs after every database is closed (the in-memory store removes its folder here). */
  afterClose?: () => Promise<void>;
}

export class SqliteStore implements Store {
  readonly dialect = "sqlite" as const;
  private readonly databases = new Map<string, Promise<SqliteServiceDb<unknown>>>();
  private readonly blobStores = new Map<string, FsBlobStore>();
  private closing: Promise<void> | undefined;

  constructor(private readonly options: SqliteStoreOptions) {}

  get location(): string {
    return this.options.dataDir;
  }

  open<DB>(service: string, migrations: Record<string, Migration>): Promise<ServiceDb<DB>> {
    this.assertOpen();
    assertServiceName(service);
    let database = this.databases.get(service);
    if (!database) {
      database = this.openDatabase(service, migrations);
      this.databases.set(service, database);
      // A failed open is not cached: the next call retries (after a fixed migration, say).
      database.catch(() => {
        if (this.databases.get(service) === database) this.databases.delete(service);
      });
    }
    return database as Promise<ServiceDb<DB>>;
  }

  private async openDatabase(service: string, migrations: Record<string, Migration>): Promise<SqliteServiceDb<unknown>> {
    // Kysely and the SQLite driver load with the first database a service opens, not at start-up.
    const { SqliteServiceDb } = await import("./sqlite-service-db.js");
    if (this.options.memory) return SqliteServiceDb.open(service, { memory: true }, migrations, this.options);
    const folder = join(this.options.dataDir, "db");
    await mkdir(folder, { recursive: true });
    return SqliteServiceDb.open(service, { file: join(folder, `${service}.sqlite`) }, migrations, this.options);
  }

  blobs(service: string): BlobStore {
    this.assertOpen();
    assertServiceName(service);
    let blobs = this.blobStores.get(service);
    if (!blobs) {
      blobs = new FsBlobStore(join(this.options.dataDir, "blobs", service), this.options.durable, () =>
        this.assertOpen(),
      );
      this.blobStores.set(service, blobs);
    }
    return blobs;
  }

  close(): Promise<void> {
    this.closing ??= this.closeAll();
    return this.closing;
  }

  private async closeAll(): Promise<void> {
    const opened = await Promise.allSettled(this.databases.values());
    this.databases.clear();
    await Promise.all(opened.map((r) => (r.status === "fulfilled" ? r.value.close() : undefined)));
    await this.options.afterClose?.();
  }

  private assertOpen(): void {
    if (this.closing) throw new Error("store: closed");
  }
}
