// The REST API data plane: answers execute-api requests the way API Gateway does, in AWS's order
// of request processing (https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-develop.html):
//   locate API and stage (canary split) -> route -> payload limit -> authorize -> API key and
//   usage plan -> throttle -> validate -> cache -> integration request -> integration ->
//   integration response -> method response
// Every failure on the way is a GatewayError answered with the API's gateway response. Each
// request leaves an access log line and feeds the stage's metrics.
//
// Known gaps (differences from AWS):
// - No IAM policy engine: AWS_IAM methods check the signature (strict auth) but not
//   execute-api:Invoke; an integration role's policy is not evaluated; the API's resource
//   policy (`policy`) is not enforced; only IAM-authenticated callers may invalidate cache entries.
// - AWS integrations without credentials call the service as the API owner's account.
// - Canary requests are counted in the stage's metrics (flagged in the access log), not as
//   separate canary metrics.
// - Execution logs (stage-execution-log.ts) write the lines real AWS logs show (sources cited in
//   stage-execution-log.ts, api-keys.ts, authorizers/authorizer-log.ts): the execution trace
//   TestInvokeMethod's log has, the Lambda authorizer's steps and the usage plan check. Not
//   written, for want of a recording of AWS's wording: the failure lines for a missing, unknown
//   or disabled API key and for a usage plan's throttle or quota (Nimbus's own reason is logged
//   instead, as for every failure without a recorded line); "API Key ID"; a Lambda authorizer's
//   cached-policy use; COGNITO_USER_POOLS and AWS_IAM steps; "AWS Integration Endpoint RequestId"
//   (the Lambda port does not return Lambda's request id) and "X-ray Tracing ID". Which lines
//   the ERROR level keeps (the failure lines) and that the authorizer's result body is a data
//   trace line are Nimbus's best knowledge. The key in the usage plan lines of a method that
//   requires none is empty, as recorded for requests without one.
// - Cognito user pools: JWTs are verified once a Cognito service supplies the pools' keys
//   (authorizers/cognito.ts); until then such methods answer 500 and say why in the log.
// - Response caches, throttling buckets and authorizer caches are per node (AWS's are per stage).
// - The ignored-invalidation warning header's wording, the 413 message and the invalid stage
//   variable log line are Nimbus's best knowledge, not recorded from AWS.
// - Mutual TLS, client certificates, WAF, VPC links (private integrations) and WebSocket/HTTP
//   APIs (v2) are not served.
import type { HttpRequest, HttpResponse } from "../../../aws/http.js";
import type { CredentialSource } from "../../../aws/identity/credentials.js";
import type { SigningKeyCache } from "../../../aws/sigv4/index.js";
import type { Exchange } from "../../../edge/exchange.js";
import { type ControlPlaneReader, type StageSnapshot } from "../../../services/apigateway/snapshot.js";
import type { Clock } from "../../../shared/clock.js";
import type { Logger } from "../../../shared/logger.js";
import { writeAccessLog } from "./access-log.js";
import { javaMap, redact } from "./execution-log.js";
import type { ExecutionLogSink } from "./execution-log-delivery.js";
import { tracedHttp, tracedLambda } from "./execution-trace.js";
import type { AccessLogSink } from "./access-log-delivery.js";
import { checkApiKey, checkStageThrottle, logUsagePlanSucceeded, logUsagePlanVerification } from "./api-keys.js";
import { authorize, AuthorizerResultCache, needsAuthorization, type AuthorizerDeps, type UserPoolKeys } from "./authorizers/index.js";
import { ControlPlaneCache } from "./control-plane-cache.js";
import { cannotBeCustomDomain, resolveCustomDomain } from "./custom-domains.js";
import { GatewayError, gatewayErrors } from "./gateway-error.js";
import { gatewayResponse } from "./gateway-responses.js";
import type { HeaderMap } from "./header-map.js";
import { newExtendedRequestId, newTraceId } from "./ids.js";
import type { MethodResponse } from "./integration-response.js";
import { runIntegration, type IntegrationDeps } from "./integrations/run.js";
import { anonymousIdentity, type Invocation } from "./invocation.js";
import { hostName, invokeTarget, routeSegments, type InvokeTarget } from "./invoke-url.js";
import type { StageMetrics } from "./metrics.js";
import { RequestHeaders } from "./request-headers.js";
import { ResponseCache } from "./response-cache.js";
import { routeMethodSetting } from "./method-setting.js";
import { validateRequest } from "./request-validation.js";
import { matchRoute } from "./router.js";
import { executionLogSettings, loggedHeaders, StageExecutionLog, stageLogsExecutions } from "./stage-execution-log.js";
import { TokenBuckets } from "./throttling.js";

