// Layers (https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html): PublishLayerVersion,
// GetLayerVersion(ByArn), ListLayers, ListLayerVersions, DeleteLayerVersion, and resolving the
// layer versions a function references. Version numbers are never reused; a function keeps
// using a layer version that was deleted after it was added.
import type { RequestContext } from "../../aws/context.js";
import type {
  DeleteLayerVersionRequest,
  GetLayerVersionByArnRequest,
  GetLayerVersionRequest,
  GetLayerVersionResponse,
  LayerVersionsListItem,
  ListLayersRequest,
  ListLayersResponse,
  ListLayerVersionsRequest,
  ListLayerVersionsResponse,
  PublishLayerVersionRequest,
  PublishLayerVersionResponse,
  Runtime,
} from "../../aws/generated/lambda.js";
import { layerArn, parseLayerName, parseLayerVersionArn, scopeOf, type Scope } from "./arns.js";
import type { LambdaEnv } from "./context.js";
import { invalidParameter, notFound, validationError } from "./errors.js";
import { decodeMarker, page } from "./paging.js";
import { lambdaTimestamp } from "./render.js";
import { LAYER_FILTER_RUNTIMES } from "./runtimes.js";
import type { LayerRef, LayerVersionRecord } from "./types.js";
import { MAX_LAYERS } from "./validation.js";

const DEFAULT_LIST_ITEMS = 50;
const RESOURCE_NOT_FOUND = "The resource you requested does not exist.";

export async function publishLayerVersion(env: LambdaEnv, ctx: RequestContext, input: PublishLayerVersionRequest): Promise<PublishLayerVersionResponse> {
  const scope = scopeOf(ctx);
  const { layerName } = parseLayerName(scope, input.LayerName);
  if (input.Content.S3Bucket !== undefined || input.Content.S3Key !== undefined) {
    throw invalidParameter("Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist");
  }
  if (input.Content.ZipFile === undefined) throw invalidParameter("Please provide a source for layer content.");
  const zip = input.Content.ZipFile;
  const version = await env.store.transaction((tx) => tx.nextLayerVersion(scope, layerName));
  const code = await env.code.putLayerCode(scope, layerName, version, zip);
  const record: LayerVersionRecord = {
    layerName,
    version,
    description: input.Description ?? "",
    ...(input.LicenseInfo !== undefined ? { licenseInfo: input.LicenseInfo } : {}),
    ...(input.CompatibleRuntimes !== undefined ? { compatibleRuntimes: [...input.CompatibleRuntimes] } : {}),
    ...(input.CompatibleArchitectures !== undefined ? { compatibleArchitectures: [...input.CompatibleArchitectures] } : {}),
    code,
    createdAt: env.clock.now(),
  };
  await env.store.insertLayerVersion(scope, record);
  return renderLayerVersion(ctx, scope, record);
}

export async function getLayerVersion(env: LambdaEnv, ctx: RequestContext, input: GetLayerVersionRequest): Promise<GetLayerVersionResponse> {
  const scope = scopeOf(ctx);
  if (input.VersionNumber < 1) throw invalidParameter("Layer Version Cannot be less than 1");
  const { layerName, accountId } = parseLayerName(scope, input.LayerName);
  const record = accountId === scope.accountId ? await env.store.getLayerVersion(scope, layerName, input.VersionNumber) : undefined;
  if (!record) throw notFound(RESOURCE_NOT_FOUND);
  return renderLayerVersion(ctx, scope, record);
}

export async function getLayerVersionByArn(env: LambdaEnv, ctx: RequestContext, input: GetLayerVersionByArnRequest): Promise<GetLayerVersionResponse> {
  const scope = scopeOf(ctx);
  const id = parseLayerVersionArn(input.Arn);
  const record = id && id.accountId === scope.accountId && id.region === scope.region
    ? await env.store.getLayerVersion(scope, id.layerName, id.version)
    : undefined;
  if (!record) throw notFound(RESOURCE_NOT_FOUND);
  return renderLayerVersion(ctx, scope, record);
}

export async function deleteLayerVersion(env: LambdaEnv, ctx: RequestContext, input: DeleteLayerVersionRequest): Promise<void> {
  const scope = scopeOf(ctx);
  if (input.VersionNumber < 1) throw invalidParameter("Layer Version Cannot be less than 1");
  const { layerName, accountId } = parseLayerName(scope, input.LayerName);
  if (accountId !== scope.accountId) return;
  const record = await env.store.getLayerVersion(scope, layerName, input.VersionNumber);
  if (!record) return; // AWS answers 204 for a version that does not exist.
  await env.store.deleteLayerVersion(scope, layerName, input.VersionNumber);
  // Functions using the version keep their own copy of its contents on AWS; Nimbus keeps the
  // archive while any $LATEST or version still references it.
  if (!(await isLayerReferenced(env, scope, layerArn(scope, layerName, input.VersionNumber)))) await env.code.delete(record.code);
}

