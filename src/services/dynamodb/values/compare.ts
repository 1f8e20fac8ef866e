// DynamoDB comparison semantics.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Comparators
// - Numbers compare numerically; strings and binary compare by unsigned bytes (strings as UTF-8).
// - Only S, N and B are ordered; values of different types are never ordered or equal.
// - Sets are equal when they hold the same members in any order; lists element by element; maps by key.

import { type AttributeValue, typeOf } from "./attribute-value.js";
import { compareNumbers } from "./numbers.js";

/**
 * Compares two strings in UTF-8 byte order (which is Unicode code point order). JavaScript's
 * `<` compares UTF-16 code units, which orders U+E000..U+FFFF after astral characters; the
 * correction below is applied only at the first differing position.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointOrder(x) - codePointOrder(y);
  }
  return a.length - b.length;
}

function codePointOrder(unit: number): number {
  // Surrogates (astral code points) sort after every BMP character in UTF-8.
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

export function compareBinary(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/**
 * Orders two scalar values of the same type (S, N or B). Returns undefined when they are not
 * comparable (different types, or a type that has no order): such comparisons are false.
 */
export function compareScalars(a: AttributeValue, b: AttributeValue): number | undefined {
  if ("S" in a) return "S" in b ? compareStrings(a.S, b.S) : undefined;
  if ("N" in a) return "N" in b ? compareNumbers(a.N, b.N) : undefined;
  if ("B" in a) return "B" in b ? compareBinary(a.B, b.B) : undefined;
  return undefined;
}

/** Deep equality with DynamoDB semantics. */
export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  switch (type) {
    case "S":
      return (a as { S: string }).S === (b as { S: string }).S;
    case "N":
      return compareNumbers((a as { N: string }).N, (b as { N: string }).N) === 0;
    case "B":
      return (a as { B: Buffer }).B.equals((b as { B: Buffer }).B);
    case "BOOL":
      return (a as { BOOL: boolean }).BOOL === (b as { BOOL: boolean }).BOOL;
    case "NULL":
      return true;
    case "SS":
      return stringSetsEqual((a as { SS: string[] }).SS, (b as { SS: string[] }).SS);
    case "NS":
      return numberSetsEqual((a as { NS: string[] }).NS, (b as { NS: string[] }).NS);
    case "BS":
      return binarySetsEqual((a as { BS: Buffer[] }).BS, (b as { BS: Buffer[] }).BS);
    case "L": {
      const left = (a as { L: AttributeValue[] }).L;
      const right = (b as { L: AttributeValue[] }).L;
      if (left.length !== right.length) return false;
      for (let i = 0; i < left.length; i++) if (!valuesEqual(left[i]!, right[i]!)) return false;
      return true;
    }
    case "M": {
      const left = (a as { M: Record<string, AttributeValue> }).M;
      const right = (b as { M: Record<string, AttributeValue> }).M;
      const keys = Object.keys(left);
      if (keys.length !== Object.keys(right).length) return false;
      for (const key of keys) {
        const other = Object.hasOwn(right, key) ? right[key] : undefined;
        if (other === undefined || !valuesEqual(left[key]!, other)) return false;
      }
      return true;
    }
  }
}

function stringSetsEqual(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const members = new Set(a);
  for (const member of b) if (!members.has(member)) return false;
  return true;
}

function numberSetsEqual(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (const member of b) if (!numberSetHas(a, member)) return false;
  return true;
}

function binarySetsEqual(a: Buffer[], b: Buffer[]): boolean {
  if (a.length !== b.length) return false;
  for (const member of b) if (!binarySetHas(a, member)) return false;
  return true;
}

export function numberSetHas(set: readonly string[], member: string): boolean {
  for (const candidate of set) if (compareNumbers(candidate, member) === 0) return true;
  return false;
}

export function binarySetHas(set: readonly Buffer[], member: Uint8Array): boolean {
  for (const candidate of set) if (Buffer.compare(candidate, member) === 0) return true;
  return false;
}

/** Whether a set value (SS, NS or BS) holds a scalar of the matching element type. */
export function setHasMember(set: AttributeValue, member: AttributeValue): boolean {
  if ("SS" in set) return "S" in member && set.SS.includes(member.S);
  if ("NS" in set) return "N" in member && numberSetHas(set.NS, member.N);
  if ("BS" in set) return "B" in member && binarySetHas(set.BS, member.B);
  return false;
}
