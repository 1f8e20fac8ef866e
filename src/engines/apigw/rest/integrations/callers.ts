// The principals API Gateway acts as when it calls other services: the integration's role
// (credentials), assumed with the session name AWS uses, or the service principal itself when a
// resource policy grants it access.
import { createHash } from "node:crypto";
import type { Caller } from "../../../../aws/context.js";

/** The session API Gateway opens when it assumes an integration's role (as AWS names it). */
export const ROLE_SESSION_NAME = "BackplaneAssumeRoleSession";

/** A stable fake role id (AROA...) per role ARN, so one role always shows the same unique id. */
function roleId(roleArn: string): string {
  return "AROA" + createHash("sha256").update(roleArn).digest("hex").slice(0, 17).toUpperCase();
}

/** Role ARN -> its caller: every request through an integration with credentials needs one (a SHA-256 each). */
const roleCallers = new Map<string, Caller>();
const MAX_ROLE_CALLERS = 1000;

/** The caller after API Gateway assumed `roleArn` (arn:aws:iam::{account}:role/{path/}{name}); shared, frozen. */
export function roleCaller(roleArn: string): Caller {
  let caller = roleCallers.get(roleArn);
  if (!caller) {
    if (roleCallers.size >= MAX_ROLE_CALLERS) roleCallers.clear();
    caller = Object.freeze(assumedRoleCaller(roleArn));
    roleCallers.set(roleArn, caller);
  }
  return caller;
}

function assumedRoleCaller(roleArn: string): Caller {
  const match = /^arn:(aws[a-zA-Z-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  const partition = match?.[1] ?? "aws";
  const accountId = match?.[2] ?? "000000000000";
  const name = match?.[3] ?? "unknown";
  const id = roleId(roleArn);
  return {
    accountId,
    accessKeyId: `ASIA${id.slice(4)}`,
    arn: `arn:${partition}:sts::${accountId}:assumed-role/${name}/${ROLE_SESSION_NAME}`,
    userId: `${id}:${ROLE_SESSION_NAME}`,
  };
}

/** API Gateway itself, calling under a resource policy that names its service principal. */
export function servicePrincipalCaller(accountId: string): Caller {
  return { accountId, accessKeyId: "", arn: "apigateway.amazonaws.com", userId: "apigateway.amazonaws.com" };
}
