// How Java values behave in Velocity 1.7, for values represented in JavaScript:
//   String -> string, Integer/Long -> integral number, Double -> number, Boolean -> boolean,
//   null -> null (undefined is treated as null), List -> Array (JsonList for JSON arrays),
//   Map -> JavaMap, Map.Entry -> MapEntry, API Gateway's own objects -> HostObject.
// Known gap: a Double with an integral value (1.0) is indistinguishable from the Integer 1 and
// prints as "1"; JSON numbers past 2^53 lose precision.
import { isJavaMap, JavaMap, JsonList, MapEntry, type MapOrder } from "./java-collections.js";

/** The "no applicable method" outcome of a call: Velocity 1.7 logs it and yields null. */
export const NO_METHOD: unique symbol = Symbol("no-such-method");

/** An object with Java methods and bean properties ($input, $util, $foreach). */
export interface HostObject {
  readonly hostName: string;
  /** A bean property ($x.name): undefined when the object has none. */
  property?(name: string): unknown;
  /** A method call ($x.name(args)): NO_METHOD when the object has no such method, undefined for a void one. */
  call(name: string, args: unknown[]): unknown;
}

export function isHostObject(value: unknown): value is HostObject {
  return typeof value === "object" && value !== null && typeof (value as HostObject).hostName === "string";
}

export function isNullish(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** Double.toString(double): plain notation in [1e-3, 1e7), else computerized scientific ("1.0E7"). */
export function javaDoubleToString(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  if (n === 0) return Object.is(n, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(n);
    return s.includes(".") ? s : `${s}.0`;
  }
  const [mantissa, exponent] = n.toExponential().split("e") as [string, string];
  const m = mantissa.includes(".") ? mantissa : `${mantissa}.0`;
  return `${m}E${exponent.startsWith("+") ? exponent.slice(1) : exponent}`;
}

/** String.valueOf(number) for the number kinds templates see: longs print plainly, doubles as Java does. */
export function javaNumberToString(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e19) return BigInt(n).toString();
  return javaDoubleToString(n);
}

/** Object.toString() of a value inside a collection (String.valueOf: null prints "null"). */
function elementToString(value: unknown, seen: Set<unknown>): string {
  if (isNullish(value)) return "null";
  if (seen.has(value)) return Array.isArray(value) ? "(this Collection)" : "(this Map)";
  return javaToString(value, seen);
}

/** Object.toString() as Java would print the value. */
export function javaToString(value: unknown, seen: Set<unknown> = new Set()): string {
  if (isNullish(value)) return "null";
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      return javaNumberToString(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
  }
  if (value instanceof JsonList) return toJsonText(value);
  if (Array.isArray(value)) {
    seen.add(value);
    const text = `[${value.map((v) => elementToString(v, seen)).join(", ")}]`;
    seen.delete(value);
    return text;
  }
  if (isJavaMap(value)) {
    if (value.printsEmpty) return "";
    seen.add(value);
    const text = `{${value.entryList().map((e) => `${elementToString(e.key, seen)}=${elementToString(e.value, seen)}`).join(", ")}}`;
    seen.delete(value);
    return text;
  }
  if (value instanceof MapEntry) return `${elementToString(value.key, seen)}=${elementToString(value.value, seen)}`;
  if (isHostObject(value)) return value.hostName;
  return String(value);
}

/** What a reference renders as. API Gateway renders a null reference as "" (not as its literal text). */
export function renderValue(value: unknown): string {
  return isNullish(value) ? "" : javaToString(value);
}

/** Compact JSON text of a value (json-smart style: no whitespace). */
export function toJsonText(value: unknown): string {
  if (isNullish(value)) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? javaNumberToString(value) : "null";
    case "boolean":
      return value ? "true" : "false";
  }
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
  if (isJavaMap(value)) return `{${value.entryList().map((e) => `${JSON.stringify(javaToString(e.key))}:${toJsonText(e.value)}`).join(",")}}`;
  if (value instanceof MapEntry) return `{${JSON.stringify(javaToString(value.key))}:${toJsonText(value.value)}}`;
  return JSON.stringify(javaToString(value));
}

/** Converts parsed JSON (or any plain JS data) into template values: objects become maps in the given order. */
export function fromPlainValue(value: unknown, order: MapOrder, jsonLists = true): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const list: unknown[] = jsonLists ? new JsonList() : [];
    for (const item of value) list.push(fromPlainValue(item, order, jsonLists));
    return list;
  }
  if (isJavaMap(value) || value instanceof MapEntry || isHostObject(value)) return value;
  const map = new JavaMap(order);
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) map.put(k, fromPlainValue(v, order, jsonLists));
  return map;
}

/** Converts a template value back into plain JS data (for overrides handed back to the data plane). */
export function toPlainValue(value: unknown): unknown {
  if (isNullish(value)) return null;
  if (Array.isArray(value)) return value.map(toPlainValue);
  if (isJavaMap(value)) {
    const out: Record<string, unknown> = {};
    for (const e of value.entryList()) out[javaToString(e.key)] = toPlainValue(e.value);
    return out;
  }
  return value;
}

/**
 * Velocity 1.7 truthiness (ASTReference.evaluate): null and false are false; everything else,
 * including "", 0 and empty collections, is true.
 */
export function isTruthy(value: unknown): boolean {
  return !(isNullish(value) || value === false);
}

/** Object.equals for the value kinds templates hold (lists and maps compare by content). */
export function javaEquals(a: unknown, b: unknown): boolean {
  if (isNullish(a) || isNullish(b)) return isNullish(a) && isNullish(b);
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => javaEquals(v, b[i]));
  if (isJavaMap(a) && isJavaMap(b)) {
    if (a.size !== b.size) return false;
    return a.keys().every((k) => b.containsKey(k) && javaEquals(a.get(k), b.get(k)));
  }
  return a === b;
}

/**
 * Velocity 1.7's `==` (ASTEQNode): numbers compare by value, objects of the same class with
 * equals(), objects of different classes by their toString().
 */
export function velocityEquals(a: unknown, b: unknown): boolean {
  if (isNullish(a) || isNullish(b)) return isNullish(a) && isNullish(b);
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (sameJavaClass(a, b)) return javaEquals(a, b);
  return javaToString(a) === javaToString(b);
}

function sameJavaClass(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (typeof a !== "object") return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b);
  return Object.getPrototypeOf(a) === Object.getPrototypeOf(b);
}

/** A Java int argument: integral numbers only (Velocity 1.7 does not convert strings to ints). */
export function toJavaInt(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}
