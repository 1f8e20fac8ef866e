// ImportRestApi and PutRestApi: a REST API from a Swagger 2.0 or OpenAPI 3.0 document (JSON or
// YAML) with API Gateway's extensions. https://docs.aws.amazon.com/apigateway/latest/api/API_ImportRestApi.html
// PutRestApi "overwrite" replaces the API's definition with the document's (the API keeps
// its id, root resource, tags and stages); "merge" (the default) lays the document over the
// existing definition: its paths, methods, models, validators and authorizers replace those
// of the same path/name, the rest stays. Problems that do not stop the import are warnings:
// returned on the RestApi, or fatal with failOnWarnings=true.
import type { RequestContext } from "../../aws/context.js";
import type { ImportRestApiRequest, PutRestApiRequest, RestApi } from "../../aws/generated/apigateway.js";
import { checkCompressionSize, emptyDefinition, resolveEndpointConfiguration } from "./api-attributes.js";
import { scopeOf } from "./api-repository.js";
import { cloneJson, rootResource } from "./definition.js";
import type { ControlPlaneDeps } from "./deps.js";
import { badRequest, notFound } from "./errors.js";
import { newRestApiId, newShortId } from "./ids.js";
import { MODEL_URL_BASE, asObject, asString, isObject, parseOpenApi, rewriteRefs, type Json, type ParsedOpenApi } from "./openapi-document.js";
import { importPaths } from "./openapi-import-paths.js";
import { importRequestValidators, importSecuritySchemes } from "./openapi-import-security.js";
import { restApiOutput } from "./outputs.js";
import type { ApiDefinition, GatewayResponseRecord, ModelRecord, RestApiAttrs } from "./records.js";
import type { GatewayResponseType } from "../../aws/generated/apigateway.js";
import { importDocumentation } from "./documentation-parts.js";
import { GATEWAY_RESPONSE_DEFAULTS } from "./gateway-responses.js";

export class OpenApiImportOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async importApi(ctx: RequestContext, input: ImportRestApiRequest): Promise<RestApi> {
    const scope = scopeOf(ctx);
    const parsed = parseOpenApi(input.body ?? Buffer.alloc(0));
    const params = input.parameters ?? {};
    const apiId = newRestApiId();
    const definition = emptyDefinition();
    const warnings: string[] = [];
    applyDocument(parsed, definition, apiId, params, warnings);
    failOn(warnings, input.failOnWarnings);
    const types = params["endpointConfigurationTypes"];
    const attrs: RestApiAttrs = {
      id: apiId,
      name: "",
      createdDate: this.deps.clock.now(),
      apiKeySource: "HEADER",
      endpointConfiguration: resolveEndpointConfiguration(types ? { types: types.split(",") as ("EDGE" | "REGIONAL" | "PRIVATE")[] } : undefined),
      tags: {},
      disableExecuteApiEndpoint: false,
      rootResourceId: rootResource(definition).id,
    };
    applyAttributes(parsed, attrs, "overwrite");
    if (warnings.length > 0) attrs.warnings = warnings;
    await this.deps.store.insertApi(scope, { attrs, definition });
    return restApiOutput(attrs, "non-empty");
  }

  async putApi(ctx: RequestContext, input: PutRestApiRequest): Promise<RestApi> {
    const scope = scopeOf(ctx);
    const parsed = parseOpenApi(input.body ?? Buffer.alloc(0));
    const mode = input.mode ?? "merge";
    const attrs = await this.deps.apis.mutate(scope, input.restApiId, () => notFound.api(scope.accountId, input.restApiId), (doc) => {
      const root = rootResource(doc.definition);
      const base = mode === "overwrite" ? { ...emptyDefinition(), resources: [{ id: root.id, methods: {} }] } : cloneJson(doc.definition);
      const warnings: string[] = [];
      applyDocument(parsed, base, doc.attrs.id, input.parameters ?? {}, warnings);
      failOn(warnings, input.failOnWarnings);
      doc.definition = base;
      applyAttributes(parsed, doc.attrs, mode);
      if (warnings.length > 0) doc.attrs.warnings = warnings;
      else delete doc.attrs.warnings;
      return doc.attrs;
    });
    return restApiOutput(attrs, "always");
  }
}

function failOn(warnings: string[], failOnWarnings: boolean | undefined): void {
  if (failOnWarnings && warnings.length > 0) throw badRequest(`Warnings found during import:\n\t${warnings.join("\n\t")}`);
}

/** Lays the document's definition over `def` (empty for imports and overwrites). */
function applyDocument(parsed: ParsedOpenApi, def: ApiDefinition, apiId: string, params: Record<string, string>, warnings: string[]): void {
  importModels(parsed, def, apiId, warnings);
  const validators = importRequestValidators(parsed, def);
  const schemes = importSecuritySchemes(parsed, def, warnings);
  importPaths({ parsed, def, schemes, validators, pathPrefix: pathPrefix(parsed, params["basepath"]), warnings });
  importGatewayResponses(parsed, def, warnings);
  if (params["ignore"] !== "documentation") importDocumentation(def, parsed.doc, warnings);
}

