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
import { type AttributeKeyCondition, parseKeyCondition, parseKeyConditionTerms } from "./key-condition.js";
import { attributeUpdatesToUpdate, type LegacyAttributeUpdate } from "./legacy/attribute-updates.js";
import { attributesToGetToProjection } from "./legacy/attributes-to-get.js";
import {
  expectedToCondition,
  filterToCondition,
  keyConditionsToKeyCondition,
  keyConditionTerms,
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
  /** A Query's key condition not yet checked against a key schema (CompileOptions.keySchema absent). */
  keyConditionTerms?: AttributeKeyCondition[];
}

export interface CompileOptions {
  /**
   * The key schema queried (table or index). For a Query without it, the key condition is only
   * parsed and checked on its own (result.keyConditionTerms): the caller checks it against the
   * schema once it has found the table, as AWS does after its request validation.
   */
  keySchema?: KeySchema;
  /**
   * Runs after the legacy parameters were checked and before any expression is parsed: where
   * AWS validates a Query's or Scan's ExclusiveStartKey.
   */
  beforeExpressions?: () => void;
  /** Runs right after the expression/legacy mix check: where AWS validates Item and Key values. */
  afterParameterMix?: () => void;
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
  // Listed in the order AWS names them in its messages (dynalite's recordings, test/query.js and
  // test/scan.js): "Non-expression parameters: {AttributesToGet, QueryFilter, ConditionalOperator,
  // KeyConditions} Expression parameters: {ProjectionExpression, FilterExpression, KeyConditionExpression}".
  Query: {
    expressions: ["ProjectionExpression", "FilterExpression", "KeyConditionExpression"],
    legacy: ["AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"],
  },
  Scan: {
    expressions: ["ProjectionExpression", "FilterExpression"],
    legacy: ["AttributesToGet", "ScanFilter", "ConditionalOperator"],
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
  options.afterParameterMix?.();
  const compiled: CompiledExpressions = {};

  // Legacy parameters are validated before any expression is parsed.
  if (present(request, "AttributeUpdates")) compiled.update = attributeUpdatesToUpdate(request.AttributeUpdates!);
  if (present(request, "Expected")) {
    compiled.condition = expectedToCondition(request.Expected!, request.ConditionalOperator);
  }
  const legacyFilter = operation === "Query" ? request.QueryFilter : operation === "Scan" ? request.ScanFilter : undefined;
  if (legacyFilter !== undefined && legacyFilter !== null) {
    compiled.filter = filterToCondition(legacyFilter, request.ConditionalOperator);
  }
  if (present(request, "AttributesToGet") && legacy.includes("AttributesToGet")) {
    compiled.projection = attributesToGetToProjection(request.AttributesToGet!);
  }
  options.beforeExpressions?.();
  if (operation === "Query") {
    if (!present(request, "KeyConditions") && !present(request, "KeyConditionExpression")) {
      throw validationError("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
    }
    if (present(request, "KeyConditions")) {
      if (options.keySchema) compiled.keyCondition = keyConditionsToKeyCondition(request.KeyConditions!, options.keySchema);
      else compiled.keyConditionTerms = checkedTermCount(keyConditionTerms(request.KeyConditions!));
    }
  }
  const attributes = new ExpressionAttributes(checkedNames(request), checkedValues(request));

  // Expressions, in the order AWS reports their problems.
  if (expressions.includes("UpdateExpression") && present(request, "UpdateExpression")) {
    compiled.update = parseUpdate(request.UpdateExpression!, attributes);
  }
  if (expressions.includes("ConditionExpression") && present(request, "ConditionExpression")) {
    compiled.condition = parseCondition(request.ConditionExpression!, "ConditionExpression", attributes);
  }
  if (expressions.includes("KeyConditionExpression") && present(request, "KeyConditionExpression")) {
    if (options.keySchema) compiled.keyCondition = parseKeyCondition(request.KeyConditionExpression!, attributes, options.keySchema);
    else compiled.keyConditionTerms = checkedTermCount(parseKeyConditionTerms(request.KeyConditionExpression!, attributes));
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

/** The one check of a key condition that needs no schema: one or two conditions. */
function checkedTermCount(terms: AttributeKeyCondition[]): AttributeKeyCondition[] {
  if (terms.length !== 1 && terms.length !== 2) throw validationError("Conditions can be of length 1 or 2 only");
  return terms;
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
