// The Java methods a template can call on values: java.lang.String, Number, Boolean,
// java.util.List, java.util.Map and Map.Entry. JavaScript values do not carry these methods
// (and some JS namesakes differ: String.replace replaces once, split takes no regex, a JS
// string's "length" is a property), so every call is dispatched through these tables.
// Velocity 1.7 resolves a method by name and argument types; a call that matches no method
// yields null (rendered "" by API Gateway). A Java exception inside a method (an index out of
// range, a bad regex) aborts the render, as MethodInvocationException does.
import { isJavaMap, JavaMap, MapEntry } from "./java-collections.js";
import { compileJavaFullMatch, javaReplace, javaSplit } from "./java-regex.js";
import { MappingTemplateError } from "./errors.js";
import { isHostObject, isNullish, javaEquals, javaNumberToString, javaToString, NO_METHOD, toJavaInt } from "./java-values.js";

export { NO_METHOD };

type Method = (self: never, args: unknown[]) => unknown;
type MethodTable = Record<string, Method>;


function outOfBounds(what: string): MappingTemplateError {
  return new MappingTemplateError("TemplateRender", `java.lang.${what}`);
}

/** Java's String.compareTo: lexicographic on UTF-16 code units. */
function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Java's trim(): strips chars <= U+0020 only. */
function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

function substring(s: string, begin: unknown, end: unknown = s.length): unknown {
  const b = toJavaInt(begin);
  const e = toJavaInt(end);
  if (b === undefined || e === undefined) return NO_METHOD;
  if (b < 0 || e > s.length || b > e) throw outOfBounds(`StringIndexOutOfBoundsException: begin ${b}, end ${e}, length ${s.length}`);
  return s.slice(b, e);
}

const STRING_METHODS: Record<string, (s: string, a: unknown[]) => unknown> = {
  length: (s) => s.length,
  isEmpty: (s) => s.length === 0,
  isBlank: (s) => javaTrim(s).length === 0 && s.trim().length === 0,
  charAt: (s, [i]) => {
    const n = toJavaInt(i);
    if (n === undefined) return NO_METHOD;
    if (n < 0 || n >= s.length) throw outOfBounds(`StringIndexOutOfBoundsException: index ${n}, length ${s.length}`);
    return s[n];
  },
  substring: (s, a) => (a.length === 1 ? substring(s, a[0]) : a.length === 2 ? substring(s, a[0], a[1]) : NO_METHOD),
  subSequence: (s, a) => (a.length === 2 ? substring(s, a[0], a[1]) : NO_METHOD),
  indexOf: (s, [x, from]) => {
    const f = from === undefined ? 0 : toJavaInt(from);
    return typeof x === "string" && f !== undefined ? s.indexOf(x, Math.max(0, f)) : NO_METHOD;
  },
  lastIndexOf: (s, [x, from]) => {
    const f = from === undefined ? Infinity : toJavaInt(from);
    if (typeof x !== "string" || f === undefined) return NO_METHOD;
    return f < 0 ? -1 : s.lastIndexOf(x, f);
  },
  contains: (s, [x]) => (typeof x === "string" ? s.includes(x) : NO_METHOD),
  startsWith: (s, [x, offset]) => {
    const o = offset === undefined ? 0 : toJavaInt(offset);
    if (typeof x !== "string" || o === undefined) return NO_METHOD;
    return o >= 0 && o <= s.length && s.startsWith(x, o);
  },
  endsWith: (s, [x]) => (typeof x === "string" ? s.endsWith(x) : NO_METHOD),
  equals: (s, [x]) => s === x,
  equalsIgnoreCase: (s, [x]) => typeof x === "string" && s.length === x.length && s.toUpperCase().toLowerCase() === x.toUpperCase().toLowerCase(),
  compareTo: (s, [x]) => (typeof x === "string" ? compareStrings(s, x) : NO_METHOD),
  compareToIgnoreCase: (s, [x]) => (typeof x === "string" ? compareStrings(s.toUpperCase().toLowerCase(), x.toUpperCase().toLowerCase()) : NO_METHOD),
  toLowerCase: (s) => s.toLowerCase(),
  toUpperCase: (s) => s.toUpperCase(),
  trim: (s) => javaTrim(s),
  strip: (s) => s.trim(),
  stripLeading: (s) => s.trimStart(),
  stripTrailing: (s) => s.trimEnd(),
  concat: (s, [x]) => (typeof x === "string" ? s + x : NO_METHOD),
  // String.replace(CharSequence, CharSequence) replaces every literal occurrence.
  replace: (s, [a, b]) => (typeof a === "string" && typeof b === "string" ? s.split(a).join(b) : NO_METHOD),
  replaceAll: (s, [re, rep]) => (typeof re === "string" && typeof rep === "string" ? javaReplace(s, re, rep, true) : NO_METHOD),
  replaceFirst: (s, [re, rep]) => (typeof re === "string" && typeof rep === "string" ? javaReplace(s, re, rep, false) : NO_METHOD),
  matches: (s, [re]) => (typeof re === "string" ? compileJavaFullMatch(re).test(s) : NO_METHOD),
  split: (s, [re, limit]) => {
    const l = limit === undefined ? 0 : toJavaInt(limit);
    return typeof re === "string" && l !== undefined ? javaSplit(s, re, l) : NO_METHOD;
  },
  repeat: (s, [n]) => {
    const count = toJavaInt(n);
    if (count === undefined) return NO_METHOD;
    if (count < 0) throw new MappingTemplateError("TemplateRender", `java.lang.IllegalArgumentException: count is negative: ${count}`);
    return s.repeat(count);
  },
  toString: (s: string) => s,
  hashCode: (s) => {
    let h = 0;
    for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
    return h;
  },
  toCharArray: (s) => [...s],
  intern: (s) => s,
};

