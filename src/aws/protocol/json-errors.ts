// The JSON body of an error, shared by awsJson1_0/1_1 and restJson1: the message under the
// key the error shape declares ("Message" or "message"), then the shape's other members.
import type { ServiceError } from "../errors.js";
import type { StructureShape } from "../spec/model.js";
import type { JsonCodec } from "./json-codec.js";

/**
 * Coral's own errors, which no service model declares, write "Message" for a
 * SerializationException and "message" otherwise (as DynamoDB and Kinesis answer).
 */
function defaultMessageKey(code: string): string {
  return code === "SerializationException" ? "Message" : "message";
}

export function messageKeyOf(shape: StructureShape | undefined, code: string): string {
  if (shape) {
    if (Object.hasOwn(shape.members, "Message")) return "Message";
    if (Object.hasOwn(shape.members, "message")) return "message";
  }
  return defaultMessageKey(code);
}

/** Writes the message and modelled fields of `error` into `body` (which may hold __type). */
export function writeJsonErrorMembers(
  body: Record<string, unknown>,
  codec: JsonCodec,
  shape: StructureShape | undefined,
  error: ServiceError,
): Record<string, unknown> {
  const messageKey = messageKeyOf(shape, error.code);
  if (error.message) body[messageKey] = error.message;
  if (shape) {
    const fields = { ...error.fields };
    delete fields[messageKey];
    Object.assign(body, codec.writeStructure(shape, fields, true));
  } else {
    for (const [key, value] of Object.entries(error.fields)) if (key !== messageKey) body[key] = value;
  }
  return body;
}
