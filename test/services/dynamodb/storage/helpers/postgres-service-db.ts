// A minimal ServiceDb on PostgreSQL for running the storage tests against the cluster backend:
// set NIMBUS_TEST_POSTGRES_URL (e.g. postgres://user@127.0.0.1:5432/postgres). Each fixture gets
// its own schema, dropped on close, so runs never see each other's rows.
import { randomBytes } from "node:crypto";
import { Kysely, type Migration, Migrator, PostgresDialect } from "kysely";
import pg from "pg";
import type { TestServiceDb } from "./sqlite-service-db.js";

export async function openPostgresServiceDb<DB>(
  url: string,
  migrations: Record<string, Migration>,
  tableNames: readonly string[],
): Promise<TestServiceDb<DB>> {
  const schema = `nimbus_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: schema, // else Kysely may find another run's migration tables and skip creating its own
  }).migrateToLatest();
  if (error) throw error;
  return {
    dialect: "postgres",
    db,
    path: `${url} (schema ${schema})`,
    transaction: (fn) => db.transaction().execute(fn),
    async reset() {
      await db.transaction().execute(async (trx) => {
        for (const table of tableNames) await trx.deleteFrom(table as never).execute();
      });
    },
    async close() {
      await db.destroy();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}
