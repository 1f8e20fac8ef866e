// Query and Scan on tables and secondary indexes: key conditions, filters, projections, Select,
// paging (Limit, 1 MB, ExclusiveStartKey / LastEvaluatedKey), parallel scan segments, and
// local secondary index "fetches" of attributes the index does not project.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.Reading
import type { RequestContext } from "../../aws/context.js";
import { RawJson } from "../../aws/protocol/raw-json.js";
import type { QueryInput, QueryOutput, ScanInput, ScanOutput } from "../../aws/generated/dynamodb.js";
import type { DynamoDbBackend } from "./backend.js";
import { CapacityMeter, readCost } from "./capacity.js";
import { invalidParameter, validation } from "./errors.js";
import { compileExpressions, conditionPaths, evaluateCondition, keyConditionFromAttributeConditions, project } from "./expressions/index.js";
import type { CompiledExpressions, DocumentPath, KeyCondition, KeySchema } from "./expressions/index.js";
import { canonicalStartKey } from "./item-values.js";
import type { Page, SortCondition, TableRecord } from "./storage/table-engine.js";
import { pickKey } from "./storage/item-keys.js";
import type { IndexLayout, KeyLayout } from "./storage/table-layout.js";
import { keyNames } from "./storage/table-layout.js";
import { storedDoc } from "./table-description.js";
import type { TableRegistry } from "./table-registry.js";
import type { Item } from "./values/attribute-value.js";

type Select = "ALL_ATTRIBUTES" | "ALL_PROJECTED_ATTRIBUTES" | "SPECIFIC_ATTRIBUTES" | "COUNT";

interface ReadPlan {
  table: TableRecord;
  index?: IndexLayout;
  compiled: CompiledExpressions;
  select: Select;
  /** LSI reads whose projection or filter needs attributes the index lacks read the table item too. */
  fetch: boolean;
  consistent: boolean;
}

function schemaOf(key: KeyLayout): KeySchema {
  const schema: KeySchema = { partitionKey: { name: key.partition.name, type: key.partition.type } };
  if (key.sort) schema.sortKey = { name: key.sort.name, type: key.sort.type };
  return schema;
}

function sortCondition(condition: KeyCondition): SortCondition | undefined {
  const sort = condition.sortKey;
  if (!sort) return undefined;
  switch (sort.op) {
    case "between":
      return { op: "BETWEEN", low: sort.values[0]!, high: sort.values[1]! };
    case "begins_with":
      return { op: "begins_with", prefix: sort.values[0]! };
    default:
      return { op: sort.op, value: sort.values[0]! };
  }
}

/** Parallel scan parameters, with AWS's messages (dynalite's recordings). */
function checkSegments(input: ScanInput): void {
  if (input.Segment !== undefined && input.TotalSegments === undefined) {
    throw validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
  }
  if (input.TotalSegments !== undefined) {
    if (input.Segment === undefined) {
      throw validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
    }
    if (input.Segment >= input.TotalSegments) {
      throw validation(
        `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${input.Segment} is not less than TotalSegments: ${input.TotalSegments}`,
      );
    }
  }
}

function topLevelNames(paths: readonly DocumentPath[]): string[] {
  return [...new Set(paths.map((p) => p[0] as string))];
}

/** Whether `names` are all in what the index projects. */
function projects(index: IndexLayout, names: readonly string[]): boolean {
  return index.projection === "ALL" || names.every((n) => index.projectedAttributes.includes(n));
}

export class QueryScanOperations {
  constructor(
    private readonly backend: DynamoDbBackend,
    private readonly tables: TableRegistry,
  ) {}

