// What every expression grammar shares: a token cursor, AWS's syntax-error format, document
// paths and :value references. Parsers are recursive descent over a token array, one token of
// lookahead, no backtracking: parse time is linear in the expression's length.

import type { AttributeValue } from "../values/attribute-value.js";
import type { DocumentPath, PathElement } from "./ast.js";
import type { ExpressionAttributes } from "./attributes.js";
import type { Category, Diagnostics } from "./diagnostics.js";
import { type ExpressionKind, invalidExpression } from "./errors.js";
import { isReservedWord } from "./reserved-words.js";
import { type Token, Tok, type TokenKind, tokenize } from "./tokenizer.js";
import { ServiceError } from "../../../aws/errors.js";

/**
 * AWS caps the nesting depth of a document (32 levels); the parser caps its own recursion far
 * above anything legal so that hostile input cannot exhaust the stack.
 */
const MAX_PARSE_DEPTH = 256;

/**
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-expression-parameters
 * Any expression: at most 4 KB, measured in bytes of the raw string ("expression size: 4109").
 * At most 300 operators or functions ("The expression contains too many operators; operator count: 301").
 */
export const MAX_EXPRESSION_BYTES = 4096;
export const MAX_OPERATORS = 300;

/** Throws AWS's error for an expression string over 4 KB. */
export function checkExpressionSize(source: string, kind: ExpressionKind): void {
  // Cheap test first: every UTF-16 unit is at most 3 UTF-8 bytes.
  if (source.length * 3 <= MAX_EXPRESSION_BYTES) return;
  const bytes = Buffer.byteLength(source, "utf8");
  if (bytes > MAX_EXPRESSION_BYTES) {
    throw invalidExpression(kind, `Expression size has exceeded the maximum allowed size; expression size: ${bytes}`);
  }
}

export class Cursor {
  readonly tokens: Token[];
  index = 0;
  private depth = 0;
  /**
   * Operators and functions seen. Comparators, BETWEEN, IN, + and - and function calls count;
   * AND, OR and NOT do not (DynamoDB reported "operator count: 301" for 301 "<" joined by 300 ANDs).
   */
  private operators = 0;

  constructor(
    readonly source: string,
    readonly kind: ExpressionKind,
    readonly diagnostics: Diagnostics,
    readonly attributes: ExpressionAttributes,
    /** Where an undefined :value is reported: conditions share the #name category, updates do not. */
    readonly valueCategory: Category,
  ) {
    this.tokens = tokenize(source);
  }

  get current(): Token {
    return this.tokens[this.index]!;
  }

  peekKind(offset = 0): TokenKind {
    const token = this.tokens[this.index + offset];
    return token ? token.kind : Tok.Eof;
  }

  text(token: Token): string {
    return this.source.slice(token.start, token.end);
  }

  advance(): Token {
    const token = this.tokens[this.index]!;
    if (token.kind !== Tok.Eof) this.index++;
    return token;
  }

  /** Whether the current token is the given keyword (case-insensitive). */
  atKeyword(upper: string): boolean {
    const token = this.current;
    if (token.kind !== Tok.Name || token.end - token.start !== upper.length) return false;
    for (let i = 0; i < upper.length; i++) {
      // ASCII letters only: clearing bit 5 upper-cases a-z and leaves A-Z alone.
      if ((this.source.charCodeAt(token.start + i) & ~32) !== upper.charCodeAt(i)) return false;
    }
    return true;
  }

  expect(kind: TokenKind): Token {
    if (this.current.kind !== kind) throw this.syntaxError();
    return this.advance();
  }

  expectKeyword(upper: string): void {
    if (!this.atKeyword(upper)) throw this.syntaxError();
    this.advance();
  }

  countOperator(): void {
    this.operators++;
  }

  /** Records the too-many-operators problem once parsing is complete. */
  checkOperatorCount(): void {
    if (this.operators > MAX_OPERATORS) {
      this.diagnostics.add("tooManyOperators", `The expression contains too many operators; operator count: ${this.operators}`);
    }
  }

  /** Guards recursion; call leave() when the nested rule returns. */
  enter(): void {
    if (++this.depth > MAX_PARSE_DEPTH) throw this.syntaxError();
  }

  leave(): void {
    this.depth--;
  }

  /**
   * AWS's syntax error for the current token: `Syntax error; token: "<t>", near: "<n>"`, where
   * the near-text is the source from the start of the previous token to the end of the next one
   * (e.g. token "_" near "SET _123"; token "<EOF>" near ","; token "-" near "a-b").
   */
  syntaxError(): ServiceError {
    const at = this.index;
    const token = this.tokens[at]!;
    const previous = at > 0 ? this.tokens[at - 1]! : undefined;
    const next = token.kind === Tok.Eof ? undefined : this.tokens[at + 1];
    const tokenText = token.kind === Tok.Eof ? "<EOF>" : this.text(token);
    const nearStart = previous ? previous.start : token.start;
    let nearEnd = token.kind === Tok.Eof ? (previous ? previous.end : token.start) : token.end;
    if (next && next.kind !== Tok.Eof) nearEnd = next.end;
    const near = this.source.slice(nearStart, nearEnd);
    return invalidExpression(this.kind, `Syntax error; token: "${tokenText}", near: "${near}"`);
  }

