// The literal values a filter pattern compares against: numbers, strings with the `*` wildcard,
// and `%regex%` expressions, as CloudWatch Logs defines them in
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html

/** A filter pattern CloudWatch Logs would refuse; the provider reports it as InvalidParameterException. */
export class FilterPatternError extends Error {}

export const INVALID_PATTERN = "Invalid filter pattern";

/** A compiled string test: exact text, text with a leading/trailing `*` wildcard, or a regex. */
export type StringTest = (value: string) => boolean;

/**
 * A string with the `*` wildcard. AWS: "*Event" matches PutEvent, "Event*" matches EventId, and
 * "Ev*ent will only match the actual string Ev*ent": only a leading or trailing `*` is a wildcard.
 */
export function globTest(text: string): StringTest {
  if (text === "*") return () => true;
  const leading = text.startsWith("*");
  const trailing = text.length > 1 && text.endsWith("*");
  const core = text.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (leading && trailing) return (v) => v.includes(core);
  if (leading) return (v) => v.endsWith(core);
  if (trailing) return (v) => v.startsWith(core);
  return (v) => v === core;
}

// Regex filter patterns may hold only alphanumerics, the symbols _ # = @ / ; , - : and the
// operators ^ $ ? [ ] { } | \ * + . ; parentheses (sub-patterns) are refused.
const REGEX_ALLOWED = /^[A-Za-z0-9_#=@/;,\-:^$?[\]{}|\\*+.]*$/;

/** Compiles the body of a `%regex%` term (without the percent signs). */
export function regexTest(body: string): StringTest {
  if (body.length === 0 || !REGEX_ALLOWED.test(body)) throw new FilterPatternError(INVALID_PATTERN);
  let re: RegExp;
  try {
    re = new RegExp(body);
  } catch {
    throw new FilterPatternError(INVALID_PATTERN);
  }
  return (v) => re.test(v);
}

// JSON numbers as the pattern syntax writes them: an optional sign, digits with an optional
// fraction, and an optional exponent ("10e3", "+1000", "55.5").
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

export type ComparisonOp = "=" | "!=" | "<" | ">" | "<=" | ">=";

export function compareNumbers(op: ComparisonOp, left: number, right: number): boolean {
  switch (op) {
    case "=":
      return left === right;
    case "!=":
      return left !== right;
    case "<":
      return left < right;
    case ">":
      return left > right;
    case "<=":
      return left <= right;
    case ">=":
      return left >= right;
  }
}

/** The value side of a comparison, as written in the pattern. */
export type PatternValue =
  | { kind: "number"; value: number; text: string }
  | { kind: "string"; test: StringTest; text: string }
  | { kind: "regex"; test: StringTest };

/** Reads a double-quoted string starting at `start` (the opening quote); returns its text and the index after the closing quote. */
export function readQuoted(src: string, start: number): { text: string; end: number } {
  let text = "";
  for (let i = start + 1; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === "\\" && i + 1 < src.length) {
      text += src[++i];
      continue;
    }
    if (ch === '"') return { text, end: i + 1 };
    text += ch;
  }
  throw new FilterPatternError(INVALID_PATTERN);
}

/** Reads a `%regex%` starting at `start` (the opening percent sign). */
export function readRegex(src: string, start: number): { test: StringTest; end: number } {
  const close = src.indexOf("%", start + 1);
  if (close < 0) throw new FilterPatternError(INVALID_PATTERN);
  return { test: regexTest(src.slice(start + 1, close)), end: close + 1 };
}
