// Whether two items hold the same data, as DynamoDB judges it: numbers by value, sets as sets,
// maps regardless of attribute order. The engine needs it because a PutItem or UpdateItem that
// changes nothing writes no stream record
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html).
import type { AttributeValue, Item } from "./attribute-value.js";
import { compareDecimal, parseDecimal } from "./decimal-parts.js";

export function itemsEqual(a: Item, b: Item): boolean {
  return mapsEqual(a, b);
}

function mapsEqual(a: Record<string, AttributeValue>, b: Record<string, AttributeValue>): boolean {
  let count = 0;
  for (const name in a) {
    const other = b[name];
    if (other === undefined || !valuesEqual(a[name]!, other)) return false;
    count++;
  }
  for (const _ in b) count--;
  return count === 0;
}

function numbersEqual(a: string, b: string): boolean {
  return a === b || compareDecimal(parseDecimal(a), parseDecimal(b)) === 0;
}

function sameMembers<T>(a: T[], b: T[], key: (v: T) => string): boolean {
  if (a.length !== b.length) return false;
  const members = new Set(a.map(key));
  for (const v of b) if (!members.has(key(v))) return false;
  return true;
}

function canonicalNumber(text: string): string {
  const { negative, digits, exponent } = parseDecimal(text);
  return digits.length === 0 ? "0" : `${negative ? "-" : ""}${digits}e${exponent}`;
}

export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  if ("S" in a) return "S" in b && a.S === b.S;
  if ("N" in a) return "N" in b && numbersEqual(a.N, b.N);
  if ("B" in a) return "B" in b && a.B.equals(b.B);
  if ("BOOL" in a) return "BOOL" in b && a.BOOL === b.BOOL;
  if ("NULL" in a) return "NULL" in b;
  if ("SS" in a) return "SS" in b && sameMembers(a.SS, b.SS, (s) => s);
  if ("NS" in a) return "NS" in b && sameMembers(a.NS, b.NS, canonicalNumber);
  if ("BS" in a) return "BS" in b && sameMembers(a.BS, b.BS, (v) => v.toString("base64"));
  if ("L" in a) {
    if (!("L" in b) || a.L.length !== b.L.length) return false;
    for (let i = 0; i < a.L.length; i++) if (!valuesEqual(a.L[i]!, b.L[i]!)) return false;
    return true;
  }
  if ("M" in a) return "M" in b && mapsEqual(a.M, b.M);
  return false;
}
