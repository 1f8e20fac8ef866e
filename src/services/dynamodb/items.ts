// PutItem, GetItem, UpdateItem, DeleteItem. Each validates in AWS's order (values, then
// expressions, then the table, then the key against the schema, then the condition against the
// stored item), writes through the engine (which keeps indexes and streams in step in the same
// transaction) and answers ReturnValues, ConsumedCapacity and ItemCollectionMetrics.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html (and siblings)
import type { RequestContext } from "../../aws/context.js";
import { RawJson } from "../../aws/protocol/raw-json.js";
import type {
  DeleteItemInput,
  DeleteItemOutput,
  GetItemInput,
  GetItemOutput,
  PutItemInput,
  PutItemOutput,
  UpdateItemInput,
  UpdateItemOutput,
} from "../../aws/generated/dynamodb.js";
import type { DynamoDbBackend } from "./backend.js";
import { CapacityMeter, readCost, writeCost } from "./capacity.js";
import { conditionalCheckFailed, validation } from "./errors.js";
import { applyUpdate, assertKeyAttributesNotUpdated, compileExpressions, evaluateCondition, project, updatedPaths } from "./expressions/index.js";
import type { Condition, DocumentPath, UpdateAst } from "./expressions/index.js";
import { collectionBytesOf, hasItemCollections, ItemCollections } from "./item-collections.js";
import { canonicalItem } from "./item-values.js";
import { keyNames } from "./storage/table-layout.js";
import { itemSize, MAX_ITEM_SIZE_BYTES } from "./storage/item-size.js";
import type { TableRecord, WriteResult } from "./storage/table-engine.js";
import type { TableRegistry } from "./table-registry.js";
import type { Item } from "./values/attribute-value.js";

export const ITEM_TOO_LARGE = "Item size has exceeded the maximum allowed size";
export const UPDATED_ITEM_TOO_LARGE = "Item size to update has exceeded the maximum allowed size";

/** The check a conditional write runs against the stored item. */
export function conditionCheck(condition: Condition | undefined, returnOldOnFailure: boolean): ((current: Item | undefined) => void) | undefined {
  if (!condition) return undefined;
  return (current) => {
    if (!evaluateCondition(condition, current)) throw conditionalCheckFailed(returnOldOnFailure ? current : undefined);
  };
}

/** The item an UpdateItem writes: the update applied to the stored item (or to the bare key). */
export function updatedItem(update: UpdateAst | undefined, current: Item | undefined, key: Item): Item {
  const base = current ?? key;
  const next = update ? applyUpdate(update, base, { itemExists: current !== undefined }) : { ...base };
  for (const name of Object.keys(key)) next[name] = key[name]!;
  if (itemSize(next) > MAX_ITEM_SIZE_BYTES) throw validation(UPDATED_ITEM_TOO_LARGE);
  return next;
}

/** Attributes for ReturnValues UPDATED_OLD / UPDATED_NEW: the updated paths of the item, if any exist. */
function updatedAttributes(paths: DocumentPath[], item: Item | undefined): Item | undefined {
  if (!item || paths.length === 0) return undefined;
  const projected = project(paths, item);
  return Object.keys(projected).length > 0 ? projected : undefined;
}

export class ItemOperations {
  private readonly collections: ItemCollections;

  constructor(
    private readonly backend: DynamoDbBackend,
    private readonly tables: TableRegistry,
  ) {
    this.collections = new ItemCollections(backend);
  }

