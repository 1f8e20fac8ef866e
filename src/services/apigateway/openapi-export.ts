// GetExport: a stage's deployment as Swagger 2.0 or OpenAPI 3.0, JSON or YAML (Accept:
// application/json | application/yaml), with API Gateway's extensions when asked
// (parameters.extensions = "integrations", "authorizers", "apigateway" for all of them).
// https://docs.aws.amazon.com/apigateway/latest/api/API_GetExport.html
// The layout follows AWS's exports as recorded (test_apigateway_extended.snapshot.json,
// test_export_*): "{code} response" descriptions, models as definitions/components with local
// $refs, parameters typed "string", defaults left out of x-amazon-apigateway-integration.
import { stringify as toYaml } from "yaml";
import type { RequestContext } from "../../aws/context.js";
import type { ExportResponse, GetExportRequest } from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import type { ControlPlaneDeps } from "./deps.js";
import { badRequest, notFound } from "./errors.js";
import { effectiveGatewayResponse } from "./gateway-responses.js";
import { OPERATION_KEYS, localRefPrefix, rewriteRefs, type Json, type JsonObject, type OpenApiVersion } from "./openapi-document.js";
import { exportAuthorizers, exportMethodSecurity } from "./openapi-export-security.js";
import { resourcePaths } from "./definition.js";
import type { ApiDefinition, DeploymentContent, IntegrationRecord, MethodRecord, StageRecord } from "./records.js";

interface ExportOptions {
  version: OpenApiVersion;
  integrations: boolean;
  authorizers: boolean;
  apigateway: boolean;
}

const METHOD_KEY = Object.fromEntries(Object.entries(OPERATION_KEYS).map(([k, v]) => [v, k]));

export class ExportOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async get(ctx: RequestContext, input: GetExportRequest): Promise<ExportResponse> {
    const scope = scopeOf(ctx);
    if (input.exportType !== "swagger" && input.exportType !== "oas30") throw badRequest(`Invalid export type specified: ${input.exportType}`);
    const stage = await this.deps.store.getStage(scope, input.restApiId, input.stageName);
    if (!stage) throw notFound.stage();
    const content = await this.deps.store.getDeploymentContent(scope, input.restApiId, stage.deploymentId);
    const deployment = await this.deps.store.getDeployment(scope, input.restApiId, stage.deploymentId);
    if (!content || !deployment) throw notFound.deployment();
    const extensions = new Set((input.parameters?.["extensions"] ?? "").split(",").map((e) => e.trim()));
    const options: ExportOptions = {
      version: input.exportType,
      integrations: extensions.has("integrations") || extensions.has("apigateway"),
      authorizers: extensions.has("authorizers") || extensions.has("apigateway"),
      apigateway: extensions.has("apigateway"),
    };
    const versionText = content.api.version ?? new Date(deployment.createdDate).toISOString().replace(/\.\d{3}Z$/, "Z");
    const doc = exportDocument(content, stage, ctx.region, versionText, options);
    const yaml = (input.accepts ?? "").includes("yaml");
    const body = yaml ? toYaml(doc) : JSON.stringify(doc, null, 2);
    return {
      contentType: "application/octet-stream",
      contentDisposition: `attachment; filename="${input.exportType}_${versionText}.${yaml ? "yaml" : "json"}"`,
      body: Buffer.from(body, "utf8"),
    };
  }
}

export function exportDocument(content: DeploymentContent, stage: StageRecord, region: string, version: string, options: ExportOptions): JsonObject {
  const { api, definition } = content;
  const host = `${api.id}.execute-api.${region}.amazonaws.com`;
  const info: JsonObject = { title: api.name, ...(api.description ? { description: api.description } : {}), version };
  const doc: JsonObject =
    options.version === "swagger"
      ? { swagger: "2.0", info: { ...(api.description ? { description: api.description } : {}), version, title: api.name }, host, basePath: `/${stage.stageName}`, schemes: ["https"] }
      : { openapi: "3.0.1", info, servers: [{ url: `https://${host}/{basePath}`, variables: { basePath: { default: stage.stageName } } }] };
  doc["paths"] = exportPaths(definition, options);
  const schemas = exportModels(definition, options.version);
  const security = exportAuthorizers(definition, options.authorizers, options.version);
  if (options.version === "swagger") {
    if (Object.keys(security).length > 0) doc["securityDefinitions"] = security;
    if (Object.keys(schemas).length > 0) doc["definitions"] = schemas;
  } else {
    doc["components"] = {
      ...(Object.keys(schemas).length > 0 ? { schemas } : {}),
      ...(Object.keys(security).length > 0 ? { securitySchemes: security } : {}),
    };
  }
  if (options.apigateway || options.integrations) Object.assign(doc, apiExtensions(content, options));
  return doc;
}

