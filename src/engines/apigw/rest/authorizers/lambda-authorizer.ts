// Lambda authorizers (TOKEN and REQUEST).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
// - TOKEN: the identity source header's value (checked against identityValidationExpression)
//   is sent as authorizationToken; a missing token or a failed expression is 401 without calling
//   the function;
// - REQUEST: headers, query string, path parameters, stage variables and request context are sent;
//   every identity source must be present, else 401;
// - the function answers {principalId, policyDocument, context, usageIdentifierKey}; a function
//   error "Unauthorized" is 401, any other failure 500 {"message": null}; the policy is evaluated
//   against the method ARN (policy.ts);
// - results are cached per identity (the token, or the identity sources' values) for
//   authorizerResultTtlInSeconds (0 turns caching off), per stage; FlushStageAuthorizersCache
//   drops them. A cached policy is evaluated against each request's method ARN.
// With an execution log (a stage that logs, or TestInvokeAuthorizer), the steps are logged in
// AWS's words (authorizer-log.ts); the caller passes the function's port already traced
// (execution-trace.ts) for the endpoint request lines.
import type { AuthorizerRecord } from "../../../../services/apigateway/records.js";
import { jsonBytes } from "../../../../shared/json-bytes.js";
import type { ExecutionTrace } from "../execution-log.js";
import { GatewayError, gatewayErrors } from "../gateway-error.js";
import { renderStageVariables } from "../integration-request.js";
import { requestContextFields, type Invocation } from "../invocation.js";
import { functionArnOfUri, LambdaInvokeError, parseFunctionArn, type LambdaInvoker } from "../integrations/lambda-invoker.js";
import { compileJavaFullMatch } from "../../mapping/java-regex.js";
import { accessDenied, authorizerConfigurationError, evaluatePolicy, parsePolicy } from "./policy.js";
import type { AuthorizerResultCache, AuthorizerResult } from "./result-cache.js";
import { logAuthorizerCompleted, logAuthorizerStarted, logIncomingIdentity, logUnauthorized } from "./authorizer-log.js";

/** The method ARN the policy is evaluated against: the request's actual path. */
export function methodArn(inv: Invocation): string {
  const path = inv.target.eventPath === "/" ? "/" : inv.target.eventPath;
  return `arn:aws:execute-api:${inv.scope.region}:${inv.scope.accountId}:${inv.target.apiId}/${inv.served.stage.stageName}/${inv.httpMethod}${path}`;
}

/** The value of an identity source expression (method.request.header.X, ...querystring.X, stageVariables.X, context.X). */
function identityValue(inv: Invocation, source: string): string | undefined {
  const expr = source.trim();
  if (expr.startsWith("method.request.header.")) return inv.headers.get(expr.slice("method.request.header.".length));
  if (expr.startsWith("method.request.querystring.")) {
    const values = inv.request.query[expr.slice("method.request.querystring.".length)];
    return values?.[values.length - 1];
  }
  if (expr.startsWith("method.request.path.")) return inv.route?.pathParams[expr.slice("method.request.path.".length)];
  if (expr.startsWith("stageVariables.")) return inv.stageVariables[expr.slice("stageVariables.".length)];
  if (expr.startsWith("context.")) {
    const value = (requestContextFields(inv) as Record<string, unknown>)[expr.slice("context.".length)];
    return value === undefined || value === null ? undefined : String(value);
  }
  return undefined;
}

function tokenEvent(inv: Invocation, token: string): Record<string, unknown> {
  return { type: "TOKEN", methodArn: methodArn(inv), authorizationToken: token };
}

function requestEvent(inv: Invocation): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const { name, values } of inv.headers.entries()) {
    headers[name] = values[values.length - 1]!;
    multiValueHeaders[name] = values;
  }
  const query: Record<string, string> = {};
  for (const [name, values] of Object.entries(inv.request.query)) if (values.length > 0) query[name] = values[values.length - 1]!;
  return {
    type: "REQUEST",
    methodArn: methodArn(inv),
    resource: inv.route!.resource.path,
    path: inv.target.eventPath,
    httpMethod: inv.httpMethod,
    headers,
    multiValueHeaders,
    queryStringParameters: query,
    multiValueQueryStringParameters: { ...inv.request.query },
    pathParameters: { ...inv.route!.pathParams },
    stageVariables: { ...inv.stageVariables },
    requestContext: requestContextFields(inv),
  };
}

