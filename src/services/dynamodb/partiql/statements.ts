// Running one PartiQL statement against the item engine: SELECT as a Query or Scan (or a single
// item read), INSERT as a put that must not replace, UPDATE as an update of an existing item,
// DELETE as a delete. Shared by ExecuteStatement, BatchExecuteStatement and ExecuteTransaction.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html
import type { RequestContext } from "../../../aws/context.js";
import { DuplicateItemException } from "../../../aws/generated/dynamodb.js";
import type { DynamoDbBackend } from "../backend.js";
import { CapacityMeter, readCost, writeCost } from "../capacity.js";
import { conditionalCheckFailed, validation } from "../errors.js";
import { evaluateCondition, project, updatedPaths } from "../expressions/index.js";
import type { Condition, UpdateAst } from "../expressions/index.js";
import { updatedItem } from "../items.js";
import { canonicalItem } from "../item-values.js";
import { decodeItem, encodeItem } from "../storage/item-codec.js";
import type { TableRecord, WriteOp } from "../storage/table-engine.js";
import type { IndexLayout } from "../storage/table-layout.js";
import type { TableRegistry } from "../table-registry.js";
import type { ParsedAction } from "../transactions.js";
import type { AttributeValue, Item } from "../values/attribute-value.js";
import { attributeValueProblem, canonicalAttributeValue } from "../values/validate.js";
import type { Returning, Statement, TableTarget } from "./ast.js";
import { Binder } from "./bind.js";
import { unsupported } from "./errors.js";
import { parseStatement } from "./parser.js";
import { readPlan, singleItemTarget } from "./plan.js";

export const DUPLICATE_ITEM = "Duplicate primary key exists in table";

export interface PreparedStatement {
  statement: Statement;
  binder: Binder;
}

/** Parses a statement and binds its parameters (the counts must agree, as AWS insists). */
export function prepare(source: string, parameters: readonly unknown[] | undefined): PreparedStatement {
  const { statement, parameterCount } = parseStatement(source);
  const given = parameters ?? [];
  if (given.length !== parameterCount) throw validation("Number of parameters in request and statement don't match.");
  const bound = given.map((p) => {
    const problem = attributeValueProblem(p);
    if (problem) throw validation(problem);
    return canonicalAttributeValue(p as AttributeValue);
  });
  return { statement, binder: new Binder(bound) };
}

export function isRead(statement: Statement): boolean {
  return statement.kind === "select";
}

function targetOf(statement: Statement): TableTarget {
  switch (statement.kind) {
    case "select":
      return statement.from;
    case "insert":
      return statement.into;
    case "update":
      return statement.target;
    case "delete":
      return statement.from;
  }
}

export interface SelectOptions {
  limit?: number;
  nextToken?: string;
  consistent: boolean;
  meter: CapacityMeter;
}

export interface SelectResult {
  items: Item[];
  lastEvaluatedKey?: Item;
  nextToken?: string;
}

/** NextToken: the LastEvaluatedKey, opaque to the client. */
function encodeToken(key: Item): string {
  return Buffer.from(encodeItem(key)).toString("base64");
}

function decodeToken(token: string): Item {
  try {
    return decodeItem(Buffer.from(token, "base64").toString("utf8"));
  } catch {
    throw validation("Invalid NextToken");
  }
}

export class StatementRunner {
  constructor(
    private readonly backend: DynamoDbBackend,
    private readonly tables: TableRegistry,
  ) {}

  async table(ctx: RequestContext, statement: Statement): Promise<{ table: TableRecord; name: string; index?: IndexLayout }> {
    const target = targetOf(statement);
    const { table } = await this.tables.requireUsable(ctx, target.table);
    if (target.index === undefined) return { table, name: target.table };
    if (statement.kind !== "select") throw unsupported("Only SELECT statements can read from an index");
    const index = table.layout.indexesByName.get(target.index);
    if (!index) throw validation(`The table does not have the specified index: ${target.index}`);
    return { table, name: target.table, index };
  }

  async select(ctx: RequestContext, prepared: PreparedStatement, options: SelectOptions): Promise<SelectResult> {
    const statement = prepared.statement as Extract<Statement, { kind: "select" }>;
    const { table, name, index } = await this.table(ctx, statement);
    if (index && index.kind === "GSI" && options.consistent) throw validation("Consistent reads are not supported on global secondary indexes");
    const key = index ? index.key : table.layout.key;
    const plan = readPlan(statement.where, key, prepared.binder);
    const projection = statement.projection === "*" ? undefined : statement.projection;
    const start = options.nextToken ? decodeToken(options.nextToken) : undefined;
    let forward = true;
    if (statement.orderBy) {
      const by = statement.orderBy.path;
      if (!plan.partition || !key.sort || by.length !== 1 || by[0] !== key.sort.name) {
        throw unsupported("ORDER BY is only supported on the sort key, with an equality condition on the partition key");
      }
      forward = !statement.orderBy.descending;
    }
    const page = plan.partition
      ? await this.backend.engine.query(table, { indexName: index?.name, partition: plan.partition, sort: plan.sort, forward, limit: options.limit, exclusiveStartKey: start })
      : await this.backend.engine.scan(table, { indexName: index?.name, limit: options.limit, exclusiveStartKey: start });
    const items: Item[] = [];
    for (const item of page.items) {
      if (plan.filter && !evaluateCondition(plan.filter, item)) continue;
      items.push(projection ? project(projection, item) : item);
    }
    if (options.meter.enabled) {
      const units = readCost(page.bytesRead, options.consistent);
      if (index) options.meter.addIndexRead(name, index, units);
      else options.meter.addTableRead(name, units);
    }
    const result: SelectResult = { items };
    if (page.lastEvaluatedKey) {
      result.lastEvaluatedKey = page.lastEvaluatedKey;
      result.nextToken = encodeToken(page.lastEvaluatedKey);
    }
    return result;
  }