/** API Gateway's payload limit for REST APIs. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export interface RestDataPlaneDeps extends IntegrationDeps {
  /** API Gateway's control-plane reader, once its provider has started. */
  reader(): Promise<ControlPlaneReader>;
  clock: Clock;
  logger: Logger;
  metrics: StageMetrics;
  /** [0, 1): decides canary requests. */
  random(): number;
  /** AWS_IAM methods: who an access key is, and whether signatures are verified (strict auth). */
  credentials: CredentialSource;
  strictAuth: boolean;
  signingKeys?: SigningKeyCache;
  /** COGNITO_USER_POOLS authorizers: the user pools' keys. */
  userPools: UserPoolKeys;
  /** Stages with accessLogSettings: their access log lines, to CloudWatch Logs (access-log-delivery.ts). */
  accessLogs?: AccessLogSink;
  /** Stages whose methods log executions: their lines, to CloudWatch Logs (execution-log-delivery.ts). */
  executionLogs?: ExecutionLogSink;
}

export class RestDataPlane {
  private cacheReady?: Promise<ControlPlaneCache>;
  /** The control-plane view once built. */
  private readyCache?: ControlPlaneCache;
  private readonly buckets: TokenBuckets;
  private readonly authorizerResults: AuthorizerResultCache;
  private readonly responses: ResponseCache;

  private readonly authorizerDeps: AuthorizerDeps;

  /** Public for TestInvokeMethod (test-invoke.ts), which runs integrations with the same ports. */
  constructor(readonly deps: RestDataPlaneDeps) {
    this.buckets = new TokenBuckets(deps.clock);
    this.authorizerResults = new AuthorizerResultCache(deps.clock);
    this.responses = new ResponseCache(deps.clock);
    this.authorizerDeps = {
      lambda: deps.lambda,
      iam: { credentials: deps.credentials, strict: deps.strictAuth, clock: deps.clock, ...(deps.signingKeys ? { signingKeys: deps.signingKeys } : {}) },
      userPools: deps.userPools,
      results: this.authorizerResults,
    };
  }

  /** The control-plane view, built on first use (it starts API Gateway's provider). */
  cache(): Promise<ControlPlaneCache> {
    this.cacheReady ??= this.deps.reader().then((reader) => {
      reader.onCacheFlush((scope, apiId, stageName, what) => {
        const stageKey = `${scope.accountId}/${apiId}/${stageName}`;
        if (what === "authorizers") this.authorizerResults.flush(stageKey);
        else this.responses.flush(stageKey);
      });
      return (this.readyCache = new ControlPlaneCache(reader, this.deps.clock));
    });
    this.cacheReady.catch(() => (this.cacheReady = undefined));
    return this.cacheReady;
  }

  /** Releases outgoing connections (on node stop). */
  close(): void {
    void this.deps.accessLogs?.flush();
    this.deps.http.close();
  }

  get metrics(): StageMetrics {
    return this.deps.metrics;
  }

  /** Whether a request is for an API: execute-api URLs at once, custom domain hosts by look-up. */
  matches(req: HttpRequest): boolean | Promise<boolean> {
    if (invokeTarget(req)) return true;
    const host = hostName(req);
    if (cannotBeCustomDomain(host)) return false;
    return this.cache().then(async (cache) => (cache.domainNamesIfFresh() ?? (await cache.domainNames())).has(host));
  }

  async handle(req: HttpRequest, exchange: Exchange): Promise<HttpResponse> {
    // Fresh cached answers are taken without awaiting (each await is a turn of the microtask queue).
    const cache = this.readyCache ?? (await this.cache());
    const target = invokeTarget(req) ?? (await resolveCustomDomain(req, cache));
    const now = this.deps.clock.now();
    const scope = target && (cache.apiScopeIfFresh(target.apiId, now) ?? (await cache.apiScope(target.apiId)));
    const served = scope && (cache.stageIfFresh(scope, target.apiId, target.stageName, now) ?? (await cache.stage(scope, target.apiId, target.stageName)));
    if (!target || !scope || !served || (target.viaExecuteApi && served.deployment.api.disableExecuteApiEndpoint)) {
      return forbidden(exchange.requestId);
    }
    const inv = this.invocation(req, exchange, target, scope, served);
    if (this.deps.executionLogs && stageLogsExecutions(served.stage)) {
      inv.executionLog = new StageExecutionLog(inv.requestId, this.deps.clock);
      inv.executionLog.add(`Extended Request Id: ${inv.extendedRequestId}`);
    }
    let answer: MethodResponse;
    let viaGateway = false;
    try {
      answer = await this.process(inv, cache);
    } catch (err) {
      const error = err instanceof GatewayError ? err : gatewayErrors.internal(`Execution failed due to an internal error: ${(err as Error).message}`);
      if (!(err instanceof GatewayError)) this.deps.logger.error({ reqId: inv.requestId, err }, "execute-api request failed unexpectedly");
      else if (error.detail) this.deps.logger.info({ reqId: inv.requestId, apiId: target.apiId, stage: target.stageName, type: error.type }, error.detail);
      inv.executionLog?.errorUnlessReported(error.detail ?? error.errorMessage ?? error.type);
      answer = gatewayResponse(inv, error, this.deps.mapping, this.deps.logger);
      viaGateway = true;
    }
    return this.finish(inv, answer, viaGateway);
  }

