// HTTP and HTTP_PROXY integrations: the integration request sent to the URI, the answer read.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html
// What the backend receives, as recorded from AWS (test_apigateway_header_remapping_http):
// - HTTP: only the mapped headers, plus Accept (application/json unless mapped), User-Agent
//   AmazonAPIGateway_{apiId}, X-Amzn-Apigateway-Api-Id and X-Amzn-Trace-Id;
// - HTTP_PROXY: every client header (hop-by-hop ones dropped), the mapped ones on top, plus
//   X-Amzn-Apigateway-Api-Id and X-Amzn-Trace-Id.
// A compressed answer is inflated (API Gateway drops Content-Encoding from what it returns).
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { gatewayErrors } from "../gateway-error.js";
import type { HeaderMap } from "../header-map.js";
import type { IntegrationRequest } from "../integration-request.js";
import type { EndpointResponse } from "../integration-response.js";
import type { Invocation } from "../invocation.js";
import { HttpTimeoutError, type HttpClient } from "./http-client.js";

export async function invokeHttp(
  inv: Invocation,
  proxy: boolean,
  request: IntegrationRequest,
  timeoutMs: number,
  traceId: string,
  client: HttpClient,
  insecure: boolean,
): Promise<EndpointResponse> {
  let url: URL;
  try {
    url = new URL(request.uri);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(url.protocol);
  } catch {
    throw gatewayErrors.configuration(`Execution failed due to configuration error: Invalid endpoint address: ${request.uri}`);
  }
  for (const [name, value] of request.query) url.searchParams.append(name, value);
  const headers = request.headers;
  headers.set("Host", url.host);
  if (!proxy) {
    if (!headers.has("accept")) headers.set("Accept", "application/json");
    if (!headers.has("user-agent")) headers.set("User-Agent", `AmazonAPIGateway_${inv.target.apiId}`);
    if (request.body.length > 0 && !headers.has("content-type")) headers.set("Content-Type", inv.headers.get("content-type") ?? "application/json");
  }
  headers.set("X-Amzn-Apigateway-Api-Id", inv.target.apiId);
  headers.set("X-Amzn-Trace-Id", traceId);
  const method = request.httpMethod === "ANY" ? inv.httpMethod : request.httpMethod;
  try {
    const answer = await client.send({ method, url, headers, body: request.body, timeoutMs, insecure });
    inflate(answer);
    return answer;
  } catch (err) {
    if (err instanceof HttpTimeoutError) throw gatewayErrors.integrationTimeout();
    throw gatewayErrors.integrationFailure(`Execution failed due to an internal error: ${(err as Error).message}`);
  }
}

function inflate(answer: { headers: HeaderMap; body: Buffer }): void {
  const encoding = answer.headers.get("content-encoding")?.trim().toLowerCase();
  if (!encoding || answer.body.length === 0) return;
  try {
    if (encoding === "gzip" || encoding === "x-gzip") answer.body = gunzipSync(answer.body);
    else if (encoding === "deflate") answer.body = inflateSync(answer.body);
    else if (encoding === "br") answer.body = brotliDecompressSync(answer.body);
    else return;
  } catch {
    return;
  }
  answer.headers.delete("content-encoding");
}

/** Backend headers an HTTP_PROXY answer drops, and those it renames x-amzn-Remapped-*. */
const PROXY_DROPPED = new Set(["transfer-encoding", "content-encoding", "via"]);
const PROXY_REMAPPED = new Map(["Connection", "Content-Length", "Date", "Server"].map((h) => [h.toLowerCase(), h] as const));

/** The method response of an HTTP_PROXY integration: the backend's answer, headers cleaned. */
export function proxyAnswer(endpoint: EndpointResponse, out: HeaderMap): void {
  for (const { name, values } of endpoint.headers.entries()) {
    const lower = name.toLowerCase();
    if (PROXY_DROPPED.has(lower)) continue;
    const remapped = PROXY_REMAPPED.get(lower);
    out.set(remapped ? `x-amzn-Remapped-${remapped}` : name, values);
  }
}
