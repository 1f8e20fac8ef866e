// Chooses and opens the store from the configuration: PostgreSQL when a postgres:// URL is
// given (--store), otherwise SQLite under the data dir, or, in memory mode, in-memory SQLite
// databases (one per service, no file) with blobs under a fresh temporary folder that close()
// removes.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { silentLogger, type Logger } from "../shared/logger.js";
import { SqliteStore } from "./sqlite/sqlite-store.js";
import type { Store } from "./types.js";

export interface OpenStoreOptions {
  dataDir: string;
  inMemory: boolean;
  /** A postgres:// (or postgresql://) URL. */
  url?: string;
  logger?: Logger;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const logger = options.logger ?? silentLogger;
  if (options.url !== undefined) {
    if (options.inMemory) throw new Error("store: in-memory mode and a PostgreSQL store cannot be combined");
    if (!/^postgres(ql)?:\/\//i.test(options.url)) {
      throw new Error("store: the store URL must start with postgres:// or postgresql://");
    }
    // Loaded on demand: the pg driver costs start-up time that SQLite users never need.
    const { PostgresStore } = await import("./postgres/postgres-store.js");
    const store = await PostgresStore.connect({ url: options.url, logger });
    logger.info({ store: store.location }, "store: PostgreSQL");
    return store;
  }
  if (options.inMemory) {
    const folder = await mkdtemp(join(tmpdir(), "nimbus-"));
    logger.info({ store: folder }, "store: in memory (SQLite in memory, blobs in a temporary folder)");
    return new SqliteStore({
      dataDir: folder,
      durable: false,
      memory: true,
      logger,
      afterClose: () => rm(folder, { recursive: true, force: true }),
    });
  }
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  logger.info({ store: dataDir }, "store: SQLite");
  return new SqliteStore({ dataDir, durable: true, logger });
}
