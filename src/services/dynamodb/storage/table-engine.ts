// The DynamoDB item storage engine: tables, items, secondary indexes and streams on the Store
// interface (SQLite or PostgreSQL through Kysely). The provider validates requests and evaluates
// expressions; this engine stores, finds and pages, keeps indexes and streams in step with every
// write, and reports sizes for capacity accounting.
//
//   const engine = await TableEngine.open(store, clock);
//   const table = await engine.createTable({ account, region, name, status: "ACTIVE", description });
//   await engine.putItem(table, item, (current) => { if (current) throw conditionalCheckFailed(); });
//   const page = await engine.query(table, { partition: { S: "user#1" }, sort: { op: "begins_with", prefix: { S: "order#" } }, limit: 25 });
import type { Clock } from "../../../shared/clock.js";
import type { ServiceDb, Store } from "../../../storage/types.js";
import type { Item } from "./attribute-value.js";
import { ItemCache } from "./item-cache.js";
import { tableKeyOfKey } from "./item-keys.js";
import { indexOf, ItemReader, type Page, type QueryRequest, type ScanRequest, type StoredItem, StoredRow } from "./item-reader.js";
import { ItemStatements } from "./item-statements.js";
import type { SqlRunner } from "./prepared-query.js";
import { ItemWriter, type StreamUserIdentity, type WriteOp, type WriteResult } from "./item-writer.js";
import { type DynamoDbDatabase, dynamodbMigrations } from "./schema.js";
import { StreamLog } from "./stream-log.js";
import { type NewTable, TableCatalog, type TableRecord } from "./table-catalog.js";
import type { TableDescriptionDoc } from "./table-layout.js";

export interface StorageStats {
  itemCount: number;
  sizeBytes: number;
}

export interface WriteOptions {
  /**
   * Runs inside the transaction after every op was applied, before commit; throwing rolls all of
   * them back (TransactWriteItems gathers every op's condition result, then cancels here).
   */
  beforeCommit?: (results: WriteResult[]) => void;
}

type Check = (current: Item | undefined) => void;

export class TableEngine {
  readonly streams: StreamLog;
  private readonly catalog: TableCatalog;
  private readonly reader: ItemReader;
  private readonly writer: ItemWriter;
  /** Point reads on SQLite (see item-cache.ts); none on PostgreSQL. */
  private readonly items: ItemCache | undefined;

  constructor(
    private readonly sdb: ServiceDb<DynamoDbDatabase>,
    clock: Clock,
  ) {
    const statements = new ItemStatements(sdb.db);
    this.reader = new ItemReader(statements);
    this.writer = new ItemWriter(statements, sdb.dialect, clock);
    this.catalog = new TableCatalog(sdb, this.writer, clock);
    this.streams = new StreamLog(sdb.db);
    this.items = sdb.direct ? new ItemCache(sdb.direct) : undefined;
  }

  /** Opens (and migrates) the dynamodb service's database in the store. */
  static async open(store: Store, clock: Clock): Promise<TableEngine> {
    const sdb = await store.open<DynamoDbDatabase>("dynamodb", dynamodbMigrations(store.dialect));
    return new TableEngine(sdb, clock);
  }

  // Tables

  createTable(table: NewTable): Promise<TableRecord> {
    return this.catalog.create(table);
  }

  getTable(account: string, region: string, name: string): Promise<TableRecord | undefined> {
    return this.catalog.get(account, region, name);
  }

  /** getTable's answer when it is at hand without a read (see TableCatalog.cached); undefined: call getTable. */
  cachedTable(account: string, region: string, name: string): TableRecord | undefined {
    return this.catalog.cached(account, region, name);
  }

  listTables(account: string, region: string, options?: { exclusiveStartName?: string; limit?: number }): Promise<string[]> {
    return this.catalog.list(account, region, options);
  }

  updateTable(table: TableRecord, change: { status?: string; description?: TableDescriptionDoc }): Promise<TableRecord> {
    return this.catalog.update(table, change);
  }

  deleteTable(table: TableRecord): Promise<void> {
    return this.catalog.delete(table);
  }

  // Items

  /**
   * getItem's answer when the item cache holds it, synchronously; undefined: call getItem (the
   * item may still exist). Throws as getItem does for a key that does not match the schema.
   */
  cachedItem(table: TableRecord, key: Item): StoredItem | undefined {
    const items = this.items;
    if (!items) return undefined;
    const layout = table.layout;
    items.sync();
    const known = items.get(ItemCache.keyOf(layout.tableId, tableKeyOfKey(layout.key, key)));
    // A new StoredRow per read: each caller decodes (and may change) its own copy of the item.
    return known ? new StoredRow(known.text, known.size) : undefined;
  }

  async getItem(table: TableRecord, key: Item): Promise<StoredItem | undefined> {
    const direct = this.sdb.direct;
    const items = this.items;
    if (!direct || !items) return this.reader.get(this.sdb.db, table.layout, key);
    const layout = table.layout;
    const encoded = tableKeyOfKey(layout.key, key);
    const cacheKey = ItemCache.keyOf(layout.tableId, encoded);
    items.sync();
    const known = items.get(cacheKey);
    if (known) return new StoredRow(known.text, known.size);
    return direct.withConnection(async (sql) => {
      items.sync();
      const stored = await this.reader.getEncoded(sql, layout, encoded);
      if (stored) items.set(cacheKey, { text: stored.text, size: stored.size });
      return stored;
    });
  }

