// Assembles one Nimbus node: store, services, edge. Used by the CLI and by tests, which
// start a node on port 0 with an in-memory store and a fake clock when they need one.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { SERVICE_CATALOG } from "./aws/generated/catalog.js";
import type { CredentialSource } from "./aws/identity/credentials.js";
import { SigningKeyCache } from "./aws/sigv4/index.js";
import { ServiceCatalog } from "./aws/spec/catalog.js";
import { MODELS_DIR } from "./aws/spec/loader.js";
import { parseConfig, type NimbusConfig } from "./config/schema.js";
import { nimbusRoutes } from "./edge/internal/nimbus-routes.js";
import type { RestDataPlaneDeps } from "./engines/apigw/rest/index.js";
import { LazyRestApis } from "./engines/apigw/rest/route.js";
import type { EdgeEnv } from "./edge/env.js";
import { EdgeServer } from "./edge/server.js";
import { ServiceManager } from "./services/manager.js";
import { lambdaCodeRoute } from "./services/lambda/code-route.js";
import { SERVICE_DEFINITIONS } from "./services/registry.js";
import type { StsCredentialLookup } from "./services/sts/provider.js";
import { systemClock, type Clock } from "./shared/clock.js";
import { createLogger, type Logger } from "./shared/logger.js";
import { openStore } from "./storage/open-store.js";
import type { Store } from "./storage/types.js";

export const NIMBUS_VERSION: string = JSON.parse(readFileSync(join(MODELS_DIR, "..", "package.json"), "utf8")).version;

export interface NimbusNode {
  config: NimbusConfig;
  store: Store;
  services: ServiceManager;
  env: EdgeEnv;
  /** Where the node listens, e.g. http://127.0.0.1:4566. */
  endpoint: string;
  address: AddressInfo;
  /** API Gateway's REST data plane (execute-api): its metrics, for the console and tests. */
  restApis: LazyRestApis;
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /** Replaces parts of the REST data plane (tests: a Lambda invoker, a deterministic canary draw). */
  restApis?: Partial<RestDataPlaneDeps>;
}

export async function startNimbus(input: Partial<Record<keyof NimbusConfig, unknown>>, options: StartOptions = {}): Promise<NimbusNode> {
  const config = parseConfig(input);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = await openStore({ dataDir: config.dataDir, inMemory: config.inMemory, url: config.store, logger });
  // The REST data plane (restApis, below) is built on first use, so the closure never runs before it exists.
  const services = new ServiceManager(SERVICE_DEFINITIONS, { config, store, clock, logger, restApiTester: () => restApis.tester() });
  const credentials: CredentialSource = {
    // Only STS-issued temporary keys (ASIA...) need a look-up; other keys map by rule.
    lookup(accessKeyId) {
      if (!accessKeyId.startsWith("ASIA")) return undefined;
      return services.get("sts").then((sts) => (sts as unknown as StsCredentialLookup).lookupCredential(accessKeyId));
    },
  };
  const env: EdgeEnv = {
    config,
    clock,
    logger,
    services,
    catalog: new ServiceCatalog(SERVICE_CATALOG),
    credentials,
    signingKeys: new SigningKeyCache(),
    internalRoutes: [...nimbusRoutes, lambdaCodeRoute],
    version: NIMBUS_VERSION,
    storeLocation: store.location,
    startedAt: clock.now(),
  };
  const restApis = new LazyRestApis(async () => (await import("./engines/apigw/rest/index.js")).createRestDataPlane(env, options.restApis));
  env.internalRoutes.push(restApis.route());
  const server = new EdgeServer(env);
  let address: AddressInfo;
  try {
    address = await server.listen(config.port, config.host);
  } catch (err) {
    await store.close();
    throw err;
  }
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    config,
    store,
    services,
    env,
    endpoint: `http://${host}:${address.port}`,
    address,
    restApis,
    async stop() {
      await server.close(config.shutdownGraceMs);
      restApis.close();
      await services.stop();
      await store.close();
    },
  };
}
