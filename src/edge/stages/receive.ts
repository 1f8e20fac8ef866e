// Stage 1: read the request into an HttpRequest. Bodies larger than the limit are refused
// with 413 before they are buffered; gzip/deflate request bodies (Content-Encoding) are
// inflated, as AWS accepts them, within the same limit.
import { createInflate, createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { errors, ServiceError } from "../../aws/errors.js";
import { parseQueryString } from "../../aws/http.js";
import type { EdgeEnv } from "../env.js";
import type { Exchange } from "../exchange.js";

/** The body until one is read (a zero-length buffer has no bytes to share or change). */
const NO_BODY = Buffer.alloc(0);

export function receive(ex: Exchange, env: EdgeEnv): void | Promise<void> {
  const raw = ex.raw!;
  const url = raw.url ?? "/";
  const q = url.indexOf("?");
  const rawQuery = q === -1 ? "" : url.slice(q + 1);
  const headers: Record<string, string> = {};
  const rawHeaders = raw.headers;
  for (const k in rawHeaders) {
    const v = rawHeaders[k];
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
  }
  ex.http = { method: raw.method ?? "GET", path: q === -1 ? url : url.slice(0, q), rawQuery, query: parseQueryString(rawQuery), headers, rawHeaders: raw.rawHeaders, body: NO_BODY };

  const limit = bodyLimit(headers, rawQuery, env.config.maxRequestBytes);
  const declared = Number(headers["content-length"] ?? 0);
  if (declared > limit) return refuseTooLarge(ex, limit);
  const encoding = headers["content-encoding"];
  // No Transfer-Encoding and a Content-Length of 0 or none: the request has no body (RFC 9112
  // section 6.3, which node:http's parser follows), so there is nothing to wait for and the body
  // stays empty. node:http drains the unread stream itself once the answer is sent.
  if (declared === 0 && encoding === undefined && headers["transfer-encoding"] === undefined) return;
  if (encoding === undefined && declared > 0) return takeBody(ex, raw, declared, limit);
  return readBody(ex, raw, encoding, limit);
}

/**
 * The body of a request whose bytes came with its head (the usual small request: one segment):
 * the HTTP parser has put all `declared` bytes in the request's buffer by the time one
 * microtask has passed, so they are taken in one read() instead of through 'data' and 'end'
 * events (which cost more than the rest of reading a small request). When the body is not all
 * there yet, the stream is read as usual, from where this left off.
 */
async function takeBody(ex: Exchange, raw: Readable, declared: number, limit: number): Promise<void> {
  await undefined;
  if (raw.readableLength === declared && !raw.readableFlowing) {
    const body = raw.read() as Buffer | null;
    if (body) {
      ex.http.body = body;
      return;
    }
  }
  return readBody(ex, raw, undefined, limit);
}

async function readBody(ex: Exchange, raw: Readable, encoding: string | undefined, limit: number): Promise<void> {
  let source: Readable = raw;
  if (encoding === "gzip") source = raw.pipe(createGunzip());
  else if (encoding === "deflate") source = raw.pipe(createInflate());
  try {
    ex.http.body = await readLimited(source, limit);
  } catch (err) {
    if (err instanceof TooLarge) return refuseTooLarge(ex, limit);
    throw new ServiceError("SerializationException", `Could not read the request body: ${(err as Error).message}`, 400);
  }
}

/**
 * Bodies are read before the service is known, so services whose documented request limit
 * exceeds the general one are recognised here from the SigV4 scope alone: Lambda accepts
 * 50 MB zips, base64-encoded in a CreateFunction/UpdateFunctionCode body of up to 70,167,211
 * bytes (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html); its own
 * operations then apply their smaller limits (6 MB Invoke payloads).
 */
const SERVICE_BODY_LIMITS: ReadonlyArray<[scope: string, bytes: number]> = [["/lambda/aws4_request", 70_167_211]];

function bodyLimit(headers: Record<string, string>, rawQuery: string, general: number): number {
  const credential = headers["authorization"] ?? (rawQuery.includes("X-Amz-Credential=") ? decodeURIComponentSafe(rawQuery) : "");
  for (const [scope, bytes] of SERVICE_BODY_LIMITS) if (credential.includes(scope)) return Math.max(bytes, general);
  return general;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function refuseTooLarge(ex: Exchange, limit: number): void {
  ex.closeConnection = true;
  ex.error = errors.requestEntityTooLarge(`Request must be smaller than ${limit} bytes.`);
}

class TooLarge extends Error {}

function readLimited(stream: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.removeAllListeners("data");
        stream.resume();
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    });
    stream.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    stream.once("error", reject);
  });
}
