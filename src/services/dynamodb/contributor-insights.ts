// Contributor Insights settings: UpdateContributorInsights, DescribeContributorInsights,
// ListContributorInsights. Nimbus records the setting per table and index and reports it; it
// publishes no CloudWatch Contributor Insights rules.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/contributorinsights_HowItWorks.html
import type { RequestContext } from "../../aws/context.js";
import type {
  ContributorInsightsSummary,
  DescribeContributorInsightsInput,
  DescribeContributorInsightsOutput,
  ListContributorInsightsInput,
  ListContributorInsightsOutput,
  UpdateContributorInsightsInput,
  UpdateContributorInsightsOutput,
} from "../../aws/generated/dynamodb.js";
import { ResourceNotFoundException } from "../../aws/generated/dynamodb.js";
import type { DynamoDbBackend } from "./backend.js";
import type { TableRecord } from "./storage/table-engine.js";
import { copyDoc, storedDoc } from "./table-description.js";
import type { TableRegistry } from "./table-registry.js";

export class ContributorInsights {
  constructor(
    private readonly backend: DynamoDbBackend,
    private readonly tables: TableRegistry,
  ) {}

  private checkIndex(table: TableRecord, index: string | undefined): void {
    if (index !== undefined && !table.layout.indexesByName.has(index)) {
      throw new ResourceNotFoundException(`Requested resource not found: Index: ${index} not found for table: ${table.name}`);
    }
  }

  async DescribeContributorInsights(ctx: RequestContext, input: DescribeContributorInsightsInput): Promise<DescribeContributorInsightsOutput> {
    const { table } = await this.tables.requireExisting(ctx, input.TableName);
    this.checkIndex(table, input.IndexName);
    const setting = storedDoc(table).Nimbus.insights?.[input.IndexName ?? ""];
    const out: DescribeContributorInsightsOutput = { TableName: table.name, ContributorInsightsStatus: setting?.status ?? "DISABLED" };
    if (input.IndexName) out.IndexName = input.IndexName;
    if (setting) out.LastUpdateDateTime = new Date(setting.updatedAt);
    return out;
  }

  async UpdateContributorInsights(ctx: RequestContext, input: UpdateContributorInsightsInput): Promise<UpdateContributorInsightsOutput> {
    const { table } = await this.tables.requireExisting(ctx, input.TableName);
    this.checkIndex(table, input.IndexName);
    const doc = copyDoc(table);
    const enable = input.ContributorInsightsAction === "ENABLE";
    doc.Nimbus.insights = { ...doc.Nimbus.insights, [input.IndexName ?? ""]: { status: enable ? "ENABLED" : "DISABLED", updatedAt: this.backend.now() } };
    await this.backend.engine.updateTable(table, { description: doc });
    const out: UpdateContributorInsightsOutput = { TableName: table.name, ContributorInsightsStatus: enable ? "ENABLING" : "DISABLING" };
    if (input.IndexName) out.IndexName = input.IndexName;
    return out;
  }

  async ListContributorInsights(ctx: RequestContext, input: ListContributorInsightsInput): Promise<ListContributorInsightsOutput> {
    const summaries: ContributorInsightsSummary[] = [];
    const names = input.TableName ? [input.TableName] : await this.backend.engine.listTables(ctx.accountId, ctx.region);
    for (const name of names) {
      const table = input.TableName ? (await this.tables.requireExisting(ctx, name)).table : await this.tables.find({ account: ctx.accountId, region: ctx.region, name });
      for (const [index, setting] of Object.entries(table ? (storedDoc(table).Nimbus.insights ?? {}) : {})) {
        const summary: ContributorInsightsSummary = { TableName: name, ContributorInsightsStatus: setting.status };
        if (index) summary.IndexName = index;
        summaries.push(summary);
      }
    }
    return { ContributorInsightsSummaries: summaries };
  }
}
