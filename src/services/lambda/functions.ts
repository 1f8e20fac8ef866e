// CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions and DeleteFunction
// (https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html).
import type { RequestContext } from "../../aws/context.js";
import { NotImplementedError } from "../../aws/errors.js";
import {
  CodeStorageExceededException,
  type CreateFunctionRequest,
  type DeleteFunctionRequest,
  type DeleteFunctionResponse,
  type FunctionCode,
  type FunctionConfiguration,
  type GetFunctionConfigurationRequest,
  type GetFunctionRequest,
  type GetFunctionResponse,
  type ListFunctionsRequest,
  type ListFunctionsResponse,
} from "../../aws/generated/lambda.js";
import { isUniqueViolation } from "../../storage/conventions.js";
import { functionArn, isAliasName, isVersionNumber, LATEST, scopeOf, type Scope } from "./arns.js";
import { initialConfiguration } from "./configuration.js";
import { newRevisionId, type LambdaEnv } from "./context.js";
import { conflict, functionNotFound, invalidParameter, USER } from "./errors.js";
import { resolveLayers } from "./layers.js";
import { identify, requireFunction, selectQualifier, settleLatest, settleVersion } from "./lookup.js";
import { decodeMarker, page } from "./paging.js";
import { renderConfiguration } from "./render.js";
import { pendingCreation } from "./state.js";
import type { CodeRef, FunctionRecord, LayerRef, VersionRecord } from "./types.js";
import { checkNewFunctionName, checkTagCount, checkZipRuntimeAndHandler } from "./validation.js";
import { publishVersion } from "./versions.js";
import { MAX_UNZIPPED_BYTES } from "./zip-inspect.js";

const DEFAULT_LIST_ITEMS = 50;

export async function createFunction(env: LambdaEnv, ctx: RequestContext, input: CreateFunctionRequest): Promise<FunctionConfiguration> {
  const scope = scopeOf(ctx);
  const { name } = identify(ctx, input.FunctionName);
  checkNewFunctionName(input.FunctionName, name);
  if ((input.PackageType ?? "Zip") === "Image") {
    throw new NotImplementedError("Lambda", "CreateFunction", "Container image functions (PackageType Image) are not supported by Nimbus yet.");
  }
  checkZipRuntimeAndHandler(input.Runtime, input.Handler);
  if (input.Tags) checkTagCount(Object.keys(input.Tags).length);
  const layers = await resolveLayers(env, scope, input.Layers ?? []);
  const configuration = initialConfiguration(name, input, layers);
  const code = await storeCode(env, scope, input.Code, layers);
  const now = env.clock.now();
  const latest: VersionRecord = {
    ...configuration,
    version: LATEST,
    code,
    revisionId: newRevisionId(),
    lastModified: now,
    ...pendingCreation(now + env.settings.stateTransitionMs),
  };
  const fn: FunctionRecord = {
    accountId: scope.accountId,
    region: scope.region,
    name,
    latest,
    lastVersion: 0,
    tags: { ...(input.Tags ?? {}) },
    createdAt: now,
  };
  try {
    await env.store.insertFunction(fn);
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`Function already exist: ${name}`);
    throw err;
  }
  if (input.Publish) {
    const version = await publishVersion(env, scope, fn, undefined);
    // AWS reports the new version with the unqualified ARN here (recorded AWS response).
    return { ...renderConfiguration(scope, name, version), FunctionArn: functionArn(scope, name) };
  }
  return renderConfiguration(scope, name, latest);
}

