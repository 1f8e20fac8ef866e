// JSON bodies <-> values, driven by the model; shared by awsJson1_0/1_1 and restJson1.
// Wire rules: https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html and
// https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html (timestamps as epoch seconds
// unless a timestampFormat trait says otherwise, blobs as base64, non-finite floats as strings).
// A value of the wrong JSON type is a SerializationException worded as AWS's (Coral)
// deserializer words it, e.g. "class java.lang.Boolean can not be converted to an String".
import type { ServiceError } from "../errors.js";
import type { Shape, ShapeRef, StructureShape, TimestampFormat } from "../spec/model.js";
import type { ServiceSpec } from "../spec/service-spec.js";
import { RawJson } from "./raw-json.js";
import { formatTimestamp, parseTimestamp } from "./timestamps.js";
import { floatText, isIntegral, javaName, serializationError, timestampFormatOf, toBuffer, toDate } from "./shapes.js";

export interface JsonCodecOptions {
  /** restJson1 names body members by their jsonName (botocore's locationName); awsJson ignores it. */
  readonly useLocationName: boolean;
}

const START_OF_LIST = "Start of list found where not expected";
const START_OF_MAP = "Start of structure or map found where not expected.";
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Sets an own property even for the key "__proto__", which plain assignment would not. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function javaClassOf(value: unknown): string {
  if (typeof value === "boolean") return "class java.lang.Boolean";
  if (typeof value === "number") return "class com.amazon.coral.value.json.numbers.TruncatingBigNumber";
  return "class java.lang.String";
}

function notConvertible(value: unknown, target: string): ServiceError {
  if (Array.isArray(value)) return serializationError(START_OF_LIST);
  if (typeof value === "object") return serializationError(START_OF_MAP);
  return serializationError(`${javaClassOf(value)} can not be converted to ${target}`);
}

export class JsonCodec {
  /** Wire name -> member name per structure, for restJson1's jsonName renames. */
  private readonly wireNames = new WeakMap<StructureShape, Map<string, string>>();
  /** Set when write() passed a RawJson through since the last takeRaw() (writes are synchronous). */
  private wroteRaw = false;

  constructor(
    private readonly spec: ServiceSpec,
    private readonly options: JsonCodecOptions,
  ) {}

  // ---- reading (request bodies) -------------------------------------------------------------

  /** Reads a JSON object into a structure; `bodyOnly` skips members bound to HTTP (REST). */
  readStructure(shape: StructureShape, json: unknown, bodyOnly = false): Record<string, unknown> {
    if (Array.isArray(json)) throw serializationError(START_OF_LIST);
    if (json === null || typeof json !== "object") throw serializationError("Expected null");
    const out: Record<string, unknown> = {};
    const source = json as Record<string, unknown>;
    const renames = this.options.useLocationName ? this.renamesOf(shape) : undefined;
    for (const wireName of Object.keys(source)) {
      const value = source[wireName];
      if (value === null || value === undefined) continue;
      const name = renames?.get(wireName) ?? wireName;
      if (!Object.hasOwn(shape.members, name)) continue; // AWS ignores members it does not know
      const ref = shape.members[name]!;
      if (bodyOnly && ref.location) continue;
      if (renames && ref.locationName && ref.locationName !== wireName) continue;
      out[name] = this.read(ref, value);
    }
    return out;
  }

