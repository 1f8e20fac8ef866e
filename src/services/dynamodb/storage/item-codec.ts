// How items are stored as text: DynamoDB JSON exactly as on the wire, binaries as base64
// ({"B":"AAEC"}), so a stored item is readable in any SQL console and identical on SQLite and
// PostgreSQL. Buffers round-trip exactly.
//
// Hot-path care: most items hold no binary at all, so encoding checks first and then hands the
// item straight to the native JSON.stringify; decoding skips the binary-restoring walk unless the
// text can contain a binary type tag at all (a cheap substring test; a false positive, such as an
// attribute named "B", only costs the walk).
import type { AttributeValue, Item } from "./attribute-value.js";

export function encodeItem(item: Item): string {
  return JSON.stringify(mapHasBinary(item) ? binariesToBase64(item) : item);
}

export function decodeItem(text: string): Item {
  const item = JSON.parse(text) as Item;
  if (text.includes('"B":') || text.includes('"BS":')) restoreMap(item);
  return item;
}

function valueHasBinary(value: AttributeValue): boolean {
  if ("B" in value || "BS" in value) return true;
  if ("M" in value) return mapHasBinary(value.M);
  if ("L" in value) {
    for (const element of value.L) if (valueHasBinary(element)) return true;
  }
  return false;
}

function mapHasBinary(map: Record<string, AttributeValue>): boolean {
  for (const name in map) if (valueHasBinary(map[name]!)) return true;
  return false;
}

type StoredValue = Record<string, unknown>;

function binariesToBase64(map: Record<string, AttributeValue>): Record<string, StoredValue> {
  const out: Record<string, StoredValue> = {};
  for (const name in map) out[name] = valueToStored(map[name]!);
  return out;
}

function valueToStored(value: AttributeValue): StoredValue {
  if ("B" in value) return { B: toBase64(value.B) };
  if ("BS" in value) return { BS: value.BS.map(toBase64) };
  if ("M" in value) return { M: binariesToBase64(value.M) };
  if ("L" in value) return { L: value.L.map(valueToStored) };
  return value;
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

// Decoding mutates the freshly parsed object in place: it is ours, and copying would double the work.
function restoreMap(map: Record<string, unknown>): void {
  for (const name in map) restoreValue(map[name] as Record<string, unknown>);
}

function restoreValue(value: Record<string, unknown>): void {
  if (typeof value.B === "string") value.B = Buffer.from(value.B, "base64");
  else if (Array.isArray(value.BS)) value.BS = (value.BS as string[]).map((b) => Buffer.from(b, "base64"));
  else if (value.M !== undefined && typeof value.M === "object") restoreMap(value.M as Record<string, unknown>);
  else if (Array.isArray(value.L)) for (const element of value.L) restoreValue(element as Record<string, unknown>);
}
