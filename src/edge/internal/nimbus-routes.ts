// Nimbus's own routes under /_nimbus/:
//   GET  /_nimbus/health            version, uptime, each service and its state
//   POST /_nimbus/reset[?service=x] wipe all state (or one service's) without a restart
import { ServiceError } from "../../aws/errors.js";
import type { HttpRequest, HttpResponse } from "../../aws/http.js";
import type { EdgeEnv, InternalRoute } from "../env.js";

const json = (status: number, body: unknown): HttpResponse => ({
  status,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

export const healthRoute: InternalRoute = {
  name: "health",
  matches: (req) => req.path === "/_nimbus/health" && (req.method === "GET" || req.method === "HEAD"),
  handle(_req, env) {
    const running = env.services.states();
    const services: Record<string, string> = {};
    for (const entry of env.catalog.entries) services[entry.name] = running[entry.name] ?? "unimplemented";
    return json(200, {
      status: "ok",
      version: env.version,
      uptimeSeconds: Math.round((env.clock.now() - env.startedAt) / 1000),
      auth: env.config.auth,
      store: env.storeLocation,
      services,
    });
  },
};

export const resetRoute: InternalRoute = {
  name: "reset",
  matches: (req) => req.path === "/_nimbus/reset" && req.method === "POST",
  async handle(req: HttpRequest, env: EdgeEnv) {
    const service = req.query["service"]?.[0] ?? serviceFromBody(req);
    if (service !== undefined && !env.services.has(service)) {
      return json(400, { error: "UnknownService", message: `Nimbus has no provider for service '${service}'.` });
    }
    const reset = await env.services.reset(service);
    return json(200, { reset });
  },
};

function serviceFromBody(req: HttpRequest): string | undefined {
  if (req.body.length === 0) return undefined;
  try {
    const body = JSON.parse(req.body.toString("utf8")) as { service?: unknown };
    return typeof body.service === "string" ? body.service : undefined;
  } catch {
    throw new ServiceError("SerializationException", "The reset body must be JSON such as {\"service\": \"sqs\"}.", 400);
  }
}

export const nimbusRoutes: readonly InternalRoute[] = [healthRoute, resetRoute];
