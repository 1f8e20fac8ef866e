// TagResource, UntagResource, ListTagsOfResource on tables (tags are stored with the table).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Tagging.html
// Messages as measured on AWS (ack-api-quirks DDB-TABLE-442 catalogue).
import type { RequestContext } from "../../aws/context.js";
import type {
  ListTagsOfResourceInput,
  ListTagsOfResourceOutput,
  Tag,
  TagResourceInput,
  UntagResourceInput,
} from "../../aws/generated/dynamodb.js";
import { ResourceNotFoundException } from "../../aws/generated/dynamodb.js";
import type { DynamoDbBackend } from "./backend.js";
import { invalidParameter, tableInUse, validation } from "./errors.js";
import type { TableRecord } from "./storage/table-engine.js";
import { copyDoc, storedDoc } from "./table-description.js";
import type { TableRegistry } from "./table-registry.js";

/** https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-tagging */
const MAX_TAGS = 50;
const LIST_PAGE = 10;

export function checkTags(tags: Tag[]): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    if (tag.Key.startsWith("aws:")) throw validation(`Tag Key cannot be prefixed with aws:, Key: ${tag.Key}`);
    if (seen.has(tag.Key)) throw validation(`Duplicate Tag Keys provided as input: Duplicate Tag Key found ${tag.Key}`);
    seen.add(tag.Key);
  }
  if (tags.length > MAX_TAGS) throw validation("Number of Tags exceed the current limit for the provided ResourceArn");
}

export class TagOperations {
  constructor(
    private readonly backend: DynamoDbBackend,
    private readonly tables: TableRegistry,
  ) {}

  /** The table an ARN names, with AWS's errors for ARNs that are not table ARNs. */
  private async tableOf(ctx: RequestContext, arn: string): Promise<TableRecord> {
    if (!arn.startsWith("arn:")) throw invalidParameter(`ARNs must start with 'arn:': ${arn}`);
    const parts = arn.split(":");
    if (parts[2] !== "dynamodb") throw invalidParameter(`Provided Arn is not a DynamoDB resource arn: ${arn}`);
    const resource = parts.slice(5).join(":");
    const match = /^table\/([^/]+)$/.exec(resource);
    if (!match) {
      throw invalidParameter(`Invalid resource arn provided, only table or stream is accepted. Provided resource arn: ${arn}`);
    }
    const table = await this.tables.find({ account: parts[4] || ctx.accountId, region: parts[3] || ctx.region, name: match[1]! });
    if (!table || table.status === "DELETING") throw new ResourceNotFoundException(`Requested resource not found: ResourceArn: ${arn} not found`);
    return table;
  }

  async TagResource(ctx: RequestContext, input: TagResourceInput): Promise<Record<string, never>> {
    const table = await this.tableOf(ctx, input.ResourceArn);
    if (input.Tags.length === 0) throw validation("Atleast one Tag needs to be provided as Input.");
    if (table.status === "CREATING") throw tableInUse(table.name, "created");
    checkTags(input.Tags);
    const doc = copyDoc(table);
    const merged = new Map(doc.Nimbus.tags.map((t) => [t.Key, t.Value]));
    for (const tag of input.Tags) merged.set(tag.Key, tag.Value);
    if (merged.size > MAX_TAGS) throw validation("Number of Tags exceed the current limit for the provided ResourceArn");
    doc.Nimbus.tags = [...merged].map(([Key, Value]) => ({ Key, Value }));
    await this.backend.engine.updateTable(table, { description: doc });
    return {};
  }

  async UntagResource(ctx: RequestContext, input: UntagResourceInput): Promise<Record<string, never>> {
    const table = await this.tableOf(ctx, input.ResourceArn);
    if (input.TagKeys.length === 0) throw validation("Atleast one Tag Key needs to be provided as Input.");
    const doc = copyDoc(table);
    const remove = new Set(input.TagKeys);
    doc.Nimbus.tags = doc.Nimbus.tags.filter((t) => !remove.has(t.Key));
    await this.backend.engine.updateTable(table, { description: doc });
    return {};
  }

  /** Tags in the order they were added, 10 per page with a NextToken (as AWS pages them). */
  async ListTagsOfResource(ctx: RequestContext, input: ListTagsOfResourceInput): Promise<ListTagsOfResourceOutput> {
    const table = await this.tableOf(ctx, input.ResourceArn);
    const tags = storedDoc(table).Nimbus.tags;
    const start = input.NextToken ? Number.parseInt(Buffer.from(input.NextToken, "base64url").toString("utf8"), 10) : 0;
    if (!Number.isInteger(start) || start < 0) throw validation("Invalid NextToken");
    const page = tags.slice(start, start + LIST_PAGE);
    const out: ListTagsOfResourceOutput = { Tags: page };
    if (start + LIST_PAGE < tags.length) out.NextToken = Buffer.from(String(start + LIST_PAGE)).toString("base64url");
    return out;
  }
}
