// Item size as DynamoDB measures it, the 400 KB item limit, and capacity-unit arithmetic.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
//   strings: UTF-8 bytes; binaries: raw bytes; BOOL/NULL: 1 byte; attribute names: UTF-8 bytes;
//   L/M: 3 bytes + per element (1 byte + its size, plus the key's bytes for M); sets: the sum of
//   their elements' sizes.
// Numbers are "approximately 1 byte per two significant digits + 1". DynamoDB stores them in a
// base-100 (centesimal) form: one exponent byte plus one byte per base-100 digit, with digit
// pairs aligned on the decimal point (so 1.5 takes two digit bytes, 15 one), a terminator byte
// for negatives and at most 21 bytes. That model is what the consumed capacity reported by
// DynamoDB agrees with (measured in https://zaccharles.medium.com/calculating-a-dynamodb-items-size-and-consumed-capacity-d1728942eb7c).
import { ServiceError } from "../../../aws/errors.js";
import type { AttributeValue, Item } from "./attribute-value.js";
import { parseDecimal } from "./decimal-parts.js";

/** DynamoDB's maximum item size: 400 KB. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items */
export const MAX_ITEM_SIZE_BYTES = 400 * 1024;

const LIST_OR_MAP_OVERHEAD = 3;
const ELEMENT_OVERHEAD = 1;
const MAX_NUMBER_SIZE = 21;

/** The stored size of a number string, in bytes. */
export function numberSize(text: string): number {
  const { negative, digits, exponent } = parseDecimal(text);
  if (digits.length === 0) return 1;
  // Digit i has place value 10^(exponent - i); base-100 digit k covers places 2k and 2k+1.
  const lowestPlace = exponent - digits.length + 1;
  const centesimalDigits = Math.floor(exponent / 2) - Math.floor(lowestPlace / 2) + 1;
  return Math.min(MAX_NUMBER_SIZE, 1 + centesimalDigits + (negative ? 1 : 0));
}

/** The size of one attribute value (without its name). */
export function attributeValueSize(value: AttributeValue): number {
  if ("S" in value) return Buffer.byteLength(value.S, "utf8");
  if ("N" in value) return numberSize(value.N);
  if ("B" in value) return value.B.length;
  if ("BOOL" in value || "NULL" in value) return 1;
  if ("M" in value) {
    let size = LIST_OR_MAP_OVERHEAD;
    const map = value.M;
    for (const name in map) size += Buffer.byteLength(name, "utf8") + attributeValueSize(map[name]!) + ELEMENT_OVERHEAD;
    return size;
  }
  if ("L" in value) {
    let size = LIST_OR_MAP_OVERHEAD;
    for (const element of value.L) size += attributeValueSize(element) + ELEMENT_OVERHEAD;
    return size;
  }
  if ("SS" in value) {
    let size = 0;
    for (const s of value.SS) size += Buffer.byteLength(s, "utf8");
    return size;
  }
  if ("NS" in value) {
    let size = 0;
    for (const n of value.NS) size += numberSize(n);
    return size;
  }
  if ("BS" in value) {
    let size = 0;
    for (const b of value.BS) size += b.length;
    return size;
  }
  throw new TypeError(`unknown AttributeValue ${JSON.stringify(Object.keys(value))}`);
}

/** The size of an item: the sum over its attributes of name bytes plus value size. */
export function itemSize(item: Item): number {
  let size = 0;
  for (const name in item) size += Buffer.byteLength(name, "utf8") + attributeValueSize(item[name]!);
  return size;
}

/**
 * Throws DynamoDB's ValidationException when an item is over 400 KB. UpdateItem words it
 * differently ("Item size to update has exceeded ...") from PutItem and friends.
 */
export function assertItemSizeWithinLimit(size: number, origin: "put" | "update" = "put"): void {
  if (size > MAX_ITEM_SIZE_BYTES) {
    const message =
      origin === "update" ? "Item size to update has exceeded the maximum allowed size" : "Item size has exceeded the maximum allowed size";
    throw new ServiceError("ValidationException", message, 400);
  }
}

// Capacity units: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/provisioned-capacity-mode.html
// and https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling

const READ_BLOCK_BYTES = 4 * 1024;
const WRITE_BLOCK_BYTES = 1024;

export interface ReadCapacityOptions {
  /** Strongly consistent reads cost a full unit per 4 KB; eventually consistent ones half. */
  consistent?: boolean;
  /** Transactional reads (TransactGetItems) cost two units per 4 KB. */
  transactional?: boolean;
}

/**
 * Read units for reading `bytes` in one request (an item, or the summed sizes of everything a
 * Query or Scan read). A read of nothing still costs one block.
 */
export function readCapacityUnits(bytes: number, options: ReadCapacityOptions = {}): number {
  const blocks = Math.max(1, Math.ceil(bytes / READ_BLOCK_BYTES));
  if (options.transactional) return blocks * 2;
  return options.consistent ? blocks : blocks / 2;
}

/** Write units for writing an item of `bytes` (a delete of nothing still costs one unit). */
export function writeCapacityUnits(bytes: number, options: { transactional?: boolean } = {}): number {
  const blocks = Math.max(1, Math.ceil(bytes / WRITE_BLOCK_BYTES));
  return options.transactional ? blocks * 2 : blocks;
}

/** A write that replaces or updates an item is charged for the larger of its old and new sizes. */
export function writeCapacityUnitsForChange(
  oldSize: number | undefined,
  newSize: number | undefined,
  options: { transactional?: boolean } = {},
): number {
  return writeCapacityUnits(Math.max(oldSize ?? 0, newSize ?? 0), options);
}
