// The proxy event written directly as JSON (proxy-event-json.ts) must be byte for byte the JSON of
// the object form (proxy-event.ts), whatever the request: header casing and repeats, headers the
// front door sets itself, names a JavaScript object reorders or drops, query strings, path
// parameters, stage variables, authorizer context, text and binary bodies, REGIONAL and EDGE APIs.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseQueryString, type HttpRequest } from "../../../../src/aws/http.js";
import { anonymousIdentity, type Invocation } from "../../../../src/engines/apigw/rest/invocation.js";
import { proxyEvent } from "../../../../src/engines/apigw/rest/integrations/proxy-event.js";
import { proxyEventJson } from "../../../../src/engines/apigw/rest/integrations/proxy-event-json.js";
import { RequestHeaders } from "../../../../src/engines/apigw/rest/request-headers.js";
import type { RestApiSnapshot, StageSnapshot } from "../../../../src/services/apigateway/snapshot.js";

interface Shape {
  rawHeaders?: string[];
  query?: string;
  body?: string | Buffer;
  pathParams?: Record<string, string>;
  stageVariables?: Record<string, string>;
  authorizer?: Record<string, unknown>;
  endpointTypes?: string[];
  binaryMediaTypes?: string[];
  apiKey?: boolean;
  /** Identity values an IAM authorizer fills in. */
  iam?: boolean;
  /** A resource shared with other invocations (its written parts are kept with it). */
  resource?: { id: string; path: string };
  httpMethod?: string;
  stageName?: string;
}

function invocation(shape: Shape): Invocation {
  const rawHeaders = shape.rawHeaders ?? ["Host", "abc.execute-api.localhost:4566", "User-Agent", "wrk", "Accept", "*/*"];
  const flat: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) flat[rawHeaders[i]!.toLowerCase()] = rawHeaders[i + 1]!;
  const body = typeof shape.body === "string" ? Buffer.from(shape.body) : (shape.body ?? Buffer.alloc(0));
  const request: HttpRequest = { method: "post", path: "/dev/pets/1", rawQuery: shape.query ?? "", query: parseQueryString(shape.query ?? ""), headers: flat, rawHeaders, body };
  const headers = RequestHeaders.from(request);
  const api = { endpointConfiguration: shape.endpointTypes ? { types: shape.endpointTypes } : undefined, binaryMediaTypes: shape.binaryMediaTypes };
  const deployment = { deploymentId: "dep1", api } as unknown as RestApiSnapshot;
  const identity = anonymousIdentity("10.0.0.1", headers.get("user-agent"));
  if (shape.iam) {
    identity.accountId = "111111111111";
    identity.caller = "AIDA\"x\"";
    identity.user = "AIDA\"x\"";
    identity.userArn = "arn:aws:iam::111111111111:user/caf\u00e9";
    identity.accessKey = "AKIA";
  }
  if (shape.apiKey) {
    identity.apiKey = "key-value";
    identity.apiKeyId = "key-id";
  }
  return {
    requestId: "c0ffee00-0000-4000-8000-000000000000",
    extendedRequestId: "Vb0cRFQ_IAMEZ7A=",
    receivedAt: 1_763_865_600_123,
    startedHr: 0n,
    request,
    headers,
    target: { apiId: "abc", stageName: "dev", rest: "/pets/1", contextPath: "/dev/pets/1", eventPath: "/pets/1", domainName: "abc.execute-api.localhost:4566", domainPrefix: "abc", viaExecuteApi: true },
    traceId: "Root=1-00000000-000000000000000000000000",
    scheme: "https",
    localPort: 443,
    nodeEndpoint: "http://127.0.0.1:4566",
    scope: { accountId: "111111111111", region: "us-east-1" },
    served: { stage: { stageName: shape.stageName ?? "dev" } } as unknown as StageSnapshot,
    deployment,
    stageVariables: Object.freeze({ ...(shape.stageVariables ?? {}) }),
    isCanary: false,
    httpMethod: shape.httpMethod ?? "POST",
    identity,
    route: { resource: shape.resource ?? { id: "r1", path: "/pets/{id}" }, method: {}, pathParams: shape.pathParams ?? { id: "1" } } as unknown as Invocation["route"],
    ...(shape.authorizer ? { authorizer: shape.authorizer } : {}),
  };
}

