// GatewayResponse: PutGatewayResponse, GetGatewayResponse(s), UpdateGatewayResponse,
// DeleteGatewayResponse. https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
// Every type always has a response: the one the owner put (defaultResponse false) or a
// default (defaultResponse true). A default takes the status code AWS lists for its type, and
// inherits status code, parameters and templates from DEFAULT_4XX / DEFAULT_5XX when the owner
// customised those, as recorded (test_gateway_response_put).
import type { RequestContext } from "../../aws/context.js";
import type {
  DeleteGatewayResponseRequest,
  GatewayResponse,
  GatewayResponses,
  GatewayResponseType,
  GetGatewayResponseRequest,
  GetGatewayResponsesRequest,
  PutGatewayResponseRequest,
  UpdateGatewayResponseRequest,
} from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import type { ControlPlaneDeps } from "./deps.js";
import { badRequest, notFound } from "./errors.js";
import { paginate } from "./pagination.js";
import { patchErrors, patchMapEntry, pathSegments, type PatchOp } from "./patch-operations.js";
import type { ApiDefinition, GatewayResponseRecord } from "./records.js";

/** Each type's default status code; DEFAULT_4XX and DEFAULT_5XX have none. */
export const GATEWAY_RESPONSE_DEFAULTS: ReadonlyArray<[GatewayResponseType, string | undefined]> = [
  ["ACCESS_DENIED", "403"],
  ["API_CONFIGURATION_ERROR", "500"],
  ["AUTHORIZER_CONFIGURATION_ERROR", "500"],
  ["AUTHORIZER_FAILURE", "500"],
  ["BAD_REQUEST_BODY", "400"],
  ["BAD_REQUEST_PARAMETERS", "400"],
  ["DEFAULT_4XX", undefined],
  ["DEFAULT_5XX", undefined],
  ["EXPIRED_TOKEN", "403"],
  ["INTEGRATION_FAILURE", "504"],
  ["INTEGRATION_TIMEOUT", "504"],
  ["INVALID_API_KEY", "403"],
  ["INVALID_SIGNATURE", "403"],
  ["MISSING_AUTHENTICATION_TOKEN", "403"],
  ["QUOTA_EXCEEDED", "429"],
  ["REQUEST_TOO_LARGE", "413"],
  ["RESOURCE_NOT_FOUND", "404"],
  ["THROTTLED", "429"],
  ["UNAUTHORIZED", "401"],
  ["UNSUPPORTED_MEDIA_TYPE", "415"],
  ["WAF_FILTERED", "403"],
];

const DEFAULT_STATUS = new Map(GATEWAY_RESPONSE_DEFAULTS);
const DEFAULT_TEMPLATES = (): Record<string, string> => ({ "application/json": '{"message":$context.error.messageString}' });

/** The family default a type falls back to. */
function familyOf(type: GatewayResponseType): GatewayResponseType | undefined {
  if (type === "DEFAULT_4XX" || type === "DEFAULT_5XX") return undefined;
  return (DEFAULT_STATUS.get(type) ?? "4").startsWith("5") ? "DEFAULT_5XX" : "DEFAULT_4XX";
}

/** The response the API answers for a type, whether put or default (also the data plane's view). */
export function effectiveGatewayResponse(def: ApiDefinition, type: GatewayResponseType): GatewayResponse {
  const own = def.gatewayResponses.find((r) => r.responseType === type);
  if (own) return toOutput(own, false);
  const family = familyOf(type);
  const parent = family ? def.gatewayResponses.find((r) => r.responseType === family) : undefined;
  const statusCode = parent?.statusCode ?? DEFAULT_STATUS.get(type);
  return toOutput(
    {
      responseType: type,
      ...(statusCode !== undefined ? { statusCode } : {}),
      responseParameters: parent ? parent.responseParameters : {},
      responseTemplates: parent ? parent.responseTemplates : DEFAULT_TEMPLATES(),
    },
    true,
  );
}

function toOutput(r: GatewayResponseRecord, defaultResponse: boolean): GatewayResponse {
  const out: GatewayResponse = {
    responseType: r.responseType,
    responseParameters: { ...r.responseParameters },
    responseTemplates: { ...r.responseTemplates },
    defaultResponse,
  };
  if (r.statusCode !== undefined) out.statusCode = r.statusCode;
  return out;
}