  /** A SELECT naming one item by its full key (BatchExecuteStatement and ExecuteTransaction reads). */
  async selectOne(ctx: RequestContext, prepared: PreparedStatement): Promise<{ table: TableRecord; name: string; key: Item; projection?: (string | number)[][] }> {
    const statement = prepared.statement as Extract<Statement, { kind: "select" }>;
    const { table, name, index } = await this.table(ctx, statement);
    if (index) throw unsupported("Reads of a single item cannot use an index");
    const { key } = singleItemTarget(statement.where, table.layout.key, prepared.binder);
    return { table, name, key, projection: statement.projection === "*" ? undefined : statement.projection };
  }

  /** The write a statement makes, as a transaction action (also used for single writes). */
  async writeAction(ctx: RequestContext, prepared: PreparedStatement): Promise<ParsedAction & { tableName: string; returning?: Returning }> {
    const { statement, binder } = prepared;
    const { table, name } = await this.table(ctx, statement);
    const partition = table.layout.key.partition.name;
    switch (statement.kind) {
      case "insert": {
        const value = binder.value(statement.value);
        if (!value || !("M" in value)) throw unsupported("INSERT requires a map of attributes after VALUE");
        const item = canonicalItem(value.M);
        const condition: Condition = { kind: "attribute_not_exists", path: [partition] };
        return { kind: "put", tableName: name, item, condition, returnOld: false, duplicateOnFailure: true };
      }
      case "update": {
        const target = singleItemTarget(statement.where, table.layout.key, binder);
        const exists: Condition = { kind: "attribute_exists", path: [partition] };
        const condition: Condition = target.rest ? { kind: "and", left: exists, right: target.rest } : exists;
        const update = binder.update(statement.set, statement.remove);
        return { kind: "update", tableName: name, key: target.key, update, condition, returnOld: false, returning: statement.returning };
      }
      case "delete": {
        const target = singleItemTarget(statement.where, table.layout.key, binder);
        return { kind: "delete", tableName: name, key: target.key, condition: target.rest, returnOld: false, returning: statement.returning };
      }
      default:
        throw unsupported("Not a write statement");
    }
  }

  /** ExecuteStatement's single write: the item(s) RETURNING asks for. */
  async write(
    ctx: RequestContext,
    prepared: PreparedStatement,
    options: { meter: CapacityMeter; returnOldOnFailure: boolean },
  ): Promise<{ tableName: string; items: Item[] }> {
    const action = await this.writeAction(ctx, prepared);
    const { table } = await this.tables.requireUsable(ctx, action.tableName);
    const check = (current: Item | undefined) => {
      if (action.condition && !evaluateCondition(action.condition, current)) {
        if (action.duplicateOnFailure) throw new DuplicateItemException(DUPLICATE_ITEM);
        throw conditionalCheckFailed(options.returnOldOnFailure ? current : undefined);
      }
    };
    let op: WriteOp;
    switch (action.kind) {
      case "put":
        op = { kind: "put", table: table.layout, item: action.item!, check };
        break;
      case "delete":
        op = { kind: "delete", table: table.layout, key: action.key!, check };
        break;
      default:
        op = {
          kind: "update",
          table: table.layout,
          key: action.key!,
          update: (current) => {
            check(current);
            return updatedItem(action.update, current, action.key!);
          },
        };
    }
    const [result] = await this.backend.engine.write([op]);
    if (options.meter.enabled) {
      options.meter.addWrite(action.tableName, writeCost(table.layout, result!.old, result!.new, { oldSize: result!.oldSize, newSize: result!.newSize }));
    }
    return { tableName: action.tableName, items: returned(action.returning, action.update, result!.old, result!.new) };
  }
}

/** What RETURNING ALL|MODIFIED OLD|NEW * gives back. */
function returned(returning: Returning | undefined, update: UpdateAst | undefined, old: Item | undefined, next: Item | undefined): Item[] {
  switch (returning) {
    case "ALL_OLD":
      return old ? [old] : [];
    case "ALL_NEW":
      return next ? [next] : [];
    case "MODIFIED_OLD":
    case "MODIFIED_NEW": {
      const item = returning === "MODIFIED_OLD" ? old : next;
      if (!item || !update) return [];
      return [project(updatedPaths(update), item)];
    }
    default:
      return [];
  }
}
