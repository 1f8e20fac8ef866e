// All the expressions of one request, compiled together: AWS checks legacy/expression mixing,
// the ExpressionAttributeNames/Values maps, every expression, and finally that each defined
// name and value was used by at least one of them.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html
// Check order and messages follow dynalite's recordings against DynamoDB.

import type { AttributeValue } from "../values/attribute-value.js";
import { attributeValueProblem, canonicalAttributeValue } from "../values/validate.js";
import type { Condition, DocumentPath, KeyCondition, KeySchema, UpdateAst } from "./ast.js";
import { ExpressionAttributes } from "./attributes.js";
import { parseCondition } from "./condition-parser.js";
import { validationError } from "./errors.js";
import { parseKeyCondition } from "./key-condition.js";
import { attributeUpdatesToUpdate, type LegacyAttributeUpdate } from "./legacy/attribute-updates.js";
import { attributesToGetToProjection } from "./legacy/attributes-to-get.js";
import {
  expectedToCondition,
  filterToCondition,
  keyConditionsToKeyCondition,
  type LegacyCondition,
  type LegacyExpectedCondition,
} from "./legacy/conditions.js";
import { parseProjection } from "./projection-parser.js";
import { parseUpdate } from "./update-parser.js";

/** The expression-related members of a DynamoDB request (any operation). */
export interface ExpressionRequest {
  ConditionExpression?: string;
  KeyConditionExpression?: string;
  FilterExpression?: string;
  UpdateExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  Expected?: Record<string, LegacyExpectedCondition>;
  ConditionalOperator?: string;
  AttributeUpdates?: Record<string, LegacyAttributeUpdate>;
  AttributesToGet?: string[];
  KeyConditions?: Record<string, LegacyCondition>;
  QueryFilter?: Record<string, LegacyCondition>;
  ScanFilter?: Record<string, LegacyCondition>;
}

/** The operations (and transaction/batch members) that carry expressions. */
export type ExpressionOperation =
  | "GetItem"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem"
  | "Query"
  | "Scan"
  | "ConditionCheck"
  | "BatchGetItem";

export interface CompiledExpressions {
  /** ConditionExpression, or Expected (+ ConditionalOperator). */
  condition?: Condition;
  /** KeyConditionExpression or KeyConditions (Query). */
  keyCondition?: KeyCondition;
  /** FilterExpression, or QueryFilter/ScanFilter (+ ConditionalOperator). */
  filter?: Condition;
  /** UpdateExpression or AttributeUpdates. */
  update?: UpdateAst;
  /** ProjectionExpression or AttributesToGet. */
  projection?: DocumentPath[];
}

export interface CompileOptions {
  /** The key schema queried (table or index); required for Query. */
  keySchema?: KeySchema;
}

type ExpressionParameter =
  | "UpdateExpression"
  | "ConditionExpression"
  | "KeyConditionExpression"
  | "FilterExpression"
  | "ProjectionExpression";
type LegacyParameter = "AttributeUpdates" | "Expected" | "KeyConditions" | "QueryFilter" | "ScanFilter" | "AttributesToGet" | "ConditionalOperator";

const PARAMETERS: Readonly<Record<ExpressionOperation, { expressions: ExpressionParameter[]; legacy: LegacyParameter[] }>> = {
  GetItem: { expressions: ["ProjectionExpression"], legacy: ["AttributesToGet"] },
  BatchGetItem: { expressions: ["ProjectionExpression"], legacy: ["AttributesToGet"] },
  PutItem: { expressions: ["ConditionExpression"], legacy: ["Expected", "ConditionalOperator"] },
  DeleteItem: { expressions: ["ConditionExpression"], legacy: ["Expected", "ConditionalOperator"] },
  ConditionCheck: { expressions: ["ConditionExpression"], legacy: [] },
  UpdateItem: {
    expressions: ["UpdateExpression", "ConditionExpression"],
    legacy: ["AttributeUpdates", "Expected", "ConditionalOperator"],
  },
  Query: {
    expressions: ["KeyConditionExpression", "FilterExpression", "ProjectionExpression"],
    legacy: ["KeyConditions", "QueryFilter", "AttributesToGet", "ConditionalOperator"],
  },
  Scan: {
    expressions: ["FilterExpression", "ProjectionExpression"],
    legacy: ["ScanFilter", "AttributesToGet", "ConditionalOperator"],
  },
};

function present(request: ExpressionRequest, parameter: keyof ExpressionRequest): boolean {
  return request[parameter] !== undefined && request[parameter] !== null;
}

