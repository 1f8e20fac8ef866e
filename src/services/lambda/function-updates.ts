// UpdateFunctionCode and UpdateFunctionConfiguration: both change $LATEST, answer with
// LastUpdateStatus InProgress, and settle to Successful (state.ts); a second update while the
// first is in progress is refused, as on AWS (ResourceConflictException).
// https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html
import type { RequestContext } from "../../aws/context.js";
import type { FunctionConfiguration, UpdateFunctionCodeRequest, UpdateFunctionConfigurationRequest } from "../../aws/generated/lambda.js";
import { functionArn, LATEST, type Scope } from "./arns.js";
import { updatedConfiguration } from "./configuration.js";
import { newRevisionId, type LambdaEnv } from "./context.js";
import { invalidParameter, revisionMismatch, updateInProgress as updateInProgressError } from "./errors.js";
import { releaseCode, storeCode } from "./functions.js";
import { resolveLayers } from "./layers.js";
import { identify, requireFunction } from "./lookup.js";
import { renderConfiguration } from "./render.js";
import { isSettling, updateInProgress } from "./state.js";
import type { FunctionRecord, VersionRecord } from "./types.js";
import { publishVersion } from "./versions.js";

/** The function, refusing a stale RevisionId and an update while another is in progress. */
async function functionForUpdate(env: LambdaEnv, scope: Scope, name: string, revisionId: string | undefined): Promise<FunctionRecord> {
  const fn = await requireFunction(env, scope, name);
  if (revisionId !== undefined && revisionId !== fn.latest.revisionId) throw revisionMismatch("GetFunction/GetAlias");
  if (isSettling(fn.latest, env.clock.now())) throw updateInProgressError(functionArn(scope, name));
  return fn;
}

/** Stores the new $LATEST if nobody changed it meanwhile, and retires its old environments. */
async function commitLatest(env: LambdaEnv, scope: Scope, fn: FunctionRecord, latest: VersionRecord): Promise<void> {
  if (!(await env.store.updateLatest(scope, fn.name, latest, fn.latest.revisionId))) throw updateInProgressError(functionArn(scope, fn.name));
  await env.executor.drop(functionArn(scope, fn.name), LATEST);
}

export async function updateFunctionConfiguration(
  env: LambdaEnv,
  ctx: RequestContext,
  input: UpdateFunctionConfigurationRequest,
): Promise<FunctionConfiguration> {
  const target = identify(ctx, input.FunctionName);
  const fn = await functionForUpdate(env, target.scope, target.name, input.RevisionId);
  const layers = input.Layers === undefined ? undefined : await resolveLayers(env, target.scope, input.Layers);
  const configuration = updatedConfiguration(fn.name, fn.latest, input, layers);
  if (layers !== undefined) {
    const total = fn.latest.code.unzippedSize + layers.reduce((n, l) => n + l.code.unzippedSize, 0);
    if (total > 262_144_000) {
      throw invalidParameter(`Function code combined with layers exceeds the maximum allowed size of 262144000 bytes. The actual size is ${total} bytes.`);
    }
  }
  const now = env.clock.now();
  const latest = updateInProgress(
    { ...fn.latest, ...configuration, revisionId: newRevisionId(), lastModified: now },
    now + env.settings.stateTransitionMs,
  );
  await commitLatest(env, target.scope, fn, latest);
  return renderConfiguration(target.scope, fn.name, latest);
}

export async function updateFunctionCode(env: LambdaEnv, ctx: RequestContext, input: UpdateFunctionCodeRequest): Promise<FunctionConfiguration> {
  const target = identify(ctx, input.FunctionName);
  const fn = await functionForUpdate(env, target.scope, target.name, input.RevisionId);
  if (fn.latest.packageType === "Zip" && input.ImageUri !== undefined) {
    throw invalidParameter("Please don't provide ImageUri when updating a function with packageType Zip.");
  }
  const code = await storeCode(env, target.scope, { ZipFile: input.ZipFile, S3Bucket: input.S3Bucket, S3Key: input.S3Key }, fn.latest.layers);
  const now = env.clock.now();
  const latest = updateInProgress(
    {
      ...fn.latest,
      code,
      ...(input.Architectures ? { architectures: [...input.Architectures] } : {}),
      revisionId: newRevisionId(),
      lastModified: now,
    },
    now + env.settings.stateTransitionMs,
  );
  if (input.DryRun) {
    // Validated and rendered, not applied (the zip is only kept if something else uses it).
    await releaseCode(env, target.scope, code);
    return renderConfiguration(target.scope, fn.name, latest);
  }
  await commitLatest(env, target.scope, fn, latest);
  if (fn.latest.code.sha256 !== code.sha256) await releaseCode(env, target.scope, fn.latest.code);
  if (input.Publish) {
    const version = await publishVersion(env, target.scope, { ...fn, latest }, undefined);
    return { ...renderConfiguration(target.scope, fn.name, version), FunctionArn: functionArn(target.scope, fn.name) };
  }
  return renderConfiguration(target.scope, fn.name, latest);
}
