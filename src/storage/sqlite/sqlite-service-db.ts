// One service's SQLite database: <dataDir>/db/<service>.sqlite, or a private in-memory
// database for an in-memory store, opened with the store's pragmas, migrated, and held by a
// single Kysely instance (one connection per database; Kysely serialises its use, so a
// transaction never interleaves with another query of this process). Nothing here opens a
// second connection, which an in-memory database could not have: it exists only in its own.
import { Kysely, sql, type Migration, type Transaction } from "kysely";
import type { Logger } from "../../shared/logger.js";
import { applyMigrations } from "../migrate.js";
import { isMigrationTable } from "../service-name.js";
import type { DirectAccess, ServiceDb } from "../types.js";
import {
  openSqlite,
  SqliteConnectionState,
  StoreSqliteDialect,
  type SqliteLocation,
  type SqliteOpenOptions,
} from "./sqlite-dialect.js";

interface SchemaObject {
  name: string;
  type: string;
}

export class SqliteServiceDb<DB> implements ServiceDb<DB> {
  readonly dialect = "sqlite" as const;

  private constructor(
    readonly service: string,
    readonly db: Kysely<DB>,
    readonly direct: DirectAccess,
  ) {}

  static async open<DB>(
    service: string,
    location: SqliteLocation,
    migrations: Record<string, Migration>,
    options: SqliteOpenOptions & { logger: Logger },
  ): Promise<SqliteServiceDb<DB>> {
    const state = new SqliteConnectionState(openSqlite(location, options), "memory" in location);
    const db = new Kysely<DB>({ dialect: new StoreSqliteDialect(state) });
    try {
      await applyMigrations(db, service, migrations, options.logger);
      const handle = new SqliteServiceDb(service, db, state);
      await handle.assertNamesArePrefixed();
      return handle;
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }

  transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  /**
   * Deletes every row of every table in the file except the migration bookkeeping, and
   * restarts AUTOINCREMENT counters (as PostgreSQL's TRUNCATE ... RESTART IDENTITY does).
   * Foreign keys are switched off for the duration (the pragma is a no-op inside a
   * transaction, so it is set on the reserved connection around it): with every row going,
   * no order of deletes is needed, and ON DELETE RESTRICT cannot refuse.
   */
  async reset(): Promise<void> {
    await this.db.connection().execute(async (conn) => {
      await sql`pragma foreign_keys = off`.execute(conn);
      try {
        await conn.transaction().execute(async (trx) => {
          const tables = (await this.schemaObjects(trx)).filter(
            (o) => (o.type === "table" || o.type === "virtual") && !isMigrationTable(this.service, o.name),
          );
          for (const { name } of tables) await sql`delete from ${sql.table(name)}`.execute(trx);
          const hasSequence = await sql`select 1 from sqlite_schema where name = 'sqlite_sequence'`.execute(trx);
          if (hasSequence.rows.length > 0) await sql`delete from sqlite_sequence`.execute(trx);
        });
      } finally {
        await sql`pragma foreign_keys = on`.execute(conn);
      }
    });
  }

  /** Tables, views and indexes of the main schema, without SQLite's own and FTS shadow tables. */
  private async schemaObjects(db: Kysely<any>): Promise<SchemaObject[]> {
    const { rows } = await sql<SchemaObject>`
      select name, type from pragma_table_list where schema = 'main' and substr(name, 1, 7) <> 'sqlite_'
      union all
      select name, type from sqlite_schema where type = 'index' and substr(name, 1, 7) <> 'sqlite_'`.execute(db);
    return rows;
  }

  /**
   * On PostgreSQL every service shares one schema, so table, view and index names must start
   * with "<service>_". SQLite is where services are developed, so the rule is checked here,
   * where a mistake would otherwise go unnoticed until two services collide in a cluster.
   */
  private async assertNamesArePrefixed(): Promise<void> {
    const prefix = `${this.service}_`;
    const bad = (await this.schemaObjects(this.db)).filter((o) => o.type !== "shadow" && !o.name.startsWith(prefix));
    if (bad.length > 0) {
      const names = bad.map((o) => `${o.type} "${o.name}"`).join(", ");
      throw new Error(`store: ${this.service} migrations created ${names}; names must start with "${prefix}"`);
    }
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
