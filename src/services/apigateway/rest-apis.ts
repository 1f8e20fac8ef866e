// RestApi: CreateRestApi, GetRestApi, GetRestApis, UpdateRestApi, DeleteRestApi.
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateRestApi.html
// Validation messages and defaults as recorded in test_apigateway_api.snapshot.json.
import type { RequestContext } from "../../aws/context.js";
import type {
  CreateRestApiRequest,
  DeleteRestApiRequest,
  GetRestApiRequest,
  GetRestApisRequest,
  RestApi,
  RestApis,
  UpdateRestApiRequest,
} from "../../aws/generated/apigateway.js";
import {
  ENDPOINT_TYPES,
  checkCompressionSize,
  checkDescription,
  checkIpAddressType,
  defaultModels,
  emptyDefinition,
  resolveEndpointConfiguration,
} from "./api-attributes.js";
import { scopeOf } from "./api-repository.js";
import { cloneJson } from "./definition.js";
import type { ControlPlaneDeps } from "./deps.js";
import { badRequest, notFound } from "./errors.js";
import { newResourceId, newRestApiId } from "./ids.js";
import { restApiOutput } from "./outputs.js";
import { paginate } from "./pagination.js";
import { parseBool, pathSegments, patchErrors, type PatchOp } from "./patch-operations.js";
import type { ApiDefinition, RestApiAttrs } from "./records.js";

export class RestApiOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async create(ctx: RequestContext, input: CreateRestApiRequest): Promise<RestApi> {
    const scope = scopeOf(ctx);
    checkDescription(input.description);
    checkCompressionSize(input.minimumCompressionSize);
    const endpointConfiguration = resolveEndpointConfiguration(input.endpointConfiguration);
    let definition: ApiDefinition;
    if (input.cloneFrom !== undefined) {
      const source = await this.deps.apis.load(scope, input.cloneFrom, () => notFound.api(scope.accountId, input.cloneFrom!));
      definition = cloneDefinition(source.definition);
    } else {
      definition = emptyDefinition(defaultModels());
    }
    const attrs: RestApiAttrs = {
      id: newRestApiId(),
      name: input.name,
      createdDate: this.deps.clock.now(),
      apiKeySource: input.apiKeySource ?? "HEADER",
      endpointConfiguration,
      tags: { ...(input.tags ?? {}) },
      disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false,
      rootResourceId: definition.resources[0]!.id,
    };
    if (input.description !== undefined) attrs.description = input.description;
    if (input.version !== undefined) attrs.version = input.version;
    if (input.binaryMediaTypes && input.binaryMediaTypes.length > 0) attrs.binaryMediaTypes = [...input.binaryMediaTypes];
    if (input.minimumCompressionSize !== undefined) attrs.minimumCompressionSize = input.minimumCompressionSize;
    if (input.policy !== undefined) attrs.policy = input.policy;
    await this.deps.store.insertApi(scope, { attrs, definition });
    return restApiOutput(attrs, "non-empty");
  }

  async get(ctx: RequestContext, input: GetRestApiRequest): Promise<RestApi> {
    const scope = scopeOf(ctx);
    const attrs = await this.deps.store.getApiAttrs(scope, input.restApiId);
    if (!attrs) throw notFound.api(scope.accountId, input.restApiId);
    return restApiOutput(attrs, "always");
  }

  async list(ctx: RequestContext, input: GetRestApisRequest): Promise<RestApis> {
    const all = await this.deps.store.listApiAttrs(scopeOf(ctx));
    const page = paginate(all, (a) => a.id, input.position, input.limit);
    return { ...page, items: page.items.map((a) => restApiOutput(a, "non-empty")) };
  }

  async update(ctx: RequestContext, input: UpdateRestApiRequest): Promise<RestApi> {
    const scope = scopeOf(ctx);
    const attrs = await this.deps.apis.mutate(scope, input.restApiId, () => notFound.api(scope.accountId, input.restApiId), (doc) => {
      for (const op of input.patchOperations ?? []) applyRestApiPatch(doc.attrs, op);
      return doc.attrs;
    });
    return restApiOutput(attrs, "always");
  }

  async delete(ctx: RequestContext, input: DeleteRestApiRequest): Promise<void> {
    const scope = scopeOf(ctx);
    if (!(await this.deps.store.deleteApi(scope, input.restApiId))) throw notFound.api(scope.accountId, input.restApiId);
  }
}

/**
 * One UpdateRestApi operation. binaryMediaTypes is a list patched like a map keyed by media
 * type ("/binaryMediaTypes/image~1png"; replace renames an entry, appending the new one), and
 * so are endpoint types ("/endpointConfiguration/types/EDGE").
 */
