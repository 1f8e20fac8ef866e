// The DynamoDB expression engine: parse (with AWS's exact errors), evaluate, apply, project.
// Pure functions over DynamoDB-JSON items; no storage, no I/O.
//
// Known gaps (not yet verified against AWS, or not implemented):
// - the 32-level document nesting limit is not checked here;
// - which operators count toward the 300-operator limit is inferred (AND/OR/NOT are not counted);
// - wording not confirmed from a recording: IN with more than 100 operands, condition functions
//   used in an UpdateExpression, duplicate AttributesToGet names;
// - legacy NOT_CONTAINS on a missing attribute is true (as NOT contains() is);
// - the 2 MB total size of ExpressionAttributeNames/Values is not checked.

export type {
  ComparisonOperator,
  Condition,
  DocumentPath,
  KeyCondition,
  KeyConditionOperator,
  KeySchema,
  Operand,
  PathElement,
  SetAction,
  SortKeyCondition,
  UpdateAst,
  ValueAction,
} from "./ast.js";
export { ExpressionAttributes } from "./attributes.js";
export { parseCondition, MAX_IN_OPERANDS } from "./condition-parser.js";
export { conditionPaths } from "./condition-paths.js";
export { parseUpdate, updatedPaths, updatedTopLevelNames } from "./update-parser.js";
export { parseProjection } from "./projection-parser.js";
export { parseKeyCondition, parseKeyConditionTerms, keyConditionFromAttributeConditions, type AttributeKeyCondition } from "./key-condition.js";
export { evaluateCondition, keyConditionMatches, sizeOf } from "./evaluate-condition.js";
export { applyUpdate, assertKeyAttributesNotUpdated, UPDATE_MESSAGES, type ApplyUpdateOptions } from "./apply-update.js";
export { project } from "./project.js";
export { readPath } from "./document-path.js";
export { formatPath } from "./parser-base.js";
export { isReservedWord, RESERVED_WORDS } from "./reserved-words.js";
export { type ExpressionKind } from "./errors.js";
export {
  compileExpressions,
  type CompiledExpressions,
  type CompileOptions,
  type ExpressionOperation,
  type ExpressionRequest,
} from "./request.js";
export { expectedToCondition, filterToCondition, keyConditionsToKeyCondition } from "./legacy/conditions.js";
export { attributeUpdatesToUpdate } from "./legacy/attribute-updates.js";
export { attributesToGetToProjection } from "./legacy/attributes-to-get.js";
