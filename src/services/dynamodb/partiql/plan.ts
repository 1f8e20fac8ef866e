// From a bound PartiQL statement to what the item engine does: the key a single-item statement
// names, the key condition a SELECT can Query with, and the conditions writes check.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.select.html
// ("a SELECT that names the partition key with an equality condition is a Query; otherwise a Scan").
import type { Condition } from "../expressions/index.js";
import type { SortCondition } from "../storage/table-engine.js";
import type { KeyLayout } from "../storage/table-layout.js";
import { keyNames } from "../storage/table-layout.js";
import type { AttributeValue, Item } from "../values/attribute-value.js";
import type { ConditionExpr, ValueExpr } from "./ast.js";
import type { Binder } from "./bind.js";
import { unsupported } from "./errors.js";

/** The conjuncts of a WHERE clause (a AND b AND c -> [a, b, c]). */
function conjuncts(where: ConditionExpr | undefined): ConditionExpr[] {
  if (!where) return [];
  if (where.kind === "and") return [...conjuncts(where.left), ...conjuncts(where.right)];
  return [where];
}

function and(conditions: Condition[]): Condition | undefined {
  return conditions.reduce<Condition | undefined>((left, right) => (left ? { kind: "and", left, right } : right), undefined);
}

function attributeName(expr: ValueExpr): string | undefined {
  return expr.kind === "path" && expr.path.length === 1 && typeof expr.path[0] === "string" ? expr.path[0] : undefined;
}

function isValue(expr: ValueExpr): boolean {
  return expr.kind !== "path" && expr.kind !== "size" && expr.kind !== "plus" && expr.kind !== "minus" && expr.kind !== "call";
}

/** `name = value` (either way round) as [name, value expression]. */
function keyEquality(term: ConditionExpr): [string, ValueExpr] | undefined {
  if (term.kind !== "compare" || term.op !== "=") return undefined;
  const left = attributeName(term.left);
  if (left !== undefined && isValue(term.right)) return [left, term.right];
  const right = attributeName(term.right);
  if (right !== undefined && isValue(term.left)) return [right, term.left];
  return undefined;
}

export interface SingleItemTarget {
  key: Item;
  /** The WHERE clause without the key equalities, if anything is left. */
  rest?: Condition;
}

export const MISSING_KEY_EQUALITY = "Where clause does not contain a mandatory equality on all key attributes";

/** UPDATE, DELETE and single-item SELECTs must name every key attribute with an equality. */
export function singleItemTarget(where: ConditionExpr | undefined, key: KeyLayout, binder: Binder): SingleItemTarget {
  const names = keyNames(key);
  const found: Item = {};
  const rest: Condition[] = [];
  for (const term of conjuncts(where)) {
    const equality = keyEquality(term);
    if (equality && names.includes(equality[0]) && found[equality[0]] === undefined) {
      const value = binder.value(equality[1]);
      if (value === undefined) throw unsupported(MISSING_KEY_EQUALITY);
      found[equality[0]] = value;
    } else {
      rest.push(binder.condition(term));
    }
  }
  if (names.some((n) => found[n] === undefined)) throw unsupported(MISSING_KEY_EQUALITY);
  return { key: found, rest: and(rest) };
}

export interface ReadPlan {
  /** Present when the WHERE clause fixes the partition key: a Query. */
  partition?: AttributeValue;
  sort?: SortCondition;
  /** The whole WHERE clause, applied to every item read. */
  filter?: Condition;
}

/** How a SELECT reads: a Query when the partition key has an equality, else a Scan. */
export function readPlan(where: ConditionExpr | undefined, key: KeyLayout, binder: Binder): ReadPlan {
  const plan: ReadPlan = {};
  if (where) plan.filter = binder.condition(where);
  for (const term of conjuncts(where)) {
    const equality = keyEquality(term);
    if (equality && equality[0] === key.partition.name && plan.partition === undefined) {
      plan.partition = binder.value(equality[1]);
      continue;
    }
    if (!key.sort || plan.sort) continue;
    const sortName = key.sort.name;
    if (equality && equality[0] === sortName) {
      const value = binder.value(equality[1]);
      if (value) plan.sort = { op: "=", value };
    } else if (term.kind === "compare" && attributeName(term.left) === sortName && isValue(term.right) && term.op !== "<>") {
      const value = binder.value(term.right);
      if (value) plan.sort = { op: term.op, value };
    } else if (term.kind === "between" && attributeName(term.operand) === sortName && isValue(term.low) && isValue(term.high)) {
      const low = binder.value(term.low);
      const high = binder.value(term.high);
      if (low && high) plan.sort = { op: "BETWEEN", low, high };
    } else if (term.kind === "function" && term.name === "begins_with" && attributeName(term.args[0]!) === sortName && isValue(term.args[1]!)) {
      const prefix = binder.value(term.args[1]!);
      if (prefix && ("S" in prefix || "B" in prefix)) plan.sort = { op: "begins_with", prefix };
    }
  }
  // Key values of the wrong type cannot match anything: read nothing rather than fail.
  if (plan.partition && !sameType(plan.partition, key.partition.type)) plan.partition = undefined;
  if (plan.sort && key.sort && !sortTypesMatch(plan.sort, key.sort.type)) delete plan.sort;
  return plan;
}

function sameType(value: AttributeValue, type: "S" | "N" | "B"): boolean {
  return type in value;
}

function sortTypesMatch(sort: SortCondition, type: "S" | "N" | "B"): boolean {
  if (sort.op === "BETWEEN") return sameType(sort.low, type) && sameType(sort.high, type);
  if (sort.op === "begins_with") return sameType(sort.prefix, type);
  return sameType(sort.value, type);
}