/** Stores the deployment package a FunctionCode names and checks the account's limits. */
export async function storeCode(env: LambdaEnv, scope: Scope, code: FunctionCode, layers: LayerRef[]): Promise<CodeRef> {
  if (code.ImageUri !== undefined) throw invalidParameter("Please don't provide ImageUri when updating a function with packageType Zip.");
  if (code.S3Bucket !== undefined || code.S3Key !== undefined) {
    // No bucket exists until Nimbus has S3: AWS's answer for a missing bucket.
    throw invalidParameter("Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist");
  }
  if (code.ZipFile === undefined) throw invalidParameter("Please provide a source for function code.");
  const usage = await env.store.accountUsage(scope);
  if (usage.totalCodeSize + code.ZipFile.length > env.settings.codeStorageBytes) {
    throw new CodeStorageExceededException("Code storage limit exceeded.", USER);
  }
  const ref = await env.code.putFunctionCode(scope, code.ZipFile);
  const total = ref.unzippedSize + layers.reduce((n, l) => n + l.code.unzippedSize, 0);
  if (total > MAX_UNZIPPED_BYTES) {
    throw invalidParameter(`Function code combined with layers exceeds the maximum allowed size of ${MAX_UNZIPPED_BYTES} bytes. The actual size is ${total} bytes.`);
  }
  return ref;
}

export async function getFunction(env: LambdaEnv, ctx: RequestContext, input: GetFunctionRequest): Promise<GetFunctionResponse> {
  const target = identify(ctx, input.FunctionName, input.Qualifier);
  const fn = await requireQualified(env, target.scope, target.name, target.qualifier);
  const configuration = await qualifiedConfiguration(env, target.scope, fn, target.qualifier);
  const out: GetFunctionResponse = {
    Configuration: configuration,
    Code: { RepositoryType: "S3", Location: codeLocation(ctx.endpoint, fn, configuration.Version!) },
  };
  if (Object.keys(fn.tags).length > 0) out.Tags = { ...fn.tags };
  if (fn.reservedConcurrency !== undefined) out.Concurrency = { ReservedConcurrentExecutions: fn.reservedConcurrency };
  return out;
}

export async function getFunctionConfiguration(env: LambdaEnv, ctx: RequestContext, input: GetFunctionConfigurationRequest): Promise<FunctionConfiguration> {
  const target = identify(ctx, input.FunctionName, input.Qualifier);
  const fn = await requireQualified(env, target.scope, target.name, target.qualifier);
  return qualifiedConfiguration(env, target.scope, fn, target.qualifier);
}

/** The function; when it does not exist, AWS names the qualified ARN the caller asked for. */
async function requireQualified(env: LambdaEnv, scope: Scope, name: string, qualifier: string | undefined): Promise<FunctionRecord> {
  if (qualifier !== undefined && !(await env.store.getFunction(scope, name))) throw functionNotFound(functionArn(scope, name, qualifier));
  return requireFunction(env, scope, name);
}

/** A version's configuration as GetFunction reports it: ARN qualified as the caller qualified it. */
async function qualifiedConfiguration(env: LambdaEnv, scope: Scope, fn: FunctionRecord, qualifier: string | undefined): Promise<FunctionConfiguration> {
  const { version, alias } = await selectQualifier(env, scope, fn, qualifier);
  const settled = version.version === LATEST ? version : await settleVersion(env, scope, fn.name, version);
  const out = renderConfiguration(scope, fn.name, settled, { qualifyLatest: qualifier !== undefined });
  if (alias) out.FunctionArn = functionArn(scope, fn.name, alias.name);
  return out;
}

/** Where GetFunction tells callers to download the code: Nimbus serves it itself. */
export function codeLocation(endpoint: string, fn: FunctionRecord, version: string): string {
  return `${endpoint}/_nimbus/lambda/code/${fn.accountId}/${fn.region}/${encodeURIComponent(fn.name)}/${encodeURIComponent(version)}`;
}

