// Filter patterns for space-delimited log events: `[field, field, ...]`.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
//   [ip, user, username, timestamp, request, status_code, bytes]   exactly seven fields
//   [..., status_code, bytes]                                        `...` stands for any number
//   [ip, ..., status_code = 4*, bytes > 1000]                        string (with *) and numeric conditions
//   [w1=ERROR || w1=WARN, w2]   [..., status_code != 404 && status_code != 410, bytes]
// In the message, text between double quotes or square brackets is one field.
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

type Condition =
  | { kind: "and" | "or"; left: Condition; right: Condition }
  | { kind: "compare"; op: ComparisonOp; value: PatternValue };

type Field = { kind: "ellipsis" } | { kind: "field"; condition?: Condition };

class DelimitedPatternParser extends PatternCursor {
  parse(): Field[] {
    const fields: Field[] = [];
    for (;;) {
      this.skipSpace();
      if (this.i >= this.src.length) {
        // `[a, b,]`: AWS's own example ends with a comma.
        if (fields.length === 0) this.fail();
        return fields;
      }
      fields.push(this.parseField());
      this.skipSpace();
      if (this.i >= this.src.length) return fields;
      if (!this.take(",")) this.fail();
    }
  }

  private parseField(): Field {
    if (this.take("...")) return { kind: "ellipsis" };
    const name = this.name();
    this.skipSpace();
    const next = this.src[this.i];
    if (next === undefined || next === ",") return { kind: "field" };
    return { kind: "field", condition: this.parseOr(name, true) };
  }

  private name(): string {
    this.skipSpace();
    const m = /^[A-Za-z0-9_]+/.exec(this.src.slice(this.i));
    if (!m) this.fail();
    this.i += m[0].length;
    return m[0];
  }

  /** Conditions of one field; every condition names that field (`w1=ERROR || w1=WARN`). */
  private parseOr(name: string, nameRead: boolean): Condition {
    let left = this.parseAnd(name, nameRead);
    while (this.take("||")) left = { kind: "or", left, right: this.parseAnd(name, false) };
    return left;
  }

  private parseAnd(name: string, nameRead: boolean): Condition {
    let left = this.parseCompare(name, nameRead);
    while (this.take("&&")) left = { kind: "and", left, right: this.parseCompare(name, false) };
    return left;
  }

  private parseCompare(name: string, nameRead: boolean): Condition {
    if (!nameRead && this.name() !== name) this.fail();
    this.skipSpace();
    let op: ComparisonOp | undefined;
    for (const candidate of ["!=", "<=", ">=", "=", "<", ">"] as const) {
      if (this.src.startsWith(candidate, this.i)) {
        op = candidate;
        this.i += candidate.length;
        break;
      }
    }
    if (!op) this.fail();
    return { kind: "compare", op, value: this.parseValue(op) };
  }

  private parseValue(op: ComparisonOp): PatternValue {
    this.skipSpace();
    const ch = this.src[this.i];
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
    let end = this.i;
    while (end < this.src.length && !/[\s,]/.test(this.src[end]!) && !this.src.startsWith("&&", end) && !this.src.startsWith("||", end)) end++;
    const text = this.src.slice(this.i, end);
    if (text.length === 0) this.fail();
    this.i = end;
    const number = parseNumber(text);
    if (number !== undefined) return { kind: "number", value: number, text };
    if (numericOnly) this.fail();
    return { kind: "string", test: globTest(text), text };
  }
}

/** Splits a message into fields: runs of non-space text, or text within "..." or [...]. */
export function splitFields(message: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i < message.length) {
    const ch = message[i]!;
    if (ch === " " || ch === "\t") {
      i++;
      continue;
    }
    const close = ch === '"' ? '"' : ch === "[" ? "]" : undefined;
    if (close) {
      const end = message.indexOf(close, i + 1);
      if (end >= 0) {
        fields.push(message.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    }
    let end = i;
    while (end < message.length && message[end] !== " " && message[end] !== "\t") end++;
    fields.push(message.slice(i, end));
    i = end;
  }
  return fields;
}

function holds(condition: Condition, value: string): boolean {
  switch (condition.kind) {
    case "and":
      return holds(condition.left, value) && holds(condition.right, value);
    case "or":
      return holds(condition.left, value) || holds(condition.right, value);
    case "compare": {
      const v = condition.value;
      if (v.kind === "number") {
        const n = parseNumber(value);
        if (n === undefined) return condition.op === "!=" && value !== v.text;
        return compareNumbers(condition.op, n, v.value);
      }
      const equal = v.test(value);
      return condition.op === "=" ? equal : !equal;
    }
  }
}

function matchFrom(fields: Field[], fi: number, values: string[], vi: number): boolean {
  if (fi === fields.length) return vi === values.length;
  const field = fields[fi]!;
  if (field.kind === "ellipsis") {
    for (let skip = vi; skip <= values.length; skip++) if (matchFrom(fields, fi + 1, values, skip)) return true;
    return false;
  }
  if (vi >= values.length) return false;
  if (field.condition && !holds(field.condition, values[vi]!)) return false;
  return matchFrom(fields, fi + 1, values, vi + 1);
}

/** Compiles the text between the outer square brackets of a space-delimited filter pattern. */
export function compileDelimitedPattern(body: string): (message: string) => boolean {
  // Consecutive ellipses mean the same as one; collapsing them keeps matching linear in them.
  const fields = new DelimitedPatternParser(body).parse().filter((f, i, all) => f.kind !== "ellipsis" || all[i - 1]?.kind !== "ellipsis");
  return (message) => matchFrom(fields, 0, splitFields(message), 0);
}
