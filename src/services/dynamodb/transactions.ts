// TransactWriteItems and TransactGetItems: all-or-nothing writes with per-action conditions and
// a consistent multi-item read.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html
//
// A write transaction runs in two passes over the store: the first reads every item and
// evaluates every condition and update (so CancellationReasons lists each action's outcome, as
// AWS does), the second applies the writes in one store transaction, re-checking each condition
// against the item it replaces, so nothing committed can violate a condition.
import type { RequestContext } from "../../aws/context.js";
import type {
  CancellationReason,
  TransactGetItemsInput,
  TransactGetItemsOutput,
  TransactWriteItem,
  TransactWriteItemsInput,
  TransactWriteItemsOutput,
} from "../../aws/generated/dynamodb.js";
import { DuplicateItemException, TransactionCanceledException } from "../../aws/generated/dynamodb.js";
import { ServiceError } from "../../aws/errors.js";
import type { DynamoDbBackend } from "./backend.js";
import { CapacityMeter, readCost, writeCost } from "./capacity.js";
import { isConditionalCheckFailed, resourceNotFound, validation } from "./errors.js";
import { assertKeyAttributesNotUpdated, compileExpressions, evaluateCondition, project } from "./expressions/index.js";
import type { Condition, DocumentPath, UpdateAst } from "./expressions/index.js";
import { collectionBytesOf, hasItemCollections, ItemCollections } from "./item-collections.js";
import { ITEM_TOO_LARGE, updatedItem } from "./items.js";
import { canonicalItem } from "./item-values.js";
import { type EncodedKey, tableKeyOfItem, tableKeyOfKey } from "./storage/item-keys.js";
import { itemSize, MAX_ITEM_SIZE_BYTES } from "./storage/item-size.js";
import type { TableRecord, WriteOp, WriteResult } from "./storage/table-engine.js";
import { keyNames } from "./storage/table-layout.js";
import { tableRef, type TableRegistry } from "./table-registry.js";
import { TransactionTokens } from "./transaction-tokens.js";
import type { Item } from "./values/attribute-value.js";


export interface Action {
  kind: "put" | "update" | "delete" | "check";
  tableName: string;
  table: TableRecord;
  /** The item key (for puts: taken from the item). */
  key: Item;
  item?: Item;
  condition?: Condition;
  update?: UpdateAst;
  returnOld: boolean;
  /** PartiQL INSERT: a failed "must not exist" condition is a duplicate item, not a failed check. */
  duplicateOnFailure?: boolean;
}

/** An action before its table is looked up (its key comes from the item for puts). */
export type ParsedAction = Omit<Action, "table" | "key"> & { key?: Item };

function keyString(tableId: number, key: EncodedKey): string {
  return `${tableId}|${key.pk.toString("base64")}|${key.sk.toString("base64")}`;
}

const NONE: CancellationReason = { Code: "None" };

