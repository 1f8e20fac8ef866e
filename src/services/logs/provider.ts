// Amazon CloudWatch Logs (awsJson1_1, API 2014-03-28).
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/Welcome.html
//
// Known gaps (differences from AWS):
// - No cross-account observability: includeLinkedAccounts/accountIdentifiers are ignored and an
//   ARN of another account or region is reported as a missing log group.
// - kmsKeyId is stored and reported but nothing is encrypted; log group classes are stored and
//   reported but every class supports every operation here.
// - storedBytes counts the UTF-8 bytes of the messages stored (AWS reports compressed bytes, late);
//   metricFilterCount is always 0 (no metric filters yet). As AWS does since 2019, a log
//   stream's storedBytes is always 0.
// - lastEventTimestamp and storedBytes are up to date at once (AWS updates them eventually).
// - Metric filters, subscription filters, Logs Insights queries, export tasks, destinations,
//   data protection, deliveries, anomaly detection and Live Tail answer NotImplemented.
// - Tags apply to log groups only (TagResource on a destination ARN says the resource is missing).
// - Expired events are deleted by an hourly sweep (AWS: within 72 hours).
// - Filter patterns: terms, "phrases", ?OR, -exclusions, %regex%, JSON and space-delimited
//   patterns are implemented; a JSON pattern matches only messages that are wholly JSON.
// - Error messages Nimbus could not confirm against a recorded AWS answer (worded after AWS's
//   documentation): logGroupName/logGroupIdentifier both or neither, prefix with pattern in
//   DescribeLogGroups, logStreamNames with a prefix, an invalid nextToken, too many tags, and
//   the generic "Invalid filter pattern".
import type { RequestContext } from "../../aws/context.js";
import type {
  CloudWatchLogsOperations,
  CreateLogGroupRequest,
  CreateLogStreamRequest,
  DeleteLogGroupRequest,
  DeleteLogStreamRequest,
  DeleteRetentionPolicyRequest,
  DescribeLogGroupsRequest,
  DescribeLogGroupsResponse,
  DescribeLogStreamsRequest,
  DescribeLogStreamsResponse,
  FilterLogEventsRequest,
  FilterLogEventsResponse,
  GetLogEventsRequest,
  GetLogEventsResponse,
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
  ListTagsLogGroupRequest,
  ListTagsLogGroupResponse,
  PutLogEventsRequest,
  PutLogEventsResponse,
  PutLogGroupDeletionProtectionRequest,
  PutRetentionPolicyRequest,
  TagLogGroupRequest,
  TagResourceRequest,
  UntagLogGroupRequest,
  UntagResourceRequest,
} from "../../aws/generated/logs.js";
import type { Clock } from "../../shared/clock.js";
import type { ServiceDefinition, ServiceDeps } from "../types.js";
import { groupNameFromIdentifier, logGroupArn } from "./arns.js";
import { describeLogGroups, describeLogStreams } from "./describe.js";
import { invalidParameter, logsErrors } from "./errors.js";
import { filterLogEvents, getLogEvents, putLogEvents, type EventsDeps } from "./events.js";
import type { IngestBatch, IngestEvent, LogsIngest } from "./ingest.js";
import { requireGroup, requireGroupByRef, requireStream } from "./lookup.js";
import { checkRetentionDays, RetentionSweeper } from "./retention.js";
import { LogsStore, type LogGroup } from "./store.js";

/** A log group can have at most 50 tags. */
const MAX_TAGS = 50;

export class LogsProvider implements LogsIngest, Partial<CloudWatchLogsOperations> {
  private store!: LogsStore;
  private sweeper?: RetentionSweeper;
  private readonly clock: Clock;

  constructor(private readonly deps: ServiceDeps) {
    this.clock = deps.clock;
  }

  async start(): Promise<void> {
    this.store = await LogsStore.open(this.deps.store);
    this.sweeper = new RetentionSweeper(this.store, this.clock, this.deps.logger);
    this.sweeper.start();
  }