  async PutItem(ctx: RequestContext, input: PutItemInput): Promise<PutItemOutput> {
    // AWS's order (dynalite's recordings): parameter mix, item values, ReturnValues, item size,
    // Expected, expressions.
    let item: Item = {};
    let size = 0;
    const compiled = compileExpressions("PutItem", input, {
      afterParameterMix: () => {
        item = canonicalItem(input.Item);
        if (input.ReturnValues && input.ReturnValues !== "ALL_OLD" && input.ReturnValues !== "NONE") {
          throw validation("ReturnValues can only be ALL_OLD or NONE");
        }
        size = itemSize(item);
        if (size > MAX_ITEM_SIZE_BYTES) throw validation(ITEM_TOO_LARGE);
      },
    });
    // The table and (for a blind write) the write itself are done without awaiting when they can
    // be (a cached ACTIVE table, a free connection): same checks, same order, fewer turns.
    const { ref, table } = this.tables.usableNow(ctx, input.TableName) ?? (await this.tables.requireUsable(ctx, input.TableName));
    const meter = new CapacityMeter(input.ReturnConsumedCapacity);
    // Nothing asks about the item being replaced (no condition, no ALL_OLD, no consumed
    // capacity, which depends on the larger of the two sizes): the engine may write blindly.
    if (!compiled.condition && input.ReturnValues !== "ALL_OLD" && !meter.enabled && !hasItemCollections(table)) {
      if (this.backend.engine.replaceItemNow(table, item, size) || (await this.backend.engine.replaceItem(table, item, size))) return {};
    }
    const check = conditionCheck(compiled.condition, input.ReturnValuesOnConditionCheckFailure === "ALL_OLD");
    const result = await this.writeOne(table, { kind: "put", table: table.layout, item, check }, item, input.ReturnItemCollectionMetrics === "SIZE");
    const out: PutItemOutput = {};
    if (input.ReturnValues === "ALL_OLD" && result.write.old) out.Attributes = result.write.old;
    if (meter.enabled) {
      meter.addWrite(ref.given, writeCost(table.layout, result.write.old, result.write.new, { oldSize: result.write.oldSize, newSize: result.write.newSize }));
      out.ConsumedCapacity = meter.single(ref.given);
    }
    if (result.metrics) out.ItemCollectionMetrics = result.metrics;
    return out;
  }

  async GetItem(ctx: RequestContext, input: GetItemInput): Promise<GetItemOutput> {
    let key: Item = {};
    const compiled = compileExpressions("GetItem", input, { afterParameterMix: () => (key = canonicalItem(input.Key)) });
    // Cached table and item are taken without awaiting (see PutItem).
    const { ref, table } = this.tables.usableNow(ctx, input.TableName) ?? (await this.tables.requireUsable(ctx, input.TableName));
    const stored = this.backend.engine.cachedItem(table, key) ?? (await this.backend.engine.getItem(table, key));
    const out: GetItemOutput = {};
    if (stored) {
      // A whole item is sent as stored (wire-shaped JSON) when the answer is serialized as JSON.
      if (compiled.projection) out.Item = project(compiled.projection, stored.item);
      else out.Item = ctx.serializedOutput && ctx.protocol === "json" ? (new RawJson(stored.text) as unknown as Item) : stored.item;
    }
    const meter = new CapacityMeter(input.ReturnConsumedCapacity);
    if (meter.enabled) {
      meter.addTableRead(ref.given, readCost(stored?.size ?? 0, input.ConsistentRead === true));
      out.ConsumedCapacity = meter.single(ref.given);
    }
    return out;
  }

