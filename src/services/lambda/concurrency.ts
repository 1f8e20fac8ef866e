// Reserved concurrency (PutFunctionConcurrency, GetFunctionConcurrency, DeleteFunctionConcurrency)
// and the account's pools (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html):
// the account limit minus what functions reserve, minus provisioned concurrency of functions
// without a reservation, is the unreserved pool, which may not drop below 100.
import type { RequestContext } from "../../aws/context.js";
import {
  InvalidParameterValueException,
  type Concurrency,
  type DeleteFunctionConcurrencyRequest,
  type GetFunctionConcurrencyRequest,
  type GetFunctionConcurrencyResponse,
  type PutFunctionConcurrencyRequest,
} from "../../aws/generated/lambda.js";
import { functionArn, LATEST, type Scope } from "./arns.js";
import type { LambdaEnv } from "./context.js";
import { functionNotFound, invalidParameter } from "./errors.js";
import { identify, requireFunction } from "./lookup.js";

/** Lambda keeps at least this much concurrency unreserved. */
export const MIN_UNRESERVED = 100;

const QUALIFIED_NOT_ALLOWED =
  "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.";

export async function putFunctionConcurrency(env: LambdaEnv, ctx: RequestContext, input: PutFunctionConcurrencyRequest): Promise<Concurrency> {
  const { scope, name, qualifier } = identify(ctx, input.FunctionName);
  if (qualifier !== undefined) throw invalidParameter(QUALIFIED_NOT_ALLOWED);
  const fn = await env.store.getFunction(scope, name);
  if (!fn) throw functionNotFound(functionArn(scope, name, LATEST));
  const requested = input.ReservedConcurrentExecutions;
  const provisioned = await provisionedTotal(env, scope, name);
  if (requested < provisioned) {
    // AWS's wording, odd spacing included (recorded AWS response), without the Type field.
    throw new InvalidParameterValueException(` ReservedConcurrentExecutions  ${requested} should not be lower than function's total provisioned concurrency [${provisioned}].`);
  }
  const others = await reservedElsewhere(env, scope, name);
  if (env.settings.accountConcurrency - others - requested < MIN_UNRESERVED) {
    throw new InvalidParameterValueException(
      `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MIN_UNRESERVED}].`,
    );
  }
  await env.store.setReservedConcurrency(scope, name, requested);
  return { ReservedConcurrentExecutions: requested };
}

export async function getFunctionConcurrency(env: LambdaEnv, ctx: RequestContext, input: GetFunctionConcurrencyRequest): Promise<GetFunctionConcurrencyResponse> {
  const { scope, name } = identify(ctx, input.FunctionName);
  const fn = await requireFunction(env, scope, name);
  return fn.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency };
}

export async function deleteFunctionConcurrency(env: LambdaEnv, ctx: RequestContext, input: DeleteFunctionConcurrencyRequest): Promise<void> {
  const { scope, name, qualifier } = identify(ctx, input.FunctionName);
  if (qualifier !== undefined) throw invalidParameter(QUALIFIED_NOT_ALLOWED);
  await requireFunction(env, scope, name);
  await env.store.setReservedConcurrency(scope, name, undefined);
}

/** Total provisioned concurrency requested for a function's versions and aliases. */
export async function provisionedTotal(env: LambdaEnv, scope: Scope, functionName: string, exceptQualifier?: string): Promise<number> {
  const configs = await env.store.listProvisioned(scope, functionName);
  return configs.filter((c) => c.qualifier !== exceptQualifier).reduce((n, c) => n + c.requested, 0);
}

/**
 * What other functions take from the account's pool: their reserved concurrency, or for
 * functions without a reservation, their provisioned concurrency.
 */
export async function reservedElsewhere(env: LambdaEnv, scope: Scope, exceptFunction?: string): Promise<number> {
  let total = 0;
  for (const fn of await env.store.listFunctions(scope, undefined, Number.MAX_SAFE_INTEGER)) {
    if (fn.name === exceptFunction) continue;
    total += fn.reservedConcurrency ?? (await provisionedTotal(env, scope, fn.name));
  }
  return total;
}

/** The account's unreserved concurrency (GetAccountSettings). */
export async function unreservedConcurrency(env: LambdaEnv, scope: Scope): Promise<number> {
  return env.settings.accountConcurrency - (await reservedElsewhere(env, scope));
}
