// Request validation as DynamoDB does it, before any table is looked at (the edge runs
// validateRequest in place of its generic validator: `validation: { validate }`). AWS checks in three stages,
// and test suites that compare messages depend on which stage reports what:
//   1. control-plane operations first insist on a table name of 3 to 255 characters, with their
//      own sentences ("The parameter 'TableName' is required but was not present in the
//      request", "TableName must be at least 3 characters long and at most 255 characters long");
//   2. every constraint violation of the request in one Coral message ("N validation errors
//      detected: Value ... at '...' failed to satisfy constraint: ...", at most 10 listed): the
//      model's constraints, except that table names are held to DynamoDB's own rule (a table
//      ARN, or 3-255 characters of [a-zA-Z0-9_.-]) where the model only says 1-1024 characters;
//   3. the semantic checks of each operation (in the operation handlers, in AWS's order).
// Messages as recorded against AWS by dynalite's test suite (test/*.js, helpers.assertValidation).
import type { StructureShape } from "../../aws/spec/model.js";
import type { ServiceSpec } from "../../aws/spec/service-spec.js";
import { collectViolations, formatViolations, renderViolationValue } from "../../aws/validate.js";
import { validation } from "./errors.js";

const TABLE_NAME_PATTERN = /^[a-zA-Z0-9_.-]+$/;

/** Operations whose TableName gets stage 1 (dynalite: createTable, deleteTable, describeTable, updateTable, TTL). */
const NAMED_TABLE_OPERATIONS = new Set([
  "CreateTable",
  "DeleteTable",
  "DescribeTable",
  "UpdateTable",
  "DescribeTimeToLive",
  "UpdateTimeToLive",
]);

/** Members whose value is a table name (or ARN), wherever they appear. */
const TABLE_NAME_MEMBER = "tableName";

function codePoints(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** Stage-2 sentences for a table name that is not an ARN. */
function tableNameViolations(path: string, value: string): string[] {
  if (value.startsWith("arn:")) return [];
  // The usual case, a valid name: the pattern admits only ASCII, so length counts code points.
  if (value.length >= 3 && value.length <= 255 && TABLE_NAME_PATTERN.test(value)) return [];
  const out: string[] = [];
  const shown = renderViolationValue(value);
  if (!TABLE_NAME_PATTERN.test(value)) {
    out.push(`Value ${shown} at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`);
  }
  const length = codePoints(value);
  if (length < 3) out.push(`Value ${shown} at '${path}' failed to satisfy constraint: Member must have length greater than or equal to 3`);
  if (length > 255) out.push(`Value ${shown} at '${path}' failed to satisfy constraint: Member must have length less than or equal to 255`);
  return out;
}

/** Finds every table-name member of the input with its Coral path. Paths are built only on the
 *  way to a table name or a nested object, not for every member (this runs on every request). */
function collectTableNames(value: unknown, path: string, out: { path: string; value: string }[]): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) collectTableNames(value[i], `${path}.${i + 1}.member`, out);
    return;
  }
  if (value === null || typeof value !== "object" || Buffer.isBuffer(value) || value instanceof Date) return;
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    const isName = key === "TableName" && typeof member === "string";
    if (!isName && (member === null || typeof member !== "object" || key === "Item" || key === "Key" || key === "ExpressionAttributeValues" || key === "ExclusiveStartKey")) continue;
    const memberPath = path ? `${path}.${key.charAt(0).toLowerCase()}${key.slice(1)}` : key.charAt(0).toLowerCase() + key.slice(1);
    if (isName) out.push({ path: memberPath, value: member });
    else collectTableNames(member, memberPath, out);
  }
}

export function validateRequest(spec: ServiceSpec, operation: string, input: Record<string, unknown>): void {
  // Stage 1.
  if (NAMED_TABLE_OPERATIONS.has(operation)) {
    const name = input.TableName;
    if (name === undefined || name === null) {
      throw validation("The parameter 'TableName' is required but was not present in the request");
    }
    if (typeof name === "string" && !name.startsWith("arn:")) {
      const length = codePoints(name);
      if (length < 3 || length > 255) throw validation("TableName must be at least 3 characters long and at most 255 characters long");
    }
  }

  // Stage 2.
  const op = spec.operation(operation);
  const shape = op ? spec.inputShape(op) : undefined;
  if (!shape) return;
  const messages = modelViolations(spec, operation, shape, input);
  if (messages.length > 0) throw validation(formatViolations(messages));
}

/**
 * Members the model no longer marks required but AWS still refuses to go without
 * (dynalite's recordings: CreateTable without AttributeDefinitions or KeySchema).
 */
const ALSO_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  CreateTable: ["AttributeDefinitions", "KeySchema"],
};

/**
 * AWS lists an enum's values in its own order, not the model's (recorded by dynalite's suite,
 * validations/*.js): keyed by the values sorted, the order AWS prints them in.
 */
const AWS_ENUM_ORDER: ReadonlyMap<string, string> = new Map(
  [
    ["B", "N", "S"],
    ["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"],
    ["INDEXES", "TOTAL", "NONE"],
    ["SIZE", "NONE"],
    ["OR", "AND"],
    ["IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE", "CONTAINS"],
    ["SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"],
    ["HASH", "RANGE"],
    ["ALL", "INCLUDE", "KEYS_ONLY"],
    ["PROVISIONED", "PAY_PER_REQUEST"],
    ["ALL_OLD", "NONE"],
  ].map((values) => [[...values].sort().join(","), values.join(", ")]),
);

function inAwsEnumOrder(message: string): string {
  return message.replace(/Member must satisfy enum value set: \[([^\]]*)\]/, (whole, list: string) => {
    const ordered = AWS_ENUM_ORDER.get(list.split(", ").sort().join(","));
    return ordered ? `Member must satisfy enum value set: [${ordered}]` : whole;
  });
}

function modelViolations(spec: ServiceSpec, operation: string, shape: StructureShape, input: Record<string, unknown>): string[] {
  const violations = collectViolations(spec, shape, input);
  for (const member of ALSO_REQUIRED[operation] ?? []) {
    if (input[member] === undefined || input[member] === null) {
      const path = member.charAt(0).toLowerCase() + member.slice(1);
      violations.push({ path, message: `Value null at '${path}' failed to satisfy constraint: Member must not be null` });
    }
  }
  const tableNames: { path: string; value: string }[] = [];
  collectTableNames(input, "", tableNames);
  if (tableNames.length === 0) return violations.map((v) => inAwsEnumOrder(v.message));
  if (violations.length === 0 && tableNames.length === 1) return tableNameViolations(tableNames[0]!.path, tableNames[0]!.value);
  // The model's 1-1024 length rule for table names gives way to DynamoDB's name rule.
  const namePaths = new Set(tableNames.map((t) => t.path));
  const messages = violations.filter((v) => !namePaths.has(v.path) || !v.path.endsWith(TABLE_NAME_MEMBER)).map((v) => inAwsEnumOrder(v.message));
  for (const { path, value } of tableNames) messages.push(...tableNameViolations(path, value));
  return messages;
}
