// A recursive-descent parser for DynamoDB's PartiQL statements:
//   SELECT * | path, ... FROM table["."index] [WHERE condition] [ORDER BY path [ASC|DESC]]
//   INSERT INTO table VALUE {'attr': value, ...}
//   UPDATE table (SET path = value [, ...] | REMOVE path [, ...])+ [WHERE condition] [RETURNING ...]
//   DELETE FROM table [WHERE condition] [RETURNING ALL OLD *]
// Conditions: OR, AND, NOT, = <> != < <= > >=, BETWEEN, IN [...] / IN (...), IS [NOT] MISSING /
// NULL, begins_with(), contains(), attribute_type(), size(). Values: 'strings', numbers, TRUE,
// FALSE, NULL, MISSING, ?, [lists], {maps}, <<sets>>, paths.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.statements.html
import type { Comparison, ConditionExpr, PathExpr, Returning, Statement, TableTarget, ValueExpr } from "./ast.js";
import { malformed } from "./errors.js";
import { type Token, tokenize } from "./tokenizer.js";

const COMPARISONS = new Set(["=", "<>", "!=", "<", "<=", ">", ">="]);
const CONDITION_FUNCTIONS = new Set(["begins_with", "contains", "attribute_type"]);
const UPDATE_FUNCTIONS = new Set(["list_append", "set_add", "set_delete", "if_not_exists"]);

/** Deepest nesting of parentheses and collections accepted (a bound on recursion, not AWS's rule). */
const MAX_DEPTH = 64;

class Parser {
  private pos = 0;
  private parameters = 0;
  private depth = 0;

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw malformed("Statement is nested too deeply");
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  constructor(private readonly tokens: Token[]) {}

