// Legacy conditional parameters (QueryFilter, ScanFilter, KeyConditions, Expected) converted to
// the expression ASTs, after AWS's own validation of them.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Condition.html
// Messages are those DynamoDB returns (as recorded by dynalite's test suite against AWS).

import { type AttributeType, type AttributeValue, typeOf } from "../../values/attribute-value.js";
import { compareScalars } from "../../values/compare.js";
import { attributeValueProblem, canonicalAttributeValue } from "../../values/validate.js";
import type { Condition, KeyCondition, KeySchema } from "../ast.js";
import { validationError } from "../errors.js";
import { type AttributeKeyCondition, keyConditionFromAttributeConditions } from "../key-condition.js";

export type LegacyComparisonOperator = AttributeKeyCondition["operator"];

export interface LegacyCondition {
  ComparisonOperator?: string;
  AttributeValueList?: unknown[];
}

export interface LegacyExpectedCondition extends LegacyCondition {
  Value?: unknown;
  Exists?: boolean;
}

const INVALID = "One or more parameter values were invalid: ";

/** How many values each operator takes: an exact count, or [minimum] for IN. */
const ARGUMENT_COUNTS: Readonly<Record<LegacyComparisonOperator, number | readonly [number]>> = {
  EQ: 1,
  NE: 1,
  LE: 1,
  LT: 1,
  GE: 1,
  GT: 1,
  CONTAINS: 1,
  NOT_CONTAINS: 1,
  BEGINS_WITH: 1,
  NULL: 0,
  NOT_NULL: 0,
  IN: [1],
  BETWEEN: 2,
};

/** The value types each operator accepts in AttributeValueList. */
const ACCEPTED_TYPES: Readonly<Partial<Record<LegacyComparisonOperator, readonly AttributeType[]>>> = {
  EQ: ["S", "N", "B", "SS", "NS", "BS"],
  NE: ["S", "N", "B", "SS", "NS", "BS"],
  LE: ["S", "N", "B"],
  LT: ["S", "N", "B"],
  GE: ["S", "N", "B"],
  GT: ["S", "N", "B"],
  CONTAINS: ["S", "N", "B"],
  NOT_CONTAINS: ["S", "N", "B"],
  BEGINS_WITH: ["S", "B"],
  IN: ["S", "N", "B"],
  BETWEEN: ["S", "N", "B"],
};

function isOperator(operator: string | undefined): operator is LegacyComparisonOperator {
  return operator !== undefined && Object.hasOwn(ARGUMENT_COUNTS, operator);
}

function checkedOperator(operator: string | undefined): LegacyComparisonOperator {
  if (!isOperator(operator)) {
    // The model's enum check normally rejects these before they get here.
    throw validationError(`${INVALID}Invalid ComparisonOperator: ${String(operator)}`);
  }
  return operator;
}

function checkedValues(list: readonly unknown[]): AttributeValue[] {
  return list.map((value) => {
    const problem = attributeValueProblem(value);
    if (problem) throw validationError(problem);
    return canonicalAttributeValue(value as AttributeValue);
  });
}

function checkArgumentCount(operator: LegacyComparisonOperator, count: number): void {
  const expected = ARGUMENT_COUNTS[operator];
  const ok = typeof expected === "number" ? count === expected : count >= expected[0];
  if (!ok) throw validationError(`${INVALID}Invalid number of argument(s) for the ${operator} ComparisonOperator`);
}

function checkSameType(values: AttributeValue[]): void {
  if (values.length === 0) return;
  const type = typeOf(values[0]!);
  if (values.some((value) => typeOf(value) !== type)) {
    throw validationError(`${INVALID}AttributeValues inside AttributeValueList must be of same type`);
  }
}

