// Reads: GetItem by key, Query (one partition of a table or index, a sort-key range, either
// direction) and Scan (hash order, parallel segments), each page bounded by Limit and 1 MB and
// resumable from an ExclusiveStartKey. Every read is a B-tree seek followed by an in-order walk,
// so its cost depends on the page, not on the table size.
import { ServiceError } from "../../../aws/errors.js";
import type { AttributeValue, Item } from "./attribute-value.js";
import { decodeItem } from "./item-codec.js";
import { type EncodedKey, indexKeyOfItem, pickKey, tableKeyOfItem, tableKeyOfKey } from "./item-keys.js";
import type { ItemStatements, RangeRow, RangeShape } from "./item-statements.js";
import { encodeKeyValue, partitionHash, prefixSuccessor, segmentHashRange, segmentOfHash } from "./key-encoding.js";
import { PageBudget } from "./page-limit.js";
import type { SqlRunner } from "./prepared-query.js";
import type { IndexLayout, KeyAttribute, TableLayout } from "./table-layout.js";

export type SortCondition =
  | { op: "=" | "<" | "<=" | ">" | ">="; value: AttributeValue }
  | { op: "BETWEEN"; low: AttributeValue; high: AttributeValue }
  | { op: "begins_with"; prefix: AttributeValue };

export interface QueryRequest {
  /** Query a secondary index instead of the table. */
  indexName?: string;
  /** The partition key value (KeyConditionExpression's equality). */
  partition: AttributeValue;
  sort?: SortCondition;
  /** ScanIndexForward; true unless false. */
  forward?: boolean;
  /** Items to evaluate at most. */
  limit?: number;
  exclusiveStartKey?: Item;
  /** The page size limit in bytes; 1 MB unless set (tests set it lower). */
  maxPageBytes?: number;
}

export interface ScanRequest {
  indexName?: string;
  segment?: number;
  totalSegments?: number;
  limit?: number;
  exclusiveStartKey?: Item;
  maxPageBytes?: number;
}

export interface Page {
  /** The items, decoded on first use (a page that is only counted or sent on never decodes them). */
  readonly items: Item[];
  /**
   * The items as stored: DynamoDB JSON exactly as on the wire (./item-codec.ts), so an answer
   * that returns them whole can send this text as it is.
   */
  readonly texts: readonly string[];
  /** Bytes of all items read (before any filter): what capacity is charged for. */
  bytesRead: number;
  /** Present when the page stopped at Limit or 1 MB; pass it back as ExclusiveStartKey. */
  lastEvaluatedKey?: Item;
}

export interface StoredItem {
  /** The item, decoded on first use. */
  readonly item: Item;
  /** The item as stored: wire-shaped DynamoDB JSON (see Page.texts). */
  readonly text: string;
  readonly size: number;
}

type Db = SqlRunner;
/** Where a range read resumes: the (index) key and the base table key of the last item read. */
interface Position {
  pk_hash: number;
  pk: Buffer;
  sk: Buffer;
  base_pk: Buffer;
  base_sk: Buffer;
}

/** The position of an item read from a table or index (items and projections carry every key attribute). */
function positionOf(table: TableLayout, index: IndexLayout | undefined, item: Item): Position {
  const base = tableKeyOfItem(table.key, item);
  const key = index ? indexKeyOfItem(index, item, true)! : base;
  return { pk_hash: key.hash, pk: key.pk, sk: key.sk, base_pk: base.pk, base_sk: base.sk };
}

interface SortBounds {
  lower?: { op: ">" | ">="; bytes: Buffer };
  upper?: { op: "<" | "<="; bytes: Buffer };
}

const FIRST_CHUNK = 100;
const MAX_CHUNK = 2000;

const invalid = (message: string) => new ServiceError("ValidationException", message, 400);
const conditionTypeMismatch = () =>
  invalid("One or more parameter values were invalid: Condition parameter type does not match schema type");
const startKeyInvalid = (detail?: string) => invalid(detail ? `The provided starting key is invalid: ${detail}` : "The provided starting key is invalid");

function encodeOperand(attribute: KeyAttribute, value: AttributeValue): Buffer {
  const bytes = encodeKeyValue(attribute.type, value);
  if (bytes === undefined) throw conditionTypeMismatch();
  return bytes;
}

