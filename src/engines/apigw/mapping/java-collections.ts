// Java collection types as API Gateway's Velocity 1.7 runtime exposes them to templates.
//
// API Gateway builds its variables ($context, $context.identity, $input.params(), the override
// maps) as java.util.HashMap, so `keySet()` and `#foreach` visit keys in HashMap bucket order,
// not insertion order. A recorded AWS response proves it: iterating `$context.keySet()` yields
// resourceId, resourcePath, httpMethod, extendedRequestId, ... which is exactly HashMap order
// (capacity 32) for those keys (conformance: test_apigateway_sqs::test_sqs_amz_json_protocol).
// Map literals written in a template (`{"a": 1}`) are LinkedHashMaps in Velocity 1.7 (ASTMap),
// and JSON objects from $input.path/$util.parseJson keep document order, so those use insertion
// order. Lists parsed from JSON print as JSON (json-smart's JSONArray), Velocity lists print as
// java.util.ArrayList does: "[a, b]".

/** java.lang.String.hashCode() over UTF-16 code units. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** java.util.HashMap's spread of a key's hash (HashMap.hash(Object)). */
function spreadHash(key: unknown): number {
  const h = typeof key === "string" ? javaStringHash(key) : javaStringHash(String(key));
  return h ^ (h >>> 16);
}

export type MapOrder = "hash" | "insertion";

/** A java.util.Map (HashMap or LinkedHashMap) with the methods templates call on maps. */
export class JavaMap {
  private readonly entries = new Map<unknown, unknown>();
  /** HashMap table size: starts at 16 and doubles past a 0.75 load factor; never shrinks. */
  private capacity = 16;
  /** When the map prints as "" (API Gateway's nested $context objects do; see context-variable.ts). */
  printsEmpty = false;

  constructor(readonly order: MapOrder) {}

  static from(order: MapOrder, init: Iterable<[unknown, unknown]>): JavaMap {
    const map = new JavaMap(order);
    for (const [k, v] of init) map.put(k, v);
    return map;
  }

  get(key: unknown): unknown {
    const value = this.entries.get(key);
    return value === undefined ? null : value;
  }

  /** Map.put: returns the previous value or null. */
  put(key: unknown, value: unknown): unknown {
    const previous = this.get(key);
    if (!this.entries.has(key)) {
      if (this.order === "hash" && this.entries.size + 1 > this.capacity * 0.75) this.capacity *= 2;
    }
    this.entries.set(key, value === undefined ? null : value);
    return previous;
  }

  remove(key: unknown): unknown {
    const previous = this.get(key);
    this.entries.delete(key);
    return previous;
  }

  containsKey(key: unknown): boolean {
    return this.entries.has(key);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  /** Keys in Java iteration order. */
  keys(): unknown[] {
    const keys = [...this.entries.keys()];
    if (this.order === "insertion" || keys.length < 2) return keys;
    // HashMap iterates bucket by bucket; within a bucket, entries keep insertion order
    // (resizes split buckets without reordering). Stable sort on the bucket index gives that.
    const mask = this.capacity - 1;
    const buckets = keys.map((k) => spreadHash(k) & mask);
    const indexes = keys.map((_, i) => i);
    indexes.sort((a, b) => buckets[a]! - buckets[b]! || a - b);
    return indexes.map((i) => keys[i]);
  }

  values(): unknown[] {
    return this.keys().map((k) => this.entries.get(k));
  }

  entryList(): MapEntry[] {
    return this.keys().map((k) => new MapEntry(k, this.entries.get(k), this));
  }
}

/** A java.util.Map.Entry from entrySet(): $e.key / $e.getKey() / $e.value / $e.setValue(v). */
export class MapEntry {
  constructor(
    readonly key: unknown,
    public value: unknown,
    private readonly owner: JavaMap,
  ) {}

  setValue(value: unknown): unknown {
    const previous = this.value;
    this.value = value;
    this.owner.put(this.key, value);
    return previous;
  }
}

/** A list parsed from JSON ($input.path, $util.parseJson): prints as compact JSON, like json-smart's JSONArray. */
export class JsonList extends Array<unknown> {
  // Array methods such as map() and slice() must build plain arrays, not JsonLists.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

export function isJavaMap(value: unknown): value is JavaMap {
  return value instanceof JavaMap;
}