  async Query(ctx: RequestContext, input: QueryInput): Promise<QueryOutput> {
    // AWS validates the whole request before it looks at the table; the key condition is
    // checked against the key schema after.
    let startKey: ReturnType<typeof canonicalStartKey>;
    const compiled = compileExpressions("Query", input, { beforeExpressions: () => (startKey = canonicalStartKey(input.ExclusiveStartKey)) });
    const { ref, table } = await this.tables.requireUsable(ctx, input.TableName);
    const index = this.indexOf(table, input.IndexName, input.ConsistentRead);
    compiled.keyCondition = keyConditionFromAttributeConditions(compiled.keyConditionTerms!, schemaOf(index ? index.key : table.layout.key));
    const keys = index ? keyNames(index.key) : keyNames(table.layout.key);
    if (compiled.filter) {
      const name = input.QueryFilter ? "QueryFilter" : "Filter Expression";
      for (const path of conditionPaths(compiled.filter)) {
        if (keys.includes(path[0] as string)) {
          throw validation(`${name} can only contain non-primary key attributes: Primary key attribute: ${path[0] as string}`);
        }
      }
    }
    const plan = this.plan(table, index, compiled, input.Select, input.ProjectionExpression !== undefined, "Querying", input.ConsistentRead === true);
    const page = await this.backend.engine.query(table, {
      indexName: index?.name,
      partition: compiled.keyCondition!.partitionKey.value,
      sort: sortCondition(compiled.keyCondition!),
      forward: input.ScanIndexForward !== false,
      limit: input.Limit,
      exclusiveStartKey: startKey,
    });
    return this.answer(ctx, ref.given, plan, page, input.ReturnConsumedCapacity);
  }

  async Scan(ctx: RequestContext, input: ScanInput): Promise<ScanOutput> {
    let startKey: ReturnType<typeof canonicalStartKey>;
    const compiled = compileExpressions("Scan", input, {
      beforeExpressions: () => {
        startKey = canonicalStartKey(input.ExclusiveStartKey);
        checkSegments(input);
      },
    });
    const { ref, table } = await this.tables.requireUsable(ctx, input.TableName);
    const index = this.indexOf(table, input.IndexName, input.ConsistentRead);
    const plan = this.plan(table, index, compiled, input.Select, input.ProjectionExpression !== undefined, "Scanning", input.ConsistentRead === true);
    const page = await this.backend.engine.scan(table, {
      indexName: index?.name,
      segment: input.Segment,
      totalSegments: input.TotalSegments,
      limit: input.Limit,
      exclusiveStartKey: startKey,
    });
    return this.answer(ctx, ref.given, plan, page, input.ReturnConsumedCapacity);
  }

  private indexOf(table: TableRecord, name: string | undefined, consistentRead: boolean | undefined): IndexLayout | undefined {
    if (name === undefined) return undefined;
    const index = table.layout.indexesByName.get(name);
    if (!index) throw validation(`The table does not have the specified index: ${name}`);
    if (index.kind === "GSI" && consistentRead) throw validation("Consistent reads are not supported on global secondary indexes");
    const gsi = storedDoc(table).GlobalSecondaryIndexes?.find((g) => g.IndexName === name);
    if (gsi && gsi.IndexStatus === "CREATING") throw validation(`Cannot read from backfilling global secondary index: ${name}`);
    return index;
  }

