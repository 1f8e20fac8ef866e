// The proxy event's JSON text, written straight from the invocation: byte for byte what
// JSON.stringify(proxyEvent(inv)) gives (proxy-event.ts is the definition; a test holds the two
// equal), without building the event's ~60 objects, arrays and strings and walking them again
// (building and stringifying the 2 KB event was ~10% of an API Gateway -> Lambda request's CPU).
// - What does not change from one request to the next on a route (its resource, the stage, the
//   API, CloudFront's constant headers) is written once into a frame kept with the route's
//   resource (deployments are immutable) and checked against the request before each use.
// - Each concatenated piece costs when the text is made flat for encoding, so the frame's
//   constant runs are long and the per-request pieces few.
// - JavaScript objects order integer-like keys first and drop a "__proto__" key; the object form
//   has those quirks, so a request with such a header name is answered by the object form.
import type { RestApiSnapshot, SnapshotResource } from "../../../../services/apigateway/snapshot.js";
import { isBinaryType } from "../binary.js";
import { newCloudFrontId, newCloudFrontVia } from "../ids.js";
import { identityJson, requestTime, type Invocation } from "../invocation.js";
import { quote } from "../json-text.js";
import { CLOUDFRONT_VIEWER_HEADERS, edgeHeaders, forwardedFor, isEdgeEndpoint, proxyEvent, TITLE_CASED } from "./proxy-event.js";

/** JSON.stringify(proxyEvent(inv)). */
export function proxyEventJson(inv: Invocation): string {
  if (!inv.route || !Number.isFinite(inv.receivedAt)) return JSON.stringify(proxyEvent(inv));
  const frame = frameFor(inv);
  const headers = headersJson(inv, frame);
  if (headers === undefined) return JSON.stringify(proxyEvent(inv));

  const payload = inv.request.body;
  const binary = payload.length > 0 && isBinaryType(inv.headers.get("content-type"), inv.deployment.api.binaryMediaTypes);
  const body = payload.length === 0 ? "null" : binary ? `"${payload.toString("base64")}"` : quote(payload.toString("utf8"));
  const pathParams = inv.route.pathParams;
  const stageVariables = inv.stageVariables;
  const target = inv.target;
  return (
    `${frame.head}${quote(target.eventPath)}${frame.beforeHeaders}${headers}${queryJson(inv.request.query)}` +
    `,"pathParameters":${hasKeys(pathParams) ? JSON.stringify(pathParams) : "null"}` +
    `,"stageVariables":${hasKeys(stageVariables) ? JSON.stringify(stageVariables) : "null"}` +
    `${frame.contextHead}${quote(inv.extendedRequestId)},"requestTime":"${requestTime(inv.receivedAt)}","path":${quote(target.contextPath)}` +
    `${frame.contextStage}${inv.receivedAt},"requestId":${quote(inv.requestId)},"identity":${identityJson(inv.identity)}` +
    `,"domainName":${quote(target.domainName)}${frame.contextApi}${inv.authorizer ? `,"authorizer":${JSON.stringify(inv.authorizer)}` : ""}` +
    `},"body":${body},"isBase64Encoded":${binary}}`
  );
}

/** A route's constant runs of event text, with what they were written from. */
interface Frame {
  readonly httpMethod: string;
  readonly stageName: string;
  readonly accountId: string;
  readonly domainPrefix: string;
  readonly apiId: string;
  /** The deployment (immutable): its id and endpoint type. */
  readonly deployment: RestApiSnapshot;
  readonly scheme: string;
  readonly localPort: number;
  /** `{"resource":…,"path":` */
  readonly head: string;
  /** `,"httpMethod":…,` */
  readonly beforeHeaders: string;
  /** CloudFront-Forwarded-Proto and the viewer headers, then `"Via":"` ("" for other endpoints). */
  readonly cloudFront: string;
  readonly cloudFrontMulti: string;
  /** `,"X-Forwarded-Port":…,"X-Forwarded-Proto":…` */
  readonly forwarded: string;
  readonly forwardedMulti: string;
  /** `,"requestContext":{"resourceId":…,"resourcePath":…,"httpMethod":…,"extendedRequestId":` */
  readonly contextHead: string;
  /** `,"accountId":…,"protocol":"HTTP/1.1","stage":…,"domainPrefix":…,"requestTimeEpoch":` */
  readonly contextStage: string;
  /** `,"deploymentId":…,"apiId":…` */
  readonly contextApi: string;
}

