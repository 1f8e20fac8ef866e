// Evaluating a condition against an item (an absent item is evaluated as {}).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
// Semantics: a missing attribute makes every comparison false except <> (true); values of
// different types are unequal and unordered; only S, N and B are ordered; a function applied to
// a value of a type it does not handle is false (size() of such a value yields nothing).

import { type AttributeValue, type Item, typeOf } from "../values/attribute-value.js";
import { compareScalars, setHasMember, valuesEqual } from "../values/compare.js";
import type { Condition, KeyCondition, Operand } from "./ast.js";
import { readPath } from "./document-path.js";

export function evaluateCondition(condition: Condition, item: Item | undefined): boolean {
  return evaluate(condition, item ?? {});
}

function evaluate(node: Condition, item: Item): boolean {
  switch (node.kind) {
    case "and":
    case "or":
      return evaluateChain(node, item);
    case "not":
      return !evaluate(node.operand, item);
    case "compare": {
      const left = operandValue(node.left, item);
      const right = operandValue(node.right, item);
      if (left === undefined || right === undefined) return node.op === "<>";
      switch (node.op) {
        case "=":
          return valuesEqual(left, right);
        case "<>":
          return !valuesEqual(left, right);
        default: {
          const order = compareScalars(left, right);
          if (order === undefined) return false;
          if (node.op === "<") return order < 0;
          if (node.op === "<=") return order <= 0;
          if (node.op === ">") return order > 0;
          return order >= 0;
        }
      }
    }
    case "between": {
      const value = operandValue(node.operand, item);
      const low = operandValue(node.low, item);
      const high = operandValue(node.high, item);
      if (value === undefined || low === undefined || high === undefined) return false;
      const aboveLow = compareScalars(value, low);
      const belowHigh = compareScalars(value, high);
      return aboveLow !== undefined && belowHigh !== undefined && aboveLow >= 0 && belowHigh <= 0;
    }
    case "in": {
      const value = operandValue(node.operand, item);
      if (value === undefined) return false;
      for (const candidate of node.list) {
        const other = operandValue(candidate, item);
        if (other !== undefined && valuesEqual(value, other)) return true;
      }
      return false;
    }
    case "attribute_exists":
      return readPath(item, node.path) !== undefined;
    case "attribute_not_exists":
      return readPath(item, node.path) === undefined;
    case "attribute_type": {
      const value = operandValue(node.operand, item);
      const type = operandValue(node.type, item);
      return value !== undefined && type !== undefined && "S" in type && typeOf(value) === type.S;
    }
    case "begins_with": {
      const value = operandValue(node.left, item);
      const prefix = operandValue(node.right, item);
      if (value === undefined || prefix === undefined) return false;
      if ("S" in value) return "S" in prefix && value.S.startsWith(prefix.S);
      if ("B" in value) {
        return "B" in prefix && prefix.B.length <= value.B.length && value.B.subarray(0, prefix.B.length).equals(prefix.B);
      }
      return false;
    }
    case "contains": {
      const value = operandValue(node.left, item);
      const operand = operandValue(node.right, item);
      if (value === undefined || operand === undefined) return false;
      return contains(value, operand);
    }
  }
}

/**
 * AND/OR chains are left-deep (a AND b AND c is ((a AND b) AND c)) and legacy filters can hold
 * thousands of terms, so a chain is walked with a loop instead of one recursion per term.
 */
function evaluateChain(node: Condition & { kind: "and" | "or" }, item: Item): boolean {
  const kind = node.kind;
  const rights: Condition[] = [];
  let current: Condition = node;
  while (current.kind === kind) {
    const link = current as Condition & { kind: "and" | "or" };
    rights.push(link.right);
    current = link.left;
  }
  // For AND, stop at the first false term; for OR, at the first true one.
  const stopAt = kind === "or";
  if (evaluate(current, item) === stopAt) return stopAt;
  for (let i = rights.length - 1; i >= 0; i--) {
    if (evaluate(rights[i]!, item) === stopAt) return stopAt;
  }
  return !stopAt;
}

/** contains(): substring of a string, subsequence of a binary, member of a set or list. */
function contains(value: AttributeValue, operand: AttributeValue): boolean {
  if ("S" in value) return "S" in operand && value.S.includes(operand.S);
  if ("B" in value) return "B" in operand && value.B.indexOf(operand.B) >= 0;
  if ("L" in value) {
    for (const element of value.L) if (valuesEqual(element, operand)) return true;
    return false;
  }
  return setHasMember(value, operand);
}

/** The value an operand denotes for this item, or undefined when there is none. */
export function operandValue(operand: Operand, item: Item): AttributeValue | undefined {
  switch (operand.kind) {
    case "value":
      return operand.value;
    case "path":
      return readPath(item, operand.path);
    case "size": {
      const value = operandValue(operand.operand, item);
      const size = value === undefined ? undefined : sizeOf(value);
      return size === undefined ? undefined : { N: String(size) };
    }
    default:
      // Update-only operands never appear in conditions.
      return undefined;
  }
}

/**
 * size(): string length, binary length in bytes, number of set members, list elements or map
 * entries. A string's size counts UTF-16 code units, unlike the byte counts DynamoDB uses for
 * item sizes: verified against DynamoDB, size("é𝄞") is 3 (ExtendDB/extenddb#60).
 */
export function sizeOf(value: AttributeValue): number | undefined {
  if ("S" in value) return value.S.length;
  if ("B" in value) return value.B.length;
  if ("SS" in value) return value.SS.length;
  if ("NS" in value) return value.NS.length;
  if ("BS" in value) return value.BS.length;
  if ("L" in value) return value.L.length;
  if ("M" in value) return Object.keys(value.M).length;
  return undefined;
}

/** Whether an item's key attributes satisfy a Query key condition. */
export function keyConditionMatches(condition: KeyCondition, item: Item): boolean {
  const partition = readPath(item, [condition.partitionKey.name]);
  if (partition === undefined || !valuesEqual(partition, condition.partitionKey.value)) return false;
  const sort = condition.sortKey;
  if (!sort) return true;
  const value = readPath(item, [sort.name]);
  if (value === undefined) return false;
  const [first, second] = sort.values as [AttributeValue, AttributeValue | undefined];
  if (sort.op === "begins_with") {
    return evaluate({ kind: "begins_with", left: { kind: "value", value }, right: { kind: "value", value: first } }, {});
  }
  const order = compareScalars(value, first);
  if (order === undefined) return false;
  switch (sort.op) {
    case "=":
      return order === 0;
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case ">":
      return order > 0;
    case ">=":
      return order >= 0;
    case "between": {
      const upper = second === undefined ? undefined : compareScalars(value, second);
      return order >= 0 && upper !== undefined && upper <= 0;
    }
  }
}
