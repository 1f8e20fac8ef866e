// BatchGetItem (up to 100 keys, 16 MB per answer) and BatchWriteItem (up to 25 puts and deletes).
// Nimbus never throttles, so UnprocessedItems is always empty and UnprocessedKeys only holds
// what did not fit in the 16 MB answer; both are always present, as AWS sends them.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
import type { RequestContext } from "../../aws/context.js";
import type {
  BatchGetItemInput,
  BatchGetItemOutput,
  BatchWriteItemInput,
  BatchWriteItemOutput,
  ItemCollectionMetrics,
  KeysAndAttributes,
} from "../../aws/generated/dynamodb.js";
import type { DynamoDbBackend } from "./backend.js";
import { CapacityMeter, readCost, writeCost } from "./capacity.js";
import { resourceNotFound, validation } from "./errors.js";
import { compileExpressions, project } from "./expressions/index.js";
import type { DocumentPath } from "./expressions/index.js";
import { collectionBytesOf, hasItemCollections, ItemCollections } from "./item-collections.js";
import { ITEM_TOO_LARGE } from "./items.js";
import { canonicalItem } from "./item-values.js";
import { type EncodedKey, tableKeyOfItem, tableKeyOfKey } from "./storage/item-keys.js";
import { itemSize, MAX_ITEM_SIZE_BYTES } from "./storage/item-size.js";
import type { TableRecord, WriteOp } from "./storage/table-engine.js";
import { tableRef, type TableRegistry } from "./table-registry.js";
import type { Item } from "./values/attribute-value.js";

const MAX_BATCH_GET_KEYS = 100;
const MAX_BATCH_WRITES = 25;
/** BatchGetItem answers at most 16 MB of items. */
const MAX_BATCH_GET_BYTES = 16 * 1024 * 1024;

function keyString(key: EncodedKey): string {
  return `${key.pk.toString("base64")}|${key.sk.toString("base64")}`;
}

export class BatchOperations {
  private readonly collections: ItemCollections;

  constructor(
    private readonly backend: DynamoDbBackend,
    private readonly tables: TableRegistry,
  ) {
    this.collections = new ItemCollections(backend);
  }

  async BatchGetItem(ctx: RequestContext, input: BatchGetItemInput): Promise<BatchGetItemOutput> {
    // Stage 3 checks per table, in request order (dynalite's recordings).
    const requests: { name: string; keys: Item[]; spec: KeysAndAttributes; projection?: DocumentPath[] }[] = [];
    let total = 0;
    for (const [name, spec] of Object.entries(input.RequestItems)) {
      const keys: Item[] = [];
      for (const key of spec.Keys) {
        keys.push(canonicalItem(key));
        if (++total > MAX_BATCH_GET_KEYS) throw validation("Too many items requested for the BatchGetItem call");
      }
      const compiled = compileExpressions("BatchGetItem", spec);
      requests.push({ name, keys, spec, projection: compiled.projection });
    }
    const meter = new CapacityMeter(input.ReturnConsumedCapacity);
    const reads: { table: TableRecord; key: Item; name: string; consistent: boolean; projection?: DocumentPath[] }[] = [];
    for (const request of requests) {
      const table = await this.tables.find(tableRef(ctx, request.name));
      if (!table || table.status === "CREATING" || table.status === "DELETING") throw resourceNotFound();
      const seen = new Set<string>();
      for (const key of request.keys) {
        const encoded = keyString(tableKeyOfKey(table.layout.key, key));
        if (seen.has(encoded)) throw validation("Provided list of item keys contains duplicates");
        seen.add(encoded);
        reads.push({ table, key, name: request.name, consistent: request.spec.ConsistentRead === true, projection: request.projection });
      }
    }
    const found = await this.backend.engine.getItems(reads.map((r) => ({ table: r.table, key: r.key })));
    const responses: Record<string, Item[]> = {};
    const unprocessed: Record<string, KeysAndAttributes> = {};
    for (const request of requests) responses[request.name] = [];
    let bytes = 0;
    reads.forEach((read, i) => {
      const stored = found[i];
      if (bytes >= MAX_BATCH_GET_BYTES) {
        const spec = requests.find((r) => r.name === read.name)!.spec;
        const pending = (unprocessed[read.name] ??= { ...spec, Keys: [] });
        pending.Keys.push(read.key);
        return;
      }
      meter.touch(read.name);
      if (meter.enabled) meter.addTableRead(read.name, readCost(stored?.size ?? 0, read.consistent));
      if (!stored) return;
      bytes += stored.size;
      responses[read.name]!.push(read.projection ? project(read.projection, stored.item) : stored.item);
    });
    const out: BatchGetItemOutput = { Responses: responses, UnprocessedKeys: unprocessed };
    const consumed = meter.list();
    if (consumed) out.ConsumedCapacity = consumed;
    return out;
  }

