// Random DynamoDB values and comparators that do not use the code under test: decimal.js for
// numbers, Unicode code points for strings (UTF-8 byte order is code point order), an unsigned
// byte loop for binaries.
import { Decimal } from "decimal.js";
import type { AttributeValue, KeyType } from "../../../../../src/services/dynamodb/storage/attribute-value.js";
import type { Random } from "./random.js";

/** A random DynamoDB-valid number written in one of the many spellings DynamoDB accepts. */
export function randomNumberText(r: Random): string {
  const digitCount = r.int(1, 38);
  let digits = String(r.int(1, 9));
  for (let i = 1; i < digitCount; i++) digits += String(r.int(0, 9));
  digits = digits.replace(/0+$/, "") || "1";
  // Cluster exponents sometimes so that equal exponents with different digits are common.
  const exponent = r.next() < 0.5 ? r.int(-3, 3) : r.int(-130, 125);
  const negative = r.next() < 0.5 ? "-" : "";
  if (r.next() < 0.3) return "0";
  switch (r.int(0, 3)) {
    case 0: // scientific, normalised
      return `${negative}${digits[0]}${digits.length > 1 ? "." + digits.slice(1) : ""}E${exponent}`;
    case 1: // all digits as an integer mantissa with an adjusted exponent, plus padding zeros
      return `${negative}00${digits}000e${exponent - (digits.length - 1) - 3}`;
    case 2: // plain notation via decimal.js, which never uses an exponent with toFixed()
      return new Decimal(`${negative}${digits[0]}.${digits.slice(1) || "0"}e${exponent}`).toFixed();
    default: // leading fraction form
      return `${negative}0.${digits}e${exponent + 1}`;
  }
}

export function codePointCompare(a: string, b: string): number {
  const ca = Array.from(a, (c) => c.codePointAt(0)!);
  const cb = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) if (ca[i] !== cb[i]) return ca[i]! - cb[i]!;
  return ca.length - cb.length;
}

export function unsignedCompare(a: Buffer, b: Buffer): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export const ALPHABET = ["a", "b", "z", "A", "0", " ", "~", "\u0000", "\u007f", "é", "ß", "中", "\u{ffff}", "\ue000", "😀", "𝄞", "\u{10ffff}"];

export function randomString(r: Random): string {
  let s = "";
  const length = r.int(1, 6);
  for (let i = 0; i < length; i++) s += r.pick(ALPHABET);
  return s;
}


export function randomBinary(r: Random): Buffer {
  return Buffer.from(Array.from({ length: r.int(1, 5) }, () => r.pick([0, 1, 2, 127, 128, 200, 254, 255])));
}

export function randomKeyValue(r: Random, type: KeyType): AttributeValue {
  switch (type) {
    case "S":
      return { S: randomString(r) };
    case "N":
      return { N: randomNumberText(r) };
    case "B":
      return { B: randomBinary(r) };
  }
}

/** DynamoDB's order of two key values of one type, computed independently of the encoder. */
export function compareKeyValues(a: AttributeValue, b: AttributeValue): number {
  if ("N" in a && "N" in b) return new Decimal(a.N).cmp(new Decimal(b.N));
  if ("S" in a && "S" in b) return Math.sign(codePointCompare(a.S, b.S));
  if ("B" in a && "B" in b) return Math.sign(unsignedCompare(a.B, b.B));
  throw new TypeError("values of different types");
}

/** Whether a starts with prefix (strings by code points, binaries by bytes). */
export function startsWith(value: AttributeValue, prefix: AttributeValue): boolean {
  if ("S" in value && "S" in prefix) return value.S.startsWith(prefix.S);
  if ("B" in value && "B" in prefix) return value.B.subarray(0, prefix.B.length).equals(prefix.B);
  return false;
}
