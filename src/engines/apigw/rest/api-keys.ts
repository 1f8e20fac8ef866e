// API keys and usage plans, for methods with apiKeyRequired.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
// - the key comes from the x-api-key header (apiKeySource HEADER) or from the Lambda
//   authorizer's usageIdentifierKey (AUTHORIZER); no key, an unknown or disabled key, or a key in
//   no usage plan of this stage: 403 {"message":"Forbidden"};
// - the plan's throttle (or its per-method override, "/{resourcePath}/{METHOD}") is a token
//   bucket per key: 429 {"message":"Too Many Requests"};
// - the plan's quota (DAY/WEEK/MONTH) counts requests per key: 429 {"message":"Limit Exceeded"};
//   every request let through is counted, and GetUsage reports the counts.
// Stage and method throttling (methodSettings throttlingRateLimit/BurstLimit, "*/*" for every
// method) applies to every request, key or not.
// A stage that logs executions gets the usage plan check's lines, as real execution logs word them
// (public log parsers' fixtures quoting deployed stages' logs of 2016-2019):
//   Verifying Usage Plan for request: {requestId}. API Key: {key} API Stage: {apiId}/{stage}
//   API Key  authorized because method 'ANY /{resource+}' does not require API Key. Request will not contribute to throttle or quota limits
//   Usage Plan check succeeded for API Key {key} and API Stage {apiId}/{stage}
// with the key redacted ("**********************************bMZHBg") or empty when the method
// requires none; a throttled request's "Key throttle limit exceeded for RestApi uwe3g5jm54,
// Stage Prod, Resource k0w8mc, HttpMethod POST. Limit: 1.00 Burst: 1" (a request without a key,
// so the stage's method throttling); and a key in no usage plan of the stage (quoted in public
// notes): "API Key ... not authorized because method 'GET /' requires API Key and API Key is not
// associated with a Usage Plan for API Stage zsuvlqr7nb/prod: No Usage Plan found for key and API Stage".
// Not written, for want of a recording: lines for a missing, unknown or disabled key, and for a
// usage plan's throttle or quota refusing a key (the data plane logs its own reason instead).
import type { ThrottleSettings } from "../../../aws/generated/apigateway.js";
import type { ControlPlaneCache } from "./control-plane-cache.js";
import { redact } from "./execution-log.js";
import { gatewayErrors } from "./gateway-error.js";
import type { Invocation } from "./invocation.js";
import { routeMethodSetting } from "./method-setting.js";
import type { StageExecutionLog } from "./stage-execution-log.js";
import type { TokenBuckets } from "./throttling.js";

export async function checkApiKey(inv: Invocation, cache: ControlPlaneCache, buckets: TokenBuckets): Promise<void> {
  if (!inv.route!.method.apiKeyRequired) return;
  const source = presentedKey(inv);
  if (!source) throw gatewayErrors.forbidden("API Key not found in the request");
  const key = await cache.apiKey(inv.scope, source);
  if (!key || !key.enabled) throw gatewayErrors.forbidden(key ? "API Key is disabled" : "Invalid API Key identifier specified");
  const plan = await cache.planForKey(inv.scope, inv.target.apiId, inv.served.stage.stageName, key.id);
  if (!plan) {
    const route = inv.route!;
    inv.executionLog?.error(
      `API Key ${redact(source)} not authorized because method '${route.method.httpMethod} ${route.resource.path}' requires API Key and API Key is not associated with a Usage Plan for API Stage ${apiStageName(inv)}: No Usage Plan found for key and API Stage`,
    );
    throw gatewayErrors.forbidden(`API Key ${key.id} is not authorized for stage ${inv.served.stage.stageName}`);
  }
  inv.apiKey = key;
  inv.usagePlan = plan;
  inv.identity.apiKey = key.value;
  inv.identity.apiKeyId = key.id;

  const resourcePath = inv.route!.resource.path;
  const apiStage = plan.apiStages.find((s) => s.apiId === inv.target.apiId && s.stage === inv.served.stage.stageName);
  const methodThrottle = apiStage?.throttle?.[`${resourcePath}/${inv.httpMethod}`] ?? apiStage?.throttle?.[`${resourcePath}/${inv.route!.method.httpMethod}`];
  const throttle = methodThrottle ?? plan.throttle;
  if (throttle && !buckets.take(`plan:${plan.id}:${key.id}:${methodThrottle ? `${resourcePath}/${inv.httpMethod}` : "*"}`, throttle)) {
    throw gatewayErrors.throttled();
  }
  if (plan.quota?.limit !== undefined) {
    const remaining = await cache.reader.remainingQuota(inv.scope.accountId, inv.scope.region, plan, key.id, inv.receivedAt);
    if (remaining !== undefined && remaining <= 0) throw gatewayErrors.quotaExceeded();
  }
  await cache.reader.recordUsage(inv.scope.accountId, inv.scope.region, plan.id, key.id, inv.receivedAt);
}

