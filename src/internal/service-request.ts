// Builds the AWS HTTP request for a service operation, the way API Gateway's AWS integrations
// address a service (https://docs.aws.amazon.com/apigateway/latest/api/API_Integration.html,
// `uri`: arn:aws:apigateway:{region}:{service}:action/{Action} or :path/{path}):
// - action style on a JSON service: POST / with X-Amz-Target "{targetPrefix}.{Action}" and the
//   service's JSON content type, the body as given;
// - action style on a query service: Action={Action} added to the query string, the body as given
//   (form-encoded bodies are read by the query protocol too);
// - path style: the method, path, query and body exactly as given (REST services).
import { parseQueryString, type HttpRequest } from "../aws/http.js";
import { jsonContentType } from "../aws/protocol/aws-json.js";
import type { ServiceSpec } from "../aws/spec/service-spec.js";

export interface ServiceRequestParts {
  method: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The raw query string, without "?" (already encoded). */
  rawQuery: string;
  body: Buffer;
  /** The Host the service sees. */
  host: string;
}

/** Why an action cannot be addressed on a service. */
export class UnaddressableActionError extends Error {}

export function actionRequest(spec: ServiceSpec, action: string, parts: ServiceRequestParts): HttpRequest {
  const protocols = spec.protocols;
  const headers: Record<string, string> = { ...parts.headers, host: parts.host };
  if (protocols.includes("json") && spec.metadata.targetPrefix) {
    headers["x-amz-target"] = `${spec.metadata.targetPrefix}.${action}`;
    headers["content-type"] = jsonContentType(spec);
    return request(parts.method, "/", parts.rawQuery, headers, parts.body);
  }
  if (protocols.includes("query")) {
    const rawQuery = parts.rawQuery ? `${parts.rawQuery}&Action=${encodeURIComponent(action)}` : `Action=${encodeURIComponent(action)}`;
    return request(parts.method, "/", rawQuery, headers, parts.body);
  }
  throw new UnaddressableActionError(`${spec.metadata.serviceId} is a REST service: address it with a path (…:${spec.name}:path/…), not an action`);
}

export function pathRequest(path: string, parts: ServiceRequestParts): HttpRequest {
  const normalized = path.startsWith("/") ? path : `/${path}`;
  return request(parts.method, normalized, parts.rawQuery, { ...parts.headers, host: parts.host }, parts.body);
}

function request(method: string, path: string, rawQuery: string, headers: Record<string, string>, body: Buffer): HttpRequest {
  if (body.length > 0) headers["content-length"] = String(body.length);
  else delete headers["content-length"];
  return { method, path, rawQuery, query: parseQueryString(rawQuery), headers, body };
}
