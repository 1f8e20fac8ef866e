// Stage 8: call provider[OperationName](ctx, input). An operation the provider does not
// implement, or a service with no provider at all, answers NotImplemented (never a fake success).
import { NotImplementedError } from "../../aws/errors.js";
import type { OperationHandler } from "../../services/types.js";
import type { EdgeEnv } from "../env.js";
import type { Exchange } from "../exchange.js";

export async function dispatch(ex: Exchange, env: EdgeEnv): Promise<void> {
  const service = ex.spec!.name;
  const opName = ex.operation!.name;
  const provider = (env.services.started(service) ?? (await env.services.get(service))) as Record<string, unknown> | undefined;
  const handler = provider?.[opName];
  if (typeof handler !== "function") throw new NotImplementedError(ex.spec!.metadata.serviceId, opName);
  const output = await (handler as OperationHandler).call(provider, ex.ctx!, ex.input!);
  ex.output = (output ?? {}) as Record<string, unknown>;
}
