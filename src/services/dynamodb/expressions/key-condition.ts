// KeyConditionExpression: parsed by the condition grammar (AWS uses one parser for both, which
// is why IN, <>, OR and NOT parse but are then refused), then reduced to an equality on the
// partition key and at most one condition on the sort key, checked against the key schema.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html
// Messages follow what DynamoDB answers (dynalite's recordings and the Alternator test suite).

import { type AttributeValue, typeOf } from "../values/attribute-value.js";
import type { Condition, KeyCondition, KeyConditionOperator, KeySchema, Operand } from "./ast.js";
import type { ExpressionAttributes } from "./attributes.js";
import { parseCondition } from "./condition-parser.js";
import { validationError } from "./errors.js";

/** One condition on one attribute, in the legacy KeyConditions vocabulary both forms reduce to. */
export interface AttributeKeyCondition {
  name: string;
  operator: "EQ" | "NE" | "LT" | "LE" | "GT" | "GE" | "BEGINS_WITH" | "BETWEEN" | "IN" | "NULL" | "NOT_NULL" | "CONTAINS" | "NOT_CONTAINS";
  values: AttributeValue[];
}

const FLIPPED: Readonly<Record<string, "EQ" | "LT" | "LE" | "GT" | "GE">> = {
  "=": "EQ",
  "<": "GT",
  "<=": "GE",
  ">": "LT",
  ">=": "LE",
};

const DIRECT: Readonly<Record<string, "EQ" | "LT" | "LE" | "GT" | "GE">> = {
  "=": "EQ",
  "<": "LT",
  "<=": "LE",
  ">": "GT",
  ">=": "GE",
};

const OPERATOR_FOR: Readonly<Record<string, KeyConditionOperator>> = {
  EQ: "=",
  LT: "<",
  LE: "<=",
  GT: ">",
  GE: ">=",
  BETWEEN: "between",
  BEGINS_WITH: "begins_with",
};

/** Parses a KeyConditionExpression and checks it against the key schema of the table or index queried. */
export function parseKeyCondition(source: string, attributes: ExpressionAttributes, schema: KeySchema): KeyCondition {
  return keyConditionFromAttributeConditions(parseKeyConditionTerms(source, attributes), schema);
}

/** Parses a KeyConditionExpression into its per-attribute conditions, without a key schema. */
export function parseKeyConditionTerms(source: string, attributes: ExpressionAttributes): AttributeKeyCondition[] {
  const condition = parseCondition(source, "KeyConditionExpression", attributes);
  const conditions: AttributeKeyCondition[] = [];
  collect(condition, conditions);
  return conditions;
}

function collect(node: Condition, out: AttributeKeyCondition[]): void {
  switch (node.kind) {
    case "and":
      collect(node.left, out);
      collect(node.right, out);
      return;
    case "or":
    case "not":
    case "in":
      throw validationError(`Invalid operator used in KeyConditionExpression: ${node.kind.toUpperCase()}`);
    case "attribute_exists":
    case "attribute_not_exists":
    case "attribute_type":
    case "contains":
      throw validationError(`Invalid operator used in KeyConditionExpression: ${node.kind}`);
    case "compare": {
      if (node.op === "<>") throw validationError("Invalid operator used in KeyConditionExpression: <>");
      const { name, onLeft, values } = keyAttribute([node.left, node.right], out);
      out.push({ name, operator: onLeft ? DIRECT[node.op]! : FLIPPED[node.op]!, values });
      return;
    }
    case "between": {
      if (node.operand.kind !== "path") {
        throw validationError(
          "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand",
        );
      }
      const { name, values } = keyAttribute([node.operand, node.low, node.high], out);
      out.push({ name, operator: "BETWEEN", values });
      return;
    }
    case "begins_with": {
      if (node.left.kind !== "path") {
        throw validationError(
          "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand",
        );
      }
      const { name, values } = keyAttribute([node.left, node.right], out);
      out.push({ name, operator: "BEGINS_WITH", values });
      return;
    }
  }
}

function keyAttribute(
  operands: Operand[],
  existing: AttributeKeyCondition[],
): { name: string; onLeft: boolean; values: AttributeValue[] } {
  let name: string | undefined;
  let onLeft = true;
  const values: AttributeValue[] = [];
  operands.forEach((operand, index) => {
    if (operand.kind === "size") throw validationError("KeyConditionExpressions cannot contain nested operations");
    if (operand.kind === "path") {
      if (name !== undefined) {
        throw validationError("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
      }
      if (operand.path.length > 1) {
        throw validationError("KeyConditionExpressions cannot have conditions on nested attributes");
      }
      name = operand.path[0] as string;
      onLeft = index === 0;
    } else if (operand.kind === "value") {
      values.push(operand.value);
    }
  });
  if (name === undefined) throw validationError("Invalid condition in KeyConditionExpression: No key attribute specified");
  if (existing.some((condition) => condition.name === name)) {
    throw validationError("KeyConditionExpressions must only contain one condition per key");
  }
  return { name, onLeft, values };
}

const NOT_INDEXABLE: ReadonlySet<string> = new Set(["NE", "IN", "NULL", "NOT_NULL", "CONTAINS", "NOT_CONTAINS"]);

/**
 * Checks conditions (from a KeyConditionExpression or legacy KeyConditions) against the key
 * schema in AWS's order: count, missing key elements, indexable operators, equality on the
 * partition key, then value types.
 */
export function keyConditionFromAttributeConditions(conditions: AttributeKeyCondition[], schema: KeySchema): KeyCondition {
  if (conditions.length !== 1 && conditions.length !== 2) throw validationError("Conditions can be of length 1 or 2 only");
  const byName = new Map(conditions.map((condition) => [condition.name, condition]));
  const partition = byName.get(schema.partitionKey.name);
  if (!partition) throw validationError(`Query condition missed key schema element: ${schema.partitionKey.name}`);
  let sort: AttributeKeyCondition | undefined;
  if (conditions.length === 2 && schema.sortKey) {
    sort = byName.get(schema.sortKey.name);
    if (!sort) throw validationError(`Query condition missed key schema element: ${schema.sortKey.name}`);
  }
  for (const condition of conditions) {
    if (NOT_INDEXABLE.has(condition.operator)) {
      throw validationError("Attempted conditional constraint is not an indexable operation");
    }
  }
  if (partition.operator !== "EQ" || (conditions.length === 2 && !schema.sortKey)) {
    throw validationError("Query key condition not supported");
  }
  checkTypes(partition, schema.partitionKey.type);
  const result: KeyCondition = { partitionKey: { name: partition.name, value: partition.values[0]! } };
  if (sort && schema.sortKey) {
    checkTypes(sort, schema.sortKey.type);
    result.sortKey = { name: sort.name, op: OPERATOR_FOR[sort.operator]!, values: sort.values };
  }
  return result;
}

function checkTypes(condition: AttributeKeyCondition, type: "S" | "N" | "B"): void {
  for (const value of condition.values) {
    if (typeOf(value) !== type) {
      throw validationError(
        "One or more parameter values were invalid: Condition parameter type does not match schema type",
      );
    }
  }
}
