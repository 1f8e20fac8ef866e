// AWS service integrations (type AWS, any service but Lambda): the integration request sent to
// one of Nimbus's own services through the internal client, in-process, as the integration's
// role. https://docs.aws.amazon.com/apigateway/latest/api/API_Integration.html (uri)
//   arn:aws:apigateway:{region}:{service}:action/{Action}[&Param=value...]
//   arn:aws:apigateway:{region}:{subdomain.}{service}:path/{path}
// The service's HTTP answer (status, headers, body) is the endpoint response: its status code
// selects the integration response.
import type { Caller } from "../../../../aws/context.js";
import type { ServiceCatalog } from "../../../../aws/spec/catalog.js";
import { loadServiceSpec } from "../../../../aws/spec/loader.js";
import type { InternalClient } from "../../../../internal/client.js";
import { actionRequest, pathRequest, UnaddressableActionError } from "../../../../internal/service-request.js";
import { rootCaller } from "../../../../aws/identity/credentials.js";
import type { IntegrationRecord } from "../../../../services/apigateway/records.js";
import { gatewayErrors } from "../gateway-error.js";
import { HeaderMap } from "../header-map.js";
import { renderStageVariables, type IntegrationRequest } from "../integration-request.js";
import type { EndpointResponse } from "../integration-response.js";
import type { Invocation } from "../invocation.js";
import { roleCaller } from "./callers.js";
import { CALLER_CREDENTIALS } from "./lambda.js";

export interface AwsServiceUri {
  region: string;
  /** The endpoint prefix named in the URI (dynamodb, sqs, states, ...). */
  service: string;
  style: "action" | "path";
  /** The action name, or the path after "path/". */
  target: string;
  /** Parameters given in an action URI after "&". */
  params: Array<[string, string]>;
}

export function parseAwsServiceUri(uri: string): AwsServiceUri | undefined {
  const match = /^arn:aws[a-zA-Z-]*:apigateway:([a-z0-9-]+):([^:]+):(action|path)\/(.*)$/.exec(uri);
  if (!match) return undefined;
  const [, region, serviceLabel, style, rest] = match as unknown as [string, string, string, "action" | "path", string];
  const service = serviceLabel.includes(".") ? serviceLabel.slice(serviceLabel.lastIndexOf(".") + 1) : serviceLabel;
  if (style === "path") return { region, service, style, target: rest, params: [] };
  const [action, ...pairs] = rest.split("&");
  const params = pairs.map((p) => {
    const eq = p.indexOf("=");
    return (eq < 0 ? [p, ""] : [p.slice(0, eq), p.slice(eq + 1)]) as [string, string];
  });
  return { region, service, style, target: action!, params };
}

export async function invokeAwsService(
  inv: Invocation,
  integration: IntegrationRecord,
  request: IntegrationRequest,
  client: InternalClient,
  catalog: ServiceCatalog,
): Promise<EndpointResponse> {
  const parsed = parseAwsServiceUri(request.uri);
  if (!parsed) throw gatewayErrors.configuration(`Execution failed due to configuration error: Invalid AWS integration URI: ${request.uri}`);
  const entry = catalog.forEndpointPrefix(parsed.service) ?? catalog.get(parsed.service);
  if (!entry) throw gatewayErrors.configuration(`Execution failed due to configuration error: AWS service ${parsed.service} is not available`);
  const spec = loadServiceSpec(entry.name);
  const query = [...request.query, ...parsed.params];
  const rawQuery = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
  const headers: Record<string, string> = {};
  for (const { name, values } of request.headers.entries()) headers[name.toLowerCase()] = values.join(",");
  if (request.body.length > 0 && headers["content-type"] === undefined) headers["content-type"] = inv.headers.get("content-type") ?? "application/json";
  const parts = { method: request.httpMethod, headers, rawQuery, body: request.body, host: new URL(inv.nodeEndpoint).host };
  let http;
  try {
    http = parsed.style === "action" ? actionRequest(spec, parsed.target, parts) : pathRequest(parsed.target, parts);
  } catch (err) {
    if (err instanceof UnaddressableActionError) throw gatewayErrors.configuration(`Execution failed due to configuration error: ${err.message}`);
    throw err;
  }
  const response = await client.send(entry.name, http, {
    caller: callerFor(inv, integration),
    region: parsed.region,
    origin: "apigateway",
    requestId: inv.requestId,
    endpoint: inv.nodeEndpoint,
  });
  const out = new HeaderMap();
  for (const [name, value] of Object.entries(response.headers)) out.set(name, Array.isArray(value) ? value : [value]);
  const body = typeof response.body === "string" ? Buffer.from(response.body, "utf8") : Buffer.isBuffer(response.body) ? response.body : Buffer.alloc(0);
  inv.integrationStatus = response.status;
  return { status: response.status, headers: out, body };
}

/** The integration's role, the caller's own identity (arn:aws:iam::*:user/*), or the API owner. */
function callerFor(inv: Invocation, integration: IntegrationRecord): Caller {
  const credentials = integration.credentials ? renderStageVariables(integration.credentials, inv.stageVariables) : undefined;
  if (credentials === CALLER_CREDENTIALS && inv.identity.accessKey && inv.identity.userArn) {
    return { accountId: inv.identity.accountId ?? inv.scope.accountId, accessKeyId: inv.identity.accessKey, arn: inv.identity.userArn, userId: inv.identity.user ?? "" };
  }
  if (credentials && credentials !== CALLER_CREDENTIALS) return roleCaller(credentials);
  return rootCaller(inv.scope.accountId);
}