export async function listLayerVersions(env: LambdaEnv, ctx: RequestContext, input: ListLayerVersionsRequest): Promise<ListLayerVersionsResponse> {
  const scope = scopeOf(ctx);
  checkRuntimeFilter(input.CompatibleRuntime);
  const { layerName, accountId } = parseLayerName(scope, input.LayerName);
  const versions = accountId === scope.accountId ? await env.store.listLayerVersions(scope, layerName) : [];
  const matching = versions.filter((v) => matches(v, input.CompatibleRuntime, input.CompatibleArchitecture));
  const after = decodeMarker(input.Marker);
  const start = after === undefined ? 0 : matching.findIndex((v) => String(v.version) === after) + 1;
  const result = page(matching.slice(start), input.MaxItems ?? DEFAULT_LIST_ITEMS, (v) => String(v.version));
  return {
    LayerVersions: result.items.map((v) => listItem(scope, v)),
    ...(result.nextMarker ? { NextMarker: result.nextMarker } : {}),
  };
}

export async function listLayers(env: LambdaEnv, ctx: RequestContext, input: ListLayersRequest): Promise<ListLayersResponse> {
  const scope = scopeOf(ctx);
  checkRuntimeFilter(input.CompatibleRuntime);
  const latest = new Map<string, LayerVersionRecord>();
  for (const v of await env.store.listLayerVersions(scope)) {
    if (!latest.has(v.layerName) && matches(v, input.CompatibleRuntime, input.CompatibleArchitecture)) latest.set(v.layerName, v);
  }
  const after = decodeMarker(input.Marker);
  const names = [...latest.keys()].filter((n) => after === undefined || n > after);
  const result = page(names, input.MaxItems ?? DEFAULT_LIST_ITEMS, (n) => n);
  return {
    Layers: result.items.map((name) => ({ LayerName: name, LayerArn: layerArn(scope, name), LatestMatchingVersion: listItem(scope, latest.get(name)!) })),
    ...(result.nextMarker ? { NextMarker: result.nextMarker } : {}),
  };
}

/**
 * The layers a function references, checked as AWS checks them: at most 5, in this region, one
 * version per layer, each existing.
 */
export async function resolveLayers(env: LambdaEnv, scope: Scope, arns: string[]): Promise<LayerRef[]> {
  if (arns.length > MAX_LAYERS) throw invalidParameter(`Cannot reference more than ${MAX_LAYERS} layers.`);
  const refs: LayerRef[] = [];
  const seen = new Map<string, string>();
  for (const arn of arns) {
    const id = parseLayerVersionArn(arn);
    if (!id) throw invalidParameter(`Layer version ${arn} does not exist.`);
    if (id.region !== scope.region) {
      throw invalidParameter(`Layers are not in the same region as the function. Layers are expected to be in region ${scope.region}.`);
    }
    const layerKey = `${id.accountId}:${id.layerName}`;
    const earlier = seen.get(layerKey);
    if (earlier !== undefined) {
      throw invalidParameter(
        `Two different versions of the same layer are not allowed to be referenced in the same function. ${earlier} and ${arn} are versions of the same layer.`,
      );
    }
    seen.set(layerKey, arn);
    const record = id.accountId === scope.accountId ? await env.store.getLayerVersion(scope, id.layerName, id.version) : undefined;
    if (!record) throw invalidParameter(`Layer version ${arn} does not exist.`);
    refs.push({ arn, code: record.code });
  }
  return refs;
}

async function isLayerReferenced(env: LambdaEnv, scope: Scope, arn: string): Promise<boolean> {
  for (const fn of await env.store.listFunctions(scope, undefined, Number.MAX_SAFE_INTEGER)) {
    if (fn.latest.layers.some((l) => l.arn === arn)) return true;
    if ((await env.store.listVersions(scope, fn.name)).some((v) => v.layers.some((l) => l.arn === arn))) return true;
  }
  return false;
}

function checkRuntimeFilter(runtime: string | undefined): void {
  if (runtime !== undefined && !LAYER_FILTER_RUNTIMES.includes(runtime)) {
    throw validationError([
      `Value '${runtime}' at 'compatibleRuntime' failed to satisfy constraint: Member must satisfy enum value set: [${LAYER_FILTER_RUNTIMES.join(", ")}]`,
    ]);
  }
}

function matches(v: LayerVersionRecord, runtime: string | undefined, architecture: string | undefined): boolean {
  if (runtime !== undefined && !(v.compatibleRuntimes ?? []).includes(runtime)) return false;
  if (architecture !== undefined && !(v.compatibleArchitectures ?? []).includes(architecture)) return false;
  return true;
}

function listItem(scope: Scope, v: LayerVersionRecord): LayerVersionsListItem {
  return {
    LayerVersionArn: layerArn(scope, v.layerName, v.version),
    Version: v.version,
    Description: v.description,
    CreatedDate: lambdaTimestamp(v.createdAt),
    ...(v.compatibleRuntimes !== undefined ? { CompatibleRuntimes: [...v.compatibleRuntimes] as Runtime[] } : {}),
    ...(v.licenseInfo !== undefined ? { LicenseInfo: v.licenseInfo } : {}),
    ...(v.compatibleArchitectures !== undefined ? { CompatibleArchitectures: [...v.compatibleArchitectures] as never } : {}),
  };
}

function renderLayerVersion(ctx: RequestContext, scope: Scope, v: LayerVersionRecord): GetLayerVersionResponse {
  const { LayerVersionArn, ...rest } = listItem(scope, v);
  return {
    Content: {
      Location: `${ctx.endpoint}/_nimbus/lambda/layer/${scope.accountId}/${scope.region}/${encodeURIComponent(v.layerName)}/${v.version}`,
      CodeSha256: v.code.sha256,
      CodeSize: v.code.size,
    },
    LayerArn: layerArn(scope, v.layerName),
    LayerVersionArn,
    ...rest,
  };
}