/** The random CloudFront ids differ between two builds of one event: set to one value. */
function fixRandom(json: string): string {
  return json.replace(/1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)/g, "VIA").replace(/"X-Amz-Cf-Id":(\["|")[A-Za-z0-9_-]{56}"/g, '"X-Amz-Cf-Id":$1CFID"');
}

function assertSame(shape: Shape): void {
  const inv = invocation(shape);
  const expected = fixRandom(JSON.stringify(proxyEvent(inv)));
  assert.equal(fixRandom(proxyEventJson(inv)), expected);
}

describe("proxy event JSON", () => {
  it("matches the object form for a plain GET", () => assertSame({}));

  it("matches with repeated headers, title-cased names and characters JSON escapes", () =>
    assertSame({
      rawHeaders: ["host", "h", "authorization", "Bearer x", "user-agent", 'say "hi"\\', "X-Multi", "a", "x-multi", "b", "X-Tab", "a\tb\u0001", "X-Unicode", "caf\u00e9 \u2603", "Connection", "keep-alive"],
    }));

  it("matches when the client sends headers the front door sets, in its casing or another", () => {
    assertSame({ rawHeaders: ["Host", "h", "Via", "1.1 proxy", "x-forwarded-for", "1.2.3.4", "X-Amzn-Trace-Id", "Root=1-abc", "cloudfront-viewer-country", "FR", "A", "1"] });
    assertSame({ rawHeaders: ["Host", "h", "X-Forwarded-Port", "80", "x-forwarded-proto", "http"], endpointTypes: ["REGIONAL"] });
    assertSame({ rawHeaders: ["CloudFront-Viewer-Country", "FR", "Host", "h"], endpointTypes: ["REGIONAL"] });
  });

  it("matches for REGIONAL and PRIVATE APIs and without any client header", () => {
    assertSame({ endpointTypes: ["REGIONAL"] });
    assertSame({ endpointTypes: ["PRIVATE"], rawHeaders: [] });
    assertSame({ rawHeaders: [] });
  });

  it("matches when a header name is one a JavaScript object reorders or drops", () => {
    assertSame({ rawHeaders: ["Host", "h", "1", "one", "0", "zero", "X-After", "x"] });
    assertSame({ rawHeaders: ["Host", "h", "__proto__", "p", "X-After", "x"] });
  });

  it("matches with query strings, path parameters, stage variables and authorizer context", () => {
    assertSame({ query: "a=1&b=2&a=3&empty=&%22q%22=%E2%98%83", pathParams: { id: "a%40b", other: "x" }, stageVariables: { fn: "hello", "2": "two" }, authorizer: { principalId: "me", n: 1, nested: { ok: true } } });
    assertSame({ query: "__proto__=1", pathParams: {} });
    assertSame({ query: "2=b&1=a&z=c", apiKey: true });
    assertSame({ iam: true, rawHeaders: ["Host", "h"] });
    assertSame({ iam: true, apiKey: true, rawHeaders: ["Host", "h", "User-Agent", "tab\there"] });
  });

  it("matches when one resource serves several methods, stages and endpoint types in turn", () => {
    const resource = { id: "r2", path: "/{proxy+}" };
    for (let i = 0; i < 2; i++) {
      assertSame({ resource });
      assertSame({ resource, httpMethod: "DELETE" });
      assertSame({ resource, stageName: "prod" });
      assertSame({ resource, endpointTypes: ["REGIONAL"] });
    }
  });

  it("matches text and binary bodies", () => {
    assertSame({ body: '{"a":"\u2028 \ud800"}', rawHeaders: ["Content-Type", "application/json"] });
    assertSame({ body: Buffer.from([0, 1, 2, 255]), rawHeaders: ["Content-Type", "image/png"], binaryMediaTypes: ["image/png"] });
    assertSame({ body: "text", rawHeaders: ["Content-Type", "image/png"], binaryMediaTypes: ["image~1*"] });
  });
});
