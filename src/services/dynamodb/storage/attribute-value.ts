// DynamoDB item values as the storage engine sees them: DynamoDB JSON with binaries as Buffer
// (the protocol layer's convention for blobs, see src/aws/protocol/types.ts).
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
// Kept minimal and local on purpose: the expression and number helpers own the richer value API.

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

/** An item (or a key): attribute name -> value. */
export type Item = Record<string, AttributeValue>;

/** The scalar types a key attribute may have (AttributeDefinitions.AttributeType). */
export type KeyType = "S" | "N" | "B";

export type AttributeType = "S" | "N" | "B" | "BOOL" | "NULL" | "SS" | "NS" | "BS" | "L" | "M";

/** The type tag of a value, e.g. "S" for { S: "x" }. */
export function typeOf(value: AttributeValue): AttributeType {
  for (const key in value) return key as AttributeType;
  throw new TypeError("empty AttributeValue");
}
