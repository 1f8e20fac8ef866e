// Which AWS service a request is for, read from the signals AWS clients send, cheapest first:
// 1. X-Amz-Target ("DynamoDB_20120810.PutItem") names JSON services exactly;
// 2. the SigV4 credential scope (header or presigned query) names the signing service;
//    services sharing a signing name (dynamodb/dynamodbstreams, apigateway/apigatewayv2) are
//    told apart by path prefix;
// 3. the Host's first label when it is a service endpoint prefix ("sqs.us-east-1.localhost");
// 4. the first path segment of REST APIs ("/2015-03-31/functions" -> lambda);
// 5. the Version / Action form fields of query-protocol requests.
import type { HttpRequest } from "../aws/http.js";
import type { SigV4Request } from "../aws/sigv4/index.js";
import type { ServiceCatalog } from "../aws/spec/catalog.js";
import type { ServiceCatalogEntry } from "../aws/spec/catalog-types.js";
import { loadServiceSpec } from "../aws/spec/loader.js";

export function detectService(req: HttpRequest, sigv4: SigV4Request | undefined, catalog: ServiceCatalog): ServiceCatalogEntry | undefined {
  const target = req.headers["x-amz-target"];
  if (target) {
    const dot = target.indexOf(".");
    const byTarget = catalog.forTargetPrefix(dot > 0 ? target.slice(0, dot) : target);
    if (byTarget) return byTarget;
  }
  const firstSegment = firstPathSegment(req.path);
  if (sigv4) {
    const candidates = catalog.forSigningName(sigv4.scope.service);
    if (candidates.length === 1) return candidates[0];
    if (candidates.length > 1) return pickByPath(candidates, firstSegment, catalog) ?? preferred(candidates, sigv4.scope.service);
  }
  const host = (req.headers["host"] ?? "").split(":")[0]!;
  const hostLabel = host.split(".")[0]!;
  if (host.includes(".")) {
    const byHost = catalog.forEndpointPrefix(hostLabel);
    if (byHost) return byHost;
  }
  if (firstSegment) {
    const byPath = catalog.forPathPrefix(firstSegment);
    if (byPath.length > 0) return byPath[0];
  }
  return detectQueryService(req, catalog);
}

/** The raw first segment: REST path prefixes are plain ASCII, so it needs no decoding. */
function firstPathSegment(path: string): string {
  const end = path.indexOf("/", 1);
  return path.slice(1, end === -1 ? undefined : end);
}

function pickByPath(candidates: readonly ServiceCatalogEntry[], segment: string, catalog: ServiceCatalog) {
  const byPath = catalog.forPathPrefix(segment);
  return candidates.find((c) => byPath.includes(c));
}

function preferred(candidates: readonly ServiceCatalogEntry[], signingName: string): ServiceCatalogEntry {
  return candidates.find((c) => c.name === signingName) ?? candidates[0]!;
}

/** Query requests carry Action and Version in the form body (POST) or the query string (GET). */
function detectQueryService(req: HttpRequest, catalog: ServiceCatalog): ServiceCatalogEntry | undefined {
  const params = queryParams(req);
  if (!params) return undefined;
  const version = params.get("Version");
  if (version) {
    const byVersion = catalog.forQueryVersion(version);
    if (byVersion.length === 1) return byVersion[0];
    if (byVersion.length > 1) return byAction(byVersion, params.get("Action"));
  }
  return byAction(catalog.queryServices(), params.get("Action"));
}

function byAction(candidates: readonly ServiceCatalogEntry[], action: string | null): ServiceCatalogEntry | undefined {
  if (!action) return undefined;
  return candidates.find((c) => loadServiceSpec(c.name).operation(action) !== undefined);
}

function queryParams(req: HttpRequest): URLSearchParams | undefined {
  if (req.query["Action"]) return new URLSearchParams(req.rawQuery);
  const type = req.headers["content-type"] ?? "";
  if (req.method === "POST" && type.startsWith("application/x-www-form-urlencoded")) return new URLSearchParams(req.body.toString("utf8"));
  return undefined;
}
