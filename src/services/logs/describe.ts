// DescribeLogGroups and DescribeLogStreams: filtered, sorted pages with opaque nextTokens.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html
import type { RequestContext } from "../../aws/context.js";
import type {
  DescribeLogGroupsRequest,
  DescribeLogGroupsResponse,
  DescribeLogStreamsRequest,
  DescribeLogStreamsResponse,
  LogGroup as LogGroupShape,
} from "../../aws/generated/logs.js";
import { groupNameFromIdentifier, logGroupArn, logStreamArn } from "./arns.js";
import { invalidParameter } from "./errors.js";
import { requireGroupByRef } from "./lookup.js";
import type { LogGroup, LogsStore } from "./store.js";
import { decodeOpaqueToken, encodeOpaqueToken, sequenceToken } from "./tokens.js";

/** Page size when the caller gives no limit. */
const DEFAULT_DESCRIBE_LIMIT = 50;

const isNameToken = (v: unknown): v is [string] => Array.isArray(v) && v.length === 1 && typeof v[0] === "string";
const isTimeNameToken = (v: unknown): v is [number, string] =>
  Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && typeof v[1] === "string";

export async function describeLogGroups(store: LogsStore, ctx: RequestContext, input: DescribeLogGroupsRequest): Promise<DescribeLogGroupsResponse> {
  if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
    throw invalidParameter("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
  }
  const limit = input.limit ?? DEFAULT_DESCRIBE_LIMIT;
  const afterName = input.nextToken !== undefined ? decodeOpaqueToken(input.nextToken, isNameToken)[0] : undefined;
  let groups: LogGroup[];
  if (input.logGroupIdentifiers) {
    const names = input.logGroupIdentifiers.map((id) => groupNameFromIdentifier(ctx, id)).filter((n): n is string => n !== undefined);
    const found = await Promise.all([...new Set(names)].map((n) => store.findGroup(ctx.accountId, ctx.region, n)));
    groups = found
      .filter((g): g is LogGroup => g !== undefined && (afterName === undefined || g.name > afterName))
      .filter((g) => !input.logGroupClass || g.logGroupClass === input.logGroupClass)
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .slice(0, limit + 1);
  } else {
    groups = await store.listGroups(ctx.accountId, ctx.region, {
      prefix: input.logGroupNamePrefix,
      pattern: input.logGroupNamePattern,
      logGroupClass: input.logGroupClass,
      afterName,
      limit: limit + 1,
    });
  }
  const more = groups.length > limit;
  const page = groups.slice(0, limit);
  const bytes = await store.storedBytesOfGroups(page.map((g) => g.id));
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

export async function describeLogStreams(store: LogsStore, ctx: RequestContext, input: DescribeLogStreamsRequest): Promise<DescribeLogStreamsResponse> {
  const group = await requireGroupByRef(store, ctx, input);
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
  const streams = await store.listStreams(group.id, {
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