function apiExtensions(content: DeploymentContent, options: ExportOptions): JsonObject {
  const { api, definition } = content;
  const out: JsonObject = {};
  if (api.binaryMediaTypes?.length) out["x-amazon-apigateway-binary-media-types"] = [...api.binaryMediaTypes];
  if (!options.apigateway) return out;
  if (api.apiKeySource !== "HEADER") out["x-amazon-apigateway-api-key-source"] = api.apiKeySource;
  if (api.minimumCompressionSize !== undefined) out["x-amazon-apigateway-minimum-compression-size"] = api.minimumCompressionSize;
  if (api.policy) {
    try {
      out["x-amazon-apigateway-policy"] = JSON.parse(api.policy) as Json;
    } catch {
      out["x-amazon-apigateway-policy"] = api.policy;
    }
  }
  if (definition.requestValidators.length > 0) {
    out["x-amazon-apigateway-request-validators"] = Object.fromEntries(
      definition.requestValidators.map((v) => [v.name, { validateRequestBody: v.validateRequestBody, validateRequestParameters: v.validateRequestParameters }]),
    );
  }
  if (definition.gatewayResponses.length > 0) {
    out["x-amazon-apigateway-gateway-responses"] = Object.fromEntries(
      definition.gatewayResponses.map((r) => {
        const effective = effectiveGatewayResponse(definition, r.responseType);
        return [r.responseType, stripUndefined({ statusCode: effective.statusCode, responseParameters: effective.responseParameters, responseTemplates: effective.responseTemplates })];
      }),
    );
  }
  return out;
}

function exportPaths(def: ApiDefinition, options: ExportOptions): JsonObject {
  const paths = resourcePaths(def);
  const out: JsonObject = {};
  for (const resource of def.resources) {
    const methods = Object.values(resource.methods);
    if (methods.length === 0) continue;
    const item: JsonObject = {};
    for (const method of methods) item[METHOD_KEY[method.httpMethod] ?? method.httpMethod.toLowerCase()] = exportOperation(def, method, options);
    out[paths.get(resource.id) ?? "/"] = item;
  }
  return out;
}

