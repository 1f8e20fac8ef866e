// Invoke (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html):
// RequestResponse runs the function and answers its result (6 MB request and response limits,
// X-Amz-Function-Error, X-Amz-Executed-Version, LogType=Tail's X-Amz-Log-Result); Event stores
// the event durably and answers 202 (event-queue.ts runs it); DryRun checks and answers 204.
// Throttled synchronous calls get 429 TooManyRequestsException "Rate Exceeded." with a reason.
import type { RequestContext } from "../../aws/context.js";
import { ServiceError } from "../../aws/errors.js";
import {
  InvalidRequestContentException,
  type InvocationRequest,
  type InvocationResponse,
  type InvokeAsyncRequest,
  type InvokeAsyncResponse,
} from "../../aws/generated/lambda.js";
import { functionArn, isVersionNumber, LATEST, type Scope } from "./arns.js";
import type { LambdaEnv } from "./context.js";
import { functionNotFound, throttled, USER } from "./errors.js";
import type { EventQueue } from "./event-queue.js";
import { executableFor } from "./executable.js";
import type { ExecutionRequest, ExecutionResult } from "./execution.js";
import type { InvokeCache } from "./invoke-cache.js";
import { identify, settleLatest } from "./lookup.js";
import { checkJsonPayload } from "./payload-json.js";
import type { ReservedConcurrency } from "./reserved-cache.js";
import { pickVersion } from "./routing.js";
import { isSettling } from "./state.js";
import type { FunctionRecord, VersionRecord } from "./types.js";

/** Synchronous request and response payloads: 6 MB. */
export const MAX_SYNC_PAYLOAD = 6_291_456;
/** Asynchronous (Event) payloads: 1 MB. */
export const MAX_ASYNC_PAYLOAD = 1_048_576;
/** InvokeAsync payloads: 256 KB. */
export const MAX_INVOKE_ASYNC_PAYLOAD = 262_144;
/** X-Amz-Client-Context: at most 3583 bytes of base64. */
const MAX_CLIENT_CONTEXT = 3583;

export interface InvokeDeps {
  env: LambdaEnv;
  queue: EventQueue;
  reserved: ReservedConcurrency;
  /** Functions, versions and aliases as Invoke last read them (invoke-cache.ts). */
  cache: InvokeCache;
}

export async function invoke(deps: InvokeDeps, ctx: RequestContext, input: InvocationRequest): Promise<InvocationResponse> {
  const { env } = deps;
  const { scope, name, qualifier } = identify(ctx, input.FunctionName, input.Qualifier);
  const type = input.InvocationType ?? "RequestResponse";
  const payload = input.Payload ?? Buffer.alloc(0);
  const limit = type === "Event" ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
  if (payload.length > limit) {
    throw new ServiceError("RequestEntityTooLargeException", `Request must be smaller than ${limit} bytes for the InvokeFunction operation`, 413);
  }
  // Resolving first answers AWS's not-found errors for every invocation type.
  const target = cachedInvocation(deps, scope, name, qualifier) ?? (await resolveInvocation(deps, scope, name, qualifier));
  checkJsonPayload(payload);
  const clientContext = decodeClientContext(input.ClientContext);
  if (type === "DryRun") return { StatusCode: 204 };
  if (type === "Event") {
    await deps.queue.enqueue({ scope, functionName: name, qualifier: qualifier ?? LATEST, requestId: ctx.requestId, payload, clientContext });
    return { StatusCode: 202 };
  }
  const result = await runVersion(deps, target, {
    requestId: ctx.requestId,
    payload,
    invokedFunctionArn: functionArn(scope, name, qualifier),
    clientContext,
    tailLogs: input.LogType === "Tail",
  });
  return {
    StatusCode: 200,
    Payload: result.payload,
    ExecutedVersion: target.version.version,
    ...(result.functionError ? { FunctionError: result.functionError } : {}),
    ...(result.logTail !== undefined && input.LogType === "Tail" ? { LogResult: result.logTail } : {}),
  };
}

/** The deprecated InvokeAsync (https://docs.aws.amazon.com/lambda/latest/api/API_InvokeAsync.html): an Event invocation of $LATEST or the named qualifier, 256 KB at most. */
export async function invokeAsync(deps: InvokeDeps, ctx: RequestContext, input: InvokeAsyncRequest): Promise<InvokeAsyncResponse> {
  const { scope, name, qualifier } = identify(ctx, input.FunctionName);
  const payload = Buffer.isBuffer(input.InvokeArgs) ? input.InvokeArgs : Buffer.alloc(0);
  if (payload.length > MAX_INVOKE_ASYNC_PAYLOAD) {
    throw new ServiceError("RequestEntityTooLargeException", `Request must be smaller than ${MAX_INVOKE_ASYNC_PAYLOAD} bytes for the InvokeAsync operation`, 413);
  }
  await resolveInvocation(deps, scope, name, qualifier);
  checkJsonPayload(payload);
  await deps.queue.enqueue({ scope, functionName: name, qualifier: qualifier ?? LATEST, requestId: ctx.requestId, payload });
  return { Status: 202 };
}

