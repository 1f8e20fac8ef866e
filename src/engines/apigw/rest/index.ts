// The REST API data plane (execute-api), built from a node's edge environment.
//   const plane = createRestDataPlane(env);         // in nimbus.ts
//   env.internalRoutes.push(restApiRoute(plane));   // answers before AWS service detection
import type { EdgeEnv, InternalRoute } from "../../../edge/env.js";
import { InternalClient } from "../../../internal/client.js";
import type { ApiGatewayProvider } from "../../../services/apigateway/provider.js";
import { MappingTemplateEngine } from "../mapping/index.js";
import { RestDataPlane, type RestDataPlaneDeps } from "./data-plane.js";
import { NodeHttpClient } from "./integrations/http-client.js";
import { LambdaServiceInvoker } from "./integrations/lambda-service-invoker.js";
import { InMemoryStageMetrics } from "./metrics.js";

export { RestDataPlane, type RestDataPlaneDeps } from "./data-plane.js";
export type { LambdaInvoker, LambdaInvocation, LambdaResult } from "./integrations/lambda-invoker.js";
export { LambdaInvokeError } from "./integrations/lambda-invoker.js";
export type { HttpClient } from "./integrations/http-client.js";
export type { StageMetrics, StageKey, MetricTotals } from "./metrics.js";

export function createRestDataPlane(env: EdgeEnv, overrides: Partial<RestDataPlaneDeps> = {}): RestDataPlane {
  const internal = new InternalClient(env);
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
    ...overrides,
  });
}

export function restApiRoute(plane: RestDataPlane): InternalRoute {
  return {
    name: "apigateway-rest",
    matches: (req) => plane.matches(req),
    handle: (req, _env, exchange) => plane.handle(req, exchange),
  };
}
