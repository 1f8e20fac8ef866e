// Shapes -> TypeScript types, following the value conventions of src/aws/protocol/types.ts:
//   structure -> interface (members optional unless listed in `required`; a union structure is
//                an interface whose members are all optional: the validator enforces "exactly one")
//   list -> T[]          map -> Record<string, T>        document / jsonvalue -> unknown
//   string -> string     string enum -> union of its literals (exact: see below)
//   integer/long/float/double -> number   boolean -> boolean   timestamp -> Date
//   blob -> Buffer; a streaming blob (S3 Body, Lambda BlobStream) -> Buffer | Readable
//   event stream -> AsyncIterable<the stream's union of events>
//   exception structure -> its generated error class
//
// Enums are exact unions on inputs and outputs alike: the validator rejects values outside the
// enum before a provider sees them, and providers should only ever answer values AWS can answer.
// A provider holding a plain string from storage narrows it once (`as Status`) where it reads it.
import type { ServiceModel, Shape, ShapeRef, StructureShape } from "../src/aws/spec/model.js";
import { propertyKey, typeName } from "./names.js";

/** What a file's emitted types need imported. */
export interface TypeUsage {
  readable: boolean;
}

/** The TypeScript type of a value of the shape a member (or list/map element) refers to. */
export function typeExpression(model: ServiceModel, ref: ShapeRef, usage: TypeUsage, depth = 0): string {
  if (depth > 32) throw new Error(`shape ${ref.shape} nests lists and maps too deeply`);
  if (ref.jsonvalue) return "unknown";
  // apigatewayv2 puts enums on member references to its generic __string shape.
  const refEnum = (ref as { enum?: string[] }).enum;
  if (refEnum) return literalUnion(refEnum);
  const shape = model.shapes[ref.shape];
  if (!shape) throw new Error(`shape ${ref.shape} is referenced but not in the model`);
  switch (shape.type) {
    case "structure":
      if (shape.document) return "unknown";
      if (shape.eventstream) return `AsyncIterable<${typeName(ref.shape)}>`;
      return typeName(ref.shape);
    case "list": {
      const element = typeExpression(model, shape.member, usage, depth + 1);
      return element.includes(" | ") ? `(${element})[]` : `${element}[]`;
    }
    case "map":
      return `Record<string, ${typeExpression(model, shape.value, usage, depth + 1)}>`;
    case "string":
      return shape.enum ? typeName(ref.shape) : "string";
    case "character":
      return "string";
    case "boolean":
      return "boolean";
    case "timestamp":
      return "Date";
    case "blob":
      if (ref.streaming || shape.streaming) {
        usage.readable = true;
        return "Buffer | Readable";
      }
      return "Buffer";
    case "integer":
    case "long":
    case "float":
    case "double":
    case "byte":
    case "short":
    case "bigdecimal":
    case "biginteger":
      return "number";
    default:
      throw new Error(`shape ${ref.shape} has unknown type ${(shape as Shape).type}`);
  }
}

export function literalUnion(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(" | ");
}

/** The lines of an interface body, one member a line, in model order. */
export function memberLines(model: ServiceModel, shape: StructureShape, usage: TypeUsage, skip?: (member: string) => boolean): string[] {
  const required = new Set(shape.required ?? []);
  const lines: string[] = [];
  for (const [member, ref] of Object.entries(shape.members)) {
    if (skip?.(member)) continue;
    const optional = required.has(member) ? "" : "?";
    lines.push(`  ${propertyKey(member)}${optional}: ${typeExpression(model, ref, usage)};`);
  }
  return lines;
}

/** `export interface X { ... }` for a structure, or `export type X = "A" | "B";` for an enum. */
export function emitTypeDeclaration(model: ServiceModel, shapeName: string, usage: TypeUsage): string {
  const shape = model.shapes[shapeName]!;
  const name = typeName(shapeName);
  if (shape.type === "string") return `export type ${name} = ${literalUnion(shape.enum ?? [])};\n`;
  if (shape.type !== "structure") throw new Error(`shape ${shapeName} is not a named shape`);
  const lines = memberLines(model, shape, usage);
  return lines.length === 0 ? `export interface ${name} {}\n` : `export interface ${name} {\n${lines.join("\n")}\n}\n`;
}
