// Resource-based policies: AddPermission, RemovePermission, GetPolicy
// (https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html). Each
// function, version and alias has its own policy document. A permission change gives the
// function (or version) a new RevisionId, which the policy reports as its own (recorded AWS
// responses, test_lambda_permission_revisions); alias policies keep their own revision.
import type { RequestContext } from "../../aws/context.js";
import {
  PolicyLengthExceededException,
  type AddPermissionRequest,
  type AddPermissionResponse,
  type GetPolicyRequest,
  type GetPolicyResponse,
  type RemovePermissionRequest,
} from "../../aws/generated/lambda.js";
import { functionArn, isVersionNumber, LATEST, type Scope } from "./arns.js";
import { newRevisionId, type LambdaEnv } from "./context.js";
import { conflict, functionNotFound, invalidParameter, notFound, revisionMismatch, USER } from "./errors.js";
import { identify, requireFunction } from "./lookup.js";
import type { FunctionRecord, PolicyRecord, PolicyStatement } from "./types.js";

/** AWS's limit on a function's resource policy document. */
const MAX_POLICY_BYTES = 20_480;
const RESOURCE_NOT_FOUND = "The resource you requested does not exist.";

export async function addPermission(env: LambdaEnv, ctx: RequestContext, input: AddPermissionRequest): Promise<AddPermissionResponse> {
  const { scope, name, qualifier } = identify(ctx, input.FunctionName, input.Qualifier);
  if (qualifier === LATEST) throw invalidParameter("We currently do not support adding policies for $LATEST.");
  const fn = await requireFunction(env, scope, name);
  const key = qualifier ?? "";
  const owner = await policyOwnerRevision(env, scope, fn, qualifier);
  const policy = await env.store.getPolicy(scope, name, key);
  checkRevision(input.RevisionId, policy, owner);
  const statements = policy?.statements ?? [];
  if (statements.some((s) => s.Sid === input.StatementId)) {
    throw conflict(`The statement id (${input.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
  }
  const statement = statementOf(scope, name, qualifier, input);
  const next: PolicyRecord = { statements: [...statements, statement], revisionId: newRevisionId() };
  const size = Buffer.byteLength(policyDocument(next));
  if (size > MAX_POLICY_BYTES) {
    throw new PolicyLengthExceededException(`The final policy size (${size}) is bigger than the limit (${MAX_POLICY_BYTES}).`, USER);
  }
  await savePolicy(env, scope, fn, qualifier, next);
  return { Statement: JSON.stringify(statement) };
}

export async function removePermission(env: LambdaEnv, ctx: RequestContext, input: RemovePermissionRequest): Promise<void> {
  const { scope, name, qualifier } = identify(ctx, input.FunctionName, input.Qualifier);
  const fn = await env.store.getFunction(scope, name);
  if (!fn) throw notFound(`No policy found for: ${functionArn(scope, name, qualifier)}`);
  const owner = await policyOwnerRevision(env, scope, fn, qualifier);
  const policy = await env.store.getPolicy(scope, name, qualifier ?? "");
  checkRevision(input.RevisionId, policy, owner);
  if (!policy) throw notFound("No policy is associated with the given resource.");
  if (!policy.statements.some((s) => s.Sid === input.StatementId)) {
    throw notFound(`Statement ${input.StatementId} is not found in resource policy.`);
  }
  const next: PolicyRecord = { statements: policy.statements.filter((s) => s.Sid !== input.StatementId), revisionId: newRevisionId() };
  await savePolicy(env, scope, fn, qualifier, next);
}

export async function getPolicy(env: LambdaEnv, ctx: RequestContext, input: GetPolicyRequest): Promise<GetPolicyResponse> {
  const { scope, name, qualifier } = identify(ctx, input.FunctionName, input.Qualifier);
  const fn = await env.store.getFunction(scope, name);
  const policy = fn ? await env.store.getPolicy(scope, name, qualifier ?? "") : undefined;
  if (!policy) throw notFound(RESOURCE_NOT_FOUND);
  return { Policy: policyDocument(policy), RevisionId: policy.revisionId };
}

/**
 * A permission change's RevisionId must be the policy's (recorded AWS responses: a change made
 * with the RevisionId GetPolicy returned succeeds even after the function's own moved on), or,
 * before there is a policy, the function's, version's or alias's own.
 */
function checkRevision(given: string | undefined, policy: PolicyRecord | undefined, owner: string): void {
  if (given !== undefined && given !== (policy?.revisionId ?? owner)) throw revisionMismatch("GetPolicy");
}

/**
 * The current RevisionId of what a policy belongs to: the function ($LATEST), a version or an
 * alias. Unknown qualifiers are AWS's not-found errors.
 */
async function policyOwnerRevision(env: LambdaEnv, scope: Scope, fn: FunctionRecord, qualifier: string | undefined): Promise<string> {
  if (qualifier === undefined) return fn.latest.revisionId;
  if (isVersionNumber(qualifier)) {
    const version = await env.store.getVersion(scope, fn.name, Number(qualifier));
    if (!version) throw functionNotFound(functionArn(scope, fn.name, qualifier));
    return version.revisionId;
  }
  const alias = await env.store.getAlias(scope, fn.name, qualifier);
  if (!alias) {
    // A qualifier that is no alias name (e.g. with "$") is reported as a missing function version.
    if (!/^[a-zA-Z0-9_-]+$/.test(qualifier)) throw functionNotFound(functionArn(scope, fn.name, qualifier));
    throw notFound(`Cannot find alias arn: ${functionArn(scope, fn.name, qualifier)}`);
  }
  return alias.revisionId;
}

/** Stores the policy and gives its owner (function or version) the policy's RevisionId. */
async function savePolicy(env: LambdaEnv, scope: Scope, fn: FunctionRecord, qualifier: string | undefined, policy: PolicyRecord): Promise<void> {
  await env.store.transaction(async (tx) => {
    await tx.putPolicy(scope, fn.name, qualifier ?? "", policy);
    if (qualifier === undefined) {
      if (!(await tx.updateLatest(scope, fn.name, { ...fn.latest, revisionId: policy.revisionId }, fn.latest.revisionId))) {
        throw conflict(`The operation cannot be performed at this time. An update is in progress for resource: ${functionArn(scope, fn.name)}`);
      }
    } else if (isVersionNumber(qualifier)) {
      const version = await tx.getVersion(scope, fn.name, Number(qualifier));
      if (version) await tx.saveVersion(scope, fn.name, { ...version, revisionId: policy.revisionId });
    }
  });
}

export function policyDocument(policy: PolicyRecord): string {
  return JSON.stringify({ Version: "2012-10-17", Id: "default", Statement: policy.statements });
}

/** The statement AddPermission adds, in AWS's form (principal kinds, condition keys). */
function statementOf(scope: Scope, name: string, qualifier: string | undefined, input: AddPermissionRequest): PolicyStatement {
  const statement: PolicyStatement = {
    Sid: input.StatementId,
    Effect: "Allow",
    Principal: principalOf(scope, input.Principal),
    Action: input.Action,
    Resource: functionArn(scope, name, qualifier),
  };
  const equals: Record<string, string> = {};
  if (input.SourceAccount !== undefined) equals["AWS:SourceAccount"] = input.SourceAccount;
  if (input.EventSourceToken !== undefined) equals["lambda:EventSourceToken"] = input.EventSourceToken;
  if (input.FunctionUrlAuthType !== undefined) equals["lambda:FunctionUrlAuthType"] = input.FunctionUrlAuthType;
  if (input.PrincipalOrgID !== undefined) equals["aws:PrincipalOrgID"] = input.PrincipalOrgID;
  if (input.InvokedViaFunctionUrl) equals["lambda:InvokedViaFunctionUrl"] = "true";
  const condition: Record<string, Record<string, string>> = {};
  if (Object.keys(equals).length > 0) condition["StringEquals"] = equals;
  if (input.SourceArn !== undefined) condition["ArnLike"] = { "AWS:SourceArn": input.SourceArn };
  if (Object.keys(condition).length > 0) statement.Condition = condition;
  return statement;
}

/** "*", an account id, an IAM ARN or a service principal ("s3.amazonaws.com"). */
function principalOf(scope: Scope, principal: string): PolicyStatement["Principal"] {
  if (principal === "*") return "*";
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:${scope.partition}:iam::${principal}:root` };
  if (/^arn:aws[a-zA-Z-]*:(iam|sts)::\d{12}:.+/.test(principal)) return { AWS: principal };
  // Service principals are AWS's own hosts ("invalid.nonaws.com" is refused: recorded AWS response).
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.(amazonaws\.com(\.cn)?|amazon\.com)$/.test(principal)) return { Service: principal };
  throw invalidParameter("The provided principal was invalid. Please check the principal and try again.");
}