  async stop(): Promise<void> {
    this.sweeper?.stop();
    await this.sweeper?.current;
  }

  async reset(): Promise<void> {
    await this.store.reset();
  }

  /** Deletes events past their group's retention now (the sweeper does so every hour). */
  sweepExpiredEvents(): Promise<number> {
    return this.sweeper!.sweep();
  }

  private get events(): EventsDeps {
    return { store: this.store, clock: this.clock };
  }

  // ---- in-process API (Lambda's log delivery) ----

  appendEvents(accountId: string, region: string, logGroupName: string, logStreamName: string, events: readonly IngestEvent[]): Promise<void> {
    return this.appendBatches([{ accountId, region, logGroupName, logStreamName, events }]);
  }

  async appendBatches(batches: readonly IngestBatch[]): Promise<void> {
    const targets = batches.map((b) => {
      let sorted = b.events;
      for (let i = 1; i < sorted.length; i++) {
        if (sorted[i]!.timestamp < sorted[i - 1]!.timestamp) {
          sorted = [...sorted].sort((x, y) => x.timestamp - y.timestamp);
          break;
        }
      }
      let bytes = 0;
      for (const e of sorted) bytes += Buffer.byteLength(e.message, "utf8");
      return { accountId: b.accountId, region: b.region, groupName: b.logGroupName, streamName: b.logStreamName, events: sorted, bytes };
    });
    await this.store.events.appendEnsuringMany(targets, this.clock.now());
  }

  // ---- log groups ----

  async CreateLogGroup(ctx: RequestContext, input: CreateLogGroupRequest): Promise<Record<string, never>> {
    if (input.logGroupName.toLowerCase().startsWith("aws/")) throw invalidParameter("Log groups starting with AWS/ are reserved for AWS.");
    const created = await this.store.createGroup(
      {
        accountId: ctx.accountId,
        region: ctx.region,
        name: input.logGroupName,
        creationTime: this.clock.now(),
        kmsKeyId: input.kmsKeyId,
        logGroupClass: input.logGroupClass ?? "STANDARD",
        deletionProtection: input.deletionProtectionEnabled === true,
      },
      input.tags,
    );
    if (!created) throw logsErrors.groupAlreadyExists();
    return {};
  }

  async DeleteLogGroup(ctx: RequestContext, input: DeleteLogGroupRequest): Promise<Record<string, never>> {
    const group = await requireGroup(this.store, ctx, input.logGroupName);
    if (group.deletionProtection) throw logsErrors.deletionProtected();
    await this.store.deleteGroup(group.id);
    return {};
  }

  async PutLogGroupDeletionProtection(ctx: RequestContext, input: PutLogGroupDeletionProtectionRequest): Promise<Record<string, never>> {
    const group = await requireGroupByRef(this.store, ctx, { logGroupIdentifier: input.logGroupIdentifier });
    await this.store.setDeletionProtection(group.id, input.deletionProtectionEnabled);
    return {};
  }

  DescribeLogGroups(ctx: RequestContext, input: DescribeLogGroupsRequest): Promise<DescribeLogGroupsResponse> {
    return describeLogGroups(this.store, ctx, input);
  }

  // ---- retention ----

  async PutRetentionPolicy(ctx: RequestContext, input: PutRetentionPolicyRequest): Promise<Record<string, never>> {
    checkRetentionDays(input.retentionInDays);
    const group = await requireGroup(this.store, ctx, input.logGroupName);
    await this.store.setRetention(group.id, input.retentionInDays);
    return {};
  }

  async DeleteRetentionPolicy(ctx: RequestContext, input: DeleteRetentionPolicyRequest): Promise<Record<string, never>> {
    const group = await requireGroup(this.store, ctx, input.logGroupName);
    await this.store.setRetention(group.id, null);
    return {};
  }

  // ---- log streams ----