export async function lambdaAuthorize(inv: Invocation, authorizer: AuthorizerRecord, lambda: LambdaInvoker, cache: AuthorizerResultCache, log?: ExecutionTrace): Promise<void> {
  const sources = (authorizer.identitySource ?? (authorizer.type === "TOKEN" ? "method.request.header.Authorization" : ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const identity = sources.map((s) => identityValue(inv, s));
  if (log) logAuthorizerStarted(log, authorizer, inv.requestId);
  if (identity.some((v) => v === undefined || v === "")) throw unauthorized(inv, log, "Identity source missing from the request");
  let event: Record<string, unknown>;
  if (authorizer.type === "TOKEN") {
    const token = identity[0]!;
    if (authorizer.identityValidationExpression) {
      let regex: RegExp | undefined;
      try {
        regex = compileJavaFullMatch(authorizer.identityValidationExpression);
      } catch {
        regex = undefined;
      }
      if (regex && !regex.test(token)) throw unauthorized(inv, log, "The token does not match the identity validation expression");
    }
    event = tokenEvent(inv, token);
  } else {
    event = requestEvent(inv);
  }
  if (log) logIncomingIdentity(log, authorizer, sources, identity);

  const ttl = authorizer.authorizerResultTtlInSeconds ?? 300;
  const cacheKey = ttl > 0 && sources.length > 0 ? `${authorizer.id}|${identity.join("\u0000")}` : undefined;
  const stageKey = `${inv.scope.accountId}/${inv.target.apiId}/${inv.served.stage.stageName}`;
  let result = cacheKey ? cache.get(stageKey, cacheKey) : undefined;
  let latency = 0;
  if (!result) {
    const started = process.hrtime.bigint();
    result = await invokeAuthorizer(inv, authorizer, lambda, event, log);
    latency = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    if (cacheKey) cache.set(stageKey, cacheKey, result, ttl * 1000);
  }
  if (log) logAuthorizerCompleted(log, result.principalId);
  const decision = evaluatePolicy(result.statements, methodArn(inv));
  if (decision !== "allow") throw accessDenied(decision);
  inv.authorizer = { ...result.context, principalId: result.principalId, integrationLatency: latency };
  if (result.usageIdentifierKey !== undefined) inv.identity.apiKey = result.usageIdentifierKey;
}

/** 401, logged as AWS logs it when there is a log. */
function unauthorized(inv: Invocation, log: ExecutionTrace | undefined, detail: string): GatewayError {
  if (log) logUnauthorized(log, inv.requestId);
  return gatewayErrors.unauthorized(detail);
}

async function invokeAuthorizer(inv: Invocation, authorizer: AuthorizerRecord, lambda: LambdaInvoker, event: Record<string, unknown>, log: ExecutionTrace | undefined): Promise<AuthorizerResult> {
  const uri = renderStageVariables(authorizer.authorizerUri ?? "", inv.stageVariables);
  const functionArn = functionArnOfUri(uri);
  if (!functionArn || !parseFunctionArn(functionArn)) throw authorizerConfigurationError(`Invalid authorizer URI: ${uri}`);
  let payload: Buffer;
  let functionError: string | undefined;
  try {
    const out = await lambda.invoke({
      scope: inv.scope,
      functionArn,
      payload: jsonBytes(event),
      sourceArn: `arn:aws:execute-api:${inv.scope.region}:${inv.scope.accountId}:${inv.target.apiId}/authorizers/${authorizer.id}`,
      ...(authorizer.authorizerCredentials ? { credentials: renderStageVariables(authorizer.authorizerCredentials, inv.stageVariables) } : {}),
      invocationType: "RequestResponse",
      requestId: inv.requestId,
      endpoint: inv.nodeEndpoint,
    });
    payload = out.payload;
    functionError = out.functionError;
  } catch (err) {
    throw authorizerConfigurationError(err instanceof LambdaInvokeError ? err.message : (err as Error).message);
  }
  const text = payload.toString("utf8");
  let output: unknown;
  let parsed = true;
  try {
    output = JSON.parse(text);
  } catch {
    parsed = false;
  }
  const message = functionError ? (output as { errorMessage?: unknown } | null | undefined)?.errorMessage : undefined;
  // AWS logs no result body for a function that answered Unauthorized (TestInvokeAuthorizer, 2019).
  if (message === "Unauthorized") throw unauthorized(inv, log, "The authorizer answered Unauthorized");
  if (log?.tracing) log.trace(`Authorizer result body before parsing: ${text}`);
  if (!parsed) throw authorizerConfigurationError("the authorizer's answer is not JSON");
  if (functionError) throw authorizerConfigurationError(`the authorizer failed: ${String(message)}`);
  if (output === null || typeof output !== "object") throw authorizerConfigurationError("the authorizer's answer is not an object");
  const record = output as Record<string, unknown>;
  const context: Record<string, string | number | boolean> = {};
  if (record.context !== undefined && record.context !== null) {
    if (typeof record.context !== "object" || Array.isArray(record.context)) throw authorizerConfigurationError("context is not an object");
    for (const [k, v] of Object.entries(record.context)) {
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") throw authorizerConfigurationError(`context.${k} is not a string, number or boolean`);
      context[k] = v;
    }
  }
  return {
    principalId: record.principalId === undefined || record.principalId === null ? "" : String(record.principalId),
    statements: parsePolicy(record.policyDocument),
    context,
    ...(typeof record.usageIdentifierKey === "string" ? { usageIdentifierKey: record.usageIdentifierKey } : {}),
  };
}