/** The stage's method throttling (methodSettings), a token bucket per stage and method. */
export function checkStageThrottle(inv: Invocation, buckets: TokenBuckets): void {
  const stage = inv.served.stage;
  const setting = routeMethodSetting(stage, inv.route!.resource, inv.route!.method.httpMethod);
  if (!setting || (setting.throttlingRateLimit === undefined && setting.throttlingBurstLimit === undefined)) return;
  const limits: ThrottleSettings = {
    ...(setting.throttlingRateLimit !== undefined ? { rateLimit: setting.throttlingRateLimit } : {}),
    ...(setting.throttlingBurstLimit !== undefined ? { burstLimit: setting.throttlingBurstLimit } : {}),
  };
  const key = `stage:${inv.scope.accountId}:${inv.target.apiId}:${stage.stageName}:${inv.route!.resource.path}:${inv.route!.method.httpMethod}`;
  if (buckets.take(key, limits)) return;
  if (inv.executionLog && limits.rateLimit !== undefined && limits.burstLimit !== undefined) {
    inv.executionLog.error(
      `Key throttle limit exceeded for RestApi ${inv.target.apiId}, Stage ${stage.stageName}, Resource ${inv.route!.resource.id}, HttpMethod ${inv.route!.method.httpMethod}. Limit: ${limits.rateLimit.toFixed(2)} Burst: ${limits.burstLimit}`,
    );
  }
  throw gatewayErrors.throttled();
}

/** The usage plan check's first line, for every request of a stage that logs executions. */
export function logUsagePlanVerification(inv: Invocation, log: StageExecutionLog): void {
  log.add(`Verifying Usage Plan for request: ${inv.requestId}. API Key: ${loggedKey(inv)} API Stage: ${apiStageName(inv)}`);
}

/** The usage plan check passed (the key's checks, or a method that requires no key). */
export function logUsagePlanSucceeded(inv: Invocation, log: StageExecutionLog): void {
  const { method, resource } = inv.route!;
  const key = loggedKey(inv);
  if (!method.apiKeyRequired) {
    log.add(`API Key ${key} authorized because method '${method.httpMethod} ${resource.path}' does not require API Key. Request will not contribute to throttle or quota limits`);
  }
  log.add(`Usage Plan check succeeded for API Key ${key} and API Stage ${apiStageName(inv)}`);
}

/** The API key the request presents, redacted; empty for methods that require none. */
function loggedKey(inv: Invocation): string {
  if (!inv.route!.method.apiKeyRequired) return "";
  const key = inv.apiKey?.value ?? presentedKey(inv);
  return key ? redact(key) : "";
}

function presentedKey(inv: Invocation): string | undefined {
  return inv.deployment.api.apiKeySource === "AUTHORIZER" ? inv.identity.apiKey : inv.headers.get("x-api-key");
}

const apiStageName = (inv: Invocation) => `${inv.target.apiId}/${inv.served.stage.stageName}`;
