// Compares a response with a LocalStack recording of AWS after the recording's normalisation
// (../shared/conformance/README.md): account 111111111111, "<label:n>" placeholders (the same
// label and number must stand for the same value throughout one test), "<region>" and
// "<partition>", "datetime", and values replaced by transformers ("starting-sequence-number").
// Returns the differences, empty when the response matches.

const ACCOUNT = "111111111111";
const OUR_ACCOUNT = "000000000000";
const WILDCARDS = new Set(["datetime", "timestamp", "starting-sequence-number"]);
const PLACEHOLDER = /<([a-z0-9-]+)(?::(\d+))?>/g;

export class SnapshotMatcher {
  private readonly bindings = new Map<string, string>();
  readonly differences: string[] = [];

  constructor(private readonly skip: readonly RegExp[] = []) {}

  match(expected: unknown, actual: unknown, path = "$"): void {
    if (this.skip.some((re) => re.test(path))) return;
    if (typeof expected === "string") {
      if (!this.matchString(expected, actual)) this.differences.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
      return;
    }
    if (Array.isArray(expected)) {
      if (!Array.isArray(actual) || actual.length !== expected.length) {
        this.differences.push(`${path}: expected ${expected.length} elements, got ${Array.isArray(actual) ? actual.length : JSON.stringify(actual)}`);
        return;
      }
      expected.forEach((e, i) => this.match(e, actual[i], `${path}[${i}]`));
      return;
    }
    if (expected !== null && typeof expected === "object") {
      if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
        this.differences.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
        return;
      }
      // Keys may be placeholders too (a map keyed by table name): pair them with the actual keys first.
      const exp = { ...(expected as Record<string, unknown>) };
      const act = actual as Record<string, unknown>;
      for (const key of Object.keys(exp)) {
        if (!key.includes("<") || key in act) continue;
        const partner = Object.keys(act).find((candidate) => !(candidate in exp) && this.matchString(key, candidate));
        if (partner !== undefined) {
          exp[partner] = exp[key];
          delete exp[key];
        }
      }
      const keys = new Set([...Object.keys(exp), ...Object.keys(act)]);
      for (const key of [...keys].sort()) {
        const child = `${path}.${key}`;
        if (this.skip.some((re) => re.test(child))) continue;
        if (!(key in exp)) this.differences.push(`${child}: not recorded, got ${JSON.stringify(act[key])}`);
        else if (!(key in act)) this.differences.push(`${child}: recorded ${JSON.stringify(exp[key])}, missing`);
        else this.match(exp[key], act[key], child);
      }
      return;
    }
    if (expected !== actual) this.differences.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }

  private matchString(expected: string, actual: unknown): boolean {
    if (WILDCARDS.has(expected)) return actual !== undefined && actual !== null;
    if (typeof actual !== "string") return false;
    const pattern = expected.replaceAll(ACCOUNT, OUR_ACCOUNT);
    const labels: string[] = [];
    let source = "^";
    let last = 0;
    for (const m of pattern.matchAll(PLACEHOLDER)) {
      source += escape(pattern.slice(last, m.index));
      const label = m[0];
      if (label === "<region>") source += "(us-east-1)";
      else if (label === "<partition>") source += "(aws)";
      else source += "(.+?)";
      labels.push(label);
      last = m.index! + label.length;
    }
    source += `${escape(pattern.slice(last))}$`;
    const found = new RegExp(source, "s").exec(actual);
    if (!found) return false;
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i]!;
      const value = found[i + 1]!;
      // Unnumbered placeholders (e.g. <table-status>) stand for any value each time.
      if (!/:\d+>$/.test(label)) continue;
      const bound = this.bindings.get(label);
      if (bound === undefined) this.bindings.set(label, value);
      else if (bound !== value) return false;
    }
    return true;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