  async BatchWriteItem(ctx: RequestContext, input: BatchWriteItemInput): Promise<BatchWriteItemOutput> {
    // Stage 3: every request's shape and values before any table is looked at.
    let count = 0;
    const prepared: { name: string; put?: Item; key?: Item }[] = [];
    for (const [name, writes] of Object.entries(input.RequestItems)) {
      for (const write of writes) {
        const actions = (write.PutRequest ? 1 : 0) + (write.DeleteRequest ? 1 : 0);
        if (actions !== 1) {
          throw validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        if (write.PutRequest) {
          const item = canonicalItem(write.PutRequest.Item);
          if (itemSize(item) > MAX_ITEM_SIZE_BYTES) throw validation(ITEM_TOO_LARGE);
          prepared.push({ name, put: item });
        } else {
          prepared.push({ name, key: canonicalItem(write.DeleteRequest!.Key) });
        }
        count++;
      }
    }
    if (count > MAX_BATCH_WRITES) throw validation("Too many items requested for the BatchWriteItem call");

    const tables = new Map<string, TableRecord>();
    for (const { name } of prepared) {
      if (tables.has(name)) continue;
      const table = await this.tables.find(tableRef(ctx, name));
      if (!table || table.status === "CREATING" || table.status === "DELETING") throw resourceNotFound();
      tables.set(name, table);
    }
    const ops: WriteOp[] = [];
    const seen = new Set<string>();
    for (const write of prepared) {
      const table = tables.get(write.name)!;
      // AWS words a PutRequest item with missing or mistyped keys as a key mismatch too.
      let key: EncodedKey;
      try {
        key = write.put ? tableKeyOfItem(table.layout.key, write.put) : tableKeyOfKey(table.layout.key, write.key!);
      } catch (error) {
        if (write.put && error instanceof Error && /Missing the key|Type mismatch for key/.test(error.message)) {
          throw validation("The provided key element does not match the schema");
        }
        throw error;
      }
      const unique = `${table.id}|${keyString(key)}`;
      if (seen.has(unique)) throw validation("Provided list of item keys contains duplicates");
      seen.add(unique);
      ops.push(write.put ? { kind: "put", table: table.layout, item: write.put } : { kind: "delete", table: table.layout, key: write.key! });
    }

    // Item collections of tables with LSIs: current sizes, checked inside the transaction.
    const wantMetrics = input.ReturnItemCollectionMetrics === "SIZE";
    const collectionSizes = new Map<string, number>();
    const collectionKeyOf = (i: number) => {
      const table = tables.get(prepared[i]!.name)!;
      const source = prepared[i]!.put ?? prepared[i]!.key!;
      const name = table.layout.key.partition.name;
      return { table, source, id: `${table.id}|${JSON.stringify(source[name])}` };
    };
    for (let i = 0; i < prepared.length; i++) {
      const { table, source, id } = collectionKeyOf(i);
      if (!hasItemCollections(table) || collectionSizes.has(id)) continue;
      collectionSizes.set(id, await this.collections.size(table, source[table.layout.key.partition.name]));
    }
    const results = await this.backend.engine.write(ops, {
      beforeCommit: (writeResults) => {
        const sizes = new Map(collectionSizes);
        writeResults.forEach((result, i) => {
          const { table, id } = collectionKeyOf(i);
          if (!hasItemCollections(table)) return;
          const before = collectionBytesOf(table, result.old);
          const after = collectionBytesOf(table, result.new);
          this.collections.checkLimit(sizes.get(id)!, before, after);
          sizes.set(id, sizes.get(id)! - before + after);
        });
        for (const [id, size] of sizes) collectionSizes.set(id, size);
      },
    });

    const meter = new CapacityMeter(input.ReturnConsumedCapacity);
    const metrics: Record<string, ItemCollectionMetrics[]> = {};
    const reported = new Set<string>();
    results.forEach((result, i) => {
      const { table, source, id } = collectionKeyOf(i);
      const name = prepared[i]!.name;
      if (meter.enabled) meter.addWrite(name, writeCost(table.layout, result.old, result.new, { oldSize: result.oldSize, newSize: result.newSize }));
      if (wantMetrics && hasItemCollections(table) && !reported.has(id)) {
        reported.add(id);
        (metrics[name] ??= []).push(this.collections.metrics(table, source, collectionSizes.get(id)!));
      }
    });
    const out: BatchWriteItemOutput = { UnprocessedItems: {} };
    const consumed = meter.list();
    if (consumed) out.ConsumedCapacity = consumed;
    if (wantMetrics) out.ItemCollectionMetrics = metrics;
    return out;
  }
}