  private invocation(req: HttpRequest, exchange: Exchange, target: InvokeTarget, scope: { accountId: string; region: string }, served: StageSnapshot): Invocation {
    const canary = served.canary;
    const isCanary = canary !== undefined && canary.settings.percentTraffic > 0 && this.deps.random() * 100 < canary.settings.percentTraffic;
    const headers = RequestHeaders.from(req);
    const socket = exchange.raw?.socket;
    const remote = socket?.remoteAddress ?? "127.0.0.1";
    return {
      requestId: exchange.requestId,
      extendedRequestId: newExtendedRequestId(),
      receivedAt: exchange.receivedAt,
      startedHr: exchange.startedHr,
      request: req,
      headers,
      target,
      traceId: headers.get("x-amzn-trace-id") ?? newTraceId(exchange.receivedAt),
      // AWS serves execute-api over HTTPS only, so what its front door forwards always says
      // https/443; code written for AWS (redirects on X-Forwarded-Proto) expects exactly that.
      scheme: "https",
      localPort: 443,
      nodeEndpoint: nodeEndpointOf(socket, req),
      scope,
      served,
      deployment: isCanary ? canary!.deployment : served.deployment,
      stageVariables: isCanary ? canary!.variables : served.variables,
      isCanary,
      httpMethod: req.method.toUpperCase(),
      identity: anonymousIdentity(remote.startsWith("::ffff:") ? remote.slice(7) : remote, headers.get("user-agent")),
    };
  }

  private async process(inv: Invocation, cache: ControlPlaneCache): Promise<MethodResponse> {
    if (inv.request.body.length > MAX_PAYLOAD_BYTES) throw gatewayErrors.requestTooLarge();
    const route = matchRoute(inv.deployment, inv.httpMethod, routeSegments(inv.target.rest));
    if (!route) throw gatewayErrors.missingAuthToken();
    inv.route = route;
    const log = inv.executionLog;
    if (log) log.settle(executionLogSettings(routeMethodSetting(inv.served.stage, route.resource, inv.httpMethod)));
    // Open methods skip the two steps' promises altogether (each await is a microtask turn).
    // The execution log follows AWS's order: authorizer, usage plan check, then the method request.
    if (needsAuthorization(route.method)) await authorize(inv, this.authorizerDeps);
    if (log) logUsagePlanVerification(inv, log);
    if (route.method.apiKeyRequired) await checkApiKey(inv, cache, this.buckets);
    checkStageThrottle(inv, this.buckets);
    if (log) {
      logUsagePlanSucceeded(inv, log);
      logMethodRequest(inv, log);
    }
    validateRequest(inv);
    const cached = this.responses.lookup(inv);
    if (cached.store) inv.cacheHit = cached.hit !== undefined;
    let answer: MethodResponse;
    if (cached.hit) {
      inv.cacheHit = true;
      answer = cached.hit;
    } else {
      answer = await runIntegration(inv, log ? this.tracedDeps(inv, log) : this.deps);
      cached.store?.(answer);
    }
    if (log) {
      if (log.tracing) {
        log.trace(`Method response body after transformations: ${answer.body.toString("utf8")}`);
        log.trace(`Method response headers: ${javaMap(loggedHeaders(answer.headers.entries()))}`);
      }
      log.add("Successfully completed execution");
    }
    if (cached.warning) answer.headers.set("Warning", cached.warning);
    return answer;
  }

  /** The integration ports, wrapped so the endpoint request and response land in the execution log. */
  private tracedDeps(inv: Invocation, log: StageExecutionLog): RestDataPlaneDeps {
    return {
      ...this.deps,
      lambda: tracedLambda(this.deps.lambda, log, inv.target.apiId, inv.traceId, () => this.deps.clock.now()),
      http: tracedHttp(this.deps.http, log),
    };
  }

