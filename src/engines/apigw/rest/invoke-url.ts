// Which REST API, stage and path an execute-api request addresses. Three URL forms reach an API:
//   path style   http://localhost:4566/restapis/{apiId}/{stage}/_user_request_/{path}
//   host style   http://{apiId}.execute-api.localhost:4566/{stage}/{path}
//                (any host {apiId}.execute-api.*, e.g. the AWS name routed here by /etc/hosts)
//   custom domain http://{domainName}/{basePath}/{path} through its base path mappings
// https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-call-api.html
// Paths stay percent-encoded as sent: API Gateway hands path parameters and the proxy event's
// path to the integration undecoded (recorded: test_lambda_aws_proxy_integration,
// "invocation-payload-with-path-encoded-email").
import type { HttpRequest } from "../../../aws/http.js";

export interface InvokeTarget {
  apiId: string;
  stageName: string;
  /** The path after the stage, still encoded, leading slashes as sent ("" for the stage root). */
  rest: string;
  /** $context.path: the path as the client addressed it, stage (and base path) included. */
  contextPath: string;
  /** The proxy event's `path`: the resource path as requested (a custom domain's base path included, as AWS sends it). */
  eventPath: string;
  /** $context.domainName and $context.domainPrefix. */
  domainName: string;
  domainPrefix: string;
  /** Whether the request came through the execute-api endpoint (disableExecuteApiEndpoint applies). */
  viaExecuteApi: boolean;
}

const USER_REQUEST = "/_user_request_";
const EXECUTE_API_LABEL = ".execute-api.";

/** The host without its port, lower-cased. */
export function hostName(req: HttpRequest): string {
  const host = req.headers["host"] ?? "";
  const end = host.startsWith("[") ? host.indexOf("]") + 1 : host.indexOf(":");
  return (end > 0 ? host.slice(0, end) : host).toLowerCase();
}

/**
 * The execute-api URL a request addresses (path or host style), undefined for other requests
 * (custom domains are resolved by the data plane). The edge asks whether a request is for an API
 * and the data plane then which: a found target is kept with its request for the second question.
 */
export function invokeTarget(req: HttpRequest): InvokeTarget | undefined {
  if (req === lastRequest) return lastTarget;
  const kept = targets.get(req);
  if (kept) return kept;
  const target = matchPathStyle(req) ?? matchHostStyle(req);
  if (target) keep(req, target);
  return target;
}

/**
 * The found target of the last request asked about: the data plane asks right after the edge
 * did, so one slot answers, without a WeakMap entry (an ephemeron for the garbage collector) per
 * request. Requests with large bodies, which the slot should not hold on to, go in the WeakMap.
 * A target found neither way is found again from the request (the same answer).
 */
let lastRequest: HttpRequest | undefined;
let lastTarget: InvokeTarget | undefined;
const targets = new WeakMap<HttpRequest, InvokeTarget>();
const SMALL_BODY = 64 * 1024;

function keep(req: HttpRequest, target: InvokeTarget): void {
  if (req.body.length > SMALL_BODY) {
    targets.set(req, target);
    return;
  }
  lastRequest = req;
  lastTarget = target;
}

/** Path style: /restapis/{apiId}/{stage}/_user_request_{rest}. */
export function matchPathStyle(req: HttpRequest): InvokeTarget | undefined {
  const path = req.path;
  if (!path.startsWith("/restapis/")) return undefined;
  const marker = path.indexOf(USER_REQUEST);
  if (marker < 0) return undefined;
  const after = path.slice(marker + USER_REQUEST.length);
  if (after !== "" && !after.startsWith("/")) return undefined;
  const slash = path.indexOf("/", "/restapis/".length);
  // Exactly two non-empty segments between /restapis/ and /_user_request_.
  if (slash <= "/restapis/".length || slash + 1 >= marker || path.indexOf("/", slash + 1) !== marker) return undefined;
  const apiId = path.slice("/restapis/".length, slash);
  const stageName = path.slice(slash + 1, marker);
  return {
    apiId,
    stageName,
    rest: after,
    contextPath: `/${stageName}${after}`,
    eventPath: eventPath(after),
    domainName: `${apiId}.execute-api.localhost`,
    domainPrefix: apiId,
    viaExecuteApi: true,
  };
}

/** Host style: {apiId}.execute-api.{anything}/{stage}{rest}. */
export function matchHostStyle(req: HttpRequest): InvokeTarget | undefined {
  const host = hostName(req);
  const label = host.indexOf(EXECUTE_API_LABEL);
  if (label <= 0) return undefined;
  const apiId = host.slice(0, label);
  if (apiId.includes(".")) return undefined;
  const split = splitStage(req.path);
  if (!split) return undefined;
  return {
    apiId,
    stageName: split.stage,
    rest: split.rest,
    contextPath: `/${split.stage}${split.rest}`,
    eventPath: eventPath(split.rest),
    // $context.domainName is the Host the client sent (AWS's never carries a port; ours may).
    domainName: req.headers["host"] ?? host,
    domainPrefix: apiId,
    viaExecuteApi: true,
  };
}

/** The first path segment (leading slashes collapsed, as AWS does) and what follows it. */
export function splitStage(path: string): { stage: string; rest: string } | undefined {
  let start = 0;
  while (path[start] === "/") start++;
  const end = path.indexOf("/", start);
  const stage = path.slice(start, end < 0 ? undefined : end);
  if (!stage) return undefined;
  return { stage, rest: end < 0 ? "" : path.slice(end) };
}

/** The path the integration sees: leading slashes collapsed to one, "/" for the root. */
export function eventPath(rest: string): string {
  if (rest.charCodeAt(0) === 0x2f && rest.charCodeAt(1) !== 0x2f) return rest; // one leading slash already
  let start = 0;
  while (rest[start] === "/") start++;
  return "/" + rest.slice(start);
}

/**
 * The path segments routing matches: leading slashes collapsed, one trailing slash ignored
 * (API Gateway routes /pets/ as /pets). Inner empty segments are kept (a greedy {proxy+} keeps
 * "a//b" as sent).
 */
export function routeSegments(rest: string): string[] {
  let path = eventPath(rest);
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  return path === "/" ? [] : path.slice(1).split("/");
}