function checkBetweenOrder(operator: LegacyComparisonOperator, values: AttributeValue[]): void {
  if (operator !== "BETWEEN") return;
  const order = compareScalars(values[0]!, values[1]!);
  if (order !== undefined && order > 0) {
    throw validationError("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
  }
}

/** Validates one QueryFilter/ScanFilter/KeyConditions entry, in AWS's order. */
function validatedCondition(name: string, condition: LegacyCondition): AttributeKeyCondition {
  const values = checkedValues(condition.AttributeValueList ?? []);
  const operator = checkedOperator(condition.ComparisonOperator);
  checkArgumentCount(operator, values.length);
  checkSameType(values);
  const accepted = ACCEPTED_TYPES[operator];
  if (accepted) {
    for (const value of values) {
      const type = typeOf(value);
      if (!accepted.includes(type)) {
        throw validationError(`${INVALID}ComparisonOperator ${operator} is not valid for ${type} AttributeValue type`);
      }
    }
  }
  checkBetweenOrder(operator, values);
  return { name, operator, values };
}

/** The condition an operator applied to one top-level attribute stands for. */
export function conditionFor({ name, operator, values }: AttributeKeyCondition): Condition {
  const path = [name];
  const attribute = { kind: "path" as const, path };
  const value = (i: number) => ({ kind: "value" as const, value: values[i]! });
  switch (operator) {
    case "EQ":
      return { kind: "compare", op: "=", left: attribute, right: value(0) };
    case "NE":
      return { kind: "compare", op: "<>", left: attribute, right: value(0) };
    case "LT":
      return { kind: "compare", op: "<", left: attribute, right: value(0) };
    case "LE":
      return { kind: "compare", op: "<=", left: attribute, right: value(0) };
    case "GT":
      return { kind: "compare", op: ">", left: attribute, right: value(0) };
    case "GE":
      return { kind: "compare", op: ">=", left: attribute, right: value(0) };
    case "NOT_NULL":
      return { kind: "attribute_exists", path };
    case "NULL":
      return { kind: "attribute_not_exists", path };
    case "CONTAINS":
      return { kind: "contains", left: attribute, right: value(0) };
    case "NOT_CONTAINS":
      return { kind: "not", operand: { kind: "contains", left: attribute, right: value(0) } };
    case "BEGINS_WITH":
      return { kind: "begins_with", left: attribute, right: value(0) };
    case "IN":
      return { kind: "in", operand: attribute, list: values.map((_, i) => value(i)) };
    case "BETWEEN":
      return { kind: "between", operand: attribute, low: value(0), high: value(1) };
  }
}

function combine(conditions: Condition[], conditionalOperator: string | undefined): Condition | undefined {
  if (conditions.length === 0) return undefined;
  const kind = conditionalOperator === "OR" ? "or" : "and";
  return conditions.reduce((left, right) => ({ kind, left, right }));
}

/** QueryFilter or ScanFilter (+ ConditionalOperator) as a condition; undefined when empty. */
export function filterToCondition(
  filter: Readonly<Record<string, LegacyCondition>>,
  conditionalOperator?: string,
): Condition | undefined {
  const conditions = Object.keys(filter).map((name) => conditionFor(validatedCondition(name, filter[name]!)));
  return combine(conditions, conditionalOperator);
}

/** Legacy KeyConditions checked against the key schema of the table or index queried. */
export function keyConditionsToKeyCondition(
  keyConditions: Readonly<Record<string, LegacyCondition>>,
  schema: KeySchema,
): KeyCondition {
  return keyConditionFromAttributeConditions(keyConditionTerms(keyConditions), schema);
}

/** Legacy KeyConditions validated on their own, before a key schema is known. */
export function keyConditionTerms(keyConditions: Readonly<Record<string, LegacyCondition>>): AttributeKeyCondition[] {
  return Object.keys(keyConditions).map((name) => validatedCondition(name, keyConditions[name]!));
}

/**
 * Expected (+ ConditionalOperator) as a condition. Each entry is either the old form
 * ({Value} means "equals", {Exists: false} means "absent") or a ComparisonOperator with
 * AttributeValueList or Value.
 */
export function expectedToCondition(
  expected: Readonly<Record<string, LegacyExpectedCondition>>,
  conditionalOperator?: string,
): Condition | undefined {
  const conditions: Condition[] = [];
  for (const name of Object.keys(expected)) {
    const entry = expected[name]!;
    const hasList = entry.AttributeValueList !== undefined;
    const hasValue = entry.Value !== undefined;
    if (hasList && hasValue) {
      throw validationError(`${INVALID}Value and AttributeValueList cannot be used together for Attribute: ${name}`);
    }
    if (entry.ComparisonOperator !== undefined) {
      if (entry.Exists !== undefined) {
        throw validationError(`${INVALID}Exists and ComparisonOperator cannot be used together for Attribute: ${name}`);
      }
      const operator = checkedOperator(entry.ComparisonOperator);
      if (operator !== "NULL" && operator !== "NOT_NULL" && !hasList && !hasValue) {
        throw validationError(
          `${INVALID}Value or AttributeValueList must be used with ComparisonOperator: ${operator} for Attribute: ${name}`,
        );
      }
      const values = checkedValues(hasList ? entry.AttributeValueList! : hasValue ? [entry.Value] : []);
      checkArgumentCount(operator, values.length);
      checkSameType(values);
      checkBetweenOrder(operator, values);
      conditions.push(conditionFor({ name, operator, values }));
      continue;
    }
    if (hasList) {
      throw validationError(`${INVALID}AttributeValueList can only be used with a ComparisonOperator for Attribute: ${name}`);
    }
    const exists = entry.Exists ?? true;
    if (exists && !hasValue) {
      throw validationError(
        `${INVALID}Value must be provided when Exists is ${entry.Exists === undefined ? "null" : String(entry.Exists)} for Attribute: ${name}`,
      );
    }
    if (!exists && hasValue) {
      throw validationError(`${INVALID}Value cannot be used when Exists is false for Attribute: ${name}`);
    }
    if (!exists) {
      conditions.push({ kind: "attribute_not_exists", path: [name] });
      continue;
    }
    const [value] = checkedValues([entry.Value]);
    conditions.push({ kind: "compare", op: "=", left: { kind: "path", path: [name] }, right: { kind: "value", value: value! } });
  }
  return combine(conditions, conditionalOperator);
}