function sortBounds(attribute: KeyAttribute | undefined, condition: SortCondition | undefined): SortBounds {
  if (!condition) return {};
  if (!attribute) throw invalid("Query key condition not supported");
  switch (condition.op) {
    case "=": {
      const bytes = encodeOperand(attribute, condition.value);
      return { lower: { op: ">=", bytes }, upper: { op: "<=", bytes } };
    }
    case "<":
    case "<=":
      return { upper: { op: condition.op, bytes: encodeOperand(attribute, condition.value) } };
    case ">":
    case ">=":
      return { lower: { op: condition.op, bytes: encodeOperand(attribute, condition.value) } };
    case "BETWEEN":
      return {
        lower: { op: ">=", bytes: encodeOperand(attribute, condition.low) },
        upper: { op: "<=", bytes: encodeOperand(attribute, condition.high) },
      };
    case "begins_with": {
      if (attribute.type === "N") {
        throw invalid("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
      }
      const prefix = encodeOperand(attribute, condition.prefix);
      const successor = prefixSuccessor(prefix);
      return { lower: { op: ">=", bytes: prefix }, upper: successor ? { op: "<", bytes: successor } : undefined };
    }
  }
}

function withinBounds(bytes: Buffer, bounds: SortBounds): boolean {
  const { lower, upper } = bounds;
  if (lower) {
    const c = Buffer.compare(bytes, lower.bytes);
    if (c < 0 || (c === 0 && lower.op === ">")) return false;
  }
  if (upper) {
    const c = Buffer.compare(bytes, upper.bytes);
    if (c > 0 || (c === 0 && upper.op === "<")) return false;
  }
  return true;
}

/** The position an ExclusiveStartKey names: the table key, plus the index key when reading an index. */
function startPosition(table: TableLayout, index: IndexLayout | undefined, start: Item): Position {
  if (!index) {
    let base: EncodedKey;
    try {
      base = tableKeyOfKey(table.key, start);
    } catch (error) {
      if (error instanceof ServiceError) throw startKeyInvalid(error.message);
      throw error;
    }
    return { pk_hash: base.hash, pk: base.pk, sk: base.sk, base_pk: base.pk, base_sk: base.sk };
  }
  const names = new Set([...Object.keys(pickKey(table.key, start)), index.key.partition.name, ...(index.key.sort ? [index.key.sort.name] : [])]);
  let count = 0;
  for (const _ in start) count++;
  if (count !== names.size) throw startKeyInvalid();
  for (const name of names) if (start[name] === undefined) throw startKeyInvalid();
  let base: EncodedKey;
  let indexKey: EncodedKey | undefined;
  try {
    base = tableKeyOfKey(table.key, pickKey(table.key, start));
    indexKey = indexKeyOfItem(index, start);
  } catch (error) {
    if (error instanceof ServiceError) throw startKeyInvalid();
    throw error;
  }
  if (!indexKey) throw startKeyInvalid();
  return { pk_hash: indexKey.hash, pk: indexKey.pk, sk: indexKey.sk, base_pk: base.pk, base_sk: base.sk };
}

export class ItemReader {
  constructor(private readonly statements: ItemStatements) {}

  async get(db: Db, table: TableLayout, key: Item): Promise<StoredItem | undefined> {
    return this.getEncoded(db, table, tableKeyOfKey(table.key, key));
  }

  /** get() for a key already encoded (tableKeyOfKey, which also checks it against the schema). */
  async getEncoded(db: Db, table: TableLayout, k: EncodedKey): Promise<StoredItem | undefined> {
    const row = await this.statements.selectItem.first(db, [table.tableId, k.hash, k.pk, k.sk]);
    return row ? new StoredRow(row.item, row.size) : undefined;
  }

  async query(db: Db, table: TableLayout, request: QueryRequest): Promise<Page> {
    const index = request.indexName === undefined ? undefined : indexOf(table, request.indexName);
    const key = index ? index.key : table.key;
    const pk = encodeOperand(key.partition, request.partition);
    const hash = partitionHash(pk);
    const bounds = sortBounds(key.sort, request.sort);
    const forward = request.forward !== false;

    let after: Position | undefined;
    if (request.exclusiveStartKey) {
      after = startPosition(table, index, request.exclusiveStartKey);
      if (!after.pk.equals(pk)) throw invalid("The provided starting key is outside query boundaries based on provided conditions");
      if (!withinBounds(after.sk, bounds)) throw invalid("The provided starting key does not match the range key predicate");
    }
    const fetch = (position: Position | undefined, limit: number) => {
      const shape: RangeShape = { lower: bounds.lower?.op, upper: bounds.upper?.op, after: position !== undefined, forward };
      if (index) {
        return this.statements
          .indexPartition(shape)
          .rows(db, [index.id, hash, pk, bounds.lower?.bytes, bounds.upper?.bytes, position?.sk, position?.base_pk, position?.base_sk, limit]);
      }
      return this.statements
        .tablePartition(shape)
        .rows(db, [table.tableId, hash, pk, bounds.lower?.bytes, bounds.upper?.bytes, position?.sk, limit]);
    };
    return this.collect(fetch, after, new PageBudget(request.limit, request.maxPageBytes), table, index);
  }

  async scan(db: Db, table: TableLayout, request: ScanRequest): Promise<Page> {
    const index = request.indexName === undefined ? undefined : indexOf(table, request.indexName);
    const totalSegments = request.totalSegments ?? 1;
    const segment = request.segment ?? 0;
    const { low, high } = segmentHashRange(segment, totalSegments);

    let after: Position | undefined;
    if (request.exclusiveStartKey) {
      after = startPosition(table, index, request.exclusiveStartKey);
      const owner = segmentOfHash(after.pk_hash, totalSegments);
      if (owner !== segment) {
        throw startKeyInvalid(
          `Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: ${totalSegments} Segment: ${owner}`,
        );
      }
    }
    const fetch = (p: Position | undefined, limit: number) =>
      index
        ? this.statements.indexScan(p !== undefined).rows(db, [index.id, low, high, p?.pk_hash, p?.pk, p?.sk, p?.base_pk, p?.base_sk, limit])
        : this.statements.tableScan(p !== undefined).rows(db, [table.tableId, low, high, p?.pk_hash, p?.pk, p?.sk, limit]);
    return this.collect(fetch, after, new PageBudget(request.limit, request.maxPageBytes), table, index);
  }

  /**
   * Reads rows in growing chunks until the budget stops the page or the range runs out. Chunks
   * keep a page without Limit from fetching (and parsing) more than about 1 MB.
   */
  private async collect(
    fetch: (after: Position | undefined, limit: number) => Promise<RangeRow[]>,
    start: Position | undefined,
    budget: PageBudget,
    table: TableLayout,
    index: IndexLayout | undefined,
  ): Promise<Page> {
    // Only the last item of a chunk is decoded here (for where the next chunk starts, or the
    // LastEvaluatedKey); the others stay text until someone reads page.items.
    const texts: string[] = [];
    let after = start;
    let chunk = FIRST_CHUNK;
    for (;;) {
      const want = Math.min(budget.remaining, chunk);
      if (want <= 0) return page(texts, budget.bytes);
      const rows = await fetch(after, want);
      for (const row of rows) {
        texts.push(row.item);
        if (budget.take(row.size)) {
          const item = decodeItem(row.item);
          const lastEvaluatedKey = pickKey(table.key, item);
          if (index) pickKey(index.key, item, lastEvaluatedKey);
          return page(texts, budget.bytes, lastEvaluatedKey);
        }
      }
      if (rows.length < want) return page(texts, budget.bytes);
      after = positionOf(table, index, decodeItem(texts[texts.length - 1]!));
      chunk = Math.min(chunk * 4, MAX_CHUNK);
    }
  }
}

/** A stored item whose `item` is decoded from `text` when first read. */
export class StoredRow implements StoredItem {
  #item: Item | undefined;

  constructor(
    readonly text: string,
    readonly size: number,
  ) {}

  get item(): Item {
    return (this.#item ??= decodeItem(this.text));
  }
}

/** A page whose `items` are decoded from `texts` when first read. */
class ItemPage implements Page {
  #items: Item[] | undefined;

  constructor(
    readonly texts: readonly string[],
    readonly bytesRead: number,
    readonly lastEvaluatedKey?: Item,
  ) {}

  get items(): Item[] {
    return (this.#items ??= this.texts.map(decodeItem));
  }
}

const page = (texts: string[], bytesRead: number, lastEvaluatedKey?: Item): Page => new ItemPage(texts, bytesRead, lastEvaluatedKey);

export function indexOf(table: TableLayout, name: string): IndexLayout {
  const index = table.indexesByName.get(name);
  if (!index) throw invalid("The table does not have the specified index: " + name);
  return index;
}
