// ConditionExpression / FilterExpression / KeyConditionExpression grammar.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
//
//   condition := or
//   or        := and ( OR and )*
//   and       := not ( AND not )*            precedence, highest first: comparators, IN, BETWEEN,
//   not       := NOT not | primary           functions, parentheses, NOT, AND, OR
//   primary   := "(" condition ")" | operand comparison-tail | function-call
//   tail      := comparator operand | BETWEEN operand AND operand | IN "(" operand ("," operand)* ")"
//   operand   := "(" operand ")" | path | :value | name "(" operand ("," operand)* ")"
//
// "(" is ambiguous between a grouped condition and a grouped operand ("(a) = :v"). Instead of
// backtracking, the group's content is parsed by the condition rules with operands allowed to
// stand alone; a group holding a bare operand then continues as the left side of a comparison.

import type { ComparisonOperator, Condition, Operand } from "./ast.js";
import type { ExpressionAttributes } from "./attributes.js";
import {
  type Call,
  checkBetweenBounds,
  checkCall,
  checkDistinct,
  isConditionFunction,
  reportMisusedFunction,
} from "./condition-checks.js";
import { type Category, Diagnostics } from "./diagnostics.js";
import { type ExpressionKind, invalidExpression } from "./errors.js";
import { checkExpressionSize, Cursor } from "./parser-base.js";
import { Tok, type TokenKind } from "./tokenizer.js";

const KEYWORDS: ReadonlySet<string> = new Set(["AND", "OR", "NOT", "BETWEEN", "IN"]);

/** dynalite's order for condition problems, established against DynamoDB. */
const PRIORITY: readonly Category[] = [
  "tooManyOperators",
  "parens",
  "unknownFunction",
  "misusedFunction",
  "reserved",
  "attrName",
  "operandCount",
  "distinct",
  "function",
  "tooManyOperands",
];

/** https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-expression-parameters */
export const MAX_IN_OPERANDS = 100;

const COMPARATORS: Partial<Record<TokenKind, ComparisonOperator>> = {
  [Tok.Eq]: "=",
  [Tok.Ne]: "<>",
  [Tok.Lt]: "<",
  [Tok.Le]: "<=",
  [Tok.Gt]: ">",
  [Tok.Ge]: ">=",
};

/** An operand as parsed, before we know how it is used. */
interface ParsedOperand {
  /** Set for everything but a function call. */
  operand?: Operand;
  /** Set when the operand is a function call: until its use is known it may be a boolean function. */
  call?: Call;
  /** How many parentheses directly wrap it (two or more is "redundant parentheses"). */
  parens: number;
}

type Parsed = { condition: Condition; parens: number; operand?: undefined } | (ParsedOperand & { condition?: undefined });

/** Parses and checks a condition; throws AWS's ValidationException for any problem. */
export function parseCondition(source: string, kind: ExpressionKind, attributes: ExpressionAttributes): Condition {
  if (source.length === 0) throw invalidExpression(kind, "The expression can not be empty;");
  checkExpressionSize(source, kind);
  const diagnostics = new Diagnostics();
  const cursor = new Cursor(source, kind, diagnostics, attributes, "attrName");
  const condition = new ConditionParser(cursor).parseTop();
  cursor.checkOperatorCount();
  diagnostics.throwFirst(kind, PRIORITY);
  return condition;
}

class ConditionParser {
  constructor(private readonly cursor: Cursor) {}

  private get diagnostics(): Diagnostics {
    return this.cursor.diagnostics;
  }

  parseTop(): Condition {
    const parsed = this.parseOr(false);
    if (this.cursor.current.kind !== Tok.Eof) throw this.cursor.syntaxError();
    return parsed.condition!;
  }

  /** With allowOperand, a bare operand may be returned (inside a parenthesised group). */
  private parseOr(allowOperand: boolean): Parsed {
    let left = this.parseAnd(allowOperand);
    if (left.condition === undefined) return left;
    while (this.cursor.atKeyword("OR")) {
      this.cursor.advance();
      const right = this.parseAnd(false);
      left = { condition: { kind: "or", left: left.condition!, right: right.condition! }, parens: 0 };
    }
    return left;
  }

  private parseAnd(allowOperand: boolean): Parsed {
    let left = this.parseNot(allowOperand);
    if (left.condition === undefined) return left;
    while (this.cursor.atKeyword("AND")) {
      this.cursor.advance();
      const right = this.parseNot(false);
      left = { condition: { kind: "and", left: left.condition!, right: right.condition! }, parens: 0 };
    }
    return left;
  }

  private parseNot(allowOperand: boolean): Parsed {
    if (this.cursor.atKeyword("NOT")) {
      this.cursor.advance();
      this.cursor.enter();
      const operand = this.parseNot(false);
      this.cursor.leave();
      return { condition: { kind: "not", operand: operand.condition! }, parens: 0 };
    }
    return this.parsePrimary(allowOperand);
  }

