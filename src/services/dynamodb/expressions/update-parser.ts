// UpdateExpression grammar.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
//
//   update    := clause+                      each of SET, REMOVE, ADD, DELETE at most once
//   clause    := SET set ("," set)* | REMOVE path ("," path)*
//              | ADD path :value ("," path :value)* | DELETE path :value ("," path :value)*
//   set       := path "=" value
//   value     := "(" value ")" | operand [ ("+" | "-") operand ]
//   operand   := "(" operand ")" | :value | path | name "(" operand ("," operand)* ")"
//
// "+" and "-" join exactly two operands and may not appear inside a function's arguments
// (AWS: "if_not_exists(b, :v)+:w" is fine, "if_not_exists(c, :v+:w)" is a syntax error).
// Every target path is checked against the earlier ones: AWS refuses overlapping or
// conflicting paths before it reads the item.

import { type AttributeType, LONG_TYPE_NAMES, typeOf } from "../values/attribute-value.js";
import type { DocumentPath, Operand, UpdateAst } from "./ast.js";
import type { ExpressionAttributes } from "./attributes.js";
import { type Category, Diagnostics } from "./diagnostics.js";
import { invalidExpression } from "./errors.js";
import { checkExpressionSize, checkPathAgainst, Cursor } from "./parser-base.js";
import { Tok } from "./tokenizer.js";

const KEYWORDS: ReadonlySet<string> = new Set(["SET", "REMOVE", "ADD", "DELETE"]);

/** dynalite's order for update problems, established against DynamoDB. */
const PRIORITY: readonly Category[] = [
  "tooManyOperators",
  "reserved",
  "unknownFunction",
  "misusedFunction",
  "section",
  "attrName",
  "attrValue",
  "pathOverlap",
  "pathConflict",
  "operand",
  "function",
];

const UPDATE_FUNCTIONS: Readonly<Record<string, number>> = { if_not_exists: 2, list_append: 2 };
const CONDITION_FUNCTIONS: ReadonlySet<string> = new Set([
  "attribute_exists",
  "attribute_not_exists",
  "attribute_type",
  "begins_with",
  "contains",
  "size",
]);

type Clause = "SET" | "REMOVE" | "ADD" | "DELETE";

/** Parses and checks an UpdateExpression; throws AWS's ValidationException for any problem. */
export function parseUpdate(source: string, attributes: ExpressionAttributes): UpdateAst {
  if (source.length === 0) throw invalidExpression("UpdateExpression", "The expression can not be empty;");
  checkExpressionSize(source, "UpdateExpression");
  const diagnostics = new Diagnostics();
  const cursor = new Cursor(source, "UpdateExpression", diagnostics, attributes, "attrValue");
  const update = new UpdateParser(cursor).parseTop();
  cursor.checkOperatorCount();
  diagnostics.throwFirst("UpdateExpression", PRIORITY);
  return update;
}

class UpdateParser {
  private readonly update: UpdateAst = { set: [], remove: [], add: [], delete: [] };
  private readonly seenClauses = new Set<Clause>();
  private readonly targets: DocumentPath[] = [];

  constructor(private readonly cursor: Cursor) {}

  parseTop(): UpdateAst {
    const cursor = this.cursor;
    do {
      const clause = this.clauseKeyword();
      if (clause === undefined) throw cursor.syntaxError();
      cursor.advance();
      if (this.seenClauses.has(clause)) {
        cursor.diagnostics.add("section", `The "${clause}" section can only be used once in an update expression;`);
      }
      this.seenClauses.add(clause);
      this.parseClause(clause);
    } while (cursor.current.kind !== Tok.Eof);
    return this.update;
  }

  private clauseKeyword(): Clause | undefined {
    const cursor = this.cursor;
    if (cursor.atKeyword("SET")) return "SET";
    if (cursor.atKeyword("REMOVE")) return "REMOVE";
    if (cursor.atKeyword("ADD")) return "ADD";
    if (cursor.atKeyword("DELETE")) return "DELETE";
    return undefined;
  }

  private parseClause(clause: Clause): void {
    const cursor = this.cursor;
    for (;;) {
      const path = this.parseTarget();
      switch (clause) {
        case "SET": {
          cursor.expect(Tok.Eq);
          this.update.set.push({ path, value: this.parseSetValue() });
          break;
        }
        case "REMOVE":
          this.update.remove.push(path);
          break;
        case "ADD":
        case "DELETE": {
          if (cursor.current.kind !== Tok.AttrValue) throw cursor.syntaxError();
          const value = cursor.parseValueReference();
          this.checkActionOperand(clause, typeOf(value));
          (clause === "ADD" ? this.update.add : this.update.delete).push({ path, value });
          break;
        }
      }
      if (cursor.current.kind !== Tok.Comma) return;
      cursor.advance();
    }
  }

  private parseTarget(): DocumentPath {
    const path = this.cursor.parsePath(KEYWORDS);
    checkPathAgainst(this.targets, path, this.cursor.diagnostics);
    this.targets.push(path);
    return path;
  }

