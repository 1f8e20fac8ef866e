// One service's view of the shared PostgreSQL database. All services use the store's single
// Kysely instance (one pool per Nimbus node); what a service owns is, by convention, the
// tables whose names start with "<service>_" (enforced on SQLite, see sqlite-service-db.ts).
import { sql, type Kysely, type Transaction } from "kysely";
import { isMigrationTable } from "../service-name.js";
import type { ServiceDb } from "../types.js";

export class PostgresServiceDb<DB> implements ServiceDb<DB> {
  readonly dialect = "postgres" as const;

  constructor(
    readonly service: string,
    readonly db: Kysely<DB>,
  ) {}

  transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  /**
   * Truncates all of the service's tables in one statement, which PostgreSQL allows whatever
   * the foreign keys between them (https://www.postgresql.org/docs/current/sql-truncate.html),
   * restarting their identity sequences. No CASCADE: a table of another service referencing
   * ours is a design error and fails loudly rather than being wiped.
   */
  async reset(): Promise<void> {
    const { rows } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'
        and starts_with(table_name, ${`${this.service}_`})`.execute(this.db);
    const tables = rows.map((r) => r.name).filter((name) => !isMigrationTable(this.service, name));
    if (tables.length === 0) return;
    await sql`truncate table ${sql.join(tables.map((t) => sql.table(t)))} restart identity`.execute(this.db);
  }
}
