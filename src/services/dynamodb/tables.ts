// The control plane: CreateTable, DescribeTable, ListTables, DeleteTable, DescribeLimits,
// DescribeEndpoints (UpdateTable lives in table-update.ts).
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html
import { createHash } from "node:crypto";
import type { RequestContext } from "../../aws/context.js";
import type {
  CreateTableInput,
  CreateTableOutput,
  DeleteTableInput,
  DeleteTableOutput,
  DescribeEndpointsResponse,
  DescribeLimitsOutput,
  DescribeTableInput,
  DescribeTableOutput,
  ListTablesInput,
  ListTablesOutput,
} from "../../aws/generated/dynamodb.js";
import { ResourceInUseException } from "../../aws/generated/dynamodb.js";
import type { DynamoDbBackend } from "./backend.js";
import { tableInUse, validation } from "./errors.js";
import type { StreamCatalog } from "./stream-catalog.js";
import type { TableRecord } from "./storage/table-engine.js";
import { checkCreateTable, newTableDoc, type ValidCreateTableInput } from "./table-create.js";
import { type LiveFigures, renderDeletingDescription, renderTableDescription, storedDoc } from "./table-description.js";
import type { TableRegistry } from "./table-registry.js";
import { checkTags } from "./tags.js";

/** The id of the account's AWS-managed DynamoDB KMS key (aws/dynamodb): stable per account and region. */
export function awsManagedKeyId(account: string, region: string): string {
  const hex = createHash("sha256").update(`aws/dynamodb:${account}:${region}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class TableOperations {
  constructor(
    private readonly backend: DynamoDbBackend,
    private readonly tables: TableRegistry,
    private readonly streams: StreamCatalog,
  ) {}

  async liveFigures(table: TableRecord): Promise<LiveFigures> {
    const engine = this.backend.engine;
    const stats = await engine.tableStats(table);
    const indexes = new Map<string, { itemCount: number; sizeBytes: number }>();
    for (const index of table.layout.indexes) {
      const s = await engine.indexStats(table, index.name);
      indexes.set(index.name, { itemCount: s.itemCount, sizeBytes: s.sizeBytes });
    }
    return { itemCount: stats.itemCount, sizeBytes: stats.sizeBytes, indexes };
  }

  async describe(table: TableRecord) {
    return renderTableDescription(table, await this.liveFigures(table));
  }

  async CreateTable(ctx: RequestContext, given: CreateTableInput): Promise<CreateTableOutput> {
    const input = given as ValidCreateTableInput;
    checkCreateTable(input);
    if (input.Tags) checkTags(input.Tags);
    const now = this.backend.now();
    const doc = newTableDoc(input, ctx.accountId, ctx.region, now, () => awsManagedKeyId(ctx.accountId, ctx.region));
    doc.Nimbus.settlesAt = this.tables.settlesAt();
    const stream = input.StreamSpecification;
    let streamArn: string | undefined;
    if (stream?.StreamEnabled) {
      const created = await this.streams.newStreamArn(doc.TableArn);
      streamArn = created.arn;
      doc.StreamSpecification = { StreamEnabled: true, StreamViewType: stream.StreamViewType };
      doc.LatestStreamArn = created.arn;
      doc.LatestStreamLabel = created.label;
    }
    // The engine answers ResourceInUseException "Table already exists: X" for a taken name.
    const table = await this.backend.engine.createTable({
      account: ctx.accountId,
      region: ctx.region,
      name: input.TableName,
      status: "CREATING",
      description: doc,
    });
    if (streamArn) {
      await this.streams.register({
        arn: streamArn,
        account: ctx.accountId,
        region: ctx.region,
        tableName: input.TableName,
        tableId: table.id,
        viewType: stream!.StreamViewType!,
        keySchema: doc.KeySchema,
      });
    }
    return { TableDescription: await this.describe(table) };
  }

  async DescribeTable(ctx: RequestContext, input: DescribeTableInput): Promise<DescribeTableOutput> {
    const { table } = await this.tables.requireExisting(ctx, input.TableName);
    return { Table: await this.describe(table) };
  }

  /** Table names in byte order, 100 per page at most (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTables.html). */
  async ListTables(ctx: RequestContext, input: ListTablesInput): Promise<ListTablesOutput> {
    await this.tables.settleAll(ctx.accountId, ctx.region);
    const limit = input.Limit ?? 100;
    const names = await this.backend.engine.listTables(ctx.accountId, ctx.region, {
      exclusiveStartName: input.ExclusiveStartTableName,
      limit: limit + 1,
    });
    const page = names.slice(0, limit);
    const out: ListTablesOutput = { TableNames: page };
    if (names.length > limit) out.LastEvaluatedTableName = page[page.length - 1];
    return out;
  }

  async DeleteTable(ctx: RequestContext, input: DeleteTableInput): Promise<DeleteTableOutput> {
    const { table } = await this.tables.requireExisting(ctx, input.TableName);
    if (table.status === "CREATING" || table.status === "DELETING") throw tableInUse(table.name, table.status === "CREATING" ? "created" : "deleted");
    const doc = storedDoc(table);
    if (doc.DeletionProtectionEnabled) {
      throw validation("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");
    }
    if (doc.GlobalSecondaryIndexes?.some((gsi) => gsi.IndexStatus !== "ACTIVE")) {
      throw new ResourceInUseException(
        "Attempt to change a resource which is still in use: Cannot delete table while indexes are being created, updated, or deleted.",
      );
    }
    const live = await this.liveFigures(table);
    if (doc.LatestStreamArn && doc.StreamSpecification?.StreamEnabled) await this.streams.disable(doc.LatestStreamArn);
    const deleting = { ...doc, Nimbus: { ...doc.Nimbus, settlesAt: this.tables.settlesAt() } };
    const updated = await this.backend.engine.updateTable(table, { status: "DELETING", description: deleting });
    const description = renderDeletingDescription(updated, live);
    await this.tables.settle(updated);
    return { TableDescription: description };
  }

  /** The default quotas of an account (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html). */
  async DescribeLimits(): Promise<DescribeLimitsOutput> {
    return {
      AccountMaxReadCapacityUnits: 80000,
      AccountMaxWriteCapacityUnits: 80000,
      TableMaxReadCapacityUnits: 40000,
      TableMaxWriteCapacityUnits: 40000,
    };
  }

  /** Endpoint discovery: this node is the endpoint, cached for 1440 minutes as AWS advises. */
  async DescribeEndpoints(ctx: RequestContext): Promise<DescribeEndpointsResponse> {
    const address = ctx.endpoint.replace(/^https?:\/\//, "");
    return { Endpoints: [{ Address: address, CachePeriodInMinutes: 1440 }] };
  }
}
