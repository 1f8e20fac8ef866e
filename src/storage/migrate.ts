// Applies a service's migrations with Kysely's Migrator, each service keeping its own
// bookkeeping tables (<service>_migrations, <service>_migrations_lock) so services never
// share migration history. Names sort in the order migrations run ("0001_...", "0002_...").
// Concurrency: on PostgreSQL the Migrator holds a session advisory lock while it runs and
// runs the pending migrations in one transaction, so several Nimbus nodes starting together
// apply each migration exactly once; on SQLite our dialect makes that transaction
// BEGIN IMMEDIATE, which serialises processes sharing a file (see sqlite/sqlite-dialect.ts).
import { Migrator, type Kysely, type Migration } from "kysely";
import type { Logger } from "../shared/logger.js";
import { migrationLockTableName, migrationTableName } from "./service-name.js";

export async function applyMigrations(
  db: Kysely<any>,
  service: string,
  migrations: Record<string, Migration>,
  logger: Logger,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: migrationTableName(service),
    migrationLockTableName: migrationLockTableName(service),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === "Error");
  if (error !== undefined || failed) {
    const where = failed ? `migration ${failed.migrationName}` : "migrations";
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`store: ${service} ${where} failed: ${reason}`, { cause: error });
  }
  const applied = results.filter((r) => r.status === "Success").map((r) => r.migrationName);
  if (applied.length > 0) logger.info({ service, applied }, "store migrations applied");
  return applied;
}
