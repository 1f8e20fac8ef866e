// $context and $stageVariables, and the overrides a template writes into $context.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html
//
// API Gateway builds $context as a java.util.HashMap, so keySet() comes out in HashMap order.
// Recorded AWS output (test_apigateway_sqs::test_sqs_amz_json_protocol) also shows that the
// nested objects ($context.identity, requestOverride, responseOverride and their maps) render as
// "" when printed whole, that identity fields without a value render "", that
// requestOverride holds {path, header, querystring} and responseOverride {header} before a
// template sets anything, and that $context has no "authorizer" key without an authorizer.
// responseOverride values set in the integration request template are visible again in the
// integration response template (test_integration_mock_with_response_override_in_request_template).
import { isJavaMap, JavaMap } from "./java-collections.js";
import { isNullish, javaToString, toPlainValue } from "./java-values.js";

/** The request context the data plane hands to a render. Absent keys are absent from $context. */
export interface MappingContext {
  requestId?: string;
  extendedRequestId?: string;
  apiId?: string;
  stage?: string;
  resourceId?: string;
  resourcePath?: string;
  httpMethod?: string;
  path?: string;
  protocol?: string;
  requestTime?: string;
  requestTimeEpoch?: number;
  domainName?: string;
  domainPrefix?: string;
  accountId?: string;
  deploymentId?: string;
  /** sourceIp, userAgent, caller, user, userArn, accountId, apiKey, apiKeyId, accessKey, principalOrgId, cognito*. */
  identity?: Record<string, string | null | undefined>;
  /** principalId, claims (Cognito) and the Lambda authorizer's context keys. */
  authorizer?: Record<string, unknown>;
  /** Overrides carried over from an earlier template of the same request. */
  requestOverride?: Partial<Record<"path" | "header" | "querystring", Record<string, string>>>;
  responseOverride?: Record<string, unknown>;
  [key: string]: unknown;
}

/** What a template wrote into $context.responseOverride and $context.requestOverride. */
export interface ContextOverrides {
  /** $context.responseOverride.status, when set to a valid HTTP status code. */
  status?: number;
  /** $context.responseOverride.header.<name>. */
  headers: Record<string, string>;
  /** $context.requestOverride.{path,header,querystring}.<name>. */
  request: { path: Record<string, string>; header: Record<string, string>; querystring: Record<string, string> };
  /** The whole override state, to pass as MappingContext.requestOverride/responseOverride to the next template. */
  carry: { requestOverride: Record<string, unknown>; responseOverride: Record<string, unknown> };
}

// Keys that share a HashMap bucket iterate in insertion order, so AWS's insertion order matters
// too. Inserting in the order AWS's iteration shows (recorded) reproduces it for every pair.
const CONTEXT_KEY_ORDER = [
  "resourceId", "resourcePath", "httpMethod", "extendedRequestId", "requestTime", "path", "accountId", "protocol",
  "requestOverride", "stage", "domainPrefix", "requestTimeEpoch", "requestId", "identity", "domainName", "deploymentId",
  "responseOverride", "apiId",
];
const IDENTITY_KEY_ORDER = [
  "cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller", "sourceIp", "principalOrgId", "accessKey",
  "cognitoAuthenticationType", "cognitoAuthenticationProvider", "userArn", "userAgent", "user",
];

/** Each known key's position, looked up once per key rather than searched for in every comparison. */
const ranks = new WeakMap<readonly string[], ReadonlyMap<string, number>>();
function rankOf(order: readonly string[]): ReadonlyMap<string, number> {
  let map = ranks.get(order);
  if (!map) {
    map = new Map(order.map((k, i) => [k, i]));
    ranks.set(order, map);
  }
  return map;
}

/** Entries with the known keys first, in AWS's insertion order, then the others as given. */
function inAwsOrder(entries: Array<[string, unknown]>, order: readonly string[]): Array<[string, unknown]> {
  if (order.length === 0) return entries;
  const known = rankOf(order);
  const ranked = entries.map((e, i) => ({ e, i, r: known.get(e[0]) ?? order.length }));
  ranked.sort((a, b) => a.r - b.r || a.i - b.i);
  return ranked.map((x) => x.e);
}

/** A nested $context object: a HashMap that prints as "" and whose own objects do the same. */
function nestedMap(value: Record<string, unknown>, order: readonly string[] = []): JavaMap {
  const map = new JavaMap("hash");
  map.printsEmpty = true;
  for (const [k, v] of inAwsOrder(Object.entries(value), order)) map.put(k, toContextValue(v));
  return map;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isJavaMap(value);
}

function toContextValue(value: unknown): unknown {
  if (isNullish(value)) return null;
  if (Array.isArray(value)) return value.map(toContextValue);
  if (isPlainObject(value)) return nestedMap(value);
  return value;
}

/** Builds the $context map of one render (a fresh, mutable copy: templates may write to it). */
export function buildContextVariable(context: MappingContext): JavaMap {
  const req = context.requestOverride ?? {};
  const res = context.responseOverride ?? {};
  const entries: Array<[string, unknown]> = Object.entries({
    ...context,
    requestOverride: nestedMap({ path: req.path ?? {}, header: req.header ?? {}, querystring: req.querystring ?? {} }),
    responseOverride: nestedMap({ ...res, header: (res.header as Record<string, unknown> | undefined) ?? {} }),
  });
  const map = new JavaMap("hash");
  for (const [key, value] of inAwsOrder(entries, CONTEXT_KEY_ORDER)) {
    if (value === undefined) continue;
    map.put(key, key === "identity" && isPlainObject(value) ? nestedMap(value, IDENTITY_KEY_ORDER) : toContextValue(value));
  }
  return map;
}

export function buildStageVariables(stageVariables: Record<string, string> | undefined): JavaMap {
  const map = new JavaMap("hash");
  for (const [k, v] of Object.entries(stageVariables ?? {})) map.put(k, v);
  return map;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isJavaMap(value)) return out;
  for (const e of value.entryList()) if (!isNullish(e.value)) out[javaToString(e.key)] = javaToString(e.value);
  return out;
}

function statusOf(value: unknown): number | undefined {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  if (!/^\d{3}$/.test(text)) return undefined;
  const status = Number(text);
  return status >= 100 && status <= 599 ? status : undefined;
}

/** Reads back what the template set in $context's override maps. */
export function readOverrides(contextMap: JavaMap): ContextOverrides {
  const res = contextMap.get("responseOverride");
  const req = contextMap.get("requestOverride");
  const resMap = isJavaMap(res) ? res : new JavaMap("hash");
  const reqMap = isJavaMap(req) ? req : new JavaMap("hash");
  const status = statusOf(resMap.get("status"));
  return {
    ...(status !== undefined ? { status } : {}),
    headers: stringMap(resMap.get("header")),
    request: { path: stringMap(reqMap.get("path")), header: stringMap(reqMap.get("header")), querystring: stringMap(reqMap.get("querystring")) },
    carry: {
      requestOverride: toPlainValue(reqMap) as Record<string, unknown>,
      responseOverride: toPlainValue(resMap) as Record<string, unknown>,
    },
  };
}
