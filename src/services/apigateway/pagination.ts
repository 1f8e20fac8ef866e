// position/limit paging, as every API Gateway list operation takes it: at most `limit` items
// (default 25, at most 500) and, when more remain, an opaque `position` to continue from.
// The token names the next item, so deleting earlier items never skips or repeats one.
// https://docs.aws.amazon.com/apigateway/latest/api/API_GetRestApis.html
import { badRequest } from "./errors.js";

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 500;

export interface Page<T> {
  items: T[];
  position?: string;
}

export function paginate<T>(items: readonly T[], keyOf: (item: T) => string, position?: string, limit?: number): Page<T> {
  const size = Math.min(limit ?? DEFAULT_LIMIT, MAX_LIMIT);
  if (size <= 0) return { items: [] };
  let start = 0;
  if (position !== undefined && position !== "") {
    const key = decodePosition(position);
    start = items.findIndex((item) => keyOf(item) === key);
    if (start < 0) return { items: [] };
  }
  const page = items.slice(start, start + size);
  const next = items[start + size];
  return next === undefined ? { items: page } : { items: page, position: encodePosition(keyOf(next)) };
}

function encodePosition(key: string): string {
  return Buffer.from(key, "utf8").toString("base64url");
}

function decodePosition(position: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(position)) throw badRequest("Invalid position parameter");
  return Buffer.from(position, "base64url").toString("utf8");
}