const frames = new WeakMap<SnapshotResource, Frame>();

function frameFor(inv: Invocation): Frame {
  const resource = inv.route!.resource;
  const frame = frames.get(resource);
  if (
    frame &&
    frame.httpMethod === inv.httpMethod &&
    frame.stageName === inv.served.stage.stageName &&
    frame.accountId === inv.scope.accountId &&
    frame.domainPrefix === inv.target.domainPrefix &&
    frame.apiId === inv.target.apiId &&
    frame.deployment === inv.deployment &&
    frame.scheme === inv.scheme &&
    frame.localPort === inv.localPort
  ) {
    return frame;
  }
  const built = buildFrame(inv, resource);
  frames.set(resource, built);
  return built;
}

function buildFrame(inv: Invocation, resource: SnapshotResource): Frame {
  const port = quote(String(inv.localPort));
  const scheme = quote(inv.scheme);
  const edge = isEdgeEndpoint(inv);
  const viewer = CLOUDFRONT_VIEWER_HEADERS.map(([name, value]) => `${quote(name)}:${quote(value)},`).join("");
  const viewerMulti = CLOUDFRONT_VIEWER_HEADERS.map(([name, value]) => `${quote(name)}:[${quote(value)}],`).join("");
  return {
    httpMethod: inv.httpMethod,
    stageName: inv.served.stage.stageName,
    accountId: inv.scope.accountId,
    domainPrefix: inv.target.domainPrefix,
    apiId: inv.target.apiId,
    deployment: inv.deployment,
    scheme: inv.scheme,
    localPort: inv.localPort,
    head: `{"resource":${quote(resource.path)},"path":`,
    beforeHeaders: `,"httpMethod":${quote(inv.httpMethod)},`,
    cloudFront: edge ? `"CloudFront-Forwarded-Proto":${scheme},${viewer}"Via":"` : "",
    cloudFrontMulti: edge ? `"CloudFront-Forwarded-Proto":[${scheme}],${viewerMulti}"Via":["` : "",
    forwarded: `,"X-Forwarded-Port":${port},"X-Forwarded-Proto":${scheme}`,
    forwardedMulti: `,"X-Forwarded-Port":[${port}],"X-Forwarded-Proto":[${scheme}]`,
    contextHead: `,"requestContext":{"resourceId":${quote(resource.id)},"resourcePath":${quote(resource.path)},"httpMethod":${quote(inv.httpMethod)},"extendedRequestId":`,
    contextStage: `,"accountId":${quote(inv.scope.accountId)},"protocol":"HTTP/1.1","stage":${quote(inv.served.stage.stageName)},"domainPrefix":${quote(inv.target.domainPrefix)},"requestTimeEpoch":`,
    contextApi: `,"deploymentId":${quote(inv.deployment.deploymentId)},"apiId":${quote(inv.target.apiId)}`,
  };
}

/**
 * `"headers":{…},"multiValueHeaders":{…}`: the client's headers in their order, then the front
 * door's (edgeHeaders in proxy-event.ts, written here from the frame). Undefined when a header
 * name needs the object form (see above).
 */
function headersJson(inv: Invocation, frame: Frame): string | undefined {
  let single = "";
  let multi = "";
  for (const [lower, { name: sent, values }] of inv.headers.lowerEntries()) {
    const name = TITLE_CASED.get(lower) ?? sent;
    if (needsObjectForm(name)) return undefined;
    if (EDGE_NAMES.has(lower)) return mergedHeadersJson(inv);
    const key = quote(name);
    single += `${key}:${quote(values[values.length - 1]!)},`;
    multi += `${key}:${valuesJson(values)},`;
  }
  const trace = quote(inv.traceId);
  const forwarded = quote(forwardedFor(inv));
  if (frame.cloudFront !== "") {
    // Ids of URL-safe base64 and hex digits: nothing to escape.
    const via = newCloudFrontVia();
    const cloudFrontId = newCloudFrontId();
    single += `${frame.cloudFront}${via}","X-Amz-Cf-Id":"${cloudFrontId}",`;
    multi += `${frame.cloudFrontMulti}${via}"],"X-Amz-Cf-Id":["${cloudFrontId}"],`;
  }
  return (
    `"headers":{${single}"X-Amzn-Trace-Id":${trace},"X-Forwarded-For":${forwarded}${frame.forwarded}}` +
    `,"multiValueHeaders":{${multi}"X-Amzn-Trace-Id":[${trace}],"X-Forwarded-For":[${forwarded}]${frame.forwardedMulti}}`
  );
}

