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
  LogGroup as LogGroupShape,
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
import { groupNameFromIdentifier, logGroupArn, logStreamArn } from "./arns.js";
import { invalidParameter, logsErrors } from "./errors.js";
import { filterLogEvents, getLogEvents, putLogEvents, type EventsDeps } from "./events.js";
import type { LogsIngest, IngestEvent } from "./ingest.js";
import { requireGroup, requireGroupByRef, requireStream } from "./lookup.js";
import { checkRetentionDays, RetentionSweeper } from "./retention.js";
import { LogsStore, type LogGroup } from "./store.js";
import { decodeOpaqueToken, encodeOpaqueToken, sequenceToken } from "./tokens.js";

/** Page size of DescribeLogGroups and DescribeLogStreams when the caller gives no limit. */
const DEFAULT_DESCRIBE_LIMIT = 50;
/** A log group can have at most 50 tags. */
const MAX_TAGS = 50;

const isNameToken = (v: unknown): v is [string] => Array.isArray(v) && v.length === 1 && typeof v[0] === "string";
const isTimeNameToken = (v: unknown): v is [number, string] =>
  Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && typeof v[1] === "string";

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

  async appendEvents(accountId: string, region: string, logGroupName: string, logStreamName: string, events: readonly IngestEvent[]): Promise<void> {
    let sorted = events;
    for (let i = 1; i < events.length; i++) {
      if (events[i]!.timestamp < events[i - 1]!.timestamp) {
        sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
        break;
      }
    }
    let bytes = 0;
    for (const e of sorted) bytes += Buffer.byteLength(e.message, "utf8");
    await this.store.events.appendEnsuring({ accountId, region, groupName: logGroupName, streamName: logStreamName }, sorted, bytes, this.clock.now());
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

  async DescribeLogGroups(ctx: RequestContext, input: DescribeLogGroupsRequest): Promise<DescribeLogGroupsResponse> {
    if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
      throw invalidParameter("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
    }
    const limit = input.limit ?? DEFAULT_DESCRIBE_LIMIT;
    const afterName = input.nextToken !== undefined ? decodeOpaqueToken(input.nextToken, isNameToken)[0] : undefined;
    let groups: LogGroup[];
    if (input.logGroupIdentifiers) {
      const names = input.logGroupIdentifiers.map((id) => groupNameFromIdentifier(ctx, id)).filter((n): n is string => n !== undefined);
      const found = await Promise.all([...new Set(names)].map((n) => this.store.findGroup(ctx.accountId, ctx.region, n)));
      groups = found
        .filter((g): g is LogGroup => g !== undefined && (afterName === undefined || g.name > afterName))
        .filter((g) => !input.logGroupClass || g.logGroupClass === input.logGroupClass)
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .slice(0, limit + 1);
    } else {
      groups = await this.store.listGroups(ctx.accountId, ctx.region, {
        prefix: input.logGroupNamePrefix,
        pattern: input.logGroupNamePattern,
        logGroupClass: input.logGroupClass,
        afterName,
        limit: limit + 1,
      });
    }
    const more = groups.length > limit;
    const page = groups.slice(0, limit);
    const bytes = await this.store.storedBytesOfGroups(page.map((g) => g.id));
    // With logGroupNamePattern AWS answers only arn, creationTime and logGroupName.
    const summaryOnly = input.logGroupNamePattern !== undefined;
    const logGroups = page.map((g): LogGroupShape => {
      const arn = logGroupArn(ctx, g.name);
      if (summaryOnly) return { logGroupName: g.name, creationTime: g.creationTime, arn: `${arn}:*` };
      return {
        logGroupName: g.name,
        creationTime: g.creationTime,
        ...(g.retentionDays !== null ? { retentionInDays: g.retentionDays } : {}),
        metricFilterCount: 0,
        arn: `${arn}:*`,
        storedBytes: bytes.get(g.id) ?? 0,
        ...(g.kmsKeyId !== null ? { kmsKeyId: g.kmsKeyId } : {}),
        logGroupClass: g.logGroupClass,
        logGroupArn: arn,
        ...(g.deletionProtection ? { deletionProtectionEnabled: true } : {}),
      };
    });
    return { logGroups, ...(more ? { nextToken: encodeOpaqueToken([page[page.length - 1]!.name]) } : {}) };
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

  async DescribeLogStreams(ctx: RequestContext, input: DescribeLogStreamsRequest): Promise<DescribeLogStreamsResponse> {
    const group = await requireGroupByRef(this.store, ctx, input);
    const orderBy = input.orderBy ?? "LogStreamName";
    if (orderBy === "LastEventTime" && input.logStreamNamePrefix !== undefined) {
      throw invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
    }
    const limit = input.limit ?? DEFAULT_DESCRIBE_LIMIT;
    const after =
      input.nextToken === undefined
        ? undefined
        : orderBy === "LastEventTime"
          ? decodeOpaqueToken(input.nextToken, isTimeNameToken)
          : decodeOpaqueToken(input.nextToken, isNameToken);
    const streams = await this.store.listStreams(group.id, {
      prefix: input.logStreamNamePrefix,
      orderBy,
      descending: input.descending === true,
      after,
      limit: limit + 1,
    });
    const more = streams.length > limit;
    const page = streams.slice(0, limit);
    const last = page[page.length - 1];
    return {
      logStreams: page.map((s) => ({
        logStreamName: s.name,
        creationTime: s.creationTime,
        ...(s.firstEventTime !== null ? { firstEventTimestamp: s.firstEventTime } : {}),
        ...(s.lastEventTime !== null ? { lastEventTimestamp: s.lastEventTime } : {}),
        ...(s.lastIngestionTime !== null ? { lastIngestionTime: s.lastIngestionTime } : {}),
        ...(s.lastSeq !== null ? { uploadSequenceToken: sequenceToken(s.lastSeq) } : {}),
        arn: logStreamArn(ctx, group.name, s.name),
        storedBytes: 0,
      })),
      ...(more && last ? { nextToken: encodeOpaqueToken(orderBy === "LastEventTime" ? [last.lastEventTime ?? 0, last.name] : [last.name]) } : {}),
    };
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
