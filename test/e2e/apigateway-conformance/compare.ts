// Compares what Nimbus answered with what AWS answered, as LocalStack recorded it
// (conformance/README.md): recorded values were normalised before recording, ids and names
// replaced by placeholders ("<id:1>", "<name:1>Two", "<region>"), dates by "datetime", JSON
// strings parsed into objects. Our side gets the same treatment, and each placeholder must
// stand for one and the same value of ours throughout a test (and no two placeholders for
// the same value), the way the recorder assigned them.

export type Recorded = unknown;

/** A response or error of ours, shaped as botocore's dicts that LocalStack recorded. */
export type Shaped = Record<string, unknown>;

export class Bindings {
  private readonly byPlaceholder = new Map<string, string>();
  private readonly byValue = new Map<string, string>();

  snapshot(): [Map<string, string>, Map<string, string>] {
    return [new Map(this.byPlaceholder), new Map(this.byValue)];
  }

  /** Undoes the bindings a failed comparison made, so one wrong answer does not fail the next. */
  restore([byPlaceholder, byValue]: [Map<string, string>, Map<string, string>]): void {
    this.byPlaceholder.clear();
    this.byValue.clear();
    for (const [k, v] of byPlaceholder) this.byPlaceholder.set(k, v);
    for (const [k, v] of byValue) this.byValue.set(k, v);
  }

  /** Whether `actual` fits the recorded string, binding its placeholders (all or nothing). */
  matchString(recorded: string, actual: string): boolean {
    const tokens = recorded.split(/(<[A-Za-z0-9_-]+(?::\d+)?>)/);
    if (tokens.length === 1) return recorded === actual;
    const names: string[] = [];
    let pattern = "^";
    for (const [i, token] of tokens.entries()) {
      if (i % 2 === 0) pattern += escapeRegExp(token);
      else {
        const bound = this.byPlaceholder.get(token);
        if (bound !== undefined) pattern += escapeRegExp(bound);
        else {
          names.push(token);
          pattern += "(.+?)";
        }
      }
    }
    const match = new RegExp(`${pattern}$`, "s").exec(actual);
    if (!match) return false;
    const fresh = new Map<string, string>();
    for (const [i, name] of names.entries()) {
      const value = match[i + 1]!;
      if (fresh.has(name) && fresh.get(name) !== value) return false;
      const owner = this.byValue.get(value);
      if (owner !== undefined && owner !== name) return false;
      fresh.set(name, value);
    }
    for (const [name, value] of fresh) {
      this.byPlaceholder.set(name, value);
      this.byValue.set(value, name);
    }
    return true;
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Our value normalised as the recorder normalised AWS's: Dates to "datetime", strings holding
 * a JSON object or array parsed, byte payloads decoded and parsed when they are JSON.
 */
export function normalise(value: unknown): unknown {
  if (value instanceof Date) return "datetime";
  if (value instanceof Uint8Array) return normalise(Buffer.from(value).toString("utf8"));
  if (typeof value === "string") {
    const t = value.trim();
    if ((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]"))) {
      try {
        return normalise(JSON.parse(t));
      } catch {
        return value;
      }
    }
    return value;
  }
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = normalise(v);
    return out;
  }
  return value;
}

/** Differences between a recorded value and ours ([] when they match), binding placeholders. */
export function differences(recorded: Recorded, actual: unknown, bindings: Bindings, path = "$"): string[] {
  if (typeof recorded === "string") {
    if (recorded === "datetime" && actual === "datetime") return [];
    if (typeof actual === "string" || typeof actual === "number" || typeof actual === "boolean") {
      return bindings.matchString(recorded, String(actual)) ? [] : [`${path}: expected ${JSON.stringify(recorded)}, got ${JSON.stringify(actual)}`];
    }
    return [`${path}: expected ${JSON.stringify(recorded)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(recorded)) {
    if (!Array.isArray(actual)) return [`${path}: expected a list, got ${JSON.stringify(actual)}`];
    if (recorded.length !== actual.length) return [`${path}: expected ${recorded.length} items, got ${actual.length}: ${JSON.stringify(actual).slice(0, 300)}`];
    return recorded.flatMap((r, i) => differences(r, actual[i], bindings, `${path}[${i}]`));
  }
  if (recorded && typeof recorded === "object") {
    if (!actual || typeof actual !== "object" || Array.isArray(actual)) return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    const r = recorded as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const out: string[] = [];
    for (const key of new Set([...Object.keys(r), ...Object.keys(a)])) {
      if (!(key in r)) out.push(`${path}.${key}: unexpected ${JSON.stringify(a[key]).slice(0, 200)}`);
      else if (!(key in a)) out.push(`${path}.${key}: missing (expected ${JSON.stringify(r[key]).slice(0, 200)})`);
      else out.push(...differences(r[key], a[key], bindings, `${path}.${key}`));
    }
    return out;
  }
  return recorded === actual ? [] : [`${path}: expected ${JSON.stringify(recorded)}, got ${JSON.stringify(actual)}`];
}

/**
 * The recorded entry as compared: ResponseMetadata reduced to the status code, and the
 * top-level "message" of an error (a copy of Error.Message from API Gateway's body) dropped.
 */
export function comparable(value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  const { ResponseMetadata, message: _message, ...rest } = value as Record<string, unknown>;
  const out: Record<string, unknown> = "Error" in rest ? rest : { ...rest, ...(_message !== undefined ? { message: _message } : {}) };
  const status = (ResponseMetadata as { HTTPStatusCode?: number } | undefined)?.HTTPStatusCode;
  if (status !== undefined) out["ResponseMetadata"] = { HTTPStatusCode: status };
  return out;
}
