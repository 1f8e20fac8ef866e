// Stage 10: one structured line per AWS call: service, operation, status, latency, request id.
import type { EdgeEnv } from "../env.js";
import type { Exchange } from "../exchange.js";

export function log(ex: Exchange, env: EdgeEnv): void {
  const status = ex.response?.status ?? 0;
  // At the default level (warn and up) only 5xx answers are logged: the others cost nothing.
  if (!env.logger.isLevelEnabled(status >= 500 ? "warn" : ex.service ? "info" : "debug")) return;
  const ms = Number(process.hrtime.bigint() - ex.startedHr) / 1e6;
  if (!ex.service) {
    env.logger.debug({ reqId: ex.requestId, method: ex.http?.method, path: ex.http?.path, status, ms }, "request");
    return;
  }
  // Not built at all when its level is off (--log-level warn).
  if (!env.logger.isLevelEnabled(status >= 500 ? "warn" : "info")) return;
  const line = {
    reqId: ex.requestId,
    svc: ex.service.name,
    op: ex.operation?.name,
    status,
    ms: Math.round(ms * 1000) / 1000,
    acct: ex.caller?.accountId,
    region: ex.region,
    err: ex.error?.code,
    ...(ex.origin ? { via: ex.origin, caller: ex.caller?.arn } : {}),
  };
  if (status >= 500) env.logger.warn(line, "aws call");
  else env.logger.info(line, "aws call");
}