/** Validates and compiles every expression (or legacy equivalent) of one request. */
export function compileExpressions(
  operation: ExpressionOperation,
  request: ExpressionRequest,
  options: CompileOptions = {},
): CompiledExpressions {
  const { expressions, legacy } = PARAMETERS[operation];
  checkParameterMix(request, expressions, legacy);
  const attributes = new ExpressionAttributes(checkedNames(request), checkedValues(request));
  const compiled: CompiledExpressions = {};

  // Legacy parameters are validated before any expression is parsed.
  if (present(request, "AttributeUpdates")) compiled.update = attributeUpdatesToUpdate(request.AttributeUpdates!);
  if (present(request, "Expected")) {
    compiled.condition = expectedToCondition(request.Expected!, request.ConditionalOperator);
  }
  if (operation === "Query") {
    if (!present(request, "KeyConditions") && !present(request, "KeyConditionExpression")) {
      throw validationError("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
    }
    if (present(request, "KeyConditions")) {
      compiled.keyCondition = keyConditionsToKeyCondition(request.KeyConditions!, requireSchema(options));
    }
  }
  const legacyFilter = operation === "Query" ? request.QueryFilter : operation === "Scan" ? request.ScanFilter : undefined;
  if (legacyFilter !== undefined && legacyFilter !== null) {
    compiled.filter = filterToCondition(legacyFilter, request.ConditionalOperator);
  }
  if (present(request, "AttributesToGet") && legacy.includes("AttributesToGet")) {
    compiled.projection = attributesToGetToProjection(request.AttributesToGet!);
  }

  // Expressions, in the order AWS reports their problems.
  if (expressions.includes("UpdateExpression") && present(request, "UpdateExpression")) {
    compiled.update = parseUpdate(request.UpdateExpression!, attributes);
  }
  if (expressions.includes("ConditionExpression") && present(request, "ConditionExpression")) {
    compiled.condition = parseCondition(request.ConditionExpression!, "ConditionExpression", attributes);
  }
  if (expressions.includes("KeyConditionExpression") && present(request, "KeyConditionExpression")) {
    compiled.keyCondition = parseKeyCondition(request.KeyConditionExpression!, attributes, requireSchema(options));
  }
  if (expressions.includes("FilterExpression") && present(request, "FilterExpression")) {
    compiled.filter = parseCondition(request.FilterExpression!, "FilterExpression", attributes);
  }
  if (expressions.includes("ProjectionExpression") && present(request, "ProjectionExpression")) {
    compiled.projection = parseProjection(request.ProjectionExpression!, attributes);
  }
  attributes.assertAllUsed();
  return compiled;
}

function requireSchema(options: CompileOptions): KeySchema {
  if (!options.keySchema) throw new TypeError("compileExpressions: a Query needs options.keySchema");
  return options.keySchema;
}

function checkParameterMix(request: ExpressionRequest, expressions: ExpressionParameter[], legacy: LegacyParameter[]): void {
  const usedExpressions = expressions.filter((name) => present(request, name));
  if (usedExpressions.length > 0) {
    // KeyConditions may be combined with FilterExpression/ProjectionExpression, just not with KeyConditionExpression.
    const legacyChecked =
      present(request, "KeyConditions") && !present(request, "KeyConditionExpression")
        ? legacy.filter((name) => name !== "KeyConditions")
        : legacy;
    const usedLegacy = legacyChecked.filter((name) => present(request, name));
    if (usedLegacy.length > 0) {
      throw validationError(
        "Can not use both expression and non-expression parameters in the same request: " +
          `Non-expression parameters: {${usedLegacy.join(", ")}} Expression parameters: {${usedExpressions.join(", ")}}`,
      );
    }
  }
  if (present(request, "ExpressionAttributeNames") && usedExpressions.length === 0) {
    throw validationError("ExpressionAttributeNames can only be specified when using expressions");
  }
  const valueExpressions = expressions.filter((name) => name !== "ProjectionExpression");
  if (
    valueExpressions.length > 0 &&
    present(request, "ExpressionAttributeValues") &&
    valueExpressions.every((name) => !present(request, name))
  ) {
    throw validationError(
      `ExpressionAttributeValues can only be specified when using expressions: ${valueExpressions.join(" and ")} ${valueExpressions.length > 1 ? "are" : "is"} null`,
    );
  }
}

function isPlaceholder(key: string, sigil: "#" | ":"): boolean {
  if (key.length < 2 || key[0] !== sigil) return false;
  for (let i = 1; i < key.length; i++) {
    const code = key.charCodeAt(i);
    const ok = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
    if (!ok) return false;
  }
  return true;
}

function checkedNames(request: ExpressionRequest): Record<string, string> | undefined {
  const names = request.ExpressionAttributeNames;
  if (names === undefined || names === null) return undefined;
  const keys = Object.keys(names);
  if (keys.length === 0) throw validationError("ExpressionAttributeNames must not be empty");
  for (const key of keys) {
    if (!isPlaceholder(key, "#")) {
      throw validationError(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`);
    }
  }
  return names;
}

function checkedValues(request: ExpressionRequest): Record<string, AttributeValue> | undefined {
  const values = request.ExpressionAttributeValues;
  if (values === undefined || values === null) return undefined;
  const keys = Object.keys(values);
  if (keys.length === 0) throw validationError("ExpressionAttributeValues must not be empty");
  for (const key of keys) {
    if (!isPlaceholder(key, ":")) {
      throw validationError(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`);
    }
  }
  const canonical: Record<string, AttributeValue> = {};
  for (const key of keys) {
    const problem = attributeValueProblem(values[key]);
    if (problem) throw validationError(`ExpressionAttributeValues contains invalid value: ${problem} for key ${key}`);
    canonical[key] = canonicalAttributeValue(values[key] as AttributeValue);
  }
  return canonical;
}
