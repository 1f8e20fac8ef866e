// Compares a response of ours with a response recorded from AWS, whose varying values were
// normalised into placeholders by LocalStack's snapshot transformers ("<uuid:1>", "<region>",
// "<function-name:1>", "date", "<code-size>", "<a:len(65)>" ...). Instead of re-creating those
// transformers, the matcher unifies: each placeholder matches any text, and a placeholder that
// occurs several times in one test must stand for the same value each time (and two different
// numbered placeholders of one kind for different values), as the transformers guarantee.
import { isDeepStrictEqual } from "node:util";

/** Placeholders that stand for any value each time they occur (they carry no identity). */
const FREE = new Set(["code-size", "location", "layer-location", "duration", "memory", "unreserved_concurrency", "min_unreserved_concurrency"]);
/** Recorded literal words that replaced timestamps. */
const TIME_WORDS = new Set(["date", "datetime", "timestamp"]);
const PLACEHOLDER = /<[^<>\s]+>/g;

export class Unifier {
  private readonly byLabel = new Map<string, string>();
  private readonly byValue = new Map<string, string>();

  /** Whether `actual` matches the recorded value; records the first difference in `path`. */
  match(recorded: unknown, actual: unknown, path = "$"): string | undefined {
    if (typeof recorded === "string") return this.matchString(recorded, actual, path);
    if (Array.isArray(recorded)) {
      if (!Array.isArray(actual)) return `${path}: expected an array, got ${show(actual)}`;
      if (recorded.length !== actual.length) return `${path}: expected ${recorded.length} items, got ${actual.length}: ${show(actual)}`;
      for (let i = 0; i < recorded.length; i++) {
        const d = this.match(recorded[i], actual[i], `${path}[${i}]`);
        if (d) return d;
      }
      return undefined;
    }
    if (recorded !== null && typeof recorded === "object") {
      if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return `${path}: expected an object, got ${show(actual)}`;
      const r = recorded as Record<string, unknown>;
      const a = actual as Record<string, unknown>;
      const missing = Object.keys(r).filter((k) => !(k in a));
      const extra = Object.keys(a).filter((k) => !(k in r));
      if (missing.length || extra.length) return `${path}: keys differ: missing [${missing.join(", ")}], extra [${extra.join(", ")}]`;
      for (const k of Object.keys(r).sort()) {
        const d = this.match(r[k], a[k], `${path}.${k}`);
        if (d) return d;
      }
      return undefined;
    }
    return isDeepStrictEqual(recorded, actual) ? undefined : `${path}: expected ${show(recorded)}, got ${show(actual)}`;
  }

  private matchString(recorded: string, actual: unknown, path: string): string | undefined {
    if (TIME_WORDS.has(recorded) && (typeof actual === "string" || typeof actual === "number")) return undefined;
    if (!recorded.includes("<")) {
      return recorded === actual ? undefined : `${path}: expected ${show(recorded)}, got ${show(actual)}`;
    }
    if (typeof actual !== "string" && typeof actual !== "number") return `${path}: expected ${show(recorded)}, got ${show(actual)}`;
    const text = String(actual);
    const labels: string[] = [];
    let pattern = "^";
    let last = 0;
    for (const m of recorded.matchAll(PLACEHOLDER)) {
      pattern += escape(recorded.slice(last, m.index));
      const repeat = /^<([a-zA-Z0-9]):len\((\d+)\)>$/.exec(m[0]);
      if (repeat) {
        pattern += escape(repeat[1]!.repeat(Number(repeat[2])));
      } else {
        labels.push(m[0].slice(1, -1));
        pattern += "(.*?)";
      }
      last = m.index! + m[0].length;
    }
    pattern += escape(recorded.slice(last)) + "$";
    const found = new RegExp(pattern, "s").exec(text);
    if (!found) return `${path}: ${show(text)} does not fit ${show(recorded)}`;
    for (let i = 0; i < labels.length; i++) {
      const problem = this.bind(labels[i]!, found[i + 1]!);
      if (problem) return `${path}: ${problem}`;
    }
    return undefined;
  }

  private bind(label: string, value: string): string | undefined {
    const kind = label.split(":")[0]!;
    if (FREE.has(kind)) return undefined;
    const bound = this.byLabel.get(label);
    if (bound !== undefined) return bound === value ? undefined : `<${label}> was ${show(bound)}, now ${show(value)}`;
    const other = this.byValue.get(value);
    // Two numbered placeholders of one kind stand for different values.
    if (other !== undefined && other !== label && other.split(":")[0] === kind && /:\d+$/.test(label)) {
      return `${show(value)} is already <${other}>, not <${label}>`;
    }
    this.byLabel.set(label, value);
    this.byValue.set(value, label);
    return undefined;
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 300 ? `${s.slice(0, 300)}...` : s;
}
