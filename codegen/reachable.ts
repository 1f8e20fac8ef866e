// Which shapes of a model get a named TypeScript declaration: every structure and string enum
// reachable from an operation's input, output or errors, plus every exception shape (each gets
// an error class even when no operation lists it). Scalars, lists and maps are inlined where
// they are used, which keeps the generated files small.
import type { ServiceModel, Shape, ShapeRef } from "../src/aws/spec/model.js";

/** Whether a shape is emitted as a named declaration rather than inlined. */
export function isNamedShape(shape: Shape): boolean {
  if (shape.type === "structure") return !shape.document;
  return shape.type === "string" && shape.enum !== undefined;
}

/** The named shapes the generated file declares, sorted by shape name. */
export function reachableNamedShapes(model: ServiceModel): string[] {
  const seen = new Set<string>();
  const pending: string[] = [];
  const visit = (ref: ShapeRef | undefined) => {
    if (ref && !seen.has(ref.shape)) {
      seen.add(ref.shape);
      pending.push(ref.shape);
    }
  };
  for (const name of Object.keys(model.operations).sort()) {
    const op = model.operations[name]!;
    visit(op.input);
    visit(op.output);
    for (const error of op.errors ?? []) visit(error);
  }
  for (const [name, shape] of Object.entries(model.shapes)) {
    if (shape.type === "structure" && shape.exception) visit({ shape: name });
  }
  while (pending.length > 0) {
    const name = pending.pop()!;
    const shape = model.shapes[name];
    if (!shape) throw new Error(`shape ${name} is referenced but not in the model`);
    if (shape.type === "structure") for (const member of Object.values(shape.members)) visit(member);
    else if (shape.type === "list") visit(shape.member);
    else if (shape.type === "map") {
      visit(shape.key);
      visit(shape.value);
    }
  }
  return [...seen].filter((name) => isNamedShape(model.shapes[name]!)).sort();
}