  /** readStructure for a nested structure of a codec without renames, copying only on a difference (see read). */
  private readNestedStructure(shape: StructureShape, json: unknown): Record<string, unknown> {
    if (Array.isArray(json)) throw serializationError(START_OF_LIST);
    if (json === null || typeof json !== "object") throw serializationError("Expected null");
    const source = json as Record<string, unknown>;
    const keys = Object.keys(source);
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const name = keys[i]!;
      const value = source[name];
      // AWS ignores members it does not know.
      const read = value === null || value === undefined || !Object.hasOwn(shape.members, name) ? SKIP : this.read(shape.members[name]!, value);
      if (out === undefined && read !== value) out = copyKeys(source, keys, i);
      if (out !== undefined && read !== SKIP) out[name] = read;
    }
    return out ?? source;
  }

  private renamesOf(shape: StructureShape): Map<string, string> {
    let map = this.wireNames.get(shape);
    if (!map) {
      map = new Map();
      for (const [name, ref] of Object.entries(shape.members)) if (!ref.location && ref.locationName) map.set(ref.locationName, name);
      this.wireNames.set(shape, map);
    }
    return map;
  }

  /**
   * A nested value as the input holds it. Structures, lists and maps that are already exactly
   * what reading them gives (no null or unknown member, nothing to convert: a DynamoDB item's
   * attribute values) are returned as JSON.parse made them instead of copied, as writing does:
   * the parsed body belongs to this request alone, and a copy of every attribute value of an
   * item was most of the cost of reading it. A copy starts at the first member that differs.
   * The top-level structure is always a fresh object (REST protocols add HTTP-bound members to it).
   */
  read(ref: ShapeRef, value: unknown): unknown {
    const shape = this.spec.resolve(ref);
    switch (shape.type) {
      case "structure":
        if (shape.document) return value;
        return this.options.useLocationName ? this.readStructure(shape, value) : this.readNestedStructure(shape, value);
      case "list": {
        if (!Array.isArray(value)) {
          if (value !== null && typeof value === "object") throw serializationError(START_OF_MAP);
          throw serializationError("Expected list or null");
        }
        let out: unknown[] | undefined;
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          const read = item === null || item === undefined ? SKIP : this.read(shape.member, item);
          if (out === undefined && read !== item) out = value.slice(0, i);
          if (out !== undefined && read !== SKIP) out.push(read);
        }
        return out ?? value;
      }
      case "map": {
        if (Array.isArray(value)) throw serializationError(START_OF_LIST);
        if (value === null || typeof value !== "object") throw serializationError("Expected map or null");
        const source = value as Record<string, unknown>;
        const keys = Object.keys(source);
        let out: Record<string, unknown> | undefined;
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!;
          const item = source[key];
          const read = item === null || item === undefined ? SKIP : this.read(shape.value, item);
          if (out === undefined && read !== item) out = copyKeys(source, keys, i);
          if (out !== undefined && read !== SKIP) setOwn(out, key, read);
        }
        return out ?? source;
      }
      default:
        return this.readScalar(ref, shape, value);
    }
  }

  private readScalar(ref: ShapeRef, shape: Shape, value: unknown): unknown {
    switch (shape.type) {
      case "string":
      case "character":
        if (typeof value === "string") return value;
        throw notConvertible(value, "an String");
      case "boolean":
        if (typeof value === "boolean") return value;
        if (typeof value === "string") throw serializationError(`'${value}' can not be converted to an Boolean`);
        throw notConvertible(value, "an Boolean");
      case "integer":
      case "long":
      case "short":
      case "byte":
      case "biginteger":
      case "float":
      case "double":
      case "bigdecimal":
        if (typeof value === "number") return isIntegral(shape) ? Math.trunc(value) : value;
        if (!isIntegral(shape) && (value === "NaN" || value === "Infinity" || value === "-Infinity")) return Number(value);
        throw notConvertible(value, `an ${javaName(shape)}`);
      case "timestamp": {
        if (typeof value === "number" || typeof value === "string") {
          const date = parseTimestamp(value, timestampFormatOf(ref, shape, "unixTimestamp"));
          if (date) return date;
          throw serializationError(`'${String(value)}' can not be converted to a Timestamp`);
        }
        throw notConvertible(value, "a Timestamp");
      }
      case "blob":
        if (typeof value !== "string") throw notConvertible(value, "a Blob");
        if (value.length % 4 !== 0) {
          throw serializationError(`'${value}' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: ${value.length}`);
        }
        if (!BASE64.test(value)) {
          const bad = [...value].find((c) => !/[A-Za-z0-9+/=]/.test(c)) ?? "=";
          throw serializationError(`'${value}' can not be converted to a Blob: Invalid Base64 character: '${bad}'`);
        }
        return Buffer.from(value, "base64");
      default:
        return value;
    }
  }

  // ---- writing (response bodies) ------------------------------------------------------------

  /** Whether the values written since the last call held a RawJson (stringify them with stringifyWithRaw). */
  takeRaw(): boolean {
    const raw = this.wroteRaw;
    this.wroteRaw = false;
    return raw;
  }

  /** A structure value as a JSON-ready object; `bodyOnly` leaves out HTTP-bound members. */
  writeStructure(shape: StructureShape, value: Record<string, unknown>, bodyOnly = false): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of Object.keys(value)) {
      const item = value[name];
      if (item === null || item === undefined || !Object.hasOwn(shape.members, name)) continue;
      const ref = shape.members[name]!;
      if (bodyOnly && ref.location) continue;
      const wireName = this.options.useLocationName && ref.locationName ? ref.locationName : name;
      out[wireName] = this.write(ref, item);
    }
    return out;
  }

  /**
   * A value as JSON-ready data. Nested structures, lists and maps that are already exactly what
   * they would be written as (plain objects and arrays, no null or unknown members, nothing to
   * convert) are returned as they are, not copied: a DynamoDB item read from the store is
   * already wire-shaped, and copying every attribute value of every item of a Query page
   * dominated the answer's cost. Callers only serialize the result (or copy it), never mutate it.
   */
  private writeNestedStructure(shape: StructureShape, value: Record<string, unknown>): Record<string, unknown> {
    let out: Record<string, unknown> | undefined = isPlainObject(value) ? undefined : {};
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const name = keys[i]!;
      const item = value[name];
      const ref = Object.hasOwn(shape.members, name) ? shape.members[name]! : undefined;
      const wireName = ref && this.options.useLocationName && ref.locationName ? ref.locationName : name;
      const written = item === null || item === undefined || !ref ? SKIP : this.write(ref, item);
      if (out === undefined && (written !== item || wireName !== name)) out = copyKeys(value, keys, i);
      if (out !== undefined && written !== SKIP) out[wireName] = written;
    }
    return out ?? value;
  }

  write(ref: ShapeRef, value: unknown): unknown {
    if (value instanceof RawJson) {
      this.wroteRaw = true;
      return value;
    }
    const shape = this.spec.resolve(ref);
    switch (shape.type) {
      case "structure":
        if (shape.document) return value;
        return this.writeNestedStructure(shape, value as Record<string, unknown>);
      case "list": {
        const list = value as unknown[];
        // A copy is only started at the first element that differs from what is written.
        let out: unknown[] | undefined = Array.isArray(list) ? undefined : [];
        let i = 0;
        for (const item of list) {
          const written = item === null || item === undefined ? SKIP : this.write(shape.member, item);
          if (out === undefined && written !== item) out = list.slice(0, i);
          if (out !== undefined && written !== SKIP) out.push(written);
          i++;
        }
        return out ?? list;
      }
      case "map": {
        const map = value as Record<string, unknown>;
        let out: Record<string, unknown> | undefined = isPlainObject(map) ? undefined : {};
        const keys = Object.keys(map);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!;
          const item = map[key];
          const written = item === null || item === undefined ? SKIP : this.write(shape.value, item);
          if (out === undefined && written !== item) out = copyKeys(map, keys, i);
          if (out !== undefined && written !== SKIP) setOwn(out, key, written);
        }
        return out ?? map;
      }
      case "timestamp":
        return jsonTimestamp(toDate(value), timestampFormatOf(ref, shape, "unixTimestamp"));
      case "blob":
        return toBuffer(value).toString("base64");
      case "float":
      case "double":
        return Number.isFinite(value) ? value : floatText(value as number);
      default:
        return value;
    }
  }
}

function jsonTimestamp(date: Date, format: TimestampFormat): string | number {
  return formatTimestamp(date, format);
}

/** Marks a member or element that is left out of the written value (null, undefined, unknown). */
const SKIP = Symbol("skip");

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A fresh object with the first `count` of `keys` of `source` (all already written as they are). */
function copyKeys(source: Record<string, unknown>, keys: readonly string[], count: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) setOwn(out, keys[i]!, source[keys[i]!]);
  return out;
}