function importModels(parsed: ParsedOpenApi, def: ApiDefinition, apiId: string, warnings: string[]): void {
  const schemas = parsed.version === "swagger" ? asObject(parsed.doc["definitions"]) : asObject(asObject(parsed.doc["components"])["schemas"]);
  for (const [name, schema] of Object.entries(schemas)) {
    if (!/^[a-zA-Z0-9]+$/.test(name)) {
      warnings.push(`Unable to create model '${name}': Model name must be alphanumeric: ${name}`);
      continue;
    }
    const rewritten = rewriteRefs(schema, (model) => `${MODEL_URL_BASE}/${apiId}/models/${model}`);
    const existing = def.models.find((m) => m.name === name);
    const model: ModelRecord = { id: existing?.id ?? newShortId(), name, contentType: "application/json", schema: JSON.stringify(rewritten) };
    const description = asString(asObject(schema)["description"]);
    if (description) model.description = description;
    def.models = [...def.models.filter((m) => m.name !== name), model];
  }
}

function importGatewayResponses(parsed: ParsedOpenApi, def: ApiDefinition, warnings: string[]): void {
  const known = new Set(GATEWAY_RESPONSE_DEFAULTS.map(([type]) => type as string));
  for (const [type, raw] of Object.entries(asObject(parsed.doc["x-amazon-apigateway-gateway-responses"]))) {
    if (!known.has(type)) {
      warnings.push(`Unable to create gateway response: invalid response type ${type}`);
      continue;
    }
    const spec = asObject(raw);
    const record: GatewayResponseRecord = {
      responseType: type as GatewayResponseType,
      responseParameters: toStrings(spec["responseParameters"]),
      responseTemplates: toStrings(spec["responseTemplates"]),
    };
    const statusCode = asString(spec["statusCode"]);
    if (statusCode) record.statusCode = statusCode;
    def.gatewayResponses = [...def.gatewayResponses.filter((r) => r.responseType !== type), record];
  }
}

/** The API attributes a document sets: info, binary media types, key source, policy... */
function applyAttributes(parsed: ParsedOpenApi, attrs: RestApiAttrs, mode: "merge" | "overwrite"): void {
  const doc = parsed.doc;
  const info = asObject(doc["info"]);
  const title = asString(info["title"]);
  if (title) attrs.name = title;
  else if (!attrs.name) throw badRequest("Invalid OpenAPI input.");
  for (const [field, value] of [
    ["description", asString(info["description"])],
    ["version", asString(info["version"])],
  ] as const) {
    if (value !== undefined) attrs[field] = value;
    else if (mode === "overwrite") delete attrs[field];
  }
  const binary = doc["x-amazon-apigateway-binary-media-types"];
  const types = Array.isArray(binary) ? binary.map(String) : [];
  const merged = mode === "merge" ? [...new Set([...(attrs.binaryMediaTypes ?? []), ...types])] : types;
  if (merged.length > 0) attrs.binaryMediaTypes = merged;
  else delete attrs.binaryMediaTypes;
  const keySource = asString(doc["x-amazon-apigateway-api-key-source"]);
  if (keySource === "HEADER" || keySource === "AUTHORIZER") attrs.apiKeySource = keySource;
  else if (mode === "overwrite") attrs.apiKeySource = "HEADER";
  const compression = doc["x-amazon-apigateway-minimum-compression-size"];
  if (typeof compression === "number") {
    checkCompressionSize(compression);
    attrs.minimumCompressionSize = compression;
  }
  const policy = doc["x-amazon-apigateway-policy"];
  if (policy !== undefined) attrs.policy = typeof policy === "string" ? policy : JSON.stringify(policy);
  const endpoint = asObject(doc["x-amazon-apigateway-endpoint-configuration"]);
  if (typeof endpoint["disableExecuteApiEndpoint"] === "boolean") attrs.disableExecuteApiEndpoint = endpoint["disableExecuteApiEndpoint"];
  if (Array.isArray(endpoint["vpcEndpointIds"])) attrs.endpointConfiguration = { ...attrs.endpointConfiguration, vpcEndpointIds: endpoint["vpcEndpointIds"].map(String) };
}

/**
 * The import parameter basepath: "ignore" (default) drops the document's base path,
 * "prepend" adds it to every path, "split" adds all of it but its first segment.
 */
function pathPrefix(parsed: ParsedOpenApi, mode: string | undefined): string {
  if (mode !== "prepend" && mode !== "split") return "";
  let basePath = "";
  if (parsed.version === "swagger") basePath = asString(parsed.doc["basePath"]) ?? "";
  else {
    const server = asObject(Array.isArray(parsed.doc["servers"]) ? parsed.doc["servers"][0] : undefined);
    const url = asString(server["url"]) ?? "";
    const variables = asObject(server["variables"]);
    const expanded = url.replace(/\{([^}]+)\}/g, (_, name: string) => asString(asObject(variables[name])["default"]) ?? "");
    basePath = expanded.replace(/^[a-z]+:\/\/[^/]*/i, "");
  }
  const segments = basePath.split("/").filter(Boolean);
  const kept = mode === "split" ? segments.slice(1) : segments;
  return kept.length > 0 ? `/${kept.join("/")}` : "";
}

function toStrings(value: Json | undefined): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}