function listIndex(list: unknown[], i: unknown, inclusiveEnd = false): number {
  const n = toJavaInt(i);
  if (n === undefined) throw outOfBounds(`IllegalArgumentException: not an index: ${javaToString(i)}`);
  if (n < 0 || n > list.length || (!inclusiveEnd && n === list.length)) {
    throw outOfBounds(`IndexOutOfBoundsException: Index ${n} out of bounds for length ${list.length}`);
  }
  return n;
}

const LIST_METHODS: Record<string, (l: unknown[], a: unknown[]) => unknown> = {
  size: (l) => l.length,
  isEmpty: (l) => l.length === 0,
  get: (l, [i]) => l[listIndex(l, i)],
  contains: (l, [x]) => l.some((v) => javaEquals(v, x)),
  indexOf: (l, [x]) => l.findIndex((v) => javaEquals(v, x)),
  lastIndexOf: (l, [x]) => {
    for (let i = l.length - 1; i >= 0; i--) if (javaEquals(l[i], x)) return i;
    return -1;
  },
  add: (l, a) => {
    if (a.length === 2) {
      l.splice(listIndex(l, a[0], true), 0, a[1]);
      return undefined;
    }
    l.push(a[0] ?? null);
    return true;
  },
  addAll: (l, [x]) => {
    if (!Array.isArray(x)) return NO_METHOD;
    l.push(...x);
    return x.length > 0;
  },
  set: (l, [i, x]) => {
    const n = listIndex(l, i);
    const previous = l[n];
    l[n] = x ?? null;
    return previous;
  },
  remove: (l, [x]) => {
    const n = toJavaInt(x);
    if (n !== undefined) return l.splice(listIndex(l, n), 1)[0];
    const at = l.findIndex((v) => javaEquals(v, x));
    if (at >= 0) l.splice(at, 1);
    return at >= 0;
  },
  clear: (l) => {
    l.length = 0;
    return undefined;
  },
  subList: (l, [from, to]) => {
    const f = listIndex(l, from, true);
    const t = listIndex(l, to, true);
    if (f > t) throw outOfBounds(`IllegalArgumentException: fromIndex(${f}) > toIndex(${t})`);
    return l.slice(f, t);
  },
  equals: (l, [x]) => javaEquals(l, x),
  toString: (l: unknown[]) => javaToString(l),
};

const MAP_METHODS: Record<string, (m: JavaMap, a: unknown[]) => unknown> = {
  get: (m, [k]) => m.get(k),
  getOrDefault: (m, [k, d]) => (m.containsKey(k) ? m.get(k) : (d ?? null)),
  put: (m, [k, v]) => m.put(k, v),
  putIfAbsent: (m, [k, v]) => (m.containsKey(k) && m.get(k) !== null ? m.get(k) : m.put(k, v)),
  putAll: (m, [other]) => {
    if (!isJavaMap(other)) return NO_METHOD;
    for (const e of other.entryList()) m.put(e.key, e.value);
    return undefined;
  },
  remove: (m, [k]) => m.remove(k),
  containsKey: (m, [k]) => m.containsKey(k),
  containsValue: (m, [v]) => m.values().some((x) => javaEquals(x, v)),
  keySet: (m) => m.keys(),
  values: (m) => m.values(),
  entrySet: (m) => m.entryList(),
  size: (m) => m.size,
  isEmpty: (m) => m.size === 0,
  clear: (m) => {
    m.clear();
    return undefined;
  },
  equals: (m, [x]) => javaEquals(m, x),
  toString: (m: JavaMap) => javaToString(m),
};