/** A fresh record for a type, as Put and a first Update create it: the built-in default. */
function builtIn(type: GatewayResponseType): GatewayResponseRecord {
  const statusCode = DEFAULT_STATUS.get(type);
  return { responseType: type, ...(statusCode !== undefined ? { statusCode } : {}), responseParameters: {}, responseTemplates: DEFAULT_TEMPLATES() };
}

export class GatewayResponseOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async put(ctx: RequestContext, input: PutGatewayResponseRequest): Promise<GatewayResponse> {
    const scope = scopeOf(ctx);
    const record = await this.deps.apis.mutate(scope, input.restApiId, () => notFound.api(scope.accountId, input.restApiId), (doc) => {
      const record = builtIn(input.responseType);
      if (input.statusCode !== undefined) record.statusCode = input.statusCode;
      if (input.responseParameters !== undefined) record.responseParameters = { ...input.responseParameters };
      if (input.responseTemplates !== undefined) record.responseTemplates = { ...input.responseTemplates };
      upsert(doc.definition, record);
      return record;
    });
    return toOutput(record, false);
  }

  async get(ctx: RequestContext, input: GetGatewayResponseRequest): Promise<GatewayResponse> {
    const scope = scopeOf(ctx);
    const doc = await this.deps.apis.load(scope, input.restApiId, () => notFound.api(scope.accountId, input.restApiId));
    return effectiveGatewayResponse(doc.definition, input.responseType);
  }

  async list(ctx: RequestContext, input: GetGatewayResponsesRequest): Promise<GatewayResponses> {
    const scope = scopeOf(ctx);
    const doc = await this.deps.apis.load(scope, input.restApiId, () => notFound.api(scope.accountId, input.restApiId));
    const all = GATEWAY_RESPONSE_DEFAULTS.map(([type]) => effectiveGatewayResponse(doc.definition, type));
    return paginate(all, (r) => r.responseType!, input.position, input.limit);
  }

  async update(ctx: RequestContext, input: UpdateGatewayResponseRequest): Promise<GatewayResponse> {
    const scope = scopeOf(ctx);
    const record = await this.deps.apis.mutate(scope, input.restApiId, () => notFound.api(scope.accountId, input.restApiId), (doc) => {
      const def = doc.definition;
      const record = structuredClone(def.gatewayResponses.find((r) => r.responseType === input.responseType) ?? builtIn(input.responseType));
      for (const op of input.patchOperations ?? []) applyGatewayResponsePatch(record, op);
      upsert(def, record);
      return record;
    });
    return toOutput(record, false);
  }

  async delete(ctx: RequestContext, input: DeleteGatewayResponseRequest): Promise<void> {
    const scope = scopeOf(ctx);
    await this.deps.apis.mutate(scope, input.restApiId, () => notFound.api(scope.accountId, input.restApiId), (doc) => {
      const def = doc.definition;
      if (!def.gatewayResponses.some((r) => r.responseType === input.responseType)) throw notFound.gatewayResponse();
      def.gatewayResponses = def.gatewayResponses.filter((r) => r.responseType !== input.responseType);
    });
  }
}

function upsert(def: ApiDefinition, record: GatewayResponseRecord): void {
  def.gatewayResponses = [...def.gatewayResponses.filter((r) => r.responseType !== record.responseType), record];
}

function applyGatewayResponsePatch(record: GatewayResponseRecord, op: PatchOp): void {
  if (op.path === undefined) throw patchErrors.invalidPath(op.path);
  const [field, key, extra] = pathSegments(op.path);
  if (field === "statusCode" && key === undefined) {
    if (op.op !== "replace") throw patchErrors.invalidPath(op.path);
    if (op.value) record.statusCode = op.value;
    else delete record.statusCode;
    return;
  }
  if ((field !== "responseParameters" && field !== "responseTemplates") || key === undefined || extra !== undefined) {
    throw patchErrors.invalidPath(op.path);
  }
  if (op.op !== "add" && op.op !== "remove" && op.op !== "replace") throw patchErrors.opNotAddRemoveReplace();
  if (op.op !== "remove" && !op.value) throw badRequest(`Invalid null or empty value in ${field}`);
  const current = record[field];
  if (op.op === "replace" && !(key in current)) {
    throw field === "responseParameters" ? notFound.parameterName() : notFound.contentType();
  }
  record[field] = patchMapEntry(current, op, key, op.value ?? "") ?? {};
}