  async UpdateItem(ctx: RequestContext, input: UpdateItemInput): Promise<UpdateItemOutput> {
    let key: Item = {};
    const compiled = compileExpressions("UpdateItem", input, { afterParameterMix: () => (key = canonicalItem(input.Key)) });
    const { ref, table } = await this.tables.requireUsable(ctx, input.TableName);
    checkKeyShape(table, key);
    if (compiled.update) assertKeyAttributesNotUpdated(compiled.update, keyNames(table.layout.key));
    const check = conditionCheck(compiled.condition, input.ReturnValuesOnConditionCheckFailure === "ALL_OLD");
    const update = compiled.update;
    const result = await this.writeOne(
      table,
      {
        kind: "update",
        table: table.layout,
        key,
        update: (current) => {
          check?.(current);
          return updatedItem(update, current, key);
        },
      },
      key,
      input.ReturnItemCollectionMetrics === "SIZE",
    );
    const { old, new: next } = result.write;
    const out: UpdateItemOutput = {};
    switch (input.ReturnValues) {
      case "ALL_OLD":
        if (old) out.Attributes = old;
        break;
      case "ALL_NEW":
        if (next) out.Attributes = next;
        break;
      case "UPDATED_OLD": {
        const attributes = update ? updatedAttributes(updatedPaths(update), old) : undefined;
        if (attributes) out.Attributes = attributes;
        break;
      }
      case "UPDATED_NEW": {
        const attributes = update ? updatedAttributes(updatedPaths(update), next) : undefined;
        if (attributes) out.Attributes = attributes;
        break;
      }
    }
    const meter = new CapacityMeter(input.ReturnConsumedCapacity);
    if (meter.enabled) {
      meter.addWrite(ref.given, writeCost(table.layout, old, next, { oldSize: result.write.oldSize, newSize: result.write.newSize }));
      out.ConsumedCapacity = meter.single(ref.given);
    }
    if (result.metrics) out.ItemCollectionMetrics = result.metrics;
    return out;
  }

  async DeleteItem(ctx: RequestContext, input: DeleteItemInput): Promise<DeleteItemOutput> {
    let key: Item = {};
    const compiled = compileExpressions("DeleteItem", input, {
      afterParameterMix: () => {
        key = canonicalItem(input.Key);
        if (input.ReturnValues && input.ReturnValues !== "ALL_OLD" && input.ReturnValues !== "NONE") {
          throw validation("ReturnValues can only be ALL_OLD or NONE");
        }
      },
    });
    const { ref, table } = await this.tables.requireUsable(ctx, input.TableName);
    const check = conditionCheck(compiled.condition, input.ReturnValuesOnConditionCheckFailure === "ALL_OLD");
    const result = await this.writeOne(table, { kind: "delete", table: table.layout, key, check }, key, input.ReturnItemCollectionMetrics === "SIZE");
    const out: DeleteItemOutput = {};
    if (input.ReturnValues === "ALL_OLD" && result.write.old) out.Attributes = result.write.old;
    const meter = new CapacityMeter(input.ReturnConsumedCapacity);
    if (meter.enabled) {
      meter.addWrite(ref.given, writeCost(table.layout, result.write.old, undefined, { oldSize: result.write.oldSize }));
      out.ConsumedCapacity = meter.single(ref.given);
    }
    if (result.metrics) out.ItemCollectionMetrics = result.metrics;
    return out;
  }

  /**
   * Applies one write; on tables with local secondary indexes, enforces the item-collection
   * limit inside the write's transaction and measures the collection for ItemCollectionMetrics.
   */
  private async writeOne(
    table: TableRecord,
    op: Parameters<DynamoDbBackend["engine"]["write"]>[0][number],
    keySource: Item,
    wantMetrics: boolean,
  ) {
    const engine = this.backend.engine;
    if (!hasItemCollections(table)) {
      const [write] = await engine.write([op]);
      return { write: write! };
    }
    const partitionName = table.layout.key.partition.name;
    const partitionValue = keySource[partitionName];
    const current = partitionValue ? await this.collections.size(table, partitionValue) : 0;
    const [write] = await engine.write([op], {
      beforeCommit: ([result]) => {
        this.collections.checkLimit(current, collectionBytesOf(table, result!.old), collectionBytesOf(table, result!.new));
      },
    });
    const result = write as WriteResult;
    const metrics =
      wantMetrics && partitionValue
        ? this.collections.metrics(table, keySource, current - collectionBytesOf(table, result.old) + collectionBytesOf(table, result.new))
        : undefined;
    return { write: result, metrics };
  }
}

/** A Key must name exactly the key attributes (checked before any update is looked at). */
function checkKeyShape(table: TableRecord, key: Item): void {
  const names = keyNames(table.layout.key);
  const given = Object.keys(key);
  if (given.length !== names.length || names.some((n) => key[n] === undefined)) {
    throw validation("The provided key element does not match the schema");
  }
}
