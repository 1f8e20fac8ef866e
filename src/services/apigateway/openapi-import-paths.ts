// Importing paths: each OpenAPI path becomes a chain of resources, each operation a method
// with its request parameters, request models, method responses, security and, from
// x-amazon-apigateway-integration, its integration and integration responses.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration.html
// Defaults follow PutIntegration's (integrations.ts); the "default" response key is the
// integration response without a selection pattern, any other key is its pattern.
import { newResourceId } from "./ids.js";
import { DEFAULT_TIMEOUT_MS } from "./integration-checks.js";
import {
  OPERATION_KEYS,
  asObject,
  asString,
  isObject,
  modelNameOfRef,
  type Json,
  type JsonObject,
  type ParsedOpenApi,
} from "./openapi-document.js";
import { applySecurity, type SchemeKind } from "./openapi-import-security.js";
import { resourcePaths } from "./definition.js";
import type {
  ApiDefinition,
  IntegrationRecord,
  IntegrationResponseRecord,
  MethodRecord,
  MethodResponseRecord,
  RequestValidatorRecord,
  ResourceRecord,
} from "./records.js";

const INTEGRATION_TYPES = new Set(["HTTP", "AWS", "MOCK", "HTTP_PROXY", "AWS_PROXY"]);
const PARAM_LOCATIONS: Record<string, string> = { query: "querystring", header: "header", path: "path" };

export interface PathImportContext {
  parsed: ParsedOpenApi;
  def: ApiDefinition;
  schemes: Map<string, SchemeKind>;
  validators: Map<string, RequestValidatorRecord>;
  /** Prepended to every path (the "basepath=prepend" import parameter). */
  pathPrefix: string;
  warnings: string[];
}

export function importPaths(ctx: PathImportContext): void {
  const { parsed, def } = ctx;
  const byPath = new Map([...resourcePaths(def)].map(([id, path]) => [path, def.resources.find((r) => r.id === id)!]));
  const rootSecurity = parsed.doc["security"];
  const defaultValidator = asString(parsed.doc["x-amazon-apigateway-request-validator"]);
  for (const [rawPath, rawItem] of Object.entries(asObject(parsed.doc["paths"]))) {
    const path = normalizePath(ctx.pathPrefix + rawPath);
    const item = asObject(rawItem);
    const resource = ensureResource(def, byPath, path);
    const pathParameters = Array.isArray(item["parameters"]) ? item["parameters"] : [];
    for (const [key, rawOp] of Object.entries(item)) {
      const httpMethod = OPERATION_KEYS[key.toLowerCase()];
      if (!httpMethod || !isObject(rawOp)) continue;
      const where = `paths.'${rawPath}'(${key})`;
      const method = importOperation(ctx, rawOp, httpMethod, resource, pathParameters, where);
      applySecurity(method, rawOp["security"] ?? rootSecurity, ctx.schemes, where, ctx.warnings);
      const auth = asString(asObject(rawOp["x-amazon-apigateway-auth"])["type"]);
      if (auth) method.authorizationType = auth.toUpperCase();
      const validatorName = asString(rawOp["x-amazon-apigateway-request-validator"]) ?? defaultValidator;
      if (validatorName !== undefined) {
        const validator = ctx.validators.get(validatorName);
        if (validator) method.requestValidatorId = validator.id;
        else ctx.warnings.push(`Unable to find request validator '${validatorName}' referenced at ${where}`);
      }
      resource.methods[httpMethod] = method;
    }
  }
}