export async function listFunctions(env: LambdaEnv, ctx: RequestContext, input: ListFunctionsRequest): Promise<ListFunctionsResponse> {
  const scope = scopeOf(ctx);
  const maxItems = input.MaxItems ?? DEFAULT_LIST_ITEMS;
  const all = input.FunctionVersion === "ALL";
  // The marker holds "<function name>", or "<function name>\n<version>" when listing every version.
  const [afterName, afterVersion] = (decodeMarker(input.Marker) ?? "").split("\n");
  const entries: { key: string; config: FunctionConfiguration }[] = [];
  let cursor = afterName || undefined;
  let inclusive = all && afterVersion !== undefined;
  for (;;) {
    const batch = await env.store.listFunctions(scope, cursor, maxItems + 1, inclusive);
    for (const stored of batch) {
      const fn = await settleLatest(env, scope, stored);
      if (!all) {
        entries.push({ key: fn.name, config: renderConfiguration(scope, fn.name, fn.latest, { listing: true }) });
        continue;
      }
      for (const stored of [fn.latest, ...(await env.store.listVersions(scope, fn.name))]) {
        const v = stored.version === LATEST ? stored : await settleVersion(env, scope, fn.name, stored);
        if (fn.name === afterName && afterVersion !== undefined && versionOrder(v.version) <= versionOrder(afterVersion)) continue;
        entries.push({ key: `${fn.name}\n${v.version}`, config: renderConfiguration(scope, fn.name, v, { listing: true, qualifyLatest: true }) });
      }
    }
    if (batch.length < maxItems + 1 || entries.length > maxItems) break;
    cursor = batch[batch.length - 1]!.name;
    inclusive = false;
  }
  const result = page(entries, maxItems, (e) => e.key);
  return { Functions: result.items.map((e) => e.config), ...(result.nextMarker ? { NextMarker: result.nextMarker } : {}) };
}

/** $LATEST first, then versions in number order. */
const versionOrder = (version: string): number => (version === LATEST ? 0 : Number(version));

export async function deleteFunction(env: LambdaEnv, ctx: RequestContext, input: DeleteFunctionRequest): Promise<DeleteFunctionResponse> {
  const target = identify(ctx, input.FunctionName, input.Qualifier);
  const { scope, name, qualifier } = target;
  if (qualifier === LATEST) throw invalidParameter("$LATEST version cannot be deleted without deleting the function.");
  if (qualifier !== undefined && isAliasName(qualifier)) throw invalidParameter("Deletion of aliases is not currently supported.");
  const fn = await env.store.getFunction(scope, name);
  if (!fn) throw functionNotFound(functionArn(scope, name));
  if (qualifier !== undefined && isVersionNumber(qualifier)) {
    await deleteVersion(env, scope, fn, Number(qualifier));
    return { StatusCode: 204 };
  }
  if (qualifier !== undefined) throw functionNotFound(functionArn(scope, name));
  const codes = [fn.latest.code, ...(await env.store.listVersions(scope, name)).map((v) => v.code)];
  await env.store.deleteFunction(scope, name);
  await env.executor.drop(functionArn(scope, name));
  for (const code of codes) await releaseCode(env, scope, code);
  return { StatusCode: 204 };
}

async function deleteVersion(env: LambdaEnv, scope: Scope, fn: FunctionRecord, number: number): Promise<void> {
  const version = await env.store.getVersion(scope, fn.name, number);
  // Deleting a version that does not exist succeeds (recorded AWS behaviour).
  if (!version) return;
  const users = (await env.store.listAliases(scope, fn.name)).filter(
    (a) => a.functionVersion === String(number) || a.additionalVersionWeights?.[String(number)] !== undefined,
  );
  if (users.length > 0) {
    throw conflict(`Unable to delete version because the following aliases reference it: [${users.map((a) => a.name).join(", ")}]`);
  }
  await env.store.transaction(async (tx) => {
    await tx.deleteVersion(scope, fn.name, number);
    await tx.deleteQualifierState(scope, fn.name, String(number));
  });
  await env.executor.drop(functionArn(scope, fn.name), String(number));
  await releaseCode(env, scope, version.code);
}

/** Deletes a code blob once no $LATEST or version uses it. */
export async function releaseCode(env: LambdaEnv, scope: Scope, code: CodeRef): Promise<void> {
  if (!(await env.store.isCodeReferenced(scope, code.sha256))) await env.code.delete(code);
}

