// Finding the log group and stream an operation names, with AWS's errors when they are missing.
import type { RequestContext } from "../../aws/context.js";
import { groupNameFromIdentifier } from "./arns.js";
import { invalidParameter, logsErrors } from "./errors.js";
import type { LogsStore, LogGroup, LogStream } from "./store.js";

/** How read operations name their log group: by name or by identifier (a name or an ARN). */
export interface LogGroupRef {
  logGroupName?: string;
  logGroupIdentifier?: string;
}

/** The group named by logGroupName or logGroupIdentifier (exactly one of them, as AWS requires). */
export async function requireGroupByRef(store: LogsStore, ctx: RequestContext, ref: LogGroupRef): Promise<LogGroup> {
  if (ref.logGroupName !== undefined && ref.logGroupIdentifier !== undefined) {
    throw invalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
  }
  if (ref.logGroupName === undefined && ref.logGroupIdentifier === undefined) {
    throw invalidParameter("Should provide either logGroupName or logGroupIdentifier.");
  }
  const name = ref.logGroupName ?? groupNameFromIdentifier(ctx, ref.logGroupIdentifier!);
  if (name === undefined) throw logsErrors.groupNotFound();
  return requireGroup(store, ctx, name);
}

export async function requireGroup(store: LogsStore, ctx: RequestContext, name: string): Promise<LogGroup> {
  const group = await store.findGroup(ctx.accountId, ctx.region, name);
  if (!group) throw logsErrors.groupNotFound();
  return group;
}

export async function requireStream(store: LogsStore, group: LogGroup, name: string): Promise<LogStream> {
  const stream = await store.findStream(group.id, name);
  if (!stream) throw logsErrors.streamNotFound();
  return stream;
}
