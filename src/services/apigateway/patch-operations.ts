// The building blocks of API Gateway's PATCH semantics. API Gateway takes a list of JSON
// Patch-like operations ({op, path, value, from}) whose paths are JSON Pointers into the
// resource ("/name", "/variables/x", "/binaryMediaTypes/image~1png": "~1" is "/", "~0" is "~",
// https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html), but it applies
// them per resource type with its own rules and its own wording when it refuses one. Each
// resource's update (rest-apis.ts, methods.ts, stages.ts, ...) walks its operations with these
// helpers; the error builders below reproduce the phrasings recorded from AWS, which differ by
// resource type (note the double space in "Invalid patch path  '...'").
import type { PatchOperation } from "../../aws/generated/apigateway.js";
import { badRequest } from "./errors.js";

export type PatchOp = PatchOperation;

/** JSON Pointer segments of a patch path: "/a/b~1c" -> ["a", "b/c"]; "/" -> [""]. */
export function pathSegments(path: string): string[] {
  if (!path.startsWith("/")) return [path];
  return path
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function escapeSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Java's Boolean.parseBoolean: "true" in any case is true, anything else false. */
export function parseBool(value: string | undefined): boolean {
  return (value ?? "").toLowerCase() === "true";
}

export const patchErrors = {
  /** RestApi, Method, GatewayResponse, MethodResponse: "Invalid patch path /x". */
  invalidPath: (path: string | undefined) => badRequest(`Invalid patch path ${path ?? "null"}`),
  /** Resource, Model, RequestValidator, ApiKey: the path is not one of the op's paths. */
  pathNotOneOf: (path: string | undefined, op: string | undefined, allowed: readonly string[]) =>
    badRequest(`Invalid patch path  '${path}' specified for op '${op}'. Must be one of: [${allowed.join(", ")}]`),
  /** The same resources, for an op that supports no path at all. */
  opUnsupported: (path: string | undefined, op: string | undefined) =>
    badRequest(`Invalid patch path  '${path}' specified for op '${op}'. Please choose supported operations`),
  opNotOneOf: (ops: readonly string[]) => badRequest(`Invalid patch operation specified. Must be one of: [${ops.join(", ")}]`),
  opNotAddRemoveReplace: () => badRequest("Invalid patch operation specified. Must be 'add'|'remove'|'replace'"),
};

/**
 * The "table" style of Resource, Model, RequestValidator and ApiKey updates: every op names the
 * paths it supports; an op with none answers "Please choose supported operations", a path
 * outside the op's list "Must be one of: [...]". Returns the path once accepted.
 */
export function checkTablePath(op: PatchOp, table: Readonly<Partial<Record<string, readonly string[]>>>): string {
  const allowed = table[op.op ?? ""] ?? [];
  if (allowed.length === 0) throw patchErrors.opUnsupported(op.path, op.op);
  if (op.path === undefined || !allowed.includes(op.path)) throw patchErrors.pathNotOneOf(op.path, op.op, allowed);
  return op.path;
}

/** Applies add/replace/remove of one entry of a string map (requestParameters/x, variables/x). */
export function patchMapEntry<V>(
  map: Record<string, V> | undefined,
  op: PatchOp,
  key: string,
  value: V,
  missingOnRemove?: () => Error,
): Record<string, V> | undefined {
  const next = { ...(map ?? {}) };
  if (op.op === "remove") {
    if (!(key in next) && missingOnRemove) throw missingOnRemove();
    delete next[key];
  } else {
    next[key] = value;
  }
  return Object.keys(next).length > 0 ? next : undefined;
}
