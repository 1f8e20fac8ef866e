// The integration response of non-proxy integrations (HTTP, AWS, MOCK): the backend's answer
// mapped to the method response.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-integration-settings-integration-response.html
// - the integration response is chosen by selectionPattern (a Java regex over the whole status
//   code, or over a Lambda function error's errorMessage), else the default response; with none,
//   AWS answers 500 ("No match for output mapping and no default output mapping configured");
// - responseParameters map integration.response.* (and the method request, stage variables,
//   context, 'literals') onto method.response.header.*; headers API Gateway reserves come out
//   renamed x-amzn-Remapped-* (recorded: test_apigateway_header_remapping_*);
// - responseTemplates, chosen by Accept, transform the body; without one it passes through;
// - $context.responseOverride.status / header.* from either template win.
import type { IntegrationRecord, IntegrationResponseRecord } from "../../../services/apigateway/records.js";
import type { MappingTemplateEngine } from "../mapping/index.js";
import { selectResponseTemplate } from "../mapping/index.js";
import { acceptsBinary, convertResponseBody, isBinaryType } from "./binary.js";
import { gatewayErrors } from "./gateway-error.js";
import { HeaderMap } from "./header-map.js";
import { definedTemplates, methodRequestSources, type IntegrationRequest } from "./integration-request.js";
import { mappingContext, type Invocation } from "./invocation.js";
import { asSingle, resolveMapping } from "./parameter-mapping.js";

/** What a backend answered. */
export interface EndpointResponse {
  status: number;
  headers: HeaderMap;
  body: Buffer;
  /** AWS Lambda (non-proxy): the function error's errorMessage, matched by selection patterns. */
  errorMessage?: string;
}

export interface MethodResponse {
  status: number;
  headers: HeaderMap;
  body: Buffer;
}

/** Response header names API Gateway keeps for itself in non-proxy integrations. */
const REMAPPED = new Map(
  ["Authorization", "Connection", "Content-Length", "Content-MD5", "Date", "Expect", "Host", "Max-Forwards", "Proxy-Authenticate", "Server", "Trailer", "Upgrade", "User-Agent", "WWW-Authenticate"].map(
    (h) => [h.toLowerCase(), h] as const,
  ),
);

export function integrationResponse(
  inv: Invocation,
  integration: IntegrationRecord,
  request: IntegrationRequest,
  endpoint: EndpointResponse,
  mapping: MappingTemplateEngine,
): MethodResponse {
  const selector = endpoint.errorMessage !== undefined ? endpoint.errorMessage : integration.type === "AWS" && isLambdaUri(integration.uri) ? undefined : String(endpoint.status);
  const chosen = mapping.selectIntegrationResponse<IntegrationResponseRecord>(integration.integrationResponses, selector);
  if (!chosen) {
    throw gatewayErrors.configuration(
      `Execution failed due to configuration error: No match for output mapping and no default output mapping configured. Endpoint Response Status Code: ${endpoint.status}`,
    );
  }
  let built: Record<string, unknown> | undefined;
  const context = () => {
    if (!built) {
      built = mappingContext(inv) as Record<string, unknown>;
      if (request.carry) {
        built.requestOverride = request.carry.requestOverride;
        built.responseOverride = request.carry.responseOverride;
      }
    }
    return built;
  };
  const endpointBody = endpoint.body.toString("utf8");
  const sources = {
    ...methodRequestSources(inv, context),
    response: { headers: lowerCased(endpoint.headers), body: endpointBody },
  };
  const headers = new HeaderMap();
  for (const [target, expression] of Object.entries(chosen.responseParameters ?? {})) {
    if (!target.startsWith("method.response.header.")) continue;
    const value = asSingle(resolveMapping(expression, sources));
    if (value === undefined) continue;
    const name = target.slice("method.response.header.".length);
    const reserved = REMAPPED.get(name.toLowerCase());
    headers.set(reserved ? `x-amzn-Remapped-${reserved}` : name, value);
  }

  let status = Number(chosen.statusCode);
  let body: Buffer;
  const binaryTypes = inv.deployment.api.binaryMediaTypes;
  const selected = selectResponseTemplate(definedTemplates(chosen.responseTemplates), inv.headers.get("accept"));
  let overrideStatus = request.responseOverride?.status;
  const overrideHeaders: Record<string, string> = { ...(request.responseOverride?.headers ?? {}) };
  if (selected && !(chosen.contentHandling === "CONVERT_TO_BINARY")) {
    try {
      const rendered = mapping.renderMappingTemplate(selected.template, {
        body: endpointBody,
        pathParams: inv.route?.pathParams ?? {},
        queryParams: inv.request.query,
        headers: inv.headers.toMultiValued(),
        context: context(),
        stageVariables: inv.stageVariables,
      });
      body = Buffer.from(rendered.body, "utf8");
      if (rendered.overrides.status !== undefined) overrideStatus = rendered.overrides.status;
      Object.assign(overrideHeaders, rendered.overrides.headers);
    } catch (err) {
      throw gatewayErrors.internal(`Execution failed due to configuration error: ${(err as Error).message}`);
    }
    if (!headers.has("content-type")) headers.set("Content-Type", selected.contentType);
  } else {
    const responseType = endpoint.headers.get("content-type");
    const binaryResponse = isBinaryType(responseType, binaryTypes);
    body = convertResponseBody(endpoint.body, binaryResponse, acceptsBinary(inv.headers.get("accept"), binaryTypes), chosen.contentHandling);
    if (!headers.has("content-type")) headers.set("Content-Type", binaryResponse && responseType ? responseType : "application/json");
  }
  if (overrideStatus !== undefined) status = overrideStatus;
  for (const [name, value] of Object.entries(overrideHeaders)) headers.set(name, value);
  return { status, headers, body };
}

export function isLambdaUri(uri: string | undefined): boolean {
  return uri !== undefined && /:lambda:path\/[^/]+\/functions\//.test(uri);
}

function lowerCased(headers: HeaderMap): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { name, values } of headers.entries()) out[name.toLowerCase()] = values;
  return out;
}
