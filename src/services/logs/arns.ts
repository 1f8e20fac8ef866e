// CloudWatch Logs ARNs (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html):
//   log group   arn:aws:logs:<region>:<account>:log-group:<name>      (DescribeLogGroups' `arn` adds ":*")
//   log stream  arn:aws:logs:<region>:<account>:log-group:<name>:log-stream:<stream>
import { parseArn, partitionOf } from "../../aws/arn.js";

export interface Scope {
  accountId: string;
  region: string;
}

export const logGroupArn = (s: Scope, group: string) => `arn:${partitionOf(s.region)}:logs:${s.region}:${s.accountId}:log-group:${group}`;

export const logStreamArn = (s: Scope, group: string, stream: string) => `${logGroupArn(s, group)}:log-stream:${stream}`;

/**
 * The log group a logGroupIdentifier or resourceArn names in the caller's account and region:
 * a plain name, or a log-group ARN with or without the trailing ":*". Undefined for an ARN of
 * another account or region (Nimbus has no cross-account observability) or of another resource.
 */
export function groupNameFromIdentifier(s: Scope, identifier: string): string | undefined {
  if (!identifier.startsWith("arn:")) return identifier;
  const arn = parseArn(identifier);
  if (!arn || arn.service !== "logs" || arn.accountId !== s.accountId || arn.region !== s.region) return undefined;
  const m = /^log-group:([^:]+)(?::\*)?$/.exec(arn.resource);
  return m?.[1];
}
