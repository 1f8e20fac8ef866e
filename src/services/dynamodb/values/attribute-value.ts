// DynamoDB attribute values in their wire ("DynamoDB JSON") shape, with binary already decoded.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: Buffer }
  | { BOOL: boolean }
  | { NULL: true }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: Buffer[] }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> };

export type Item = Record<string, AttributeValue>;

export type AttributeType = "S" | "N" | "B" | "BOOL" | "NULL" | "SS" | "NS" | "BS" | "L" | "M";

export const ATTRIBUTE_TYPES: readonly AttributeType[] = ["S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M"];

/** The type tag of a well-formed value (exactly one member set). */
export function typeOf(value: AttributeValue): AttributeType {
  // Ordered by how common each type is in real items.
  if ("S" in value) return "S";
  if ("N" in value) return "N";
  if ("M" in value) return "M";
  if ("L" in value) return "L";
  if ("BOOL" in value) return "BOOL";
  if ("B" in value) return "B";
  if ("NULL" in value) return "NULL";
  if ("SS" in value) return "SS";
  if ("NS" in value) return "NS";
  return "BS";
}

/** The long type names AWS uses in ADD/DELETE operand errors ("operand type: STRING"). */
export const LONG_TYPE_NAMES: Readonly<Record<AttributeType, string>> = {
  S: "STRING",
  N: "NUMBER",
  B: "BINARY",
  BOOL: "BOOLEAN",
  NULL: "NULL",
  SS: "SS",
  NS: "NS",
  BS: "BS",
  L: "LIST",
  M: "MAP",
};

export function isSetType(type: AttributeType): type is "SS" | "NS" | "BS" {
  return type === "SS" || type === "NS" || type === "BS";
}

/**
 * Reads an own entry of an item or map. Attribute names are user data ("__proto__",
 * "constructor" are legal names), so plain `record[key]` would leak inherited properties.
 */
export function getEntry(record: Record<string, AttributeValue>, key: string): AttributeValue | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Writes an own entry; `record["__proto__"] = v` would replace the prototype instead. */
export function setEntry(record: Record<string, AttributeValue>, key: string, value: AttributeValue): void {
  if (key === "__proto__") {
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    record[key] = value;
  }
}