  /** Settles Select against the projection and the index, with AWS's messages. */
  private plan(
    table: TableRecord,
    index: IndexLayout | undefined,
    compiled: CompiledExpressions,
    requested: string | undefined,
    projectionExpression: boolean,
    verb: "Querying" | "Scanning",
    consistent: boolean,
  ): ReadPlan {
    const projected = compiled.projection !== undefined;
    const parameter = projectionExpression ? "ProjectionExpression" : "AttributesToGet";
    let select = requested as Select | undefined;
    switch (select) {
      case "ALL_ATTRIBUTES":
        if (projected) throw validation(`Cannot specify the ${parameter} when choosing to get ALL_ATTRIBUTES`);
        if (index && index.kind === "GSI" && index.projection !== "ALL") {
          throw invalidParameter(`Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.name} because its projection type is not ALL`);
        }
        break;
      case "ALL_PROJECTED_ATTRIBUTES":
        if (projected) throw validation(`Cannot specify the ${parameter} when choosing to get ALL_PROJECTED_ATTRIBUTES`);
        if (!index) throw validation(`ALL_PROJECTED_ATTRIBUTES can be used only when ${verb} using an IndexName`);
        break;
      case "COUNT":
        if (projected) throw validation(`Cannot specify the ${parameter} when choosing to get only the Count`);
        break;
      case "SPECIFIC_ATTRIBUTES":
        if (!projected) throw validation("Select type SPECIFIC_ATTRIBUTES requires AttributesToGet or ProjectionExpression");
        break;
      default:
        select = projected ? "SPECIFIC_ATTRIBUTES" : index && index.projection !== "ALL" ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES";
    }
    let fetch = false;
    if (index && index.projection !== "ALL") {
      const wanted = projected ? topLevelNames(compiled.projection!) : [];
      const filtered = compiled.filter ? topLevelNames(conditionPaths(compiled.filter)) : [];
      if (index.kind === "GSI") {
        const missing = wanted.filter((n) => !index.projectedAttributes.includes(n));
        if (missing.length > 0) throw invalidParameter(`Global secondary index ${index.name} does not project [${missing.join(", ")}]`);
      } else {
        fetch = select === "ALL_ATTRIBUTES" || !projects(index, wanted) || !projects(index, filtered);
      }
    }
    void table;
    return { table, index, compiled, select, fetch, consistent };
  }

  private async answer(ctx: RequestContext, tableName: string, plan: ReadPlan, page: Page, mode: string | undefined) {
    const { compiled, select, index, table } = plan;
    if (!plan.fetch && !compiled.filter && !compiled.projection) {
      // Every item read is answered whole: count the stored texts, and send them as they are
      // when the answer is serialized as JSON (they are wire-shaped DynamoDB JSON).
      const out: QueryOutput & ScanOutput = { Count: page.texts.length, ScannedCount: page.texts.length };
      if (select !== "COUNT") out.Items = ctx.serializedOutput && ctx.protocol === "json" ? (page.texts.map((t) => new RawJson(t)) as unknown as Item[]) : page.items;
      return this.finish(out, tableName, plan, page, 0, mode);
    }
    const items: Item[] = [];
    let count = 0;
    let fetchedBytes = 0;
    for (const entry of page.items) {
      let item = entry;
      if (plan.fetch) {
        const stored = await this.backend.engine.getItem(table, pickKey(table.layout.key, entry));
        if (!stored) continue;
        item = stored.item;
        fetchedBytes += stored.size;
      }
      if (compiled.filter && !evaluateCondition(compiled.filter, item)) continue;
      count++;
      if (select !== "COUNT") items.push(compiled.projection ? project(compiled.projection, item) : item);
    }
    const out: QueryOutput & ScanOutput = { Count: count, ScannedCount: page.texts.length };
    if (select !== "COUNT") out.Items = items;
    return this.finish(out, tableName, plan, page, fetchedBytes, mode);
  }

  /** LastEvaluatedKey and ConsumedCapacity. */
  private finish(out: QueryOutput & ScanOutput, tableName: string, plan: ReadPlan, page: Page, fetchedBytes: number, mode: string | undefined) {
    const { index } = plan;
    if (page.lastEvaluatedKey) out.LastEvaluatedKey = page.lastEvaluatedKey;
    const meter = new CapacityMeter(mode as never);
    if (meter.enabled) {
      const units = readCost(page.bytesRead, plan.consistent);
      if (index) meter.addIndexRead(tableName, index, units);
      else meter.addTableRead(tableName, units);
      if (plan.fetch) meter.addTableRead(tableName, fetchedBytes > 0 ? readCost(fetchedBytes, plan.consistent) : 0);
      out.ConsumedCapacity = meter.single(tableName);
    }
    return out;
  }
}
