// The integration request: the method request transformed for the backend.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-integration-settings-integration-request.html
// - requestParameters map method request values onto integration.request.{path,querystring,
//   header} (proxy integrations forward everything as well; AWS_PROXY ignores the mappings);
// - requestTemplates transform the body, chosen by Content-Type, with the passthrough behaviour
//   deciding what happens without a match (415 for NEVER / WHEN_NO_TEMPLATES);
// - $context.requestOverride.* set by the template override the mapped values;
// - ${stageVariables.x} and {pathParam} placeholders of the URI are filled in.
import type { IntegrationRecord } from "../../../services/apigateway/records.js";
import { MappingTemplateError, selectTemplate, type MappingResult, type MappingTemplateEngine, type PassthroughBehavior } from "../mapping/index.js";
import { convertRequestBody, isBinaryType } from "./binary.js";
import { gatewayErrors } from "./gateway-error.js";
import { HeaderMap } from "./header-map.js";
import { mappingContext, type Invocation } from "./invocation.js";
import { resolveMapping, type MappingSources } from "./parameter-mapping.js";

export interface IntegrationRequest {
  httpMethod: string;
  /** The integration URI with stage variables and path parameters filled in. */
  uri: string;
  headers: HeaderMap;
  query: Array<[string, string]>;
  body: Buffer;
  /** What the request template left for the response template ($context.responseOverride, ...). */
  carry?: MappingResult["carry"];
  /** $context.responseOverride.status/header set by the request template. */
  responseOverride?: MappingResult["overrides"];
}

/** Header targets API Gateway refuses to map (the request fails with 500), by integration family. */
const UNMAPPABLE_HTTP = new Set(["content-length", "transfer-encoding"]);
const UNMAPPABLE_AWS = new Set([...UNMAPPABLE_HTTP, "authorization", "connection", "expect", "proxy-authenticate", "te"]);

/** ${stageVariables.name} in a URI or credentials ARN. */
export function renderStageVariables(text: string, variables: Readonly<Record<string, string>>): string {
  if (!text.includes("${stageVariables.")) return text;
  return text.replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_m, name: string) => variables[name] ?? "");
}

export function methodRequestSources(inv: Invocation, context: () => Record<string, unknown>): MappingSources {
  return {
    request: { pathParams: inv.route?.pathParams ?? {}, query: inv.request.query, headers: inv.headers, body: inv.request.body.toString("utf8") },
    stageVariables: inv.stageVariables,
    context,
  };
}

export function buildIntegrationRequest(inv: Invocation, integration: IntegrationRecord, mapping: MappingTemplateEngine): IntegrationRequest {
  const type = integration.type;
  const proxy = type === "AWS_PROXY" || type === "HTTP_PROXY";
  const headers = new HeaderMap();
  const query: Array<[string, string]> = [];
  const pathParams: Record<string, string> = {};
  if (type === "HTTP_PROXY") {
    for (const { name, values } of inv.headers.entries()) headers.set(name, values);
    for (const [name, values] of Object.entries(inv.request.query)) for (const v of values) query.push([name, v]);
  }
  let built: Record<string, unknown> | undefined;
  const context = () => (built ??= mappingContext(inv) as Record<string, unknown>);
  const sources = methodRequestSources(inv, context);
  const unmappable = type === "AWS" || type === "AWS_PROXY" ? UNMAPPABLE_AWS : UNMAPPABLE_HTTP;
  for (const [target, expression] of Object.entries(integration.requestParameters ?? {})) {
    const value = resolveMapping(expression, sources);
    if (target.startsWith("integration.request.header.")) {
      const name = target.slice("integration.request.header.".length);
      if (unmappable.has(name.toLowerCase())) throw gatewayErrors.configuration(`Header ${name} cannot be mapped in an integration request`);
      if (value !== undefined && type !== "AWS_PROXY") headers.set(name, typeof value === "string" ? value : value.join(","));
    } else if (value === undefined || type === "AWS_PROXY") {
      continue;
    } else if (target.startsWith("integration.request.querystring.") || target.startsWith("integration.request.multivaluequerystring.")) {
      const name = target.slice(target.indexOf("querystring.") + "querystring.".length);
      for (let i = query.length - 1; i >= 0; i--) if (query[i]![0] === name) query.splice(i, 1);
      for (const v of typeof value === "string" ? [value] : value) query.push([name, v]);
    } else if (target.startsWith("integration.request.path.")) {
      pathParams[target.slice("integration.request.path.".length)] = typeof value === "string" ? value : value.join(",");
    }
  }

  const binary = isBinaryType(inv.headers.get("content-type"), inv.deployment.api.binaryMediaTypes);
  let body = convertRequestBody(inv.request.body, binary, integration.contentHandling);
  let carry: MappingResult["carry"] | undefined;
  let responseOverride: MappingResult["overrides"] | undefined;
  if (!proxy) {
    const templates = definedTemplates(integration.requestTemplates);
    const selection = selectTemplate(templates, inv.headers.get("content-type"), integration.passthroughBehavior as PassthroughBehavior);
    if ("unsupportedMediaType" in selection) throw gatewayErrors.unsupportedMediaType();
    if ("template" in selection) {
      const rendered = render(mapping, selection.template, {
        body: binary && integration.contentHandling !== "CONVERT_TO_TEXT" ? body.toString("base64") : body.toString("utf8"),
        pathParams: inv.route?.pathParams ?? {},
        queryParams: inv.request.query,
        headers: inv.headers.toMultiValued(),
        context: context(),
        stageVariables: inv.stageVariables,
      });
      body = Buffer.from(rendered.body, "utf8");
      carry = rendered.carry;
      responseOverride = rendered.overrides;
      for (const [name, value] of Object.entries(rendered.requestOverrides.header)) headers.set(name, value);
      for (const [name, value] of Object.entries(rendered.requestOverrides.querystring)) {
        for (let i = query.length - 1; i >= 0; i--) if (query[i]![0] === name) query.splice(i, 1);
        query.push([name, value]);
      }
      Object.assign(pathParams, rendered.requestOverrides.path);
    }
  }
  const uri = fillPathParams(renderStageVariables(integration.uri ?? "", inv.stageVariables), pathParams);
  return { httpMethod: integration.httpMethod ?? inv.httpMethod, uri, headers, query, body, ...(carry ? { carry } : {}), ...(responseOverride ? { responseOverride } : {}) };
}

export function definedTemplates(templates: Record<string, string | null> | undefined): Record<string, string> | undefined {
  if (!templates) return undefined;
  const out: Record<string, string> = {};
  for (const [type, template] of Object.entries(templates)) if (typeof template === "string") out[type] = template;
  return out;
}

/** Renders a request template; its failures are API Gateway's 400 (unparseable body) or 500. */
function render(mapping: MappingTemplateEngine, template: string, input: Parameters<MappingTemplateEngine["renderMappingTemplate"]>[1]): MappingResult {
  try {
    return mapping.renderMappingTemplate(template, input);
  } catch (err) {
    if (err instanceof MappingTemplateError && err.kind === "InvalidJsonPayload") throw gatewayErrors.badRequestBody(err.message, err.message);
    throw gatewayErrors.internal(`Execution failed due to configuration error: ${(err as Error).message}`);
  }
}

function fillPathParams(uri: string, params: Readonly<Record<string, string>>): string {
  if (!uri.includes("{")) return uri;
  return uri.replace(/\{([^{}/]+?)\+?\}/g, (whole, name: string) => params[name] ?? whole);
}
