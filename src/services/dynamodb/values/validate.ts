// Validation and canonicalisation of client-supplied attribute values, with AWS's messages
// (as recorded against DynamoDB by the dynalite and Alternator test suites). The checks run in
// the order AWS applies them: each member's content first, then "more than one datatype".
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html

import { ServiceError } from "../../../aws/errors.js";
import { type AttributeType, type AttributeValue, ATTRIBUTE_TYPES, setEntry } from "./attribute-value.js";
import { formatScanned, numberProblem, scanNumber } from "./numbers.js";

export const VALUE_MESSAGES = {
  empty: "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
  multipleTypes:
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
  nullNotTrue: "One or more parameter values were invalid: Null attribute value types must have the value of true",
  // The double space is AWS's own.
  emptyStringSet: "One or more parameter values were invalid: An string set  may not be empty",
  emptyNumberSet: "One or more parameter values were invalid: An number set  may not be empty",
  emptyBinarySet: "One or more parameter values were invalid: Binary sets should not be empty",
  emptyStringInSet: "One or more parameter values were invalid: An string set may not have a empty string as a member",
  emptyBinaryInSet: "One or more parameter values were invalid: Binary sets may not contain null or empty values",
  numberSetDuplicates: "Input collection contains duplicates",
  nesting: "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit",
} as const;

/**
 * Documents nest at most 32 levels, the attribute itself being level 1: a leaf at level 33 is
 * refused (measured on AWS, eu-west-2, 2026; the same for items and ExpressionAttributeValues).
 */
export const MAX_NESTING_LEVEL = 32;

function isKnownType(key: string): key is AttributeType {
  return (ATTRIBUTE_TYPES as readonly string[]).includes(key);
}

/** AWS's message for an invalid attribute value, or undefined when it is valid. `level` is its nesting level. */
export function attributeValueProblem(value: unknown, level = 1): string | undefined {
  if (level > MAX_NESTING_LEVEL) return VALUE_MESSAGES.nesting;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return VALUE_MESSAGES.empty;
  let types = 0;
  for (const key of Object.keys(value)) {
    if (!isKnownType(key)) continue;
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined || member === null) continue;
    types++;
    const problem = memberProblem(key, member, level);
    if (problem) return problem;
  }
  if (types === 0) return VALUE_MESSAGES.empty;
  if (types > 1) return VALUE_MESSAGES.multipleTypes;
  return undefined;
}

function memberProblem(type: AttributeType, member: unknown, level: number): string | undefined {
  switch (type) {
    case "S":
      return typeof member === "string" ? undefined : VALUE_MESSAGES.empty;
    case "N":
      return typeof member === "string" ? numberProblem(member) : VALUE_MESSAGES.empty;
    case "B":
      return Buffer.isBuffer(member) || member instanceof Uint8Array ? undefined : VALUE_MESSAGES.empty;
    case "BOOL":
      return typeof member === "boolean" ? undefined : VALUE_MESSAGES.empty;
    case "NULL":
      return member === true ? undefined : VALUE_MESSAGES.nullNotTrue;
    case "SS":
      return stringSetProblem(member);
    case "NS":
      return numberSetProblem(member);
    case "BS":
      return binarySetProblem(member);
    case "L": {
      if (!Array.isArray(member)) return VALUE_MESSAGES.empty;
      for (const element of member) {
        const problem = attributeValueProblem(element, level + 1);
        if (problem) return problem;
      }
      return undefined;
    }
    case "M": {
      if (typeof member !== "object" || Array.isArray(member)) return VALUE_MESSAGES.empty;
      for (const key of Object.keys(member as object)) {
        const problem = attributeValueProblem((member as Record<string, unknown>)[key], level + 1);
        if (problem) return problem;
      }
      return undefined;
    }
  }
}

function stringSetProblem(member: unknown): string | undefined {
  if (!Array.isArray(member)) return VALUE_MESSAGES.empty;
  if (member.length === 0) return VALUE_MESSAGES.emptyStringSet;
  const seen = new Set<string>();
  for (const element of member) {
    if (typeof element !== "string") return VALUE_MESSAGES.empty;
    if (element.length === 0) return VALUE_MESSAGES.emptyStringInSet;
    if (seen.has(element)) {
      return `One or more parameter values were invalid: Input collection [${member.join(", ")}] contains duplicates.`;
    }
    seen.add(element);
  }
  return undefined;
}

function numberSetProblem(member: unknown): string | undefined {
  if (!Array.isArray(member)) return VALUE_MESSAGES.empty;
  if (member.length === 0) return VALUE_MESSAGES.emptyNumberSet;
  const seen = new Set<string>();
  for (const element of member) {
    if (typeof element !== "string") return VALUE_MESSAGES.empty;
    const problem = numberProblem(element);
    if (problem) return problem;
    const canonical = formatScanned(scanNumber(element)!);
    if (seen.has(canonical)) return VALUE_MESSAGES.numberSetDuplicates;
    seen.add(canonical);
  }
  return undefined;
}

function binarySetProblem(member: unknown): string | undefined {
  if (!Array.isArray(member)) return VALUE_MESSAGES.empty;
  if (member.length === 0) return VALUE_MESSAGES.emptyBinarySet;
  const seen = new Set<string>();
  for (const element of member) {
    if (!(element instanceof Uint8Array)) return VALUE_MESSAGES.empty;
    if (element.length === 0) return VALUE_MESSAGES.emptyBinaryInSet;
    const key = Buffer.from(element.buffer, element.byteOffset, element.byteLength).toString("base64");
    if (seen.has(key)) {
      const shown = member.map((b: Uint8Array) => Buffer.from(b).toString("base64")).join(", ");
      // AWS really omits the space before "of type BS".
      return `One or more parameter values were invalid: Input collection [${shown}]of type BS contains duplicates.`;
    }
    seen.add(key);
  }
  return undefined;
}

/** Throws AWS's ValidationException when the value is invalid. */
export function assertValidAttributeValue(value: unknown, prefix = ""): asserts value is AttributeValue {
  const problem = attributeValueProblem(value);
  if (problem) throw new ServiceError("ValidationException", prefix + problem, 400);
}

/**
 * Canonical copy of a valid value: numbers in AWS's plain form ("1.0" -> "1"), number sets
 * likewise. Returns the same object when nothing changes, so already-canonical values cost nothing.
 */
export function canonicalAttributeValue(value: AttributeValue): AttributeValue {
  if ("N" in value) {
    const canonical = formatScanned(scanNumber(value.N)!);
    return canonical === value.N ? value : { N: canonical };
  }
  if ("NS" in value) {
    let changed = false;
    const members = value.NS.map((n) => {
      const canonical = formatScanned(scanNumber(n)!);
      if (canonical !== n) changed = true;
      return canonical;
    });
    return changed ? { NS: members } : value;
  }
  if ("L" in value) {
    let changed = false;
    const elements = value.L.map((element) => {
      const canonical = canonicalAttributeValue(element);
      if (canonical !== element) changed = true;
      return canonical;
    });
    return changed ? { L: elements } : value;
  }
  if ("M" in value) {
    let changed = false;
    const entries: Record<string, AttributeValue> = {};
    for (const key of Object.keys(value.M)) {
      const element = value.M[key]!;
      const canonical = canonicalAttributeValue(element);
      if (canonical !== element) changed = true;
      setEntry(entries, key, canonical);
    }
    return changed ? { M: entries } : value;
  }
  return value;
}
