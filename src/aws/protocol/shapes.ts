// Small look-ups over model shapes that every codec shares. botocore merges a member
// reference's serialization traits over its target shape's; these helpers do the same.
import { errors, ServiceError } from "../errors.js";
import type { Shape, ShapeRef, StructureShape, TimestampFormat } from "../spec/model.js";
import type { ServiceSpec } from "../spec/service-spec.js";
import { formatTimestamp, parseTimestamp } from "./timestamps.js";

export function timestampFormatOf(ref: ShapeRef | undefined, shape: Shape, fallback: TimestampFormat): TimestampFormat {
  return ref?.timestampFormat ?? shape.timestampFormat ?? fallback;
}

export function isFlattened(ref: ShapeRef | undefined, shape: Shape): boolean {
  return ref?.flattened ?? shape.flattened ?? false;
}

/** Whether a shape is a number type that the wire writes as a JSON number. */
export function isNumericShape(shape: Shape): boolean {
  switch (shape.type) {
    case "integer":
    case "long":
    case "float":
    case "double":
    case "short":
    case "byte":
    case "bigdecimal":
    case "biginteger":
      return true;
    default:
      return false;
  }
}

export function isIntegral(shape: Shape): boolean {
  return shape.type === "integer" || shape.type === "long" || shape.type === "short" || shape.type === "byte" || shape.type === "biginteger";
}

/** Bytes from any value a provider may hand back for a blob. */
export function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === "string") return Buffer.from(value, "utf8");
  throw new TypeError(`expected bytes, got ${typeof value}`);
}

/** A Date from a provider value (a Date per the conventions; numbers and strings tolerated). */
export function toDate(value: unknown): Date {
  const date = parseTimestamp(value, "iso8601");
  if (!date) throw new TypeError(`expected a timestamp, got ${String(value)}`);
  return date;
}

export function timestampText(value: unknown, format: TimestampFormat): string {
  return String(formatTimestamp(toDate(value), format));
}

/** Text for a scalar in a query string, header or XML element. */
export function scalarText(shape: Shape, value: unknown, timestampFormat: TimestampFormat): string {
  switch (shape.type) {
    case "timestamp":
      return timestampText(value, timestampFormat);
    case "blob":
      return toBuffer(value).toString("base64");
    case "float":
    case "double":
      return floatText(value as number);
    default:
      return String(value);
  }
}

/** Smithy writes the non-finite floats as the strings NaN, Infinity and -Infinity. */
export function floatText(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  return String(value);
}

/**
 * Reads a scalar that arrived as text (query strings, headers, labels, form fields, XML).
 * `fail` builds the protocol's own error for a value that does not fit the shape.
 */
export function scalarFromText(
  shape: Shape,
  text: string,
  timestampFormat: TimestampFormat,
  fail: (detail: string) => ServiceError,
): unknown {
  switch (shape.type) {
    case "string":
    case "character":
      return text;
    case "boolean":
      if (text === "true") return true;
      if (text === "false") return false;
      throw fail(`'${text}' can not be converted to an Boolean`);
    case "integer":
    case "long":
    case "short":
    case "byte":
    case "biginteger": {
      const n = text.trim() === "" ? NaN : Number(text);
      if (!Number.isInteger(n)) throw fail(`'${text}' can not be converted to an ${javaName(shape)}`);
      return n;
    }
    case "float":
    case "double":
    case "bigdecimal": {
      if (text === "NaN") return NaN;
      if (text === "Infinity") return Infinity;
      if (text === "-Infinity") return -Infinity;
      const n = text.trim() === "" ? NaN : Number(text);
      if (Number.isNaN(n)) throw fail(`'${text}' can not be converted to an ${javaName(shape)}`);
      return n;
    }
    case "timestamp": {
      const date = parseTimestamp(text, timestampFormat);
      if (!date) throw fail(`'${text}' can not be converted to a Timestamp`);
      return date;
    }
    case "blob":
      return Buffer.from(text, "base64");
    default:
      throw fail(`'${text}' can not be converted to a ${shape.type}`);
  }
}

/** The Java type names AWS's (Coral) deserializers put in their messages. */
export function javaName(shape: Shape): string {
  switch (shape.type) {
    case "integer":
    case "short":
    case "byte":
      return "Integer";
    case "long":
    case "biginteger":
      return "Long";
    case "float":
      return "Float";
    case "double":
    case "bigdecimal":
      return "Double";
    case "boolean":
      return "Boolean";
    case "string":
    case "character":
      return "String";
    default:
      return shape.type;
  }
}

/** A 400 SerializationException: how AWS's JSON services reject a body they cannot read. */
export function serializationError(message: string): ServiceError {
  return errors.serialization(message);
}

/** The error shape (and its name) a ServiceError stands for, when the model has it. */
export function modelledError(spec: ServiceSpec, code: string): { name: string; shape: StructureShape } | undefined {
  const name = spec.errorShapeName(code);
  return name ? { name, shape: spec.shape(name) as StructureShape } : undefined;
}

/** The HTTP status of an error: the thrower's, else the model's, else 400 (500 for faults). */
export function errorStatus(error: ServiceError, shape: StructureShape | undefined): number {
  if (error.status !== undefined) return error.status;
  if (shape?.error?.httpStatusCode) return shape.error.httpStatusCode;
  return shape?.fault ? 500 : 400;
}

/** Whether the client caused the error (query's Sender) or AWS did (Receiver). */
export function isSenderFault(error: ServiceError, shape: StructureShape | undefined): boolean {
  if (error.status === undefined && shape) {
    if (shape.error?.senderFault !== undefined) return shape.error.senderFault;
    if (shape.fault) return false;
  }
  return error.sender;
}
