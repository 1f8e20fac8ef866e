// The operations interface a provider implements (`implements Partial<DynamoDBOperations>`):
// one method per operation, named exactly as AWS names it, taking the request context and the
// parsed input. An operation without an input shape receives an empty object
// (`Record<string, never>`); one without an output shape may resolve to nothing or to `{}`
// (`void | Record<string, never>`), and the serializer writes the protocol's empty response.
import type { ServiceModel } from "../src/aws/spec/model.js";
import { operationsInterfaceName, typeName } from "./names.js";

export const NO_INPUT = "Record<string, never>";
export const NO_OUTPUT = "void | Record<string, never>";

export function emitOperationsInterface(model: ServiceModel): string {
  const lines = Object.keys(model.operations)
    .sort()
    .map((name) => {
      const op = model.operations[name]!;
      const input = op.input ? typeName(op.input.shape) : NO_INPUT;
      const output = op.output ? typeName(op.output.shape) : NO_OUTPUT;
      return `  ${name}(ctx: RequestContext, input: ${input}): Promise<${output}>;`;
    });
  return `export interface ${operationsInterfaceName(model.metadata.serviceId)} {\n${lines.join("\n")}\n}\n`;
}
