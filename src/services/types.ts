// A service is a provider: an object whose methods are named exactly as the AWS operations
// they implement (`async CreateQueue(ctx, input)`), built by a ServiceDefinition from injected
// dependencies. Operations the provider lacks answer NotImplemented; lifecycle methods are
// lower-case so they can never collide with an operation name.
import type { RequestContext } from "../aws/context.js";
import type { ServiceSpec } from "../aws/spec/service-spec.js";
import type { NimbusConfig } from "../config/schema.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import type { Store } from "../storage/types.js";
import type { RestApiTester } from "./apigateway/test-invoke-port.js";

export interface ServiceDeps {
  config: NimbusConfig;
  store: Store;
  clock: Clock;
  logger: Logger;
  /**
   * The other services, for in-process calls between them (Lambda writing function logs to
   * CloudWatch Logs, say). Filled in by the ServiceManager; absent when a provider is built alone.
   */
  services?: ServiceLookup;
  /**
   * API Gateway's REST data plane, which the edge owns, for TestInvokeMethod and
   * TestInvokeAuthorizer (built on first use). Absent when a provider is built alone.
   */
  restApiTester?: () => Promise<RestApiTester>;
}

/** Finds (and starts on first use) another service's provider. */
export interface ServiceLookup {
  get(service: string): Promise<object | undefined>;
}

/** Throws the service's validation error for an operation's parsed input. */
export type InputValidator = (spec: ServiceSpec, operation: string, input: Record<string, unknown>) => void;

export type OperationHandler = (ctx: RequestContext, input: any) => Promise<unknown> | unknown;

export interface Lifecycle {
  /** Called once before the first request (open the store, start background work). */
  start?(): Promise<void>;
  /** Called on shutdown: stop background work, close handles. */
  stop?(): Promise<void>;
  /** Wipe all state (POST /_nimbus/reset). */
  reset?(): Promise<void>;
}

export type Provider = Lifecycle & object;

/**
 * How the registry names a service without loading its code: `load` imports the provider
 * module on the service's first request, so start-up costs nothing per service.
 */
export interface LazyServiceDefinition {
  name: string;
  load(): Promise<ServiceDefinition>;
}

export interface ServiceDefinition {
  /** The model key under models/, e.g. "sts". */
  name: string;
  create(deps: ServiceDeps): Provider;
  /**
   * How the edge validates inputs against the model before dispatch: with the given error
   * code (default ValidationException; query services such as STS use ValidationError), not
   * at all ("provider") when the service words its validation errors itself, or with the
   * service's own validator (API Gateway's front end words and orders violations its own way).
   */
  validation?: "provider" | { code: string } | { validate: InputValidator };
}
