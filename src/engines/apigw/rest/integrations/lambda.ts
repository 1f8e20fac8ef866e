// Lambda integrations: AWS_PROXY (the proxy event in, the proxy output out) and AWS with a
// Lambda URI (the mapped body in, the function's result through the integration response).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-integrations.html
// - API Gateway calls Lambda with POST only; another integration method fails with 500 (Lambda
//   refuses it; recorded test_lambda_aws_proxy_integration_non_post_method);
// - the function ARN may carry ${stageVariables.x} (name or alias); a value that does not make a
//   valid ARN fails the request with 500 and "Invalid stage variable value" in the log;
// - X-Amz-Invocation-Type: 'Event' mapped in the integration request invokes asynchronously;
// - a function error fails a proxy integration with 502; for AWS integrations its errorMessage
//   selects the integration response.
import { gatewayErrors } from "../gateway-error.js";
import { HeaderMap } from "../header-map.js";
import { renderStageVariables, type IntegrationRequest } from "../integration-request.js";
import type { EndpointResponse, MethodResponse } from "../integration-response.js";
import type { Invocation } from "../invocation.js";
import type { IntegrationRecord } from "../../../../services/apigateway/records.js";
import type { SnapshotResource } from "../../../../services/apigateway/snapshot.js";
import { stringifiedJsonBytes } from "../../../../shared/json-bytes.js";
import { functionArnOfUri, LambdaInvokeError, parseFunctionArn, type LambdaInvoker, type LambdaResult } from "./lambda-invoker.js";
import { lambdaProxyResponse } from "./lambda-proxy-response.js";
import { proxyEventJson } from "./proxy-event-json.js";

/** The integration credentials meaning "pass the caller's own identity through". */
export const CALLER_CREDENTIALS = "arn:aws:iam::*:user/*";

/** arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}{resourcePath}: what Lambda permissions' SourceArn name. */
export function executeApiArn(inv: Invocation): string {
  const resource = inv.route?.resource;
  if (!resource) return sourceArnOf(inv, "/");
  // One string per route (kept with its resource: deployments are immutable), so the invoker's
  // grant cache finds it without hashing a new string each request.
  const kept = sourceArns.get(resource);
  if (kept && kept.region === inv.scope.region && kept.accountId === inv.scope.accountId && kept.apiId === inv.target.apiId && kept.stage === inv.served.stage.stageName && kept.method === inv.httpMethod) {
    return kept.arn;
  }
  const arn = sourceArnOf(inv, resource.path);
  sourceArns.set(resource, { region: inv.scope.region, accountId: inv.scope.accountId, apiId: inv.target.apiId, stage: inv.served.stage.stageName, method: inv.httpMethod, arn });
  return arn;
}

const sourceArns = new WeakMap<SnapshotResource, { region: string; accountId: string; apiId: string; stage: string; method: string; arn: string }>();

function sourceArnOf(inv: Invocation, resourcePath: string): string {
  return `arn:aws:execute-api:${inv.scope.region}:${inv.scope.accountId}:${inv.target.apiId}/${inv.served.stage.stageName}/${inv.httpMethod}${resourcePath}`;
}

/** The function's result; configuration errors (bad ARN, method, missing permission) as GatewayErrors. */
function invokeFunction(
  inv: Invocation,
  integration: IntegrationRecord,
  request: IntegrationRequest,
  payload: Buffer,
  lambda: LambdaInvoker,
  timeoutMs: number,
): Promise<LambdaResult> {
  const functionArn = functionArnOfUri(request.uri);
  if (!functionArn) throw gatewayErrors.configuration(`Execution failed due to configuration error: Invalid Lambda function URI: ${request.uri}`);
  if (!parseFunctionArn(functionArn)) {
    const stageVariable = (integration.uri ?? "").includes("${stageVariables.");
    throw gatewayErrors.configuration(
      stageVariable
        ? `Execution failed due to configuration error: Invalid stage variable value: ${functionArn}. Please use a valid value.`
        : `Execution failed due to configuration error: Invalid function ARN or invalid uri: ${functionArn}`,
    );
  }
  if ((integration.httpMethod ?? "POST").toUpperCase() !== "POST") {
    throw gatewayErrors.integrationFailure("Execution failed due to configuration error: Lambda integrations must use the POST method (Lambda answered 403)");
  }
  const credentials = integration.credentials ? renderStageVariables(integration.credentials, inv.stageVariables) : undefined;
  const invocationType = request.headers.get("x-amz-invocation-type")?.replace(/'/g, "").trim() === "Event" ? "Event" : "RequestResponse";
  const call = lambda.invoke({
    scope: inv.scope,
    functionArn,
    payload,
    sourceArn: executeApiArn(inv),
    ...(credentials && credentials !== CALLER_CREDENTIALS ? { credentials } : credentials === CALLER_CREDENTIALS && inv.identity.userArn ? { credentials: inv.identity.userArn } : {}),
    invocationType,
    requestId: inv.requestId,
    endpoint: inv.nodeEndpoint,
  });
  return withinTimeout(call, timeoutMs);
}

/**
 * The call's outcome (a function that cannot be run is a configuration error), or the integration
 * timeout once timeoutMs pass first (the call then runs on, its outcome ignored). One promise and
 * one timer per call, not a timer promise raced against it (a measured share of the data plane's
 * per-request work).
 */
function withinTimeout<T>(call: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(gatewayErrors.integrationTimeout()), timeoutMs);
    call.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof LambdaInvokeError ? gatewayErrors.configuration(`Execution failed due to configuration error: ${err.message}`) : err);
      },
    );
  });
}

export async function invokeLambdaProxy(
  inv: Invocation,
  integration: IntegrationRecord,
  request: IntegrationRequest,
  lambda: LambdaInvoker,
  timeoutMs: number,
): Promise<MethodResponse> {
  const event = stringifiedJsonBytes(proxyEventJson(inv));
  const result = await invokeFunction(inv, integration, request, event, lambda, timeoutMs);
  inv.integrationStatus = result.statusCode;
  if (result.functionError) {
    throw gatewayErrors.integrationFailure(`Lambda execution failed with status 200 due to customer function error: ${errorMessageOf(result.payload)}`, 502);
  }
  if (result.statusCode === 202) return { status: 200, headers: jsonHeaders(), body: Buffer.alloc(0) };
  return lambdaProxyResponse(result.payload, inv.headers.get("accept"), inv.deployment.api.binaryMediaTypes);
}

export async function invokeLambdaAws(
  inv: Invocation,
  integration: IntegrationRecord,
  request: IntegrationRequest,
  lambda: LambdaInvoker,
  timeoutMs: number,
): Promise<EndpointResponse> {
  const payload = request.body.length === 0 ? Buffer.from("{}") : request.body;
  const result = await invokeFunction(inv, integration, request, payload, lambda, timeoutMs);
  inv.integrationStatus = result.statusCode;
  return {
    status: result.statusCode,
    headers: jsonHeaders(),
    body: result.payload,
    ...(result.functionError ? { errorMessage: errorMessageOf(result.payload) } : {}),
  };
}

function jsonHeaders(): HeaderMap {
  const headers = new HeaderMap();
  headers.set("Content-Type", "application/json");
  return headers;
}

/** A function error's errorMessage (the text selection patterns match). */
function errorMessageOf(payload: Buffer): string {
  try {
    const parsed = JSON.parse(payload.toString("utf8")) as { errorMessage?: unknown };
    return typeof parsed?.errorMessage === "string" ? parsed.errorMessage : payload.toString("utf8");
  } catch {
    return payload.toString("utf8");
  }
}
