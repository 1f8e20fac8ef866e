// Lambda validates requests against its model like every Coral service (ValidationException,
// "1 validation error detected: ..."), except runtime names: those it checks itself and answers
// differently (InvalidParameterValueException listing only the runtimes still supported, or its
// deprecation message; for layers, a ValidationException with a newer list than the model's).
// So the edge leaves Lambda's validation to the provider (validation: "provider"), which applies
// the model's constraints here to everything but the runtime members, then its own checks.
import { validateInput } from "../../aws/validate.js";
import { loadServiceSpec } from "../../aws/spec/loader.js";
import type { ServiceSpec } from "../../aws/spec/service-spec.js";
import { layerRuntimeViolations } from "./validation.js";

/** Members whose model enum Lambda does not apply (validation.ts and layers.ts check them). */
const SELF_CHECKED = new Set(["Runtime", "CompatibleRuntimes", "CompatibleRuntime"]);

/** List members whose Coral constraint list ends with "Member must not be null" (recorded AWS responses). */
const NOT_NULL_LIST_MEMBERS: ReadonlySet<string> = new Set(["Architecture", "LayerVersionArn"]);

export class ModelValidator {
  private spec: ServiceSpec | undefined;

  /** Throws the ValidationException the model's constraints call for, if any. */
  check(operation: string, input: unknown): void {
    this.spec ??= loadServiceSpec("lambda");
    const op = this.spec.operation(operation);
    const shape = op ? this.spec.inputShape(op) : undefined;
    if (!shape || typeof input !== "object" || input === null) return;
    let checked = input as Record<string, unknown>;
    if (Object.keys(checked).some((k) => SELF_CHECKED.has(k))) {
      checked = { ...checked };
      for (const key of SELF_CHECKED) delete checked[key];
    }
    // PublishLayerVersion reports its runtime list with the model's violations, in one error.
    const extraViolations = operation === "PublishLayerVersion" ? layerRuntimeViolations((input as { CompatibleRuntimes?: string[] }).CompatibleRuntimes) : [];
    validateInput(this.spec, shape, checked, { code: "ValidationException", extraViolations, coralCollections: { notNullListMembers: NOT_NULL_LIST_MEMBERS } });
  }
}