  async CreateLogStream(ctx: RequestContext, input: CreateLogStreamRequest): Promise<Record<string, never>> {
    const group = await requireGroup(this.store, ctx, input.logGroupName);
    const created = await this.store.createStream(group, ctx.accountId, ctx.region, input.logStreamName, this.clock.now());
    if (!created) throw logsErrors.streamAlreadyExists();
    return {};
  }

  async DeleteLogStream(ctx: RequestContext, input: DeleteLogStreamRequest): Promise<Record<string, never>> {
    const group = await requireGroup(this.store, ctx, input.logGroupName);
    const stream = await requireStream(this.store, group, input.logStreamName);
    await this.store.deleteStream(stream.id);
    return {};
  }

  DescribeLogStreams(ctx: RequestContext, input: DescribeLogStreamsRequest): Promise<DescribeLogStreamsResponse> {
    return describeLogStreams(this.store, ctx, input);
  }

  // ---- log events ----

  PutLogEvents(ctx: RequestContext, input: PutLogEventsRequest): Promise<PutLogEventsResponse> {
    return putLogEvents(this.events, ctx, input);
  }

  GetLogEvents(ctx: RequestContext, input: GetLogEventsRequest): Promise<GetLogEventsResponse> {
    return getLogEvents(this.events, ctx, input);
  }

  FilterLogEvents(ctx: RequestContext, input: FilterLogEventsRequest): Promise<FilterLogEventsResponse> {
    return filterLogEvents(this.events, ctx, input);
  }

  // ---- tags (TagResource & co. take the log group ARN; TagLogGroup & co. its name) ----

  private async groupOfArn(ctx: RequestContext, resourceArn: string): Promise<LogGroup> {
    const name = resourceArn.startsWith("arn:") ? groupNameFromIdentifier(ctx, resourceArn) : undefined;
    if (name === undefined) throw logsErrors.resourceNotFound();
    return requireGroup(this.store, ctx, name);
  }

  private async addTags(ctx: RequestContext, group: LogGroup, resourceArn: string, tags: Record<string, string>): Promise<Record<string, never>> {
    if (!(await this.store.putTags(ctx.accountId, ctx.region, group.id, tags, MAX_TAGS))) throw logsErrors.tooManyTags(resourceArn);
    return {};
  }

  async TagResource(ctx: RequestContext, input: TagResourceRequest): Promise<Record<string, never>> {
    return this.addTags(ctx, await this.groupOfArn(ctx, input.resourceArn), input.resourceArn, input.tags);
  }

  async UntagResource(ctx: RequestContext, input: UntagResourceRequest): Promise<Record<string, never>> {
    await this.store.removeTags((await this.groupOfArn(ctx, input.resourceArn)).id, input.tagKeys);
    return {};
  }

  async ListTagsForResource(ctx: RequestContext, input: ListTagsForResourceRequest): Promise<ListTagsForResourceResponse> {
    return { tags: await this.store.tags((await this.groupOfArn(ctx, input.resourceArn)).id) };
  }

  async TagLogGroup(ctx: RequestContext, input: TagLogGroupRequest): Promise<Record<string, never>> {
    const group = await requireGroup(this.store, ctx, input.logGroupName);
    return this.addTags(ctx, group, logGroupArn(ctx, group.name), input.tags);
  }

  async UntagLogGroup(ctx: RequestContext, input: UntagLogGroupRequest): Promise<Record<string, never>> {
    await this.store.removeTags((await requireGroup(this.store, ctx, input.logGroupName)).id, input.tags);
    return {};
  }

  async ListTagsLogGroup(ctx: RequestContext, input: ListTagsLogGroupRequest): Promise<ListTagsLogGroupResponse> {
    return { tags: await this.store.tags((await requireGroup(this.store, ctx, input.logGroupName)).id) };
  }
}

export const logsService: ServiceDefinition = {
  name: "logs",
  // CloudWatch Logs reports model constraint violations as InvalidParameterException.
  validation: { code: "InvalidParameterException" },
  create: (deps) => new LogsProvider(deps),
};