function exportOperation(def: ApiDefinition, method: MethodRecord, options: ExportOptions): JsonObject {
  const swagger = options.version === "swagger";
  const op: JsonObject = {};
  if (method.operationName) op["operationId"] = method.operationName;
  const integration = method.methodIntegration;
  const consumes = unique([...Object.keys(method.requestModels ?? {}), ...Object.keys(integration?.requestTemplates ?? {})]);
  const produces = unique([
    ...Object.values(method.methodResponses ?? {}).flatMap((r) => Object.keys(r.responseModels ?? {})),
    ...Object.values(integration?.integrationResponses ?? {}).flatMap((r) => Object.keys(r.responseTemplates ?? {})),
  ]);
  if (swagger && consumes.length > 0) op["consumes"] = consumes;
  if (swagger && produces.length > 0) op["produces"] = produces;
  const parameters: Json[] = [];
  for (const [key, required] of Object.entries(method.requestParameters ?? {})) {
    const match = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(key);
    if (!match) continue;
    const where = match[1] === "querystring" ? "query" : match[1]!;
    const isRequired = where === "path" || required;
    parameters.push(
      swagger
        ? { name: match[2]!, in: where, required: isRequired, type: "string" }
        : { name: match[2]!, in: where, ...(isRequired ? { required: true } : {}), schema: { type: "string" } },
    );
  }
  const prefix = localRefPrefix(options.version);
  const bodyModels = Object.entries(method.requestModels ?? {});
  if (swagger && bodyModels.length > 0) {
    const [, model] = bodyModels[0]!;
    parameters.push({ in: "body", name: model, required: true, schema: { $ref: `${prefix}${model}` } });
  }
  if (parameters.length > 0) op["parameters"] = parameters;
  if (!swagger && bodyModels.length > 0) {
    op["requestBody"] = { content: Object.fromEntries(bodyModels.map(([ct, model]) => [ct, { schema: { $ref: `${prefix}${model}` } }])), required: true };
  }
  const responses: JsonObject = {};
  for (const [code, response] of Object.entries(method.methodResponses ?? {})) {
    const entry: JsonObject = { description: `${code} response` };
    const models = Object.entries(response.responseModels ?? {});
    if (swagger && models.length > 0) entry["schema"] = { $ref: `${prefix}${models[0]![1]}` };
    const headers = Object.keys(response.responseParameters ?? {})
      .map((p) => /^method\.response\.header\.(.+)$/.exec(p)?.[1])
      .filter((h): h is string => h !== undefined);
    const headerSchema = (): Json => (swagger ? { type: "string" } : { schema: { type: "string" } });
    if (headers.length > 0) entry["headers"] = Object.fromEntries(headers.map((h) => [h, headerSchema()]));
    if (!swagger) entry["content"] = Object.fromEntries(models.map(([ct, model]) => [ct, { schema: { $ref: `${prefix}${model}` } }]));
    responses[code] = entry;
  }
  op["responses"] = responses;
  const security = exportMethodSecurity(def, method);
  if (security) op["security"] = security;
  if (options.apigateway && method.requestValidatorId) {
    const validator = def.requestValidators.find((v) => v.id === method.requestValidatorId);
    if (validator) op["x-amazon-apigateway-request-validator"] = validator.name;
  }
  if (options.integrations && integration) op["x-amazon-apigateway-integration"] = exportIntegration(integration);
  return op;
}

function exportIntegration(integration: IntegrationRecord): JsonObject {
  const out: JsonObject = { type: integration.type.toLowerCase() };
  if (integration.httpMethod) out["httpMethod"] = integration.httpMethod;
  if (integration.uri) out["uri"] = integration.uri;
  if (integration.credentials) out["credentials"] = integration.credentials;
  if (integration.connectionType && integration.connectionType !== "INTERNET") out["connectionType"] = integration.connectionType;
  if (integration.connectionId) out["connectionId"] = integration.connectionId;
  const responses: JsonObject = {};
  for (const r of Object.values(integration.integrationResponses ?? {})) {
    responses[r.selectionPattern ? r.selectionPattern : "default"] = stripUndefined({
      statusCode: r.statusCode,
      responseParameters: r.responseParameters,
      responseTemplates: r.responseTemplates,
      contentHandling: r.contentHandling,
    });
  }
  if (Object.keys(responses).length > 0) out["responses"] = responses;
  if (integration.requestParameters) out["requestParameters"] = { ...integration.requestParameters };
  if (integration.requestTemplates) out["requestTemplates"] = { ...integration.requestTemplates };
  out["passthroughBehavior"] = integration.passthroughBehavior.toLowerCase();
  if (integration.contentHandling) out["contentHandling"] = integration.contentHandling;
  if (integration.timeoutInMillis !== 29_000) out["timeoutInMillis"] = integration.timeoutInMillis;
  if (integration.cacheKeyParameters.length > 0) {
    out["cacheNamespace"] = integration.cacheNamespace;
    out["cacheKeyParameters"] = [...integration.cacheKeyParameters];
  }
  if (integration.tlsConfig) out["tlsConfig"] = { ...integration.tlsConfig };
  return out;
}

/** Models as definitions/components.schemas, references made local, "$schema" left out. */
function exportModels(def: ApiDefinition, version: OpenApiVersion): JsonObject {
  const prefix = localRefPrefix(version);
  const out: JsonObject = {};
  for (const model of def.models) {
    let schema: Json;
    try {
      schema = JSON.parse(model.schema ?? "{}") as Json;
    } catch {
      continue;
    }
    const rewritten = rewriteRefs(schema, (name) => `${prefix}${name}`) as JsonObject;
    delete rewritten["$schema"];
    out[model.name] = rewritten;
  }
  return out;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function stripUndefined(obj: Record<string, unknown>): JsonObject {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as JsonObject;
}