  get parameterCount(): number {
    return this.parameters;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== "end") this.pos++;
    return token;
  }

  private isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === "word" && token.text.toUpperCase() === word;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.pos++;
    return true;
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw this.unexpected(`Expected ${word}`);
  }

  private isPunct(text: string): boolean {
    const token = this.peek();
    return token.kind === "punct" && token.text === text;
  }

  private acceptPunct(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.pos++;
    return true;
  }

  private expectPunct(text: string): void {
    if (!this.acceptPunct(text)) throw this.unexpected(`Expected ${text}`);
  }

  private unexpected(expectation?: string): Error {
    const token = this.peek();
    if (token.kind === "end") return malformed(expectation ? `Unexpected end of statement. ${expectation}` : "Unexpected end of statement");
    const shown = token.kind === "string" ? `'${token.text}'` : token.kind === "quoted" ? `"${token.text}"` : token.text;
    return malformed(`Unexpected token: ${shown}${expectation ? `. ${expectation}` : ""}`);
  }

  parseStatement(): Statement {
    let statement: Statement;
    if (this.acceptKeyword("SELECT")) statement = this.select();
    else if (this.acceptKeyword("INSERT")) statement = this.insert();
    else if (this.acceptKeyword("UPDATE")) statement = this.update();
    else if (this.acceptKeyword("DELETE")) statement = this.delete();
    else if (this.peek().kind === "end") throw malformed("Empty statement");
    else throw this.unexpected("Expected SELECT, INSERT, UPDATE or DELETE");
    this.acceptPunct(";");
    if (this.peek().kind !== "end") throw this.unexpected();
    return statement;
  }

  private identifier(): string {
    const token = this.peek();
    if (token.kind === "word" || token.kind === "quoted") {
      this.pos++;
      return token.text;
    }
    throw this.unexpected("Expected identifier");
  }

  private tableTarget(): TableTarget {
    const table = this.identifier();
    if (this.acceptPunct(".")) return { table, index: this.identifier() };
    return { table };
  }

  private path(): PathExpr {
    const path: PathExpr = [this.identifier()];
    for (;;) {
      if (this.acceptPunct(".")) {
        path.push(this.identifier());
      } else if (this.acceptPunct("[")) {
        const token = this.next();
        if (token.kind === "number" && /^\d+$/.test(token.text)) path.push(Number(token.text));
        else if (token.kind === "string") path.push(token.text);
        else throw malformed("Expected an index or a string in []");
        this.expectPunct("]");
      } else {
        return path;
      }
    }
  }

  private select(): Statement {
    let projection: "*" | PathExpr[];
    if (this.acceptPunct("*")) {
      projection = "*";
    } else {
      projection = [this.path()];
      while (this.acceptPunct(",")) projection.push(this.path());
    }
    this.expectKeyword("FROM");
    const from = this.tableTarget();
    const where = this.acceptKeyword("WHERE") ? this.condition() : undefined;
    let orderBy: { path: PathExpr; descending: boolean } | undefined;
    if (this.acceptKeyword("ORDER")) {
      this.expectKeyword("BY");
      const path = this.path();
      const descending = this.acceptKeyword("DESC");
      if (!descending) this.acceptKeyword("ASC");
      orderBy = { path, descending };
    }
    return { kind: "select", projection, from, where, orderBy };
  }

  private insert(): Statement {
    this.expectKeyword("INTO");
    const into = this.tableTarget();
    this.expectKeyword("VALUE");
    return { kind: "insert", into, value: this.value() };
  }

  private update(): Statement {
    const target = this.tableTarget();
    const set: { path: PathExpr; value: ValueExpr }[] = [];
    const remove: PathExpr[] = [];
    let clauses = 0;
    for (;;) {
      if (this.acceptKeyword("SET")) {
        do {
          const path = this.path();
          this.expectPunct("=");
          set.push({ path, value: this.arithmetic() });
        } while (this.acceptPunct(","));
      } else if (this.acceptKeyword("REMOVE")) {
        do remove.push(this.path());
        while (this.acceptPunct(","));
      } else {
        break;
      }
      clauses++;
    }
    if (clauses === 0) throw this.unexpected("Expected SET or REMOVE");
    const where = this.acceptKeyword("WHERE") ? this.condition() : undefined;
    return { kind: "update", target, set, remove, where, returning: this.returning() };
  }

  private delete(): Statement {
    this.expectKeyword("FROM");
    const from = this.tableTarget();
    const where = this.acceptKeyword("WHERE") ? this.condition() : undefined;
    return { kind: "delete", from, where, returning: this.returning() };
  }

  /** RETURNING (ALL | MODIFIED) (OLD | NEW) * */
  private returning(): Returning | undefined {
    if (!this.acceptKeyword("RETURNING")) return undefined;
    const scope = this.acceptKeyword("ALL") ? "ALL" : this.acceptKeyword("MODIFIED") ? "MODIFIED" : undefined;
    if (!scope) throw this.unexpected("Expected ALL or MODIFIED");
    const age = this.acceptKeyword("OLD") ? "OLD" : this.acceptKeyword("NEW") ? "NEW" : undefined;
    if (!age) throw this.unexpected("Expected OLD or NEW");
    this.expectPunct("*");
    return `${scope}_${age}` as Returning;
  }

  // Conditions, loosest first.

  private condition(): ConditionExpr {
    let left = this.conjunction();
    while (this.acceptKeyword("OR")) left = { kind: "or", left, right: this.conjunction() };
    return left;
  }

  private conjunction(): ConditionExpr {
    let left = this.negation();
    while (this.acceptKeyword("AND")) left = { kind: "and", left, right: this.negation() };
    return left;
  }

  private negation(): ConditionExpr {
    if (this.acceptKeyword("NOT")) return { kind: "not", operand: this.nested(() => this.negation()) };
    return this.predicate();
  }

  private predicate(): ConditionExpr {
    // PartiQL values never start with "(", so one opens a grouped condition.
    if (this.acceptPunct("(")) {
      const inner = this.nested(() => this.condition());
      this.expectPunct(")");
      return inner;
    }
    const token = this.peek();
    if (token.kind === "word" && CONDITION_FUNCTIONS.has(token.text.toLowerCase()) && this.peek(1).text === "(") {
      this.pos += 2;
      const args = [this.value()];
      while (this.acceptPunct(",")) args.push(this.value());
      this.expectPunct(")");
      return { kind: "function", name: token.text.toLowerCase() as "begins_with", args };
    }
    const operand = this.value();
    if (this.acceptKeyword("IS")) {
      const negated = this.acceptKeyword("NOT");
      if (this.acceptKeyword("MISSING")) return { kind: "is", operand, test: "MISSING", negated };
      if (this.acceptKeyword("NULL")) return { kind: "is", operand, test: "NULL", negated };
      throw this.unexpected("Expected MISSING or NULL");
    }
    if (this.acceptKeyword("BETWEEN")) {
      const low = this.value();
      this.expectKeyword("AND");
      return { kind: "between", operand, low, high: this.value() };
    }
    if (this.acceptKeyword("IN")) {
      const close = this.acceptPunct("[") ? "]" : (this.expectPunct("("), ")");
      const list = [this.value()];
      while (this.acceptPunct(",")) list.push(this.value());
      this.expectPunct(close);
      return { kind: "in", operand, list };
    }
    const op = this.peek();
    if (op.kind === "punct" && COMPARISONS.has(op.text)) {
      this.pos++;
      return { kind: "compare", op: (op.text === "!=" ? "<>" : op.text) as Comparison, left: operand, right: this.value() };
    }
    throw this.unexpected("Expected a comparison");
  }

  // Values.

  /** SET's right-hand side: value (+|-) value, or a function call. */
  private arithmetic(): ValueExpr {
    let left = this.value();
    for (;;) {
      if (this.acceptPunct("+")) left = { kind: "plus", left, right: this.value() };
      else if (this.acceptPunct("-")) left = { kind: "minus", left, right: this.value() };
      else return left;
    }
  }

  value(): ValueExpr {
    return this.nested(() => this.valueAt());
  }

  private valueAt(): ValueExpr {
    const token = this.peek();
    switch (token.kind) {
      case "string":
        this.pos++;
        return { kind: "string", value: token.text };
      case "number":
        this.pos++;
        return { kind: "number", value: token.text };
      case "param":
        this.pos++;
        return { kind: "parameter", index: this.parameters++ };
      case "quoted":
        return { kind: "path", path: this.path() };
      case "word": {
        const upper = token.text.toUpperCase();
        if (upper === "TRUE" || upper === "FALSE") {
          this.pos++;
          return { kind: "boolean", value: upper === "TRUE" };
        }
        if (upper === "NULL") {
          this.pos++;
          return { kind: "null" };
        }
        if (upper === "MISSING") {
          this.pos++;
          return { kind: "missing" };
        }
        const lower = token.text.toLowerCase();
        if (this.peek(1).text === "(" && this.peek(1).kind === "punct") {
          if (lower === "size") {
            this.pos += 2;
            const operand = this.value();
            this.expectPunct(")");
            return { kind: "size", operand };
          }
          if (UPDATE_FUNCTIONS.has(lower)) {
            this.pos += 2;
            const args = [this.value()];
            while (this.acceptPunct(",")) args.push(this.value());
            this.expectPunct(")");
            return { kind: "call", name: lower, args };
          }
          throw malformed(`Unknown function: ${token.text}`);
        }
        return { kind: "path", path: this.path() };
      }
      case "punct":
        if (token.text === "-" && this.peek(1).kind === "number") {
          this.pos++;
          return { kind: "number", value: `-${this.next().text}` };
        }
        if (token.text === "[") {
          this.pos++;
          const elements: ValueExpr[] = [];
          if (!this.acceptPunct("]")) {
            do elements.push(this.value());
            while (this.acceptPunct(","));
            this.expectPunct("]");
          }
          return { kind: "list", elements };
        }
        if (token.text === "<<") {
          this.pos++;
          const elements: ValueExpr[] = [];
          do elements.push(this.value());
          while (this.acceptPunct(","));
          this.expectPunct(">>");
          return { kind: "set", elements };
        }
        if (token.text === "{") {
          this.pos++;
          const entries: [string, ValueExpr][] = [];
          if (!this.acceptPunct("}")) {
            do {
              const key = this.next();
              if (key.kind !== "string") throw malformed("Expected a string literal as a map key");
              this.expectPunct(":");
              entries.push([key.text, this.value()]);
            } while (this.acceptPunct(","));
            this.expectPunct("}");
          }
          return { kind: "map", entries };
        }
        throw this.unexpected();
      default:
        throw this.unexpected();
    }
  }
}

export interface ParsedStatement {
  statement: Statement;
  /** How many ? parameters the statement takes. */
  parameterCount: number;
}

export function parseStatement(source: string): ParsedStatement {
  const parser = new Parser(tokenize(source));
  const statement = parser.parseStatement();
  return { statement, parameterCount: parser.parameterCount };
}
