// HTTP-bound members of the REST protocols (restJson1, restXml): uri labels, query strings,
// headers, prefixed header maps and the status code, per Smithy's HTTP binding traits
// (https://smithy.io/2.0/spec/http-bindings.html). Timestamps default to ISO 8601 in labels
// and query strings and to IMF-fixdate (RFC 7231) in headers; a header list is
// comma-separated (quoted where an item holds a comma or a quote); a jsonvalue header
// (Smithy mediaType application/json) is base64 of the JSON text.
import type { ServiceError } from "../errors.js";
import type { HttpRequest } from "../http.js";
import type { Shape, ShapeRef, StructureShape, TimestampFormat } from "../spec/model.js";
import type { ServiceSpec } from "../spec/service-spec.js";
import { setOwn } from "./json-codec.js";
import { scalarFromText, scalarText, timestampFormatOf } from "./shapes.js";

export type Fail = (detail: string) => ServiceError;

export interface PayloadMember {
  name: string;
  ref: ShapeRef;
  shape: Shape;
}

/** The member named by the structure's `payload`, if any. */
export function payloadMember(spec: ServiceSpec, shape: StructureShape): PayloadMember | undefined {
  if (!shape.payload) return undefined;
  const ref = shape.members[shape.payload];
  return ref ? { name: shape.payload, ref, shape: spec.resolve(ref) } : undefined;
}

/** Whether the structure has members that belong in the body (no payload trait, no location). */
export function hasBodyMembers(shape: StructureShape): boolean {
  for (const ref of Object.values(shape.members)) if (!ref.location) return true;
  return false;
}

// ---- reading requests ----------------------------------------------------------------------

/** One HTTP-bound member of an input structure, with the name it is bound to as looked up. */
interface BoundMember {
  name: string;
  ref: ShapeRef;
  location: "uri" | "querystring" | "header" | "headers";
  /** The uri label or query parameter name, the lower-cased header name, or the lower-cased header prefix. */
  key: string;
}

/**
 * The bound members of each input structure in model order (the order the input's keys take),
 * worked out once per structure: a request then visits only its bound members, with header
 * names already lower-cased, instead of every member of the model on every request.
 */
const boundMembersOf = new WeakMap<StructureShape, readonly BoundMember[]>();

function boundMembers(shape: StructureShape): readonly BoundMember[] {
  let members = boundMembersOf.get(shape);
  if (members) return members;
  const list: BoundMember[] = [];
  for (const [name, ref] of Object.entries(shape.members)) {
    const location = ref.location;
    if (location === "uri" || location === "querystring") list.push({ name, ref, location, key: ref.locationName ?? name });
    else if (location === "header") list.push({ name, ref, location, key: (ref.locationName ?? name).toLowerCase() });
    else if (location === "headers") list.push({ name, ref, location, key: (ref.locationName ?? "").toLowerCase() });
  }
  members = list;
  boundMembersOf.set(shape, members);
  return members;
}

/** Reads every uri, querystring, header and headers member of the input structure. */
export function readBoundMembers(
  spec: ServiceSpec,
  shape: StructureShape,
  req: HttpRequest,
  labels: Record<string, string>,
  fail: Fail,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let boundQueryKeys: Set<string> | undefined;
  for (const { name, ref, location, key } of boundMembers(shape)) {
    switch (location) {
      case "uri": {
        const text = labels[key];
        if (text !== undefined) out[name] = fromText(spec, ref, text, "iso8601", fail);
        break;
      }
      case "querystring": {
        const target = spec.resolve(ref);
        if (target.type === "map") {
          boundQueryKeys ??= queryKeysBound(shape);
          const map = readQueryMap(spec, target.value, req, boundQueryKeys, fail);
          if (Object.keys(map).length > 0) out[name] = map;
          break;
        }
        const values = req.query[key];
        if (!values) break;
        out[name] =
          target.type === "list"
            ? values.map((v) => fromText(spec, target.member, v, "iso8601", fail))
            : fromText(spec, ref, values[0]!, "iso8601", fail);
        break;
      }
      case "header": {
        const text = req.headers[key];
        if (text !== undefined) out[name] = readHeader(spec, ref, text, fail);
        break;
      }
      case "headers": {
        const target = spec.resolve(ref);
        if (target.type !== "map") break;
        const map: Record<string, unknown> = {};
        for (const [header, value] of Object.entries(req.headers)) {
          if (header.startsWith(key) && header.length > key.length) setOwn(map, header.slice(key.length), readHeader(spec, target.value, value, fail));
        }
        if (Object.keys(map).length > 0) out[name] = map;
        break;
      }
    }
  }
  return out;
}

function queryKeysBound(shape: StructureShape): Set<string> {
  const keys = new Set<string>();
  for (const [name, ref] of Object.entries(shape.members)) if (ref.location === "querystring") keys.add(ref.locationName ?? name);
  return keys;
}

/** A querystring-bound map takes every parameter no other member claims (httpQueryParams). */
function readQueryMap(spec: ServiceSpec, valueRef: ShapeRef, req: HttpRequest, bound: Set<string>, fail: Fail): Record<string, unknown> {
  const valueShape = spec.resolve(valueRef);
  const map: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(req.query)) {
    if (bound.has(key)) continue;
    setOwn(
      map,
      key,
      valueShape.type === "list" ? values.map((v) => fromText(spec, valueShape.member, v, "iso8601", fail)) : fromText(spec, valueRef, values[0]!, "iso8601", fail),
    );
  }
  return map;
}

