// The parsed forms of DynamoDB expressions. #names and :values are already resolved, so an AST
// can be evaluated without the request's ExpressionAttributeNames/Values. Legacy parameters
// (Expected, AttributeUpdates, KeyConditions, QueryFilter, ScanFilter, AttributesToGet)
// convert to these same shapes.

import type { AttributeValue } from "../values/attribute-value.js";

/** A map key (string) or list index (number). */
export type PathElement = string | number;

/** A document path such as a.b[1].c: ["a", "b", 1, "c"]. The first element is always a string. */
export type DocumentPath = readonly PathElement[];

export type ComparisonOperator = "=" | "<>" | "<" | "<=" | ">" | ">=";

/** A value-producing operand of a condition or of an update's SET action. */
export type Operand =
  | { kind: "path"; path: DocumentPath }
  | { kind: "value"; value: AttributeValue }
  /** size(operand): conditions only. */
  | { kind: "size"; operand: Operand }
  /** if_not_exists(path, fallback): SET values only. */
  | { kind: "if_not_exists"; path: DocumentPath; fallback: Operand }
  /** list_append(left, right): SET values only. */
  | { kind: "list_append"; left: Operand; right: Operand }
  /** left + right / left - right: SET values only, at the top of the value. */
  | { kind: "plus" | "minus"; left: Operand; right: Operand };

export type Condition =
  | { kind: "compare"; op: ComparisonOperator; left: Operand; right: Operand }
  | { kind: "between"; operand: Operand; low: Operand; high: Operand }
  | { kind: "in"; operand: Operand; list: Operand[] }
  | { kind: "and" | "or"; left: Condition; right: Condition }
  | { kind: "not"; operand: Condition }
  | { kind: "attribute_exists" | "attribute_not_exists"; path: DocumentPath }
  | { kind: "attribute_type"; operand: Operand; type: Operand }
  | { kind: "begins_with" | "contains"; left: Operand; right: Operand };

export interface SetAction {
  path: DocumentPath;
  value: Operand;
}

export interface ValueAction {
  path: DocumentPath;
  value: AttributeValue;
}

export interface UpdateAst {
  set: SetAction[];
  remove: DocumentPath[];
  add: ValueAction[];
  delete: ValueAction[];
  /**
   * Set for ASTs converted from AttributeUpdates: its ADD also appends to lists and its type
   * mismatches report "Type mismatch for attribute to update".
   */
  legacy?: boolean;
}

export type KeyConditionOperator = "=" | "<" | "<=" | ">" | ">=" | "between" | "begins_with";

export interface SortKeyCondition {
  name: string;
  op: KeyConditionOperator;
  /** One value, or two for BETWEEN (low, high). */
  values: AttributeValue[];
}

/** A validated Query key condition: equality on the partition key and an optional sort key range. */
export interface KeyCondition {
  partitionKey: { name: string; value: AttributeValue };
  sortKey?: SortKeyCondition;
}

/** The key schema a KeyConditionExpression is checked against (the table's or the queried index's). */
export interface KeySchema {
  partitionKey: { name: string; type: "S" | "N" | "B" };
  sortKey?: { name: string; type: "S" | "N" | "B" };
}
