// Filter patterns for JSON log events: `{ SELECTOR OPERATOR VALUE }` conditions combined with
// && and || (precedence: parentheses, then &&, then ||).
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
//   { $.eventType = "UpdateTrail" }     string equality; a leading/trailing * is a wildcard
//   { $.latency >= 500 }                numeric comparisons: = != < > <= >=
//   { $.users[0].email = %@corp%  }     regex values
//   { $.SomeObject IS NULL }  { $.Other NOT EXISTS }  { $.Flag IS TRUE }  { $.Flag IS FALSE }
// The selector must reach a value node (string, number, boolean); an object or an array makes
// both = and != false. A message that is not JSON never matches.
import {
  compareNumbers,
  globTest,
  parseNumber,
  readQuoted,
  readRegex,
  type ComparisonOp,
  type PatternValue,
} from "./values.js";
import { PatternCursor } from "./cursor.js";

type PathStep = string | number;

type Node =
  | { kind: "and" | "or"; left: Node; right: Node }
  | { kind: "compare"; path: PathStep[]; op: ComparisonOp; value: PatternValue | { kind: "any" } }
  | { kind: "is"; path: PathStep[]; expect: null | true | false }
  | { kind: "notExists"; path: PathStep[] };

class JsonPatternParser extends PatternCursor {
  parse(): Node {
    const node = this.parseOr();
    this.skipSpace();
    if (this.i !== this.src.length) this.fail();
    return node;
  }

  private parseOr(): Node {
    let left = this.parseAnd();
    while (this.take("||")) left = { kind: "or", left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Node {
    let left = this.parsePrimary();
    while (this.take("&&")) left = { kind: "and", left, right: this.parsePrimary() };
    return left;
  }

  private parsePrimary(): Node {
    if (this.take("(")) {
      const inner = this.parseOr();
      if (!this.take(")")) this.fail();
      return inner;
    }
    return this.parseCondition();
  }

  private parseCondition(): Node {
    const path = this.parseSelector();
    this.skipSpace();
    const keyword = this.keyword();
    if (keyword === "IS") {
      const what = this.keyword();
      if (what === "NULL") return { kind: "is", path, expect: null };
      if (what === "TRUE") return { kind: "is", path, expect: true };
      if (what === "FALSE") return { kind: "is", path, expect: false };
      this.fail();
    }
    if (keyword === "NOT") {
      if (this.keyword() !== "EXISTS") this.fail();
      return { kind: "notExists", path };
    }
    if (keyword !== undefined) this.fail();
    const op = this.parseOperator();
    return { kind: "compare", path, op, value: this.parseValue(op) };
  }

  private keyword(): string | undefined {
    this.skipSpace();
    const m = /^[A-Za-z]+/.exec(this.src.slice(this.i));
    if (!m || !["IS", "NOT", "NULL", "TRUE", "FALSE", "EXISTS"].includes(m[0])) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  /** `$` followed by `.name` and `[index]` steps; names are letters, digits, '-' and '_'. */
  private parseSelector(): PathStep[] {
    this.skipSpace();
    if (this.src[this.i] !== "$") this.fail();
    this.i++;
    const path: PathStep[] = [];
    for (;;) {
      const ch = this.src[this.i];
      if (ch === ".") {
        const m = /^[A-Za-z0-9_-]+/.exec(this.src.slice(this.i + 1));
        if (!m) this.fail();
        path.push(m[0]);
        this.i += 1 + m[0].length;
      } else if (ch === "[") {
        const m = /^\[(\d+)\]/.exec(this.src.slice(this.i));
        if (!m || path.length === 0) this.fail();
        path.push(Number(m[1]));
        this.i += m[0].length;
      } else break;
    }
    if (path.length === 0) this.fail();
    return path;
  }

  private parseOperator(): ComparisonOp {
    this.skipSpace();
    for (const op of ["!=", "<=", ">=", "=", "<", ">"] as const) {
      if (this.src.startsWith(op, this.i)) {
        this.i += op.length;
        return op;
      }
    }
    this.fail();
  }

  private parseValue(op: ComparisonOp): PatternValue | { kind: "any" } {
    this.skipSpace();
    const ch = this.src[this.i];
    if (ch === undefined) this.fail();
    const numericOnly = op !== "=" && op !== "!=";
    if (ch === '"') {
      if (numericOnly) this.fail();
      const q = readQuoted(this.src, this.i);
      this.i = q.end;
      return { kind: "string", test: globTest(q.text), text: q.text };
    }
    if (ch === "%") {
      if (numericOnly) this.fail();
      this.countRegex();
      const r = readRegex(this.src, this.i);
      this.i = r.end;
      return { kind: "regex", test: r.test };
    }
    // A bare value runs until white space, a parenthesis or a logical operator.
    let end = this.i;
    while (end < this.src.length && !/[\s()]/.test(this.src[end]!) && !this.src.startsWith("&&", end) && !this.src.startsWith("||", end)) end++;
    const text = this.src.slice(this.i, end);
    if (text.length === 0) this.fail();
    this.i = end;
    const number = parseNumber(text);
    if (number !== undefined) return { kind: "number", value: number, text };
    if (numericOnly) this.fail();
    if (text === "*") return { kind: "any" };
    return { kind: "string", test: globTest(text), text };
  }
}

function resolve(root: unknown, path: PathStep[]): unknown {
  let current: unknown = root;
  for (const step of path) {
    if (typeof step === "number") {
      if (!Array.isArray(current) || step >= current.length) return undefined;
      current = current[step];
    } else {
      if (current === null || typeof current !== "object" || Array.isArray(current) || !Object.hasOwn(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

const isValueNode = (v: unknown): v is string | number | boolean => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

function evaluate(node: Node, doc: unknown): boolean {
  switch (node.kind) {
    case "and":
      return evaluate(node.left, doc) && evaluate(node.right, doc);
    case "or":
      return evaluate(node.left, doc) || evaluate(node.right, doc);
    case "is":
      return resolve(doc, node.path) === node.expect;
    case "notExists":
      return resolve(doc, node.path) === undefined;
    case "compare": {
      const target = resolve(doc, node.path);
      if (!isValueNode(target)) return false;
      const value = node.value;
      if (value.kind === "any") return node.op === "=";
      if (value.kind === "number") {
        if (typeof target === "number") return compareNumbers(node.op, target, value.value);
        // A string (or boolean) compared with a number literal compares as text.
        if (node.op !== "=" && node.op !== "!=") return false;
        return (String(target) === value.text) === (node.op === "=");
      }
      const equal = value.test(String(target));
      return node.op === "=" ? equal : !equal;
    }
  }
}

/** Compiles the text between the outer braces of a JSON filter pattern. */
export function compileJsonPattern(body: string): (message: string) => boolean {
  const tree = new JsonPatternParser(body).parse();
  return (message) => {
    const first = message.trimStart()[0];
    if (first !== "{" && first !== "[") return false;
    let doc: unknown;
    try {
      doc = JSON.parse(message);
    } catch {
      return false;
    }
    return evaluate(tree, doc);
  };
}
