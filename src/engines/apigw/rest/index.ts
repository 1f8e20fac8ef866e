// The REST API data plane (execute-api), built from a node's edge environment. nimbus.ts loads
// this module lazily through route.ts (LazyRestApis) on the first execute-api request.
import type { EdgeEnv } from "../../../edge/env.js";
import { InternalClient } from "../../../internal/client.js";
import type { ApiGatewayProvider } from "../../../services/apigateway/provider.js";
import { MappingTemplateEngine } from "../mapping/index.js";
import type { JSONWebKeySet } from "jose";
import type { UserPoolKeys } from "./authorizers/index.js";
import { LogBatcher } from "../../../services/lambda/log-batcher.js";
import { logsIngest } from "../../../services/logs/ingest.js";
import { AccessLogDelivery } from "./access-log-delivery.js";
import { RestDataPlane, type RestDataPlaneDeps } from "./data-plane.js";
import { ExecutionLogDelivery } from "./execution-log-delivery.js";
import { NodeHttpClient } from "./integrations/http-client.js";
import { LambdaServiceInvoker } from "./integrations/lambda-service-invoker.js";
import { InMemoryStageMetrics } from "./metrics.js";

export { RestDataPlane, type RestDataPlaneDeps } from "./data-plane.js";
export type { LambdaInvoker, LambdaInvocation, LambdaResult } from "./integrations/lambda-invoker.js";
export { LambdaInvokeError } from "./integrations/lambda-invoker.js";
export type { HttpClient } from "./integrations/http-client.js";
export type { StageMetrics, StageKey, MetricTotals } from "./metrics.js";
export type { UserPoolKeys } from "./authorizers/index.js";

export function createRestDataPlane(env: EdgeEnv, overrides: Partial<RestDataPlaneDeps> = {}): RestDataPlane {
  const internal = new InternalClient(env);
  const logs = cloudWatchLogBatcher(env);
  return new RestDataPlane({
    async reader() {
      const provider = (await env.services.get("apigateway")) as ApiGatewayProvider | undefined;
      if (!provider) throw new Error("API Gateway is not available");
      return provider.dataPlane;
    },
    clock: env.clock,
    logger: env.logger,
    mapping: new MappingTemplateEngine(),
    http: new NodeHttpClient(),
    lambda: new LambdaServiceInvoker(internal, env.clock),
    internal,
    catalog: env.catalog,
    metrics: new InMemoryStageMetrics(),
    random: Math.random,
    credentials: env.credentials,
    strictAuth: env.config.auth === "strict",
    signingKeys: env.signingKeys,
    userPools: serviceUserPools(env),
    // One batcher for both: flushing the access logs (node stop) writes the execution logs too.
    accessLogs: new AccessLogDelivery(logs),
    executionLogs: new ExecutionLogDelivery(logs),
    ...overrides,
  });
}

/** Access and execution log lines go to CloudWatch Logs through its in-process ingest API, in batches. */
function cloudWatchLogBatcher(env: EdgeEnv): LogBatcher {
  return new LogBatcher(
    async (batches) => (await logsIngest(env.services)).appendBatches(batches),
    (err, logGroups) => env.logger.warn({ err, logGroups }, "apigateway: access or execution log lines could not be stored"),
  );
}

/**
 * User pool keys from Nimbus's Cognito service, once there is one: it is asked for a pool's JWKS
 * through a `userPoolJwks(userPoolArn)` method. Until then no pool is known.
 */
function serviceUserPools(env: EdgeEnv): UserPoolKeys {
  return {
    async keys(userPoolArn) {
      if (!env.services.has("cognito-idp")) return undefined;
      const cognito = (await env.services.get("cognito-idp")) as { userPoolJwks?: (arn: string) => Promise<JSONWebKeySet | undefined> } | undefined;
      return cognito?.userPoolJwks?.(userPoolArn);
    },
  };
}
