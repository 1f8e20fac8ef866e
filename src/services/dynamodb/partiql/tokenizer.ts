// Tokens of DynamoDB's PartiQL: keywords and bare identifiers (case-insensitive keywords),
// "quoted identifiers", 'strings' ('' escapes a quote), numbers, parameters (?), and the
// punctuation of paths, collections (<< >> sets) and comparisons.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.syntax.html
import { malformed } from "./errors.js";

export type TokenKind = "word" | "quoted" | "string" | "number" | "param" | "punct" | "end";

export interface Token {
  kind: TokenKind;
  /** The text: an identifier or keyword as written, a string's content, a number, or punctuation. */
  text: string;
  position: number;
}

const PUNCTUATION = ["<<", ">>", "<=", ">=", "<>", "!=", "=", "<", ">", ",", ".", "[", "]", "{", "}", "(", ")", ":", "+", "-", "*", ";"];

function isWordStart(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
}

function isWordPart(c: string): boolean {
  return isWordStart(c) || (c >= "0" && c <= "9");
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (c === "-" && source[i + 1] === "-") {
      while (i < n && source[i] !== "\n") i++;
      continue;
    }
    const start = i;
    if (isWordStart(c)) {
      while (i < n && isWordPart(source[i]!)) i++;
      tokens.push({ kind: "word", text: source.slice(start, i), position: start });
      continue;
    }
    if (c === "'" || c === '"') {
      let text = "";
      i++;
      for (;;) {
        if (i >= n) throw malformed(c === "'" ? "Unterminated string literal" : "Unterminated quoted identifier");
        if (source[i] === c) {
          if (source[i + 1] === c) {
            text += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += source[i];
        i++;
      }
      tokens.push({ kind: c === "'" ? "string" : "quoted", text, position: start });
      continue;
    }
    if (isDigit(c) || (c === "." && isDigit(source[i + 1] ?? ""))) {
      while (i < n && isDigit(source[i]!)) i++;
      if (source[i] === "." && isDigit(source[i + 1] ?? "")) {
        i++;
        while (i < n && isDigit(source[i]!)) i++;
      }
      if ((source[i] === "e" || source[i] === "E") && (isDigit(source[i + 1] ?? "") || ((source[i + 1] === "+" || source[i + 1] === "-") && isDigit(source[i + 2] ?? "")))) {
        i += 2;
        while (i < n && isDigit(source[i]!)) i++;
      }
      tokens.push({ kind: "number", text: source.slice(start, i), position: start });
      continue;
    }
    if (c === "?") {
      tokens.push({ kind: "param", text: "?", position: start });
      i++;
      continue;
    }
    const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
    if (!punct) throw malformed(`Unexpected character: ${c}`);
    tokens.push({ kind: "punct", text: punct, position: start });
    i += punct.length;
  }
  tokens.push({ kind: "end", text: "", position: n });
  return tokens;
}
