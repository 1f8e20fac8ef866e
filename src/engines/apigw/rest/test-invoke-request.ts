// The invocation a test call describes (TestInvokeMethod / TestInvokeAuthorizer input): the path
// with its query string, headers, body and stage variables, with the identity and request
// context values API Gateway gives test invocations: stage "test-invoke-stage", source IP
// "test-invoke-source-ip", domain "testPrefix.testDomainName", API key "test-invoke-api-key", and
// the console user (the caller of the test operation) as identity.caller/user/userArn.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-test-method.html
import { randomUUID } from "node:crypto";
import type { HttpRequest } from "../../../aws/http.js";
import { parseQueryString } from "../../../aws/http.js";
import type { StageRecord } from "../../../services/apigateway/records.js";
import type { RestApiSnapshot } from "../../../services/apigateway/snapshot.js";
import type { TestInvokeCaller } from "../../../services/apigateway/test-invoke-port.js";
import { newTraceId } from "./ids.js";
import { anonymousIdentity, type Invocation } from "./invocation.js";
import { RequestHeaders } from "./request-headers.js";

export interface TestRequestInput {
  pathWithQueryString?: string;
  body?: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  stageVariables?: Record<string, string>;
}

const TEST_DOMAIN_PREFIX = "testPrefix";

export function testInvocation(api: RestApiSnapshot, httpMethod: string, input: TestRequestInput, who: TestInvokeCaller, stageName: string, defaultPath: string): Invocation {
  const pathAndQuery = input.pathWithQueryString || defaultPath;
  const mark = pathAndQuery.indexOf("?");
  const path = mark < 0 ? pathAndQuery : pathAndQuery.slice(0, mark);
  const rawQuery = mark < 0 ? "" : pathAndQuery.slice(mark + 1);
  const headers = new RequestHeaders();
  for (const [name, values] of Object.entries(input.multiValueHeaders ?? {})) for (const value of values) headers.add(name, value);
  for (const [name, value] of Object.entries(input.headers ?? {})) if (!headers.has(name)) headers.add(name, value);
  const flat: Record<string, string> = {};
  for (const { name, values } of headers.entries()) flat[name.toLowerCase()] = values.join(", ");
  const request: HttpRequest = { method: httpMethod, path, rawQuery, query: parseQueryString(rawQuery), headers: flat, body: Buffer.from(input.body ?? "", "utf8") };
  const stage: StageRecord = {
    stageName,
    deploymentId: api.deploymentId,
    cacheClusterEnabled: false,
    cacheClusterStatus: "NOT_AVAILABLE",
    methodSettings: {},
    tracingEnabled: false,
    tags: {},
    createdDate: who.receivedAt,
    lastUpdatedDate: who.receivedAt,
  };
  const variables = Object.freeze({ ...(input.stageVariables ?? {}) });
  const identity = anonymousIdentity("test-invoke-source-ip", who.userAgent);
  identity.accountId = who.caller.accountId;
  identity.caller = who.caller.userId;
  identity.user = who.caller.userId;
  identity.userArn = who.caller.arn;
  identity.accessKey = who.caller.accessKeyId || null;
  identity.apiKey = "test-invoke-api-key";
  identity.apiKeyId = "test-invoke-api-key-id";
  return {
    requestId: randomUUID(),
    extendedRequestId: "test-invoke-extendedRequestId",
    receivedAt: who.receivedAt,
    startedHr: process.hrtime.bigint(),
    request,
    headers,
    target: {
      apiId: api.apiId,
      stageName,
      rest: path,
      contextPath: path,
      eventPath: path,
      domainName: `${TEST_DOMAIN_PREFIX}.testDomainName`,
      domainPrefix: TEST_DOMAIN_PREFIX,
      viaExecuteApi: true,
    },
    traceId: newTraceId(who.receivedAt),
    scheme: "https",
    localPort: 443,
    nodeEndpoint: who.endpoint,
    scope: { accountId: api.accountId, region: api.region },
    served: { apiId: api.apiId, stage, variables, deployment: api },
    deployment: api,
    stageVariables: variables,
    isCanary: false,
    httpMethod,
    identity,
  };
}

/**
 * The path parameters of `path` under a resource path template ("/pets/{petId}", "/{proxy+}"),
 * or undefined when the path does not fit it. A test invocation names its resource, so the path
 * only supplies values: recorded, "/pets/{petId}" gives petId "{petId}" and "/random/test" none.
 */
export function pathParamsFor(template: string, path: string): Record<string, string> | undefined {
  const parts = template === "/" ? [] : template.slice(1).split("/");
  const segments = path === "" || path === "/" ? [] : path.replace(/^\//, "").split("/");
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.startsWith("{") && part.endsWith("+}")) {
      const rest = segments.slice(i).join("/");
      if (rest === "") return undefined;
      params[part.slice(1, -2)] = rest;
      return params;
    }
    if (i >= segments.length) return undefined;
    if (part.startsWith("{") && part.endsWith("}")) params[part.slice(1, -1)] = segments[i]!;
    else if (part !== segments[i]) return undefined;
  }
  return segments.length === parts.length ? params : undefined;
}
