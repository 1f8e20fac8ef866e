// Stage 7: the input against the model's constraints, with the service's own error code.
// Skipped for operations without a provider method: those answer NotImplemented.
import { validateInput } from "../../aws/validate.js";
import type { EdgeEnv } from "../env.js";
import type { Exchange } from "../exchange.js";

export async function validate(ex: Exchange, env: EdgeEnv): Promise<void> {
  const provider = await env.services.get(ex.spec!.name);
  const definition = env.services.definition(ex.spec!.name);
  if (!definition || definition.validation === "provider") return;
  if (typeof (provider as Record<string, unknown> | undefined)?.[ex.operation!.name] !== "function") return;
  const shape = ex.spec!.inputShape(ex.operation!);
  if (!shape) return;
  const validation = definition.validation;
  if (validation && "validate" in validation) validation.validate(ex.spec!, ex.operation!.name, ex.input!);
  else validateInput(ex.spec!, shape, ex.input!, { code: validation?.code ?? "ValidationException" });
}