function normalizePath(path: string): string {
  const trimmed = path.replace(/\/+/g, "/").replace(/\/$/, "");
  return trimmed === "" ? "/" : trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

function ensureResource(def: ApiDefinition, byPath: Map<string, ResourceRecord>, path: string): ResourceRecord {
  let current = byPath.get("/")!;
  let soFar = "";
  for (const part of path.split("/").filter(Boolean)) {
    soFar += `/${part}`;
    let next = byPath.get(soFar);
    if (!next) {
      next = { id: newResourceId(), parentId: current.id, pathPart: part, methods: {} };
      def.resources.push(next);
      byPath.set(soFar, next);
    }
    current = next;
  }
  return current;
}

function importOperation(ctx: PathImportContext, op: JsonObject, httpMethod: string, resource: ResourceRecord, pathParameters: Json[], where: string): MethodRecord {
  const swagger = ctx.parsed.version === "swagger";
  const method: MethodRecord = { httpMethod, authorizationType: "NONE", apiKeyRequired: false };
  const operationId = asString(op["operationId"]);
  if (operationId) method.operationName = operationId;
  const requestParameters: Record<string, boolean> = {};
  const requestModels: Record<string, string> = {};
  const consumes = Array.isArray(op["consumes"]) ? op["consumes"].map(String) : Array.isArray(ctx.parsed.doc["consumes"]) ? ctx.parsed.doc["consumes"].map(String) : [];
  for (const rawParam of [...pathParameters, ...(Array.isArray(op["parameters"]) ? op["parameters"] : [])]) {
    const param = resolveRef(ctx.parsed, rawParam);
    const location = asString(param["in"]);
    const name = asString(param["name"]);
    if (location === "body") {
      const model = refModel(param["schema"]);
      if (model) requestModels[consumes[0] ?? "application/json"] = model;
    } else if (location && name && PARAM_LOCATIONS[location]) {
      requestParameters[`method.request.${PARAM_LOCATIONS[location]}.${name}`] = location === "path" || param["required"] === true;
    }
  }
  if (!swagger) {
    for (const [contentType, media] of Object.entries(asObject(resolveRef(ctx.parsed, op["requestBody"] ?? null)["content"]))) {
      const model = refModel(asObject(media)["schema"]);
      if (model) requestModels[contentType] = model;
    }
  }
  if (Object.keys(requestParameters).length > 0) method.requestParameters = requestParameters;
  if (Object.keys(requestModels).length > 0) method.requestModels = requestModels;
  const responses = op["responses"];
  if (!isObject(responses)) ctx.warnings.push(`Parse issue: attribute ${where}.responses is missing`);
  const produces = Array.isArray(op["produces"]) ? op["produces"].map(String) : Array.isArray(ctx.parsed.doc["produces"]) ? ctx.parsed.doc["produces"].map(String) : [];
  const methodResponses: Record<string, MethodResponseRecord> = {};
  for (const [code, rawResponse] of Object.entries(asObject(responses))) {
    if (!/^[1-5]\d\d$/.test(code)) continue;
    const response = resolveRef(ctx.parsed, rawResponse);
    const record: MethodResponseRecord = { statusCode: code };
    const headers = Object.keys(asObject(response["headers"]));
    if (headers.length > 0) record.responseParameters = Object.fromEntries(headers.map((h) => [`method.response.header.${h}`, false]));
    const models: Record<string, string> = {};
    if (swagger) {
      const model = refModel(response["schema"]);
      if (model) models[produces[0] ?? "application/json"] = model;
    } else {
      for (const [contentType, media] of Object.entries(asObject(response["content"]))) {
        const model = refModel(asObject(media)["schema"]);
        if (model) models[contentType] = model;
      }
    }
    if (Object.keys(models).length > 0) record.responseModels = models;
    methodResponses[code] = record;
  }
  if (Object.keys(methodResponses).length > 0) method.methodResponses = methodResponses;
  const integration = op["x-amazon-apigateway-integration"];
  if (isObject(integration)) {
    const record = importIntegration(integration, resource, where, ctx.warnings);
    if (record) method.methodIntegration = record;
  }
  return method;
}

function importIntegration(spec: JsonObject, resource: ResourceRecord, where: string, warnings: string[]): IntegrationRecord | undefined {
  const type = (asString(spec["type"]) ?? "").toUpperCase();
  if (!INTEGRATION_TYPES.has(type)) {
    warnings.push(`Unable to put integration on ${where}: invalid integration type '${asString(spec["type"])}'`);
    return undefined;
  }
  const integration: IntegrationRecord = {
    type: type as IntegrationRecord["type"],
    passthroughBehavior: (asString(spec["passthroughBehavior"]) ?? "when_no_match").toUpperCase(),
    timeoutInMillis: typeof spec["timeoutInMillis"] === "number" ? spec["timeoutInMillis"] : DEFAULT_TIMEOUT_MS,
    cacheNamespace: asString(spec["cacheNamespace"]) ?? resource.id,
    cacheKeyParameters: Array.isArray(spec["cacheKeyParameters"]) ? spec["cacheKeyParameters"].map(String) : [],
  };
  for (const field of ["httpMethod", "uri", "credentials", "connectionId", "contentHandling", "integrationTarget", "responseTransferMode"] as const) {
    const value = asString(spec[field]);
    if (value !== undefined) (integration as unknown as Record<string, string>)[field] = value;
  }
  const connectionType = asString(spec["connectionType"]) ?? (type === "HTTP" || type === "HTTP_PROXY" ? "INTERNET" : undefined);
  if (connectionType) integration.connectionType = connectionType;
  if (isObject(spec["requestParameters"])) integration.requestParameters = stringMap(spec["requestParameters"]);
  if (isObject(spec["requestTemplates"])) integration.requestTemplates = stringMap(spec["requestTemplates"]);
  if (isObject(spec["tlsConfig"])) integration.tlsConfig = { insecureSkipVerification: spec["tlsConfig"]["insecureSkipVerification"] === true };
  const responses: Record<string, IntegrationResponseRecord> = {};
  for (const [pattern, raw] of Object.entries(asObject(spec["responses"]))) {
    const response = asObject(raw);
    const statusCode = asString(response["statusCode"]);
    if (!statusCode) continue;
    const record: IntegrationResponseRecord = { statusCode };
    if (pattern !== "default") record.selectionPattern = pattern;
    if (isObject(response["responseParameters"])) record.responseParameters = stringMap(response["responseParameters"]);
    if (isObject(response["responseTemplates"])) record.responseTemplates = stringMap(response["responseTemplates"]);
    const contentHandling = asString(response["contentHandling"]);
    if (contentHandling) record.contentHandling = contentHandling as IntegrationResponseRecord["contentHandling"];
    responses[statusCode] = record;
  }
  if (Object.keys(responses).length > 0) integration.integrationResponses = responses;
  return integration;
}

/** A map of strings; a template given as a JSON object is kept as its JSON text. */
function stringMap(obj: JsonObject): Record<string, string> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

function refModel(schema: Json | undefined): string | undefined {
  const ref = asString(asObject(schema)["$ref"]);
  return ref ? modelNameOfRef(ref) : undefined;
}

/** Follows a local $ref ("#/parameters/x", "#/components/responses/y") one level deep or more. */
function resolveRef(parsed: ParsedOpenApi, value: Json | undefined, depth = 0): JsonObject {
  const obj = asObject(value);
  const ref = asString(obj["$ref"]);
  if (!ref?.startsWith("#/") || depth > 10) return obj;
  let target: Json | undefined = parsed.doc;
  for (const part of ref.slice(2).split("/")) target = asObject(target)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  return resolveRef(parsed, target, depth + 1);
}
