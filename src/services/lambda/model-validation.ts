// Lambda validates requests against its model like every Coral service (ValidationException,
// "1 validation error detected: ..."), except runtime names: those it checks itself and answers
// differently (InvalidParameterValueException listing only the runtimes still supported, or its
// deprecation message; for layers, a ValidationException with a newer list than the model's).
// So Lambda gives the edge its own validator (ServiceDefinition.validation): the model's
// constraints on everything but the runtime members, which the provider checks itself.
import { validateInput } from "../../aws/validate.js";
import type { ServiceSpec } from "../../aws/spec/service-spec.js";
import { layerRuntimeViolations } from "./validation.js";

/** Members whose model enum Lambda does not apply (validation.ts and layers.ts check them). */
const SELF_CHECKED = new Set(["Runtime", "CompatibleRuntimes", "CompatibleRuntime"]);

/** List members whose Coral constraint list ends with "Member must not be null" (recorded AWS responses). */
const NOT_NULL_LIST_MEMBERS: ReadonlySet<string> = new Set(["Architecture", "LayerVersionArn"]);

/** The edge's validator for Lambda (ServiceDefinition.validation): the model's constraints but runtimes. */
export function validateLambdaInput(spec: ServiceSpec, operation: string, input: Record<string, unknown>): void {
  const op = spec.operation(operation);
  const shape = op ? spec.inputShape(op) : undefined;
  if (!shape) return;
  let checked = input;
  if (Object.keys(checked).some((k) => SELF_CHECKED.has(k))) {
    checked = { ...checked };
    for (const key of SELF_CHECKED) delete checked[key];
  }
  // PublishLayerVersion reports its runtime list with the model's violations, in one error.
  const extraViolations = operation === "PublishLayerVersion" ? layerRuntimeViolations(input.CompatibleRuntimes as string[] | undefined) : [];
  validateInput(spec, shape, checked, { code: "ValidationException", extraViolations, coralCollections: { notNullListMembers: NOT_NULL_LIST_MEMBERS } });
}
