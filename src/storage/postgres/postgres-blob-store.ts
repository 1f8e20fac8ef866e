// Blobs in PostgreSQL, so every node of a cluster sees the same bytes: one shared table
// nimbus_blobs(service, key, data bytea). Keys use the "C" collation so they sort by UTF-8
// bytes, as the file-system backend and S3 sort them, and so prefix LIKE can use the index.
import { sql, type Kysely, type Migration } from "kysely";
import { assertBlobKey } from "../blobs/blob-keys.js";
import type { BlobStore } from "../types.js";

export interface BlobTables {
  nimbus_blobs: { service: string; key: string; data: Buffer };
}

/** The store's own migrations (recorded in nimbus_migrations). */
export const blobTableMigrations: Record<string, Migration> = {
  "0001_create_nimbus_blobs": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("nimbus_blobs")
        .addColumn("service", "text", (c) => c.notNull())
        .addColumn("key", sql`text collate "C"`, (c) => c.notNull())
        .addColumn("data", "bytea", (c) => c.notNull())
        .addPrimaryKeyConstraint("nimbus_blobs_pkey", ["service", "key"])
        .execute();
    },
  },
};

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => "\\" + c);

export class PostgresBlobStore implements BlobStore {
  constructor(
    private readonly db: Kysely<BlobTables>,
    private readonly service: string,
    /** Throws once the store is closed, with the same message as the other backend. */
    private readonly assertOpen: () => void,
  ) {}

  async put(key: string, data: Buffer): Promise<void> {
    this.assertOpen();
    assertBlobKey(key);
    await this.db
      .insertInto("nimbus_blobs")
      .values({ service: this.service, key, data })
      .onConflict((oc) => oc.columns(["service", "key"]).doUpdateSet({ data: (eb) => eb.ref("excluded.data") }))
      .execute();
  }

  async get(key: string): Promise<Buffer | undefined> {
    this.assertOpen();
    assertBlobKey(key);
    const row = await this.db
      .selectFrom("nimbus_blobs")
      .select("data")
      .where("service", "=", this.service)
      .where("key", "=", key)
      .executeTakeFirst();
    return row?.data;
  }

  async delete(key: string): Promise<void> {
    this.assertOpen();
    assertBlobKey(key);
    await this.db.deleteFrom("nimbus_blobs").where("service", "=", this.service).where("key", "=", key).execute();
  }

  async list(prefix: string): Promise<string[]> {
    this.assertOpen();
    assertBlobKey(prefix);
    const rows = await this.db
      .selectFrom("nimbus_blobs")
      .select("key")
      .where("service", "=", this.service)
      .where(sql<boolean>`key like ${escapeLike(prefix) + "%"} escape '\\'`)
      .orderBy("key")
      .execute();
    return rows.map((r) => r.key);
  }

  async reset(): Promise<void> {
    this.assertOpen();
    await this.db.deleteFrom("nimbus_blobs").where("service", "=", this.service).execute();
  }
}