const ENTRY_METHODS: Record<string, (e: MapEntry, a: unknown[]) => unknown> = {
  getKey: (e) => e.key,
  getValue: (e) => e.value,
  setValue: (e, [v]) => e.setValue(v),
  toString: (e: MapEntry) => javaToString(e),
};

const NUMBER_METHODS: Record<string, (n: number, a: unknown[]) => unknown> = {
  toString: (n: number) => javaNumberToString(n),
  intValue: (n) => Math.trunc(n) | 0,
  longValue: (n) => Math.trunc(n),
  doubleValue: (n) => n,
  floatValue: (n) => Math.fround(n),
  equals: (n, [x]) => typeof x === "number" && x === n,
  compareTo: (n, [x]) => (typeof x === "number" ? Math.sign(n - x) : NO_METHOD),
  hashCode: (n) => (Number.isInteger(n) ? n | 0 : 0),
};

const BOOLEAN_METHODS: Record<string, (b: boolean, a: unknown[]) => unknown> = {
  toString: (b: boolean) => (b ? "true" : "false"),
  booleanValue: (b) => b,
  equals: (b, [x]) => x === b,
};

function lookup<T>(table: Record<string, T>, name: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/**
 * Invokes method `name` on `target` with Java semantics. Returns NO_METHOD when the target has
 * no such method (or none taking these arguments); `undefined` stands for a void method.
 */
export function invokeJavaMethod(target: unknown, name: string, args: unknown[]): unknown {
  if (isNullish(target)) return NO_METHOD;
  let method: ((self: never, a: unknown[]) => unknown) | undefined;
  if (typeof target === "string") method = lookup(STRING_METHODS, name) as Method | undefined;
  else if (typeof target === "number") method = lookup(NUMBER_METHODS, name) as Method | undefined;
  else if (typeof target === "boolean") method = lookup(BOOLEAN_METHODS, name) as Method | undefined;
  else if (Array.isArray(target)) method = lookup(LIST_METHODS, name) as Method | undefined;
  else if (isJavaMap(target)) method = lookup(MAP_METHODS, name) as Method | undefined;
  else if (target instanceof MapEntry) method = lookup(ENTRY_METHODS, name) as Method | undefined;
  else if (isHostObject(target)) {
    return target.call(name, args);
  }
  if (!method) return NO_METHOD;
  return method(target as never, args);
}

/**
 * A bean property ($x.name): Velocity 1.7 tries get("name") on a Map, then getName(), isName()
 * on other objects. Returns null when there is none.
 */
export function readJavaProperty(target: unknown, name: string): unknown {
  if (isNullish(target)) return null;
  if (isJavaMap(target)) return target.get(name);
  if (target instanceof MapEntry) return name === "key" ? target.key : name === "value" ? target.value : null;
  if (isHostObject(target)) {
    const value = target.property?.(name);
    return value === undefined ? null : value;
  }
  // getX()/isX() of String and List: "empty" (isEmpty), "bytes" and "class" are the only getters.
  if (name === "empty" && (typeof target === "string" || Array.isArray(target))) return target.length === 0;
  return null;
}

/** $x[key]: List.get(int) on lists, Map.get on maps. */
export function readJavaIndex(target: unknown, key: unknown): unknown {
  if (isNullish(target)) return null;
  if (Array.isArray(target)) {
    const n = toJavaInt(key);
    if (n === undefined) return null;
    // Velocity 1.7's ASTIndex counts negative indexes from the end.
    const i = n < 0 ? target.length + n : n;
    if (i < 0 || i >= target.length) throw outOfBounds(`IndexOutOfBoundsException: Index ${n} out of bounds for length ${target.length}`);
    return target[i];
  }
  if (isJavaMap(target)) return target.get(key);
  if (isHostObject(target) && typeof key === "string") return readJavaProperty(target, key);
  return null;
}
