// Stage 7: the input against the model's constraints, with the service's own error code.
// Skipped for operations without a provider method: those answer NotImplemented.
import { validateInput } from "../../aws/validate.js";
import type { EdgeEnv } from "../env.js";
import type { Exchange } from "../exchange.js";

export function validate(ex: Exchange, env: EdgeEnv): void | Promise<void> {
  const provider = env.services.started(ex.spec!.name);
  if (!provider) return env.services.get(ex.spec!.name).then((p) => check(ex, env, p));
  check(ex, env, provider);
}

function check(ex: Exchange, env: EdgeEnv, provider: unknown): void {
  const definition = env.services.definition(ex.spec!.name);
  if (!definition || definition.validation === "provider") return;
  if (typeof (provider as Record<string, unknown> | undefined)?.[ex.operation!.name] !== "function") return;
  const shape = ex.spec!.inputShape(ex.operation!);
  if (!shape) return;
  const validation = definition.validation;
  if (validation && "validate" in validation) validation.validate(ex.spec!, ex.operation!.name, ex.input!);
  else validateInput(ex.spec!, shape, ex.input!, { code: validation?.code ?? "ValidationException" });
}