  /** Whether the current token can start a document path. */
  atPathStart(keywords: ReadonlySet<string>): boolean {
    const token = this.current;
    if (token.kind === Tok.AttrName) return true;
    return token.kind === Tok.Name && !this.isKeywordToken(token, keywords);
  }

  isKeywordToken(token: Token, keywords: ReadonlySet<string>): boolean {
    if (token.kind !== Tok.Name || token.end - token.start > 7) return false;
    return keywords.has(this.text(token).toUpperCase());
  }

  /** One path element name: a bare name (checked against reserved words) or a #placeholder. */
  parsePathName(keywords: ReadonlySet<string>): string {
    const token = this.current;
    if (token.kind === Tok.AttrName) {
      this.advance();
      const placeholder = this.text(token);
      const resolved = this.attributes.resolveName(placeholder);
      if (resolved === undefined) {
        this.diagnostics.add(
          "attrName",
          `An expression attribute name used in the document path is not defined; attribute name: ${placeholder}`,
        );
        return placeholder;
      }
      return resolved;
    }
    if (token.kind !== Tok.Name || this.isKeywordToken(token, keywords)) throw this.syntaxError();
    this.advance();
    const name = this.text(token);
    if (isReservedWord(name)) {
      this.diagnostics.add("reserved", `Attribute name is a reserved keyword; reserved keyword: ${name}`);
    }
    return name;
  }

  /** path := name ( "." name | "[" number "]" )* */
  parsePath(keywords: ReadonlySet<string>): PathElement[] {
    const path: PathElement[] = [this.parsePathName(keywords)];
    for (;;) {
      const kind = this.current.kind;
      if (kind === Tok.Dot) {
        this.advance();
        path.push(this.parsePathName(keywords));
      } else if (kind === Tok.LBracket) {
        this.advance();
        const indexToken = this.current;
        if (indexToken.kind !== Tok.Number) throw this.syntaxError();
        const index = Number(this.text(indexToken));
        // AWS indexes are 32-bit; a longer digit run cannot address a list element.
        if (!Number.isSafeInteger(index) || index > 0x7fffffff) throw this.syntaxError();
        this.advance();
        this.expect(Tok.RBracket);
        path.push(index);
      } else {
        return path;
      }
    }
  }

  /** A :placeholder operand, resolved (an undefined one yields a NULL stand-in and a recorded problem). */
  parseValueReference(): AttributeValue {
    const token = this.expect(Tok.AttrValue);
    const placeholder = this.text(token);
    const value = this.attributes.resolveValue(placeholder);
    if (value === undefined) {
      this.diagnostics.add(
        this.valueCategory,
        `An expression attribute value used in expression is not defined; attribute value: ${placeholder}`,
      );
      return UNDEFINED_VALUE;
    }
    return value;
  }
}

/** Stands in for an undefined :value; never evaluated because the undefined value is reported. */
export const UNDEFINED_VALUE: AttributeValue = { NULL: true };

/** AWS's rendering of a document path in messages: [a, b, [1], c]. */
export function formatPath(path: DocumentPath): string {
  return "[" + path.map((element) => (typeof element === "number" ? `[${element}]` : element)).join(", ") + "]";
}

export function pathsEqual(a: DocumentPath, b: DocumentPath): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Checks a new path against earlier ones, as AWS does for update targets and projections:
 * one path being a prefix of the other is an overlap; the same prefix continuing with a name in
 * one and an index in the other is a conflict. Messages name the earlier path first.
 */
export function checkPathAgainst(earlier: readonly DocumentPath[], path: DocumentPath, diagnostics: Diagnostics): void {
  for (const previous of earlier) {
    let relation: "overlap" | "conflict" | "disjoint" = "overlap";
    const shorter = previous.length < path.length ? previous.length : path.length;
    for (let i = 0; i < shorter; i++) {
      if (typeof previous[i] !== typeof path[i]) {
        relation = "conflict";
        break;
      }
      if (previous[i] !== path[i]) {
        relation = "disjoint";
        break;
      }
    }
    if (relation === "overlap") {
      diagnostics.add(
        "pathOverlap",
        `Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${formatPath(previous)}, path two: ${formatPath(path)}`,
      );
    } else if (relation === "conflict") {
      diagnostics.add(
        "pathConflict",
        `Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${formatPath(previous)}, path two: ${formatPath(path)}`,
      );
    }
  }
}