function cancelled(reasons: CancellationReason[]): ServiceError {
  return new TransactionCanceledException(
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(", ")}]`,
    { CancellationReasons: reasons },
  );
}

/** A cancellation reason for an error an action raised, or undefined when it is not one AWS reports that way. */
function reasonFor(error: unknown): CancellationReason | undefined {
  if (!(error instanceof ServiceError)) return undefined;
  if (isConditionalCheckFailed(error)) {
    const reason: CancellationReason = { Code: "ConditionalCheckFailed", Message: "The conditional request failed" };
    const item = (error.fields as { Item?: Item }).Item;
    if (item) reason.Item = item;
    return reason;
  }
  if (error.code === "DuplicateItemException") return { Code: "DuplicateItem", Message: error.message };
  if (error.code === "ItemCollectionSizeLimitExceededException") return { Code: "ItemCollectionSizeLimitExceeded", Message: error.message };
  if (error.code === "ValidationException") return { Code: "ValidationError", Message: error.message };
  return undefined;
}

export class TransactionOperations {
  private readonly collections: ItemCollections;
  /** ClientRequestToken idempotency, shared with PartiQL's ExecuteTransaction. */
  readonly tokens: TransactionTokens;

  constructor(
    private readonly backend: DynamoDbBackend,
    private readonly tables: TableRegistry,
  ) {
    this.collections = new ItemCollections(backend);
    this.tokens = new TransactionTokens(backend);
  }

  async TransactWriteItems(ctx: RequestContext, input: TransactWriteItemsInput): Promise<TransactWriteItemsOutput> {
    const parsed = input.TransactItems.map((entry) => this.parseAction(entry));
    const fingerprint = input.ClientRequestToken ? this.tokens.fingerprint(input) : undefined;
    if (input.ClientRequestToken && (await this.tokens.seen(ctx, input.ClientRequestToken, fingerprint!))) {
      return {};
    }
    const { actions, results } = await this.runWrites(ctx, parsed);
    if (input.ClientRequestToken) await this.tokens.remember(ctx, input.ClientRequestToken, fingerprint!);

    const out: TransactWriteItemsOutput = {};
    const consumed = this.writeCapacity(input.ReturnConsumedCapacity, actions, results);
    if (consumed) out.ConsumedCapacity = consumed;
    if (input.ReturnItemCollectionMetrics === "SIZE") {
      const metrics: NonNullable<TransactWriteItemsOutput["ItemCollectionMetrics"]> = {};
      for (const action of actions) {
        if (!hasItemCollections(action.table) || action.kind === "check") continue;
        const size = await this.collections.size(action.table, action.key[action.table.layout.key.partition.name]);
        (metrics[action.tableName] ??= []).push(this.collections.metrics(action.table, action.key, size));
      }
      out.ItemCollectionMetrics = metrics;
    }
    return out;
  }

  /** ConsumedCapacity of a write transaction: twice the units, reads for condition checks. */
  writeCapacity(mode: string | undefined, actions: Action[], results: WriteResult[]) {
    const meter = new CapacityMeter(mode as never, true);
    if (!meter.enabled) return undefined;
    results.forEach((result, i) => {
      const action = actions[i]!;
      if (action.kind === "check") meter.addTableRead(action.tableName, readCost(result.oldSize ?? 0, true, true));
      else meter.addWrite(action.tableName, writeCost(action.table.layout, result.old, result.new, { transactional: true, oldSize: result.oldSize, newSize: result.newSize }));
    });
    return meter.list();
  }

  /**
   * Runs write actions as one transaction (TransactWriteItems, and PartiQL's ExecuteTransaction):
   * resolves tables and keys, refuses two actions on one item, evaluates every condition (pass
   * 1, for CancellationReasons) and applies the writes (pass 2, conditions re-checked).
   */
  async runWrites(ctx: RequestContext, parsed: ParsedAction[]): Promise<{ actions: Action[]; results: WriteResult[] }> {
    const actions: Action[] = [];
    const seen = new Set<string>();
    for (const p of parsed) {
      const table = await this.tables.find(tableRef(ctx, p.tableName));
      if (!table || table.status === "CREATING" || table.status === "DELETING") throw resourceNotFound();
      let encoded: EncodedKey;
      try {
        encoded = p.item ? tableKeyOfItem(table.layout.key, p.item) : tableKeyOfKey(table.layout.key, p.key!);
      } catch (error) {
        if (error instanceof ServiceError && /Missing the key|Type mismatch for key/.test(error.message)) {
          throw validation("The provided key element does not match the schema");
        }
        throw error;
      }
      const unique = keyString(table.id, encoded);
      if (seen.has(unique)) throw validation("Transaction request cannot include multiple operations on one item");
      seen.add(unique);
      if (p.update) assertKeyAttributesNotUpdated(p.update, keyNames(table.layout.key));
      const key: Item = {};
      for (const name of keyNames(table.layout.key)) key[name] = (p.item ?? p.key!)[name]!;
      actions.push({ ...p, table, key });
    }

    // Pass 1: every action's outcome, for CancellationReasons.
    const current = await this.backend.engine.getItems(actions.map((a) => ({ table: a.table, key: a.key })));
    const reasons = actions.map((action, i) => this.outcome(action, current[i]?.item));
    if (reasons.some((r) => r.Code !== "None")) throw cancelled(reasons);

    // Pass 2: the writes, with each condition re-checked against the item it replaces.
    let failed = -1;
    const ops: WriteOp[] = actions.map((action, i) => this.writeOp(action, () => (failed = i)));
    const sizes = new Map<string, number>();
    for (const action of actions) {
      if (!hasItemCollections(action.table) || action.kind === "check") continue;
      const id = this.collectionId(action);
      if (!sizes.has(id)) sizes.set(id, await this.collections.size(action.table, action.key[action.table.layout.key.partition.name]));
    }
    try {
      const results = await this.backend.engine.write(ops, {
        beforeCommit: (writeResults) => {
          const running = new Map(sizes);
          writeResults.forEach((result, i) => {
            const action = actions[i]!;
            if (!running.has(this.collectionId(action)) || action.kind === "check") return;
            const id = this.collectionId(action);
            const before = collectionBytesOf(action.table, result.old);
            const after = collectionBytesOf(action.table, result.new);
            try {
              this.collections.checkLimit(running.get(id)!, before, after);
            } catch (error) {
              throw cancelled(actions.map((_, j) => (j === i ? reasonFor(error)! : NONE)));
            }
            running.set(id, running.get(id)! - before + after);
          });
        },
      });
      return { actions, results };
    } catch (error) {
      const reason = reasonFor(error);
      if (!reason || error instanceof TransactionCanceledException) throw error;
      // A condition that changed between the passes: cancel with what is known now.
      throw cancelled(actions.map((_, i) => (i === failed ? reason : NONE)));
    }
  }

  async TransactGetItems(ctx: RequestContext, input: TransactGetItemsInput): Promise<TransactGetItemsOutput> {
    const gets: { tableName: string; key: Item; projection?: DocumentPath[] }[] = [];
    for (const entry of input.TransactItems) {
      const get = entry.Get;
      if (!get) throw validation("The action or operation requested is invalid. Verify that the action is typed correctly.");
      const key = canonicalItem(get.Key);
      const compiled = compileExpressions("GetItem", get);
      gets.push({ tableName: get.TableName, key, projection: compiled.projection });
    }
    const reads: { table: TableRecord; key: Item }[] = [];
    const seen = new Set<string>();
    for (const get of gets) {
      const table = await this.tables.find(tableRef(ctx, get.tableName));
      if (!table || table.status === "CREATING" || table.status === "DELETING") throw resourceNotFound();
      const unique = keyString(table.id, tableKeyOfKey(table.layout.key, get.key));
      if (seen.has(unique)) throw validation("Transaction request cannot include multiple operations on one item");
      seen.add(unique);
      reads.push({ table, key: get.key });
    }
    const found = await this.backend.engine.getItems(reads);
    const meter = new CapacityMeter(input.ReturnConsumedCapacity, true);
    const responses = found.map((stored, i) => {
      meter.addTableRead(gets[i]!.tableName, readCost(stored?.size ?? 0, true, true));
      if (!stored) return {};
      const projection = gets[i]!.projection;
      return { Item: projection ? project(projection, stored.item) : stored.item };
    });
    const out: TransactGetItemsOutput = { Responses: responses };
    const consumed = meter.list();
    if (consumed) out.ConsumedCapacity = consumed;
    return out;
  }

  private parseAction(entry: TransactWriteItem): ParsedAction {
    const kinds = [entry.Put, entry.Update, entry.Delete, entry.ConditionCheck].filter((a) => a !== undefined);
    if (kinds.length !== 1) throw validation("The action or operation requested is invalid. Verify that the action is typed correctly.");
    if (entry.Put) {
      const item = canonicalItem(entry.Put.Item);
      if (itemSize(item) > MAX_ITEM_SIZE_BYTES) throw validation(ITEM_TOO_LARGE);
      const compiled = compileExpressions("PutItem", entry.Put);
      return { kind: "put", tableName: entry.Put.TableName, item, condition: compiled.condition, returnOld: entry.Put.ReturnValuesOnConditionCheckFailure === "ALL_OLD" };
    }
    if (entry.Update) {
      const key = canonicalItem(entry.Update.Key);
      const compiled = compileExpressions("UpdateItem", entry.Update);
      return {
        kind: "update",
        tableName: entry.Update.TableName,
        key,
        condition: compiled.condition,
        update: compiled.update,
        returnOld: entry.Update.ReturnValuesOnConditionCheckFailure === "ALL_OLD",
      };
    }
    if (entry.Delete) {
      const key = canonicalItem(entry.Delete.Key);
      const compiled = compileExpressions("DeleteItem", entry.Delete);
      return { kind: "delete", tableName: entry.Delete.TableName, key, condition: compiled.condition, returnOld: entry.Delete.ReturnValuesOnConditionCheckFailure === "ALL_OLD" };
    }
    const check = entry.ConditionCheck!;
    const key = canonicalItem(check.Key);
    const compiled = compileExpressions("ConditionCheck", check);
    return { kind: "check", tableName: check.TableName, key, condition: compiled.condition, returnOld: check.ReturnValuesOnConditionCheckFailure === "ALL_OLD" };
  }

  /** Pass 1: what an action would do to `current`, as a cancellation reason. */
  private outcome(action: Action, current: Item | undefined): CancellationReason {
    try {
      this.verify(action, current);
      if (action.kind === "update") updatedItem(action.update, current, action.key);
      return NONE;
    } catch (error) {
      const reason = reasonFor(error);
      if (!reason) throw error;
      return reason;
    }
  }

  private verify(action: Action, current: Item | undefined): void {
    if (action.condition && !evaluateCondition(action.condition, current)) {
      if (action.duplicateOnFailure) throw new DuplicateItemException("Duplicate primary key exists in table");
      throw new ServiceError("ConditionalCheckFailedException", "The conditional request failed", 400, {
        fields: action.returnOld && current ? { Item: current } : {},
      });
    }
  }

  /** Pass 2's write for an action; `onFailure` records which action stopped the transaction. */
  private writeOp(action: Action, onFailure: () => void): WriteOp {
    const layout = action.table.layout;
    const guarded = <T>(fn: () => T): T => {
      try {
        return fn();
      } catch (error) {
        onFailure();
        throw error;
      }
    };
    const check = (current: Item | undefined) => guarded(() => this.verify(action, current));
    switch (action.kind) {
      case "put":
        return { kind: "put", table: layout, item: action.item!, check };
      case "delete":
        return { kind: "delete", table: layout, key: action.key, check };
      case "check":
        return { kind: "check", table: layout, key: action.key, check };
      case "update":
        return {
          kind: "update",
          table: layout,
          key: action.key,
          update: (current) =>
            guarded(() => {
              this.verify(action, current);
              return updatedItem(action.update, current, action.key);
            }),
        };
    }
  }

  private collectionId(action: Action): string {
    return `${action.table.id}|${JSON.stringify(action.key[action.table.layout.key.partition.name])}`;
  }
}
