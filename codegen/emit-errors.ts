// Exception shapes -> error classes providers throw (`throw new ResourceNotFoundException(msg)`).
// code = the shape name (what the JSON and REST protocols report; the query protocol's
// `error.code`, when a model has one, is looked up by the serializer through ServiceSpec);
// status = the shape's `error.httpStatusCode`, else 500 for a `fault` and 400 otherwise;
// sender = `error.senderFault` when given, else "not a fault". The shape's members other than
// its message are the error's typed `fields`, which serializers write next to the message.
import type { ServiceModel, StructureShape } from "../src/aws/spec/model.js";
import { memberLines, type TypeUsage } from "./emit-types.js";
import { errorFieldsName, typeName } from "./names.js";

export interface ErrorTraits {
  status: number;
  sender: boolean;
}

/** How the model says an exception shape answers on the wire. */
export function errorTraits(shape: StructureShape): ErrorTraits {
  const status = shape.error?.httpStatusCode ?? (shape.fault ? 500 : 400);
  const sender = shape.error?.senderFault ?? !shape.fault;
  return { status, sender };
}

/** The member every exception carries as the Error message ("message" or "Message"). */
export function isMessageMember(member: string): boolean {
  return member.toLowerCase() === "message";
}

/** The names this declares besides the class itself (for the collision check). */
export function errorDeclaredNames(model: ServiceModel, shapeName: string): string[] {
  return hasFields(model.shapes[shapeName] as StructureShape) ? [errorFieldsName(typeName(shapeName))] : [];
}

function hasFields(shape: StructureShape): boolean {
  return Object.keys(shape.members).some((m) => !isMessageMember(m));
}

export function emitErrorClass(model: ServiceModel, shapeName: string, usage: TypeUsage): string {
  const shape = model.shapes[shapeName] as StructureShape;
  const name = typeName(shapeName);
  const { status, sender } = errorTraits(shape);
  const code = JSON.stringify(shapeName);
  if (!hasFields(shape)) {
    return (
      `export class ${name} extends ServiceError {\n` +
      `  constructor(message: string) {\n` +
      `    super(${code}, message, ${status}, { sender: ${sender} });\n` +
      `  }\n}\n`
    );
  }
  const fieldsType = errorFieldsName(name);
  const lines = memberLines(model, shape, usage, isMessageMember);
  const fieldsRequired = (shape.required ?? []).some((m) => !isMessageMember(m));
  const param = fieldsRequired ? `fields: ${fieldsType}` : `fields: ${fieldsType} = {}`;
  // A type alias (not an interface) so that it is assignable to ServiceError's Record<string, unknown>.
  return (
    `export type ${fieldsType} = {\n${lines.join("\n")}\n};\n` +
    `export class ${name} extends ServiceError {\n` +
    `  declare readonly fields: ${fieldsType};\n` +
    `  constructor(message: string, ${param}) {\n` +
    `    super(${code}, message, ${status}, { fields, sender: ${sender} });\n` +
    `  }\n}\n`
  );
}