/**
 * The headers when the client sent some the front door sets: the front door's value wins; under
 * the client's exact name it stays in the client's place, under another casing the client's
 * entry goes and the front door's comes at the end (the object form deletes and re-adds it).
 */
function mergedHeadersJson(inv: Invocation): string | undefined {
  const edge = edgeHeaders(inv);
  let single = "";
  let multi = "";
  let placed = 0; // bit i: edge[i] was written in the client's place
  for (const [lower, { name: sent, values }] of inv.headers.lowerEntries()) {
    const name = TITLE_CASED.get(lower) ?? sent;
    if (needsObjectForm(name)) return undefined;
    const index = EDGE_NAMES.has(lower) ? edge.findIndex(([n]) => n.toLowerCase() === lower) : -1;
    if (index >= 0) {
      if (edge[index]![0] !== name) continue;
      placed |= 1 << index;
      const value = quote(edge[index]![1]);
      single += `,${quote(name)}:${value}`;
      multi += `,${quote(name)}:[${value}]`;
      continue;
    }
    const key = quote(name);
    single += `,${key}:${quote(values[values.length - 1]!)}`;
    multi += `,${key}:${valuesJson(values)}`;
  }
  for (let i = 0; i < edge.length; i++) {
    if (placed & (1 << i)) continue;
    const [name, value] = edge[i]!;
    const text = quote(value);
    single += `,"${name}":${text}`;
    multi += `,"${name}":[${text}]`;
  }
  return `"headers":{${single.slice(1)}},"multiValueHeaders":{${multi.slice(1)}}`;
}

/** Every name the front door may set, lower-cased. */
const EDGE_NAMES = new Set(
  ["CloudFront-Forwarded-Proto", ...CLOUDFRONT_VIEWER_HEADERS.map(([name]) => name), "Via", "X-Amz-Cf-Id", "X-Amzn-Trace-Id", "X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto"].map((n) =>
    n.toLowerCase(),
  ),
);

/** Names a plain object would reorder (integer-like, here anything starting with a digit) or drop ("__proto__"). */
function needsObjectForm(name: string): boolean {
  const first = name.charCodeAt(0);
  return (first >= 48 && first <= 57) || name === "__proto__";
}

function valuesJson(values: readonly string[]): string {
  if (values.length === 1) return `[${quote(values[0]!)}]`;
  let out = quote(values[0]!);
  for (let i = 1; i < values.length; i++) out += `,${quote(values[i]!)}`;
  return `[${out}]`;
}

/** `,"queryStringParameters":…,"multiValueQueryStringParameters":…`, built as the object form builds them. */
function queryJson(params: Record<string, string[]>): string {
  let query: Record<string, string> | undefined;
  let multiQuery: Record<string, string[]> | undefined;
  for (const name in params) {
    if (!Object.hasOwn(params, name)) continue;
    const values = params[name]!;
    if (values.length === 0) continue;
    query ??= {};
    multiQuery ??= {};
    query[name] = values[values.length - 1]!;
    multiQuery[name] = [...values];
  }
  // A "__proto__" parameter is dropped by the object form, which can leave its maps empty.
  return (
    `,"queryStringParameters":${query && hasKeys(query) ? JSON.stringify(query) : "null"}` +
    `,"multiValueQueryStringParameters":${multiQuery && hasKeys(multiQuery) ? JSON.stringify(multiQuery) : "null"}`
  );
}

/** Object.keys(record).length > 0, without the array. */
function hasKeys(record: Readonly<Record<string, unknown>>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}