export function applyRestApiPatch(attrs: RestApiAttrs, op: PatchOp): void {
  const segments = op.path !== undefined ? pathSegments(op.path) : [];
  const [field, key, extra] = segments;
  const replaceOnly = () => {
    if (op.op !== "replace") throw patchErrors.opNotOneOf(["replace"]);
  };
  if (op.path === undefined || (extra !== undefined && field !== "endpointConfiguration")) throw patchErrors.invalidPath(op.path);
  switch (field) {
    case "name":
      replaceOnly();
      if (!op.value) throw badRequest("Invalid REST API name specified");
      attrs.name = op.value;
      return;
    case "description":
    case "version":
    case "policy":
      if (key !== undefined) throw patchErrors.invalidPath(op.path);
      if (op.op === "remove" || ((op.op === "replace" || op.op === "add") && !op.value)) delete attrs[field];
      else if (op.op === "replace" || op.op === "add") attrs[field] = op.value!;
      else throw patchErrors.opNotOneOf(["add", "remove", "replace"]);
      return;
    case "apiKeySource":
      replaceOnly();
      if (op.value !== "HEADER" && op.value !== "AUTHORIZER") throw badRequest(`Invalid API Key Source specified: ${op.value}`);
      attrs.apiKeySource = op.value;
      return;
    case "disableExecuteApiEndpoint":
      replaceOnly();
      attrs.disableExecuteApiEndpoint = parseBool(op.value);
      return;
    case "minimumCompressionSize":
      if (key !== undefined) throw patchErrors.invalidPath(op.path);
      replaceOnly();
      if (op.value === undefined || op.value === "") {
        delete attrs.minimumCompressionSize;
        return;
      }
      if (!/^-?\d+$/.test(op.value)) checkCompressionSize(Number.NaN);
      checkCompressionSize(Number(op.value));
      attrs.minimumCompressionSize = Number(op.value);
      return;
    case "binaryMediaTypes":
      if (key === undefined) throw patchErrors.invalidPath(op.path);
      attrs.binaryMediaTypes = patchValueList(attrs.binaryMediaTypes, op, key);
      if (attrs.binaryMediaTypes.length === 0) delete attrs.binaryMediaTypes;
      return;
    case "endpointConfiguration":
      patchEndpointConfiguration(attrs, op, segments.slice(1));
      return;
    default:
      throw patchErrors.invalidPath(op.path);
  }
}

/** add/replace/remove on a list addressed by value (binaryMediaTypes, endpoint types). */
function patchValueList(list: string[] | undefined, op: PatchOp, key: string): string[] {
  const next = (list ?? []).filter((v) => v !== key);
  switch (op.op) {
    case "add":
      return [...(list ?? []).filter((v) => v !== key), key];
    case "replace":
      if (op.value !== undefined && op.value !== "") next.push(op.value);
      return next;
    case "remove":
      return next;
    default:
      throw patchErrors.opNotAddRemoveReplace();
  }
}

function patchEndpointConfiguration(attrs: RestApiAttrs, op: PatchOp, rest: string[]): void {
  const config = attrs.endpointConfiguration;
  const [member, key] = rest;
  if (member === "ipAddressType" && key === undefined) {
    if (op.op !== "replace") throw patchErrors.opNotOneOf(["replace"]);
    checkIpAddressType(config.types?.[0] ?? "EDGE", op.value ?? "");
    config.ipAddressType = op.value as "ipv4" | "dualstack";
    return;
  }
  if (member === "types" && key !== undefined) {
    if (op.op !== "add" && op.op !== "remove" && op.op !== "replace") throw patchErrors.opNotAddRemoveReplace();
    const value = op.op === "remove" ? key : op.op === "add" ? key : (op.value ?? "");
    if (!(ENDPOINT_TYPES as readonly string[]).includes(value)) {
      throw badRequest("Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE");
    }
    const types = patchValueList(config.types, op, key);
    if (types.length === 0) throw badRequest("REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.");
    if (types.length > 1) throw badRequest("Cannot create an api with multiple Endpoint Types.");
    config.types = types as ("REGIONAL" | "EDGE" | "PRIVATE")[];
    // Private APIs only speak dualstack: the switch brings its IP address type along.
    if (types[0] === "PRIVATE") config.ipAddressType = "dualstack";
    return;
  }
  if (member === "vpcEndpointIds" && key !== undefined) {
    const ids = patchValueList(config.vpcEndpointIds, op, key);
    if (ids.length > 0) config.vpcEndpointIds = ids;
    else delete config.vpcEndpointIds;
    return;
  }
  throw patchErrors.invalidPath(op.path);
}

/** A copy of a definition with fresh resource ids (CreateRestApi cloneFrom). */
function cloneDefinition(source: ApiDefinition): ApiDefinition {
  const copy = cloneJson(source);
  const ids = new Map(copy.resources.map((r) => [r.id, newResourceId()]));
  for (const r of copy.resources) {
    const oldId = r.id;
    r.id = ids.get(oldId)!;
    if (r.parentId !== undefined) r.parentId = ids.get(r.parentId);
    for (const m of Object.values(r.methods)) {
      if (m.methodIntegration?.cacheNamespace === oldId) m.methodIntegration.cacheNamespace = r.id;
    }
  }
  return copy;
}