function fromText(spec: ServiceSpec, ref: ShapeRef, text: string, defaultFormat: TimestampFormat, fail: Fail): unknown {
  const shape = spec.resolve(ref);
  return scalarFromText(shape, text, timestampFormatOf(ref, shape, defaultFormat), fail);
}

function readHeader(spec: ServiceSpec, ref: ShapeRef, text: string, fail: Fail): unknown {
  const shape = spec.resolve(ref);
  if (ref.jsonvalue) {
    try {
      return JSON.parse(Buffer.from(text, "base64").toString("utf8"));
    } catch {
      throw fail(`'${text}' is not base64-encoded JSON`);
    }
  }
  if (shape.type === "list") {
    const member = spec.resolve(shape.member);
    const format = timestampFormatOf(shape.member, member, "rfc822");
    const items = member.type === "timestamp" && format === "rfc822" ? splitHttpDates(text) : splitHeaderList(text);
    return items.map((item) => scalarFromText(member, item, format, fail));
  }
  return scalarFromText(shape, shape.type === "string" ? text : text.trim(), timestampFormatOf(ref, shape, "rfc822"), fail);
}

/** Splits a comma-separated header, honouring double-quoted items (RFC 7230 section 7). */
export function splitHeaderList(text: string): string[] {
  const items: string[] = [];
  let current = "";
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === "\\" && i + 1 < text.length) current += text[++i];
      else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"' && current.trim() === "") {
      quoted = true;
      wasQuoted = true;
      current = "";
    } else if (c === ",") {
      items.push(wasQuoted ? current : current.trim());
      current = "";
      wasQuoted = false;
    } else if (!wasQuoted) {
      current += c;
    }
  }
  items.push(wasQuoted ? current : current.trim());
  return items.length === 1 && items[0] === "" ? [] : items;
}

/** IMF-fixdate holds a comma itself ("Mon, 16 Dec 2019 23:48:18 GMT"), so split every second one. */
function splitHttpDates(text: string): string[] {
  const parts = text.split(",");
  const out: string[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) out.push(`${parts[i]},${parts[i + 1]}`.trim());
  return out;
}

// ---- writing responses ---------------------------------------------------------------------

/** Sets a header unless a member already set it under any casing (e.g. S3's Content-Type member). */
export function setDefaultHeader(headers: Record<string, string>, name: string, value: string): void {
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) return;
  headers[name] = value;
}

/** Header values must be printable ASCII; anything else goes out RFC 2047-encoded as S3 does. */
function headerSafe(text: string): string {
  return /^[\t\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, "utf8").toString("base64")}?=`;
}

function quoteItem(text: string): string {
  return /[",]/.test(text) || text !== text.trim() ? `"${text.replace(/["\\]/g, "\\$&")}"` : text;
}

function headerText(spec: ServiceSpec, ref: ShapeRef, value: unknown): string {
  if (ref.jsonvalue) return Buffer.from(JSON.stringify(value), "utf8").toString("base64");
  const shape = spec.resolve(ref);
  if (shape.type === "list") {
    const member = spec.resolve(shape.member);
    const format = timestampFormatOf(shape.member, member, "rfc822");
    return (value as unknown[])
      .map((item) => {
        const text = scalarText(member, item, format);
        return member.type === "timestamp" ? text : quoteItem(text);
      })
      .join(", ");
  }
  return scalarText(shape, value, timestampFormatOf(ref, shape, "rfc822"));
}

/** An output structure's header, prefixed-headers and status code members, in model order, listed once per structure. */
const outputBoundMembersOf = new WeakMap<StructureShape, ReadonlyArray<readonly [string, ShapeRef]>>();

function outputBoundMembers(shape: StructureShape): ReadonlyArray<readonly [string, ShapeRef]> {
  let members = outputBoundMembersOf.get(shape);
  if (!members) {
    members = Object.entries(shape.members).filter(([, ref]) => ref.location === "header" || ref.location === "headers" || ref.location === "statusCode");
    outputBoundMembersOf.set(shape, members);
  }
  return members;
}

/** Writes the header, headers and statusCode members of an output (or error) structure. */
export function writeBoundMembers(
  spec: ServiceSpec,
  shape: StructureShape,
  value: Record<string, unknown>,
  headers: Record<string, string>,
): { status?: number } {
  let status: number | undefined;
  for (const [name, ref] of outputBoundMembers(shape)) {
    const item = value[name];
    if (item === undefined || item === null) continue;
    switch (ref.location) {
      case "header":
        headers[ref.locationName ?? name] = headerSafe(headerText(spec, ref, item));
        break;
      case "headers": {
        const target = spec.resolve(ref);
        if (target.type !== "map") break;
        for (const [key, v] of Object.entries(item as Record<string, unknown>)) {
          if (v !== undefined && v !== null) headers[`${ref.locationName ?? ""}${key}`] = headerSafe(headerText(spec, target.value, v));
        }
        break;
      }
      case "statusCode":
        status = Number(item);
        break;
    }
  }
  return { status };
}