  /** ADD takes a number or a set; DELETE takes a set. */
  private checkActionOperand(clause: "ADD" | "DELETE", type: AttributeType): void {
    const allowed = type === "SS" || type === "NS" || type === "BS" || (clause === "ADD" && type === "N");
    if (!allowed) {
      this.cursor.diagnostics.add(
        "operand",
        `Incorrect operand type for operator or function; operator: ${clause}, operand type: ${LONG_TYPE_NAMES[type]}`,
      );
    }
  }

  private parseSetValue(): Operand {
    const cursor = this.cursor;
    let left: Operand;
    if (cursor.current.kind === Tok.LParen) {
      cursor.advance();
      cursor.enter();
      const inner = this.parseSetValue();
      cursor.leave();
      cursor.expect(Tok.RParen);
      if (inner.kind === "plus" || inner.kind === "minus") return inner;
      left = inner;
    } else {
      left = this.parseOperand(false);
    }
    const kind = cursor.current.kind;
    if (kind !== Tok.Plus && kind !== Tok.Minus) return left;
    cursor.advance();
    cursor.countOperator();
    const right = this.parseOperand(false);
    const symbol = kind === Tok.Plus ? "+" : "-";
    for (const operand of [left, right]) {
      if (operand.kind === "value" && typeOf(operand.value) !== "N") this.wrongOperandType(symbol, typeOf(operand.value));
    }
    return { kind: kind === Tok.Plus ? "plus" : "minus", left, right };
  }

  /** operand := "(" operand ")" | :value | path | name "(" args ")" */
  private parseOperand(insideListAppend: boolean): Operand {
    const cursor = this.cursor;
    const token = cursor.current;
    if (token.kind === Tok.LParen) {
      cursor.advance();
      cursor.enter();
      const inner = this.parseOperand(insideListAppend);
      cursor.leave();
      cursor.expect(Tok.RParen);
      return inner;
    }
    if (token.kind === Tok.AttrValue) return { kind: "value", value: cursor.parseValueReference() };
    if (token.kind === Tok.Name && cursor.peekKind(1) === Tok.LParen && !cursor.isKeywordToken(token, KEYWORDS)) {
      return this.parseCall(insideListAppend);
    }
    if (!cursor.atPathStart(KEYWORDS)) throw cursor.syntaxError();
    return { kind: "path", path: cursor.parsePath(KEYWORDS) };
  }

  private parseCall(insideListAppend: boolean): Operand {
    const cursor = this.cursor;
    const name = cursor.text(cursor.advance());
    cursor.advance();
    cursor.countOperator();
    cursor.enter();
    const isListAppend = name === "list_append";
    const args = [this.parseOperand(isListAppend)];
    while (cursor.current.kind === Tok.Comma) {
      cursor.advance();
      args.push(this.parseOperand(isListAppend));
    }
    cursor.leave();
    cursor.expect(Tok.RParen);
    const diagnostics = cursor.diagnostics;
    if (!Object.hasOwn(UPDATE_FUNCTIONS, name)) {
      diagnostics.add(
        "unknownFunction",
        CONDITION_FUNCTIONS.has(name)
          ? `The function is not allowed in an update expression; function: ${name}`
          : `Invalid function name; function: ${name}`,
      );
      return { kind: "value", value: { NULL: true } };
    }
    // DynamoDB refuses list_append(list_append(...), ...) although it parses it.
    if (isListAppend && insideListAppend) {
      diagnostics.add("misusedFunction", `The function is not allowed to be used this way in an expression; function: ${name}`);
    }
    if (args.length !== UPDATE_FUNCTIONS[name]) {
      diagnostics.add(
        "function",
        `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`,
      );
      return { kind: "value", value: { NULL: true } };
    }
    const [first, second] = args as [Operand, Operand];
    if (isListAppend) {
      for (const arg of args) {
        if (arg.kind === "value" && typeOf(arg.value) !== "L") this.wrongOperandType(name, typeOf(arg.value));
      }
      return { kind: "list_append", left: first, right: second };
    }
    if (first.kind !== "path") {
      diagnostics.add("function", `Operator or function requires a document path; operator or function: ${name}`);
      return { kind: "value", value: { NULL: true } };
    }
    return { kind: "if_not_exists", path: first.path, fallback: second };
  }

  private wrongOperandType(operator: string, type: AttributeType): void {
    this.cursor.diagnostics.add(
      "function",
      `Incorrect operand type for operator or function; operator or function: ${operator}, operand type: ${type}`,
    );
  }
}

/** The top-level attributes an update writes (to refuse changes to key attributes). */
export function updatedTopLevelNames(update: UpdateAst): string[] {
  const names = new Set<string>();
  for (const action of update.set) names.add(action.path[0] as string);
  for (const path of update.remove) names.add(path[0] as string);
  for (const action of update.add) names.add(action.path[0] as string);
  for (const action of update.delete) names.add(action.path[0] as string);
  return [...names];
}

/** Every path an update writes, in the order the actions appear (for UPDATED_OLD / UPDATED_NEW). */
export function updatedPaths(update: UpdateAst): DocumentPath[] {
  return [
    ...update.set.map((action) => action.path),
    ...update.remove,
    ...update.add.map((action) => action.path),
    ...update.delete.map((action) => action.path),
  ];
}