export interface InvocationTarget {
  scope: Scope;
  functionName: string;
  version: VersionRecord;
  reserved: number | undefined;
}

/**
 * The version an invocation runs: $LATEST, a published version, or the version an alias routes
 * this call to (by its weights). Not-found errors name the qualified ARN, $LATEST included.
 */
export async function resolveInvocation(deps: InvokeDeps, scope: Scope, name: string, qualifier: string | undefined): Promise<InvocationTarget> {
  const { env, cache } = deps;
  const fn = await cache.function(scope, name, () => readySettledFunction(env, scope, name));
  if (!fn) throw functionNotFound(functionArn(scope, name, qualifier ?? LATEST));
  let versionName = qualifier ?? LATEST;
  if (qualifier !== undefined && qualifier !== LATEST && !isVersionNumber(qualifier)) {
    const alias = await cache.alias(scope, name, qualifier);
    if (!alias) throw functionNotFound(functionArn(scope, name, qualifier));
    versionName = pickVersion(alias, env.random());
  }
  const version = versionName === LATEST ? fn.latest : await cache.version(scope, name, Number(versionName));
  if (!version) throw functionNotFound(functionArn(scope, name, qualifier));
  return { scope, functionName: name, version, reserved: fn.reservedConcurrency };
}

/**
 * resolveInvocation's answer without waiting, when the function is held in the invoke cache and
 * the call names $LATEST (no qualifier, or "$LATEST"); undefined otherwise (then resolve).
 */
function cachedInvocation(deps: InvokeDeps, scope: Scope, name: string, qualifier: string | undefined): InvocationTarget | undefined {
  if (qualifier !== undefined && qualifier !== LATEST) return undefined;
  const fn = deps.cache.cachedFunction(scope, name);
  return fn ? { scope, functionName: name, version: fn.latest, reserved: fn.reservedConcurrency } : undefined;
}

/** The function with its pending state change applied; one still being created is waited for (it is ready within the configured moment). */
async function readySettledFunction(env: LambdaEnv, scope: Scope, name: string): Promise<FunctionRecord | undefined> {
  const stored = await env.store.getFunction(scope, name);
  if (!stored) return undefined;
  let fn = await settleLatest(env, scope, stored);
  const now = env.clock.now();
  if (fn.latest.state === "Pending" && isSettling(fn.latest, now)) {
    await new Promise<void>((resolve) => env.clock.setTimeout(resolve, fn.latest.settlesAt! - now));
    fn = await settleLatest(env, scope, fn);
  }
  return fn;
}

/**
 * Runs a resolved version within the concurrency limits; throttling is a 429. Not an async
 * function: a warm invocation (the reserved sum cached) goes from admission to the executor
 * without a turn of its own.
 */
export function runVersion(
  deps: InvokeDeps,
  target: InvocationTarget,
  request: { requestId: string; payload: Buffer; invokedFunctionArn: string; clientContext?: string; tailLogs: boolean },
): Promise<ExecutionResult> {
  if (target.reserved !== undefined) return admitAndRun(deps, target, request, 0);
  const totalReserved = deps.reserved.cached(target.scope);
  if (totalReserved !== undefined) return admitAndRun(deps, target, request, totalReserved);
  return deps.reserved.total(target.scope).then((total) => admitAndRun(deps, target, request, total));
}

function admitAndRun(deps: InvokeDeps, target: InvocationTarget, request: ExecutionRequest, totalReserved: number): Promise<ExecutionResult> {
  const { env } = deps;
  const admission = env.limiter.admit(target.scope, target.functionName, target.reserved, totalReserved);
  if ("throttled" in admission) return Promise.reject(throttled(admission.throttled));
  const { lease } = admission;
  let running: Promise<ExecutionResult>;
  try {
    const payload = request.payload.length === 0 ? Buffer.from("{}") : request.payload;
    running = env.executor.invoke(executableFor(target.scope, target.functionName, target.version), payload === request.payload ? request : { ...request, payload });
  } catch (err) {
    lease.release();
    return Promise.reject(err);
  }
  return running.then(
    (result) => {
      lease.release();
      return result;
    },
    (err: unknown) => {
      lease.release();
      throw err;
    },
  );
}

function decodeClientContext(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length > MAX_CLIENT_CONTEXT) {
    throw new InvalidRequestContentException(`Client context must be less than ${MAX_CLIENT_CONTEXT} bytes`, USER);
  }
  const text = Buffer.from(value, "base64").toString("utf8");
  try {
    JSON.parse(text);
  } catch {
    throw new InvalidRequestContentException("Client context must be a valid Base64-encoded JSON object.", USER);
  }
  return text;
}
