// What every API Gateway operation module is built from (injected by provider.ts).
import type { Clock } from "../../shared/clock.js";
import type { ApiRepository } from "./api-repository.js";
import type { ApiGatewayStore } from "./store.js";
import type { DomainStore } from "./store-domains.js";
import type { UsageStore } from "./store-usage.js";

export interface ControlPlaneDeps {
  store: ApiGatewayStore;
  apis: ApiRepository;
  usage: UsageStore;
  domains: DomainStore;
  clock: Clock;
}
