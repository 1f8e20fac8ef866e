// Order-preserving binary encoding of key attribute values. A plain byte comparison of two
// encodings (SQLite compares BLOBs with memcmp; PostgreSQL compares bytea the same way) orders
// them exactly as DynamoDB orders sort keys
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-ScanIndexForward):
//   S: by UTF-8 bytes, so the encoding is the UTF-8 bytes themselves;
//   B: bytes compared unsigned, so the encoding is the bytes themselves;
//   N: numerically. A key attribute has one declared type, so encodings of different types are
//      never compared with each other and need no type tag.
//
// Number layout (at most 21 bytes for 38 digits):
//   zero:     0x02
//   positive: 0x03, exponent + 130 (0..255 for DynamoDB's -130..125), digit bytes
//   negative: 0x01, 255 - (exponent + 130), complemented digit bytes, 0xFF
// Digit bytes pack two significant digits per byte as nibbles holding digit + 1 (1..10); an odd
// count leaves a zero low nibble. With trailing zeros trimmed, a shorter digit string that is a
// prefix of a longer one is the smaller magnitude, and memcmp sorts a prefix first. Negatives
// invert everything; their 0xFF terminator (above any complemented digit byte, which is at most
// 0xEF) makes a prefix sort after its extensions, as -0.12 > -0.123 requires.
import type { AttributeValue, KeyType } from "./attribute-value.js";
import { type DecimalParts, formatDecimal, parseDynamoNumber } from "./decimal-parts.js";

const NEGATIVE = 0x01;
const ZERO = 0x02;
const POSITIVE = 0x03;
const EXPONENT_BIAS = 130;
const NEGATIVE_TERMINATOR = 0xff;

/** Encodes a DynamoDB number string (validating DynamoDB's precision and range). */
export function encodeNumber(text: string): Buffer {
  return encodeDecimalParts(parseDynamoNumber(text));
}

export function encodeDecimalParts(parts: DecimalParts): Buffer {
  const { digits } = parts;
  if (digits.length === 0) return Buffer.from([ZERO]);
  const digitBytes = (digits.length + 1) >> 1;
  const negative = parts.negative;
  const out = Buffer.allocUnsafe(2 + digitBytes + (negative ? 1 : 0));
  const biased = parts.exponent + EXPONENT_BIAS;
  out[0] = negative ? NEGATIVE : POSITIVE;
  out[1] = negative ? 255 - biased : biased;
  for (let i = 0; i < digitBytes; i++) {
    const hi = digits.charCodeAt(2 * i) - 47; // digit + 1
    const lo = 2 * i + 1 < digits.length ? digits.charCodeAt(2 * i + 1) - 47 : 0;
    const byte = (hi << 4) | lo;
    out[2 + i] = negative ? 255 - byte : byte;
  }
  if (negative) out[2 + digitBytes] = NEGATIVE_TERMINATOR;
  return out;
}

/** Decodes an encoded number back to its plain decimal string (e.g. "-0.015"). */
export function decodeNumber(bytes: Buffer): string {
  if (bytes.length === 1 && bytes[0] === ZERO) return "0";
  const negative = bytes[0] === NEGATIVE;
  if (!negative && bytes[0] !== POSITIVE) throw new RangeError("not an encoded number");
  const exponent = (negative ? 255 - bytes[1]! : bytes[1]!) - EXPONENT_BIAS;
  const end = negative ? bytes.length - 1 : bytes.length;
  let digits = "";
  for (let i = 2; i < end; i++) {
    const byte = negative ? 255 - bytes[i]! : bytes[i]!;
    digits += String.fromCharCode(47 + (byte >> 4));
    if ((byte & 0x0f) !== 0) digits += String.fromCharCode(47 + (byte & 0x0f));
  }
  return formatDecimal({ negative, digits, exponent });
}

/**
 * The encoding of a key value of the declared type, or undefined when the value has another
 * type (callers turn that into DynamoDB's own message, which depends on the operation).
 */
export function encodeKeyValue(type: KeyType, value: AttributeValue): Buffer | undefined {
  switch (type) {
    case "S":
      return "S" in value ? Buffer.from(value.S, "utf8") : undefined;
    case "B":
      return "B" in value ? value.B : undefined;
    case "N":
      return "N" in value ? encodeNumber(value.N) : undefined;
  }
}

export function decodeKeyValue(type: KeyType, bytes: Buffer): AttributeValue {
  switch (type) {
    case "S":
      return { S: bytes.toString("utf8") };
    case "B":
      return { B: Buffer.from(bytes) };
    case "N":
      return { N: decodeNumber(bytes) };
  }
}

/**
 * The smallest byte string greater than every string starting with prefix, or undefined when
 * there is none (prefix is all 0xFF). begins_with(sk, p) is the range p <= sk < successor(p).
 */
export function prefixSuccessor(prefix: Buffer): Buffer | undefined {
  let end = prefix.length;
  while (end > 0 && prefix[end - 1] === 0xff) end--;
  if (end === 0) return undefined;
  const out = Buffer.from(prefix.subarray(0, end));
  out[end - 1]!++;
  return out;
}

/**
 * A well-mixed signed 32-bit hash of a partition key's bytes (FNV-1a, then murmur3's finaliser so
 * the high bits are uniform). Scan order and parallel-scan segments follow it, the way DynamoDB
 * scans in hash order rather than key order.
 */
export function partitionHash(bytes: Buffer): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

const HASH_SPACE = 2 ** 32;
const HASH_MIN = -(2 ** 31);

/** The inclusive partition-hash range of Segment out of TotalSegments: every hash in exactly one. */
export function segmentHashRange(segment: number, totalSegments: number): { low: number; high: number } {
  const low = HASH_MIN + Math.floor((segment * HASH_SPACE) / totalSegments);
  const high = HASH_MIN + Math.floor(((segment + 1) * HASH_SPACE) / totalSegments) - 1;
  return { low, high };
}

/** The segment (of totalSegments) a partition hash falls in: the last one whose range starts at or before it. */
export function segmentOfHash(hash: number, totalSegments: number): number {
  // low(s) = floor(s * 2^32 / T) <= offset  <=>  s < (offset + 1) * T / 2^32
  return Math.ceil(((hash - HASH_MIN + 1) * totalSegments) / HASH_SPACE) - 1;
}