  private parsePrimary(allowOperand: boolean): Parsed {
    const cursor = this.cursor;
    let left: ParsedOperand;
    if (cursor.current.kind === Tok.LParen) {
      cursor.advance();
      cursor.enter();
      const inner = this.parseOr(true);
      cursor.leave();
      cursor.expect(Tok.RParen);
      if (inner.parens > 0) this.diagnostics.add("parens", "The expression has redundant parentheses;");
      if (inner.condition !== undefined) return { condition: inner.condition, parens: 1 };
      left = { operand: inner.operand, call: inner.call, parens: 1 };
    } else {
      left = this.parseOperandAtom();
    }
    const kind = cursor.current.kind;
    const comparator = COMPARATORS[kind];
    if (comparator !== undefined) {
      cursor.advance();
      cursor.countOperator();
      const leftOperand = this.resolve(left);
      const right = this.resolve(this.parseOperand());
      return { condition: this.buildComparison(comparator, leftOperand, right), parens: 0 };
    }
    if (cursor.atKeyword("BETWEEN")) {
      cursor.advance();
      cursor.countOperator();
      const operand = this.resolve(left);
      const low = this.resolve(this.parseOperand());
      cursor.expectKeyword("AND");
      const high = this.resolve(this.parseOperand());
      return { condition: this.buildBetween(operand, low, high), parens: 0 };
    }
    if (cursor.atKeyword("IN")) {
      cursor.advance();
      cursor.countOperator();
      const operand = this.resolve(left);
      cursor.expect(Tok.LParen);
      const list = [this.resolve(this.parseOperand())];
      while (cursor.current.kind === Tok.Comma) {
        cursor.advance();
        list.push(this.resolve(this.parseOperand()));
      }
      cursor.expect(Tok.RParen);
      return { condition: this.buildIn(operand, list), parens: 0 };
    }
    if (left.call !== undefined && left.parens === 0 && !(allowOperand && left.call.name === "size")) {
      return { condition: this.conditionFromCall(left.call), parens: 0 };
    }
    if (allowOperand) return left;
    throw cursor.syntaxError();
  }

  /** operand := "(" operand ")" | atom */
  private parseOperand(): ParsedOperand {
    const cursor = this.cursor;
    if (cursor.current.kind !== Tok.LParen) return this.parseOperandAtom();
    cursor.advance();
    cursor.enter();
    const inner = this.parseOperand();
    cursor.leave();
    cursor.expect(Tok.RParen);
    if (inner.parens > 0) this.diagnostics.add("parens", "The expression has redundant parentheses;");
    return { operand: inner.operand, call: inner.call, parens: 1 };
  }

  /** atom := :value | name "(" args ")" | path */
  private parseOperandAtom(): ParsedOperand {
    const cursor = this.cursor;
    const token = cursor.current;
    if (token.kind === Tok.AttrValue) {
      return { operand: { kind: "value", value: cursor.parseValueReference() }, parens: 0 };
    }
    if (token.kind === Tok.Name && cursor.peekKind(1) === Tok.LParen && !cursor.isKeywordToken(token, KEYWORDS)) {
      const name = cursor.text(token);
      cursor.advance();
      cursor.advance();
      cursor.countOperator();
      cursor.enter();
      const args = [this.resolve(this.parseOperand())];
      while (cursor.current.kind === Tok.Comma) {
        cursor.advance();
        args.push(this.resolve(this.parseOperand()));
      }
      cursor.leave();
      cursor.expect(Tok.RParen);
      return { call: { name, args }, parens: 0 };
    }
    if (!cursor.atPathStart(KEYWORDS)) throw cursor.syntaxError();
    return { operand: { kind: "path", path: cursor.parsePath(KEYWORDS) }, parens: 0 };
  }

  // ---- semantic checks, recorded as the nodes are built ----

  /** The value an operand produces, once it is known to be used as a value. */
  private resolve(parsed: ParsedOperand): Operand {
    return parsed.call !== undefined ? this.operandFromCall(parsed.call) : parsed.operand!;
  }

  /** A call used where a value is needed: only size() produces a value. */
  private operandFromCall(call: Call): Operand {
    checkCall(this.diagnostics, call);
    if (call.name !== "size") {
      if (isConditionFunction(call.name)) reportMisusedFunction(this.diagnostics, call.name);
      return { kind: "value", value: { NULL: true } };
    }
    return { kind: "size", operand: call.args[0]! };
  }

  private conditionFromCall(call: Call): Condition {
    checkCall(this.diagnostics, call);
    const a = call.args[0]!;
    const b = call.args[1] ?? a;
    switch (call.name) {
      case "attribute_exists":
      case "attribute_not_exists":
        return { kind: call.name, path: a.kind === "path" ? a.path : [] };
      case "attribute_type":
        return { kind: "attribute_type", operand: a, type: b };
      case "begins_with":
      case "contains":
        return { kind: call.name, left: a, right: b };
      case "size":
        reportMisusedFunction(this.diagnostics, "size");
        return { kind: "attribute_exists", path: [] };
      default:
        return { kind: "attribute_exists", path: [] };
    }
  }

  private buildComparison(op: ComparisonOperator, left: Operand, right: Operand): Condition {
    checkDistinct(this.diagnostics, op, left, right);
    return { kind: "compare", op, left, right };
  }

  private buildBetween(operand: Operand, low: Operand, high: Operand): Condition {
    if (low.kind === "value" && high.kind === "value") checkBetweenBounds(low.value, high.value, this.diagnostics);
    return { kind: "between", operand, low, high };
  }

  private buildIn(operand: Operand, list: Operand[]): Condition {
    if (list.length > MAX_IN_OPERANDS) {
      this.diagnostics.add(
        "tooManyOperands",
        `The IN operator is provided with too many operands; number of operands: ${list.length}`,
      );
    }
    return { kind: "in", operand, list };
  }
}