  /** Reads several items from one consistent snapshot (TransactGetItems, BatchGetItem). */
  getItems(reads: readonly { table: TableRecord; key: Item }[]): Promise<(StoredItem | undefined)[]> {
    return this.transaction(async (trx) => {
      const out: (StoredItem | undefined)[] = [];
      for (const { table, key } of reads) out.push(await this.reader.get(trx, table.layout, key));
      return out;
    });
  }

  /** PutItem: stores item (replacing any item with its key); `check` sees the current item first. */
  async putItem(table: TableRecord, item: Item, check?: Check): Promise<WriteResult> {
    return (await this.write([{ kind: "put", table: table.layout, item, check }]))[0]!;
  }

  /**
   * PutItem for a caller that needs nothing of the item it replaces (no condition, ReturnValues
   * or consumed capacity): where nothing else follows item writes (no index, stream or history)
   * and the SQLite connection is at hand, one upsert statement instead of a transaction that
   * reads the stored item first. False when that does not apply; the caller then uses putItem.
   * `size`: itemSize(item), when the caller has it already.
   */
  async replaceItem(table: TableRecord, item: Item, size?: number): Promise<boolean> {
    const direct = this.sdb.direct;
    if (!direct || !ItemWriter.canReplace(table.layout)) return false;
    // The connection lock keeps the statement out of another caller's open transaction; a
    // single statement outside a transaction commits on its own, as durably as a COMMIT.
    await direct.withConnection((sql) => this.writer.replace(sql, table.layout, item, size));
    return true;
  }

  /**
   * replaceItem done at once when it applies and the connection is free (no promise, no turn of
   * the event loop); false: call replaceItem, which waits for the connection or says it does not apply.
   */
  replaceItemNow(table: TableRecord, item: Item, size?: number): boolean {
    const direct = this.sdb.direct;
    if (!direct || !ItemWriter.canReplace(table.layout)) return false;
    return direct.runIfFree((sql) => this.writer.replaceNow(sql, table.layout, item, size));
  }

  /** DeleteItem: removes the item with key, if any; the result's `old` is what was removed. */
  async deleteItem(table: TableRecord, key: Item, check?: Check, userIdentity?: StreamUserIdentity): Promise<WriteResult> {
    return (await this.write([{ kind: "delete", table: table.layout, key, check, userIdentity }]))[0]!;
  }

  /** UpdateItem: `update` computes the new item from the current one (undefined: write nothing). */
  async updateItem(table: TableRecord, key: Item, update: (current: Item | undefined) => Item | undefined): Promise<WriteResult> {
    return (await this.write([{ kind: "update", table: table.layout, key, update }]))[0]!;
  }

  /** Applies ops in order in one transaction: all commit or none (TransactWriteItems, BatchWriteItem). */
  write(ops: readonly WriteOp[], options: WriteOptions = {}): Promise<WriteResult[]> {
    return this.transaction(async (trx) => {
      const results = await this.writer.apply(trx, ops);
      options.beforeCommit?.(results);
      return results;
    });
  }

  query(table: TableRecord, request: QueryRequest): Promise<Page> {
    const direct = this.sdb.direct;
    if (direct) return direct.withConnection((sql) => this.reader.query(sql, table.layout, request));
    return this.reader.query(this.sdb.db, table.layout, request);
  }

  scan(table: TableRecord, request: ScanRequest = {}): Promise<Page> {
    const direct = this.sdb.direct;
    if (direct) return direct.withConnection((sql) => this.reader.scan(sql, table.layout, request));
    return this.reader.scan(this.sdb.db, table.layout, request);
  }

  /** A transaction for the item statements: straight on SQLite's connection where there is one, else Kysely's. */
  private transaction<T>(fn: (trx: SqlRunner) => Promise<T>): Promise<T> {
    const direct = this.sdb.direct;
    return direct ? direct.transaction(fn) : this.sdb.transaction(fn);
  }

  // Sizes (DescribeTable's ItemCount and TableSizeBytes, an index's IndexSizeBytes and ItemCount)

  async tableStats(table: TableRecord): Promise<StorageStats> {
    const row = await this.sdb.db
      .selectFrom("dynamodb_items")
      .select((eb) => [eb.fn.countAll().as("count"), eb.fn.sum("size").as("bytes")])
      .where("table_id", "=", table.id)
      .executeTakeFirst();
    return { itemCount: Number(row?.count ?? 0), sizeBytes: Number(row?.bytes ?? 0) };
  }

  async indexStats(table: TableRecord, indexName: string): Promise<StorageStats> {
    const index = indexOf(table.layout, indexName);
    const row = await this.sdb.db
      .selectFrom("dynamodb_index_entries")
      .select((eb) => [eb.fn.countAll().as("count"), eb.fn.sum("size").as("bytes")])
      .where("index_id", "=", index.id)
      .executeTakeFirst();
    return { itemCount: Number(row?.count ?? 0), sizeBytes: Number(row?.bytes ?? 0) };
  }
}

export type { Page, QueryRequest, ScanRequest, StoredItem } from "./item-reader.js";
export type { SortCondition } from "./item-reader.js";
export type { StreamUserIdentity, WriteOp, WriteResult } from "./item-writer.js";
export type { NewTable, TableRecord } from "./table-catalog.js";