  /** The method response as the client receives it, with API Gateway's own headers; logged and counted. */
  private finish(inv: Invocation, answer: MethodResponse, viaGateway: boolean): HttpResponse {
    const headers: HeaderMap = answer.headers;
    headers.set("Content-Length", String(answer.body.length));
    headers.set("x-amzn-RequestId", inv.requestId);
    headers.set("x-amz-apigw-id", inv.extendedRequestId);
    const type = inv.route?.method.methodIntegration?.type;
    // Recorded from AWS (test_invocation_trace_id, header remapping tests): the trace id comes back
    // from HTTP, AWS and AWS_PROXY integrations, not from MOCK, HTTP_PROXY or gateway responses.
    if (!viaGateway && (type === "HTTP" || type === "AWS" || type === "AWS_PROXY") && !headers.has("x-amzn-trace-id")) headers.set("X-Amzn-Trace-Id", inv.traceId);
    const latencyMs = Number(process.hrtime.bigint() - inv.startedHr) / 1e6;
    this.deps.metrics.record(
      { accountId: inv.scope.accountId, region: inv.scope.region, apiId: inv.target.apiId, stage: inv.served.stage.stageName },
      inv.receivedAt,
      // One object literal of one shape (absent values undefined, which record() reads as absent).
      { status: answer.status, latencyMs, integrationLatencyMs: inv.integrationLatencyMs, cacheHit: inv.cacheHit },
    );
    writeAccessLog(this.deps.logger, inv, answer.status, answer.body.length, latencyMs);
    if (inv.served.stage.accessLogSettings) this.deps.accessLogs?.deliver(inv, { status: answer.status, responseLength: answer.body.length, latencyMs });
    if (inv.executionLog) this.deliverExecutionLog(inv, inv.executionLog, answer.status);
    return { status: answer.status, headers: headers.toRecord(), body: answer.body };
  }

  private deliverExecutionLog(inv: Invocation, log: StageExecutionLog, status: number): void {
    log.completed(status);
    // The method's own setting once routed; a request that found no method, the stage-wide "*/*".
    const settings = log.settingsOr(executionLogSettings(inv.served.stage.methodSettings["*/*"]));
    if (settings) this.deps.executionLogs?.deliver(inv, log, settings);
  }
}

/**
 * The method request lines, as TestInvokeMethod's log words them (test-invoke.ts); a request with
 * an API key has "API Key: {redacted}" after the HTTP method (deployed stages' logs of 2016 in a
 * public log parser's fixtures).
 */
function logMethodRequest(inv: Invocation, log: StageExecutionLog): void {
  log.add(`Starting execution for request: ${inv.requestId}`);
  log.add(`HTTP Method: ${inv.httpMethod}, Resource Path: ${inv.target.eventPath}`);
  if (inv.apiKey) log.add(`API Key: ${redact(inv.apiKey.value)}`);
  log.add(`Method request path: ${javaMap(Object.entries(inv.route?.pathParams ?? {}))}`);
  log.add(`Method request query string: ${javaMap(Object.entries(inv.request.query).map(([k, v]) => [k, v.join(",")] as const))}`);
  if (!log.tracing) return;
  log.trace(`Method request headers: ${javaMap(loggedHeaders(inv.headers.entries()))}`);
  log.trace(`Method request body before transformations: ${inv.request.body.toString("utf8")}`);
}

type LocalSocket = { localAddress?: string; localPort?: number; encrypted?: boolean };

/** Each connection's endpoint, written once for all the requests it carries (keep-alive). */
const socketEndpoints = new WeakMap<LocalSocket, string>();

/** http://{address}:{port} of the listener the request arrived on. */
function nodeEndpointOf(socket: LocalSocket | undefined, req: HttpRequest): string {
  if (!socket?.localAddress || !socket.localPort) return `http://${req.headers["host"] ?? "localhost"}`;
  let endpoint = socketEndpoints.get(socket);
  if (endpoint === undefined) socketEndpoints.set(socket, (endpoint = listenerEndpoint(socket.localAddress, socket.localPort, socket.encrypted === true)));
  return endpoint;
}

function listenerEndpoint(localAddress: string, localPort: number, encrypted: boolean): string {
  let address = localAddress.startsWith("::ffff:") ? localAddress.slice(7) : localAddress;
  if (address.includes(":")) address = `[${address}]`;
  return `${encrypted ? "https" : "http"}://${address}:${localPort}`;
}

/** What API Gateway answers for a stage that does not exist (or an execute-api endpoint turned off). */
function forbidden(requestId: string): HttpResponse {
  return {
    status: 403,
    headers: { "Content-Type": "application/json", "x-amzn-RequestId": requestId, "x-amzn-ErrorType": "ForbiddenException" },
    body: JSON.stringify({ message: "Forbidden" }),
  };
}
