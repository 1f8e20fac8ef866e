// One access log line per execute-api request, with the fields of API Gateway's CLF-like
// default access log format ($context.identity.sourceIp, requestTime, httpMethod, resourcePath,
// status, protocol, responseLength, requestId) plus latency, integration latency and whether the
// answer came from the cache. https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
import type { Logger } from "../../../shared/logger.js";
import { requestTime, type Invocation } from "./invocation.js";

export function writeAccessLog(logger: Logger, inv: Invocation, status: number, responseLength: number, latencyMs: number): void {
  // Not built at all when its level is off (--log-level warn, the benchmarks' setting).
  if (!logger.isLevelEnabled(status >= 500 ? "warn" : "info")) return;
  const line = {
    reqId: inv.requestId,
    apiId: inv.target.apiId,
    stage: inv.served.stage.stageName,
    ...(inv.isCanary ? { canary: true } : {}),
    ip: inv.identity.sourceIp,
    time: requestTime(inv.receivedAt),
    method: inv.httpMethod,
    resource: inv.route?.resource.path,
    path: inv.target.contextPath,
    status,
    len: responseLength,
    ms: Math.round(latencyMs * 1000) / 1000,
    ...(inv.integrationLatencyMs !== undefined ? { intMs: Math.round(inv.integrationLatencyMs * 1000) / 1000 } : {}),
    ...(inv.cacheHit !== undefined ? { cache: inv.cacheHit ? "hit" : "miss" } : {}),
    ...(inv.apiKey ? { apiKeyId: inv.apiKey.id } : {}),
    ...(inv.error ? { err: inv.error.type } : {}),
  };
  if (status >= 500) logger.warn(line, "execute-api");
  else logger.info(line, "execute-api");
}
