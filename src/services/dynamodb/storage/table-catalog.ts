// Table metadata: one row per table holding its full TableDescription (as the provider wrote
// it), its status and a version, plus one row per secondary index giving the index a compact
// id for its entries. Layouts derived from descriptions are cached per (table id, version): a
// lookup by name costs one indexed point read unless the table changed.
import type { Kysely } from "kysely";
import { ServiceError } from "../../../aws/errors.js";
import type { Clock } from "../../../shared/clock.js";
import type { ServiceDb } from "../../../storage/types.js";
import type { ItemWriter } from "./item-writer.js";
import { decodeDocument, encodeDocument } from "./json-document.js";
import { param, PreparedQueryCache } from "./prepared-query.js";
import type { DynamoDbDatabase, TablesRow } from "./schema.js";
import { buildTableLayout, declaredIndexes, type TableDescriptionDoc, type TableLayout } from "./table-layout.js";

export interface TableRecord {
  id: number;
  account: string;
  region: string;
  name: string;
  status: string;
  /** The stored TableDescription. Shared with the cache: treat as read-only, pass a new one to update(). */
  description: TableDescriptionDoc;
  version: number;
  createdAt: number;
  layout: TableLayout;
}

export interface NewTable {
  account: string;
  region: string;
  name: string;
  status: string;
  description: TableDescriptionDoc;
}

type Db = Kysely<DynamoDbDatabase>;

export class TableCatalog {
  private readonly cache = new Map<number, TableRecord>();
  private readonly queries = new PreparedQueryCache();

  constructor(
    private readonly sdb: ServiceDb<DynamoDbDatabase>,
    private readonly writer: ItemWriter,
    private readonly clock: Clock,
  ) {}

  /** Creates a table; ResourceInUseException if the name is taken in that account and region. */
  async create(table: NewTable): Promise<TableRecord> {
    return this.sdb.transaction(async (trx) => {
      const existing = await trx
        .selectFrom("dynamodb_tables")
        .select("id")
        .where("account", "=", table.account)
        .where("region", "=", table.region)
        .where("name", "=", table.name)
        .executeTakeFirst();
      if (existing) throw new ServiceError("ResourceInUseException", `Table already exists: ${table.name}`, 400);
      const inserted = await trx
        .insertInto("dynamodb_tables")
        .values({
          account: table.account,
          region: table.region,
          name: table.name,
          status: table.status,
          description: encodeDocument(table.description),
          version: 1,
          created_at: this.clock.now(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.syncIndexRows(trx, inserted.id, table.description);
      return this.load(trx, inserted.id);
    });
  }

  async get(account: string, region: string, name: string): Promise<TableRecord | undefined> {
    const head = await this.queries
      .get("tableVersion", () =>
        this.sdb.db
          .selectFrom("dynamodb_tables")
          .select(["id", "version"])
          .where("account", "=", param<string>(0))
          .where("region", "=", param<string>(1))
          .where("name", "=", param<string>(2)),
      )
      .first(this.sdb.db, [account, region, name]);
    if (!head) return undefined;
    const cached = this.cache.get(head.id);
    if (cached && cached.version === head.version) return cached;
    const record = await this.load(this.sdb.db, head.id);
    // Only committed state is cached: a record loaded inside a transaction that later rolls
    // back could otherwise shadow a future row with the same version.
    this.cache.set(record.id, record);
    return record;
  }

  /** Table names of an account and region in name order, after exclusiveStartName. */
  async list(account: string, region: string, options: { exclusiveStartName?: string; limit?: number } = {}): Promise<string[]> {
    let q = this.sdb.db
      .selectFrom("dynamodb_tables")
      .select("name")
      .where("account", "=", account)
      .where("region", "=", region)
      .orderBy("name");
    if (options.exclusiveStartName !== undefined) q = q.where("name", ">", options.exclusiveStartName);
    if (options.limit !== undefined) q = q.limit(options.limit);
    return (await q.execute()).map((r) => r.name);
  }

  /**
   * Stores a new status and/or description. Indexes that appear in the new description are
   * created and backfilled from the table's items; indexes that disappear lose their entries.
   */
  async update(table: TableRecord, change: { status?: string; description?: TableDescriptionDoc }): Promise<TableRecord> {
    return this.sdb.transaction(async (trx) => {
      const set: Partial<Pick<TablesRow, "status" | "description">> = {};
      if (change.status !== undefined) set.status = change.status;
      if (change.description !== undefined) set.description = encodeDocument(change.description);
      await trx
        .updateTable("dynamodb_tables")
        .set((eb) => ({ ...set, version: eb("version", "+", 1) }))
        .where("id", "=", table.id)
        .execute();
      if (change.description === undefined) return this.load(trx, table.id);
      const created = await this.syncIndexRows(trx, table.id, change.description);
      const record = await this.load(trx, table.id);
      for (const name of created) await this.writer.backfill(trx, record.layout, record.layout.indexesByName.get(name)!);
      return record;
    });
  }

  /** Deletes a table with its items and index entries. Its stream records stay until trimmed. */
  async delete(table: TableRecord): Promise<void> {
    await this.sdb.transaction(async (trx) => {
      const indexIds = (await trx.selectFrom("dynamodb_indexes").select("id").where("table_id", "=", table.id).execute()).map((r) => r.id);
      for (const id of indexIds) await trx.deleteFrom("dynamodb_index_entries").where("index_id", "=", id).execute();
      await trx.deleteFrom("dynamodb_indexes").where("table_id", "=", table.id).execute();
      await trx.deleteFrom("dynamodb_items").where("table_id", "=", table.id).execute();
      await trx.deleteFrom("dynamodb_tables").where("id", "=", table.id).execute();
    });
    this.cache.delete(table.id);
  }

  /** Gives every declared index a row and drops rows (and entries) of undeclared ones; returns the new names. */
  private async syncIndexRows(trx: Db, tableId: number, description: TableDescriptionDoc): Promise<string[]> {
    const declared = declaredIndexes(description);
    const existing = await trx.selectFrom("dynamodb_indexes").select(["id", "name"]).where("table_id", "=", tableId).execute();
    const declaredNames = new Set(declared.map((d) => d.name));
    for (const row of existing) {
      if (declaredNames.has(row.name)) continue;
      await trx.deleteFrom("dynamodb_index_entries").where("index_id", "=", row.id).execute();
      await trx.deleteFrom("dynamodb_indexes").where("id", "=", row.id).execute();
    }
    const existingNames = new Set(existing.map((r) => r.name));
    const created: string[] = [];
    for (const index of declared) {
      if (existingNames.has(index.name)) continue;
      await trx.insertInto("dynamodb_indexes").values({ table_id: tableId, name: index.name, kind: index.kind }).execute();
      created.push(index.name);
    }
    return created;
  }

  private async load(db: Db, id: number): Promise<TableRecord> {
    const row = await db.selectFrom("dynamodb_tables").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const indexRows = await db.selectFrom("dynamodb_indexes").select(["id", "name"]).where("table_id", "=", id).execute();
    const description = decodeDocument<TableDescriptionDoc>(row.description);
    const record: TableRecord = {
      id: row.id,
      account: row.account,
      region: row.region,
      name: row.name,
      status: row.status,
      description,
      version: row.version,
      createdAt: Number(row.created_at),
      layout: buildTableLayout(row.id, description, new Map(indexRows.map((r) => [r.name, r.id]))),
    };
    return record;
  }
}
