// The Lambda proxy integration's input event (payload format 1.0), as recorded from AWS
// (test_apigateway_lambda.snapshot.json, test_lambda_aws_proxy_integration*).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
// - headers / multiValueHeaders: as the client sent them (names' case kept), hop-by-hop headers
//   dropped, Authorization and User-Agent title-cased (CloudFront does that), then what the edge
//   adds: X-Amzn-Trace-Id, X-Forwarded-For/Port/Proto and, for EDGE endpoints, CloudFront's
//   CloudFront-* viewer headers, Via and X-Amz-Cf-Id; single-valued maps hold the last value;
// - queryStringParameters / multiValueQueryStringParameters decoded, null when empty;
// - pathParameters undecoded, null when empty; stageVariables null when none;
// - body: the payload as text, or base64 with isBase64Encoded for binary media types; null when empty.
import { isBinaryType } from "../binary.js";
import { requestContextFields, type Invocation } from "../invocation.js";
import { newCloudFrontId, newCloudFrontVia } from "../ids.js";

/** Headers CloudFront title-cases on the way in (recorded: "authorization" arrives as "Authorization"). */
export const TITLE_CASED = new Map([
  ["authorization", "Authorization"],
  ["user-agent", "User-Agent"],
]);

export interface ProxyEvent {
  resource: string;
  path: string;
  httpMethod: string;
  headers: Record<string, string> | null;
  multiValueHeaders: Record<string, string[]> | null;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | null;
  requestContext: Record<string, unknown>;
  body: string | null;
  isBase64Encoded: boolean;
}

export function proxyEvent(inv: Invocation): ProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const names = new Map<string, string>();
  const put = (name: string, values: string[]) => {
    const previous = names.get(name.toLowerCase());
    if (previous !== undefined && previous !== name) {
      delete headers[previous];
      delete multiValueHeaders[previous];
    }
    names.set(name.toLowerCase(), name);
    headers[name] = values[values.length - 1]!;
    multiValueHeaders[name] = values;
  };
  for (const { name, values } of inv.headers.entries()) put(TITLE_CASED.get(name.toLowerCase()) ?? name, values);
  for (const [name, value] of edgeHeaders(inv)) put(name, [value]);

  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(inv.request.query)) {
    if (values.length === 0) continue;
    query[name] = values[values.length - 1]!;
    multiQuery[name] = [...values];
  }
  const pathParams = inv.route?.pathParams ?? {};
  const binary = isBinaryType(inv.headers.get("content-type"), inv.deployment.api.binaryMediaTypes);
  const payload = inv.request.body;
  const hasHeaders = Object.keys(headers).length > 0;
  return {
    resource: inv.route!.resource.path,
    path: inv.target.eventPath,
    httpMethod: inv.httpMethod,
    headers: hasHeaders ? headers : null,
    multiValueHeaders: hasHeaders ? multiValueHeaders : null,
    queryStringParameters: Object.keys(query).length > 0 ? query : null,
    multiValueQueryStringParameters: Object.keys(multiQuery).length > 0 ? multiQuery : null,
    pathParameters: Object.keys(pathParams).length > 0 ? { ...pathParams } : null,
    stageVariables: Object.keys(inv.stageVariables).length > 0 ? { ...inv.stageVariables } : null,
    requestContext: requestContextFields(inv),
    body: payload.length === 0 ? null : binary ? payload.toString("base64") : payload.toString("utf8"),
    isBase64Encoded: payload.length > 0 && binary,
  };
}

/** CloudFront's viewer headers (EDGE endpoints), the same on every request: Nimbus has one kind of viewer. */
export const CLOUDFRONT_VIEWER_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ["CloudFront-Is-Desktop-Viewer", "true"],
  ["CloudFront-Is-Mobile-Viewer", "false"],
  ["CloudFront-Is-SmartTV-Viewer", "false"],
  ["CloudFront-Is-Tablet-Viewer", "false"],
  ["CloudFront-Viewer-ASN", "16509"],
  ["CloudFront-Viewer-Country", "US"],
];

/** Whether the API's front door is CloudFront (EDGE endpoints, the default). */
export function isEdgeEndpoint(inv: Invocation): boolean {
  return inv.deployment.api.endpointConfiguration?.types?.includes("EDGE") ?? true;
}

/** X-Forwarded-For: the client's own, followed by the address the request came from. */
export function forwardedFor(inv: Invocation): string {
  const forwarded = inv.headers.get("x-forwarded-for");
  return forwarded ? `${forwarded}, ${inv.identity.sourceIp}` : inv.identity.sourceIp;
}

/**
 * What the API's front door adds, in its order: for EDGE endpoints CloudFront's headers, then
 * the trace id and forwarding headers. (proxy-event-json.ts writes the same list in this order.)
 */
export function edgeHeaders(inv: Invocation): Array<readonly [string, string]> {
  const common = [
    ["X-Amzn-Trace-Id", inv.traceId],
    ["X-Forwarded-For", forwardedFor(inv)],
    ["X-Forwarded-Port", String(inv.localPort)],
    ["X-Forwarded-Proto", inv.scheme],
  ] as const;
  if (!isEdgeEndpoint(inv)) return [...common];
  return [["CloudFront-Forwarded-Proto", inv.scheme], ...CLOUDFRONT_VIEWER_HEADERS, ["Via", newCloudFrontVia()], ["X-Amz-Cf-Id", newCloudFrontId()], ...common];
}
