// Finding what a request names: the function (with its pending state change applied, see
// state.ts) and the version or alias a qualifier selects, with AWS's not-found messages.
import type { RequestContext } from "../../aws/context.js";
import { ServiceError } from "../../aws/errors.js";
import { functionArn, isVersionNumber, LATEST, parseFunctionIdentifier, scopeOf, type Scope } from "./arns.js";
import { settledRevisionId, type LambdaEnv } from "./context.js";
import { functionNotFound } from "./errors.js";
import { settle } from "./state.js";
import type { AliasRecord, FunctionRecord, VersionRecord } from "./types.js";

export interface Target {
  scope: Scope;
  name: string;
  qualifier?: string;
}

/**
 * The function an operation addresses. Functions of other accounts are refused: Nimbus does not
 * evaluate cross-account resource policies yet (see the known gaps in provider.ts).
 */
export function identify(ctx: RequestContext, functionName: string, qualifier?: string): Target {
  const scope = scopeOf(ctx);
  const id = parseFunctionIdentifier(scope, functionName, qualifier);
  if (id.accountId !== scope.accountId) {
    const arn = functionArn({ ...scope, accountId: id.accountId }, id.name);
    throw new ServiceError(
      "AccessDeniedException",
      `User: ${ctx.caller.arn} is not authorized to perform: lambda:${ctx.operation} on resource: ${arn} because no resource-based policy allows the lambda:${ctx.operation} action`,
      403,
    );
  }
  return { scope, name: id.name, qualifier: id.qualifier };
}

/** The function, or AWS's "Function not found: <unqualified ARN>". */
export async function requireFunction(env: LambdaEnv, scope: Scope, name: string): Promise<FunctionRecord> {
  const fn = await env.store.getFunction(scope, name);
  if (!fn) throw functionNotFound(functionArn(scope, name));
  return settleLatest(env, scope, fn);
}

/** Applies a completed state transition of $LATEST and stores it (see state.ts). */
export async function settleLatest(env: LambdaEnv, scope: Scope, fn: FunctionRecord): Promise<FunctionRecord> {
  const settled = settle(fn.latest, env.clock.now(), () => settledRevisionId(fn.latest.revisionId));
  if (!settled) return fn;
  // A concurrent settle computes the same record; a concurrent update wins and is re-read.
  if (await env.store.updateLatest(scope, fn.name, settled, fn.latest.revisionId)) return { ...fn, latest: settled };
  const fresh = await env.store.getFunction(scope, fn.name);
  if (!fresh) throw functionNotFound(functionArn(scope, fn.name));
  return fresh;
}

/** Applies a completed state transition of a published version (see state.ts). */
export async function settleVersion(env: LambdaEnv, scope: Scope, functionName: string, version: VersionRecord): Promise<VersionRecord> {
  const settled = settle(version, env.clock.now(), () => settledRevisionId(version.revisionId));
  if (!settled) return version;
  await env.store.saveVersion(scope, functionName, settled);
  return settled;
}

export interface Selected {
  version: VersionRecord;
  alias?: AliasRecord;
}

/**
 * What a qualifier selects: $LATEST (none or "$LATEST"), a published version, or an alias and
 * the version it points at. Unknown qualifiers are "Function not found: <qualified ARN>".
 */
export async function selectQualifier(env: LambdaEnv, scope: Scope, fn: FunctionRecord, qualifier: string | undefined): Promise<Selected> {
  if (qualifier === undefined || qualifier === LATEST) return { version: fn.latest };
  if (isVersionNumber(qualifier)) {
    const version = await env.store.getVersion(scope, fn.name, Number(qualifier));
    if (!version) throw functionNotFound(functionArn(scope, fn.name, qualifier));
    return { version };
  }
  const alias = await env.store.getAlias(scope, fn.name, qualifier);
  if (!alias) throw functionNotFound(functionArn(scope, fn.name, qualifier));
  return { version: await versionOf(env, scope, fn, alias.functionVersion), alias };
}

/** A version by its number, or $LATEST. */
export async function versionOf(env: LambdaEnv, scope: Scope, fn: FunctionRecord, version: string): Promise<VersionRecord> {
  if (version === LATEST) return fn.latest;
  const record = await env.store.getVersion(scope, fn.name, Number(version));
  if (!record) throw functionNotFound(functionArn(scope, fn.name, version));
  return record;
}
