// Binding parsed PartiQL to DynamoDB values and to the expression engine's ASTs, so statements
// are evaluated by the same code as ConditionExpression / UpdateExpression.
//   literals and ? parameters -> AttributeValue ('x' S, 1 N, TRUE BOOL, NULL, [..] L, {..} M,
//   <<..>> SS/NS/BS by element type); WHERE -> Condition; SET/REMOVE -> UpdateAst.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.data-types.html
import type { Condition, Operand, UpdateAst } from "../expressions/index.js";
import type { AttributeValue } from "../values/attribute-value.js";
import { typeOf } from "../values/attribute-value.js";
import { attributeValueProblem, canonicalAttributeValue } from "../values/validate.js";
import type { ConditionExpr, PathExpr, ValueExpr } from "./ast.js";
import { malformed, unsupported } from "./errors.js";

export class Binder {
  constructor(private readonly parameters: readonly AttributeValue[]) {}

  /** A literal or parameter as an AttributeValue (MISSING is undefined). */
  value(expr: ValueExpr): AttributeValue | undefined {
    switch (expr.kind) {
      case "string":
        return { S: expr.value };
      case "number":
        return canonicalAttributeValue(checked({ N: expr.value }));
      case "boolean":
        return { BOOL: expr.value };
      case "null":
        return { NULL: true };
      case "missing":
        return undefined;
      case "parameter":
        return this.parameters[expr.index];
      case "list":
        return { L: expr.elements.map((e) => this.required(e)) };
      case "map": {
        const M: Record<string, AttributeValue> = {};
        for (const [key, value] of expr.entries) {
          const bound = this.value(value);
          if (bound !== undefined) M[key] = bound;
        }
        return { M };
      }
      case "set":
        return this.set(expr.elements.map((e) => this.required(e)));
      default:
        throw unsupported(`Unsupported operand in this position: ${describe(expr)}`);
    }
  }

  private required(expr: ValueExpr): AttributeValue {
    const bound = this.value(expr);
    if (bound === undefined) throw unsupported("MISSING is not a valid value here");
    return bound;
  }

  private set(elements: AttributeValue[]): AttributeValue {
    const type = typeOf(elements[0]!);
    if (elements.some((e) => typeOf(e) !== type)) throw unsupported("One or more parameter values were invalid: Set elements must all be of the same type");
    switch (type) {
      case "S":
        return checked({ SS: elements.map((e) => (e as { S: string }).S) });
      case "N":
        return canonicalAttributeValue(checked({ NS: elements.map((e) => (e as { N: string }).N) }));
      case "B":
        return checked({ BS: elements.map((e) => (e as { B: Buffer }).B) });
      default:
        throw unsupported(`One or more parameter values were invalid: Unsupported type ${type} in a set`);
    }
  }

  operand(expr: ValueExpr): Operand {
    switch (expr.kind) {
      case "path":
        return { kind: "path", path: expr.path };
      case "size":
        return { kind: "size", operand: this.operand(expr.operand) };
      case "plus":
      case "minus":
        return { kind: expr.kind, left: this.operand(expr.left), right: this.operand(expr.right) };
      case "call":
        return this.call(expr.name, expr.args);
      default: {
        const bound = this.value(expr);
        if (bound === undefined) throw unsupported("MISSING is not a valid value here");
        return { kind: "value", value: bound };
      }
    }
  }

  private call(name: string, args: ValueExpr[]): Operand {
    const arity = (n: number) => {
      if (args.length !== n) throw malformed(`Incorrect number of arguments for ${name}`);
    };
    switch (name) {
      case "list_append":
        arity(2);
        return { kind: "list_append", left: this.operand(args[0]!), right: this.operand(args[1]!) };
      case "if_not_exists": {
        arity(2);
        const path = args[0]!;
        if (path.kind !== "path") throw unsupported("The first argument of if_not_exists must be a path");
        return { kind: "if_not_exists", path: path.path, fallback: this.operand(args[1]!) };
      }
      default:
        throw unsupported(`${name} is only supported as the whole value of a SET action`);
    }
  }

  condition(expr: ConditionExpr): Condition {
    switch (expr.kind) {
      case "compare": {
        if (expr.left.kind === "missing" || expr.right.kind === "missing") {
          // attr = MISSING / attr <> MISSING read as IS [NOT] MISSING.
          const path = expr.left.kind === "missing" ? expr.right : expr.left;
          return this.condition({ kind: "is", operand: path, test: "MISSING", negated: expr.op !== "=" });
        }
        return { kind: "compare", op: expr.op, left: this.operand(expr.left), right: this.operand(expr.right) };
      }
      case "between":
        return { kind: "between", operand: this.operand(expr.operand), low: this.operand(expr.low), high: this.operand(expr.high) };
      case "in":
        return { kind: "in", operand: this.operand(expr.operand), list: expr.list.map((e) => this.operand(e)) };
      case "and":
      case "or":
        return { kind: expr.kind, left: this.condition(expr.left), right: this.condition(expr.right) };
      case "not":
        return { kind: "not", operand: this.condition(expr.operand) };
      case "is": {
        if (expr.operand.kind !== "path") throw unsupported("IS MISSING and IS NULL apply to attribute paths");
        const path = expr.operand.path;
        const missing: Condition = { kind: "attribute_not_exists", path };
        // PartiQL: MISSING IS NULL is true, so IS NULL covers both NULL values and absent attributes.
        const test: Condition =
          expr.test === "MISSING"
            ? missing
            : { kind: "or", left: missing, right: { kind: "attribute_type", operand: { kind: "path", path }, type: { kind: "value", value: { S: "NULL" } } } };
        return expr.negated ? { kind: "not", operand: test } : test;
      }
      case "function": {
        const args = expr.args.map((a) => this.operand(a));
        if (args.length !== 2) throw malformed(`Incorrect number of arguments for ${expr.name}`);
        if (expr.name === "attribute_type") return { kind: "attribute_type", operand: args[0]!, type: args[1]! };
        return { kind: expr.name, left: args[0]!, right: args[1]! };
      }
    }
  }

  /** SET and REMOVE clauses as an UpdateAst; set_add / set_delete become ADD / DELETE actions. */
  update(set: { path: PathExpr; value: ValueExpr }[], remove: PathExpr[]): UpdateAst {
    const ast: UpdateAst = { set: [], remove: [...remove], add: [], delete: [] };
    for (const action of set) {
      const value = action.value;
      if (value.kind === "call" && (value.name === "set_add" || value.name === "set_delete")) {
        const [target, operand] = value.args;
        if (value.args.length !== 2 || target?.kind !== "path" || !samePath(target.path, action.path)) {
          throw unsupported(`${value.name} must update the attribute it reads: SET a = ${value.name}(a, <<...>>)`);
        }
        const bound = this.required(operand!);
        (value.name === "set_add" ? ast.add : ast.delete).push({ path: action.path, value: bound });
        continue;
      }
      ast.set.push({ path: action.path, value: this.operand(value) });
    }
    return ast;
  }
}

function samePath(a: PathExpr, b: PathExpr): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

function checked<T extends AttributeValue>(value: T): T {
  const problem = attributeValueProblem(value);
  if (problem) throw unsupported(problem);
  return value;
}

function describe(expr: ValueExpr): string {
  return expr.kind === "path" ? expr.path.join(".") : expr.kind;
}
