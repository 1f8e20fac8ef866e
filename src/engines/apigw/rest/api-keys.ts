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
import type { ThrottleSettings } from "../../../aws/generated/apigateway.js";
import type { ControlPlaneCache } from "./control-plane-cache.js";
import { gatewayErrors } from "./gateway-error.js";
import type { Invocation } from "./invocation.js";
import { routeMethodSetting } from "./method-setting.js";
import type { TokenBuckets } from "./throttling.js";

export async function checkApiKey(inv: Invocation, cache: ControlPlaneCache, buckets: TokenBuckets): Promise<void> {
  if (!inv.route!.method.apiKeyRequired) return;
  const source = inv.deployment.api.apiKeySource === "AUTHORIZER" ? inv.identity.apiKey : inv.headers.get("x-api-key");
  if (!source) throw gatewayErrors.forbidden("API Key not found in the request");
  const key = await cache.apiKey(inv.scope, source);
  if (!key || !key.enabled) throw gatewayErrors.forbidden(key ? "API Key is disabled" : "Invalid API Key identifier specified");
  const plan = await cache.planForKey(inv.scope, inv.target.apiId, inv.served.stage.stageName, key.id);
  if (!plan) throw gatewayErrors.forbidden(`API Key ${key.id} is not authorized for stage ${inv.served.stage.stageName}`);
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
  if (!buckets.take(key, limits)) throw gatewayErrors.throttled();
}
