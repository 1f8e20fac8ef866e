// What the edge's stages share: configuration, clock, logger, the services and the
// internal routes. Built once per server by src/edge/server.ts.
import type { HttpRequest, HttpResponse } from "../aws/http.js";
import type { CredentialSource } from "../aws/identity/credentials.js";
import type { SigningKeyCache } from "../aws/sigv4/index.js";
import type { ServiceCatalog } from "../aws/spec/catalog.js";
import type { NimbusConfig } from "../config/schema.js";
import type { ServiceManager } from "../services/manager.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import type { Exchange } from "./exchange.js";

/** A route Nimbus answers itself rather than as an AWS API call (health, Runtime API, execute-api). */
export interface InternalRoute {
  name: string;
  /** Cheap and synchronous for most routes; a route may answer a promise when it must look something up (custom domain hosts). */
  matches(req: HttpRequest): boolean | Promise<boolean>;
  /** `exchange` carries what HttpRequest does not: the request id, the socket (client address, TLS), timing. */
  handle(req: HttpRequest, env: EdgeEnv, exchange: Exchange): Promise<HttpResponse> | HttpResponse;
}

export interface EdgeEnv {
  config: NimbusConfig;
  clock: Clock;
  logger: Logger;
  services: ServiceManager;
  catalog: ServiceCatalog;
  credentials: CredentialSource;
  /** Derived SigV4 signing keys, reused across requests in strict mode. */
  signingKeys: SigningKeyCache;
  internalRoutes: InternalRoute[];
  version: string;
  /** Where state lives, for /_nimbus/health. */
  storeLocation: string;
  /** Epoch ms when the server started (for uptime). */
  startedAt: number;
}
