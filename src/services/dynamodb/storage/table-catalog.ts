// Table metadata: one row per table holding its full TableDescription (as the provider wrote
// it), its status and a version, plus one row per secondary index giving the index a compact
// id for its entries. Layouts derived from descriptions are cached per (table id, version): a
// lookup by name costs one indexed point read unless the table changed. On SQLite even that read
// is skipped while nothing can have changed the catalog: no catalog write in this process
// (counted per database, so every engine on it sees every write) and no commit by another
// process (PRAGMA data_version). PostgreSQL is shared by several nodes, which change tables
// without telling each other, so there every lookup reads the version.
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

/** How many catalog writes this process has finished on a database (shared by its engines). */
const catalogWrites = new WeakMap<object, { count: number }>();

function writeCounter(sdb: object): { count: number } {
  let counter = catalogWrites.get(sdb);
  if (!counter) catalogWrites.set(sdb, (counter = { count: 0 }));
  return counter;
}

export class TableCatalog {
  private readonly cache = new Map<number, TableRecord>();
  private readonly queries = new PreparedQueryCache();
  /**
   * Records by account, region and name, valid while `writes` and the data version stand still.
   * Nested maps rather than one joined key: a lookup builds no string (it runs on every item request).
   */
  private readonly byName = new Map<string, Map<string, Map<string, TableRecord>>>();
  private byNameWrites = -1;
  private byNameDataVersion = -1;
  private readonly writes: { count: number };

  constructor(
    private readonly sdb: ServiceDb<DynamoDbDatabase>,
    private readonly writer: ItemWriter,
    private readonly clock: Clock,
  ) {
    this.writes = writeCounter(sdb);
  }

  /**
   * Runs a catalog write. The count moves on once it is over, committed or not: a lookup that
   * ran alongside it cannot leave what it read in the cache (see get()).
   */
  private async changing<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
    this.writes.count++;
    try {
      return await this.sdb.transaction(fn);
    } finally {
      this.writes.count++;
    }
  }

  /** Creates a table; ResourceInUseException if the name is taken in that account and region. */
  async create(table: NewTable): Promise<TableRecord> {
    return this.changing(async (trx) => {
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
    const direct = this.sdb.direct;
    if (!direct) return this.read(account, region, name);
    const known = this.cached(account, region, name);
    if (known) return known;
    const writes = this.writes.count;
    const record = await this.read(account, region, name);
    // Kept only if no catalog write started or ended while it was read.
    if (record && this.writes.count === writes && this.byNameWrites === writes) this.remember(account, region, name, record);
    return record;
  }

  /**
   * The record by name when the lookup cache holds it (SQLite only): what get() answers without
   * reading, returned synchronously. Undefined means "ask get()", not "no such table".
   */
  cached(account: string, region: string, name: string): TableRecord | undefined {
    const direct = this.sdb.direct;
    if (!direct) return undefined;
    const dataVersion = direct.dataVersion();
    const writes = this.writes.count;
    if (writes !== this.byNameWrites || dataVersion !== this.byNameDataVersion) {
      this.byName.clear();
      this.byNameWrites = writes;
      this.byNameDataVersion = dataVersion;
      return undefined;
    }
    return this.byName.get(account)?.get(region)?.get(name);
  }

  private remember(account: string, region: string, name: string, record: TableRecord): void {
    let regions = this.byName.get(account);
    if (!regions) this.byName.set(account, (regions = new Map()));
    let names = regions.get(region);
    if (!names) regions.set(region, (names = new Map()));
    names.set(name, record);
  }

  /** The committed record by name: its version from the table row, the rest from the cache when it matches. */
  private async read(account: string, region: string, name: string): Promise<TableRecord | undefined> {
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
    return this.changing(async (trx) => {
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
    await this.changing(async (trx) => {
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
