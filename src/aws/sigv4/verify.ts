// Verifies a parsed Signature Version 4 request: the checks AWS makes before it looks at the
// signature (clock, scope, signed headers), the signature itself (constant-time compare) and,
// when the client declared one, the payload hash.
//
// Order of the checks, as AWS makes them (it matters when a request has several faults):
// - JSON and query services: time, 'Host' signed, credential scope, then the signature.
// - S3: scope, x-amz-content-sha256, credential date, unsigned x-amz-* headers, the signature,
//   then the time (S3 looks at the signature before the clock) and the body hash.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { HttpRequest } from "../http.js";
import { canonicalRequest, EMPTY_SHA256, sha256Hex, stringToSign } from "./canonical.js";
import { SigV4Error } from "./errors.js";
import { MAX_EXPIRES_SECONDS, MAX_SKEW_MS, type SigV4Problem } from "./problems.js";
import { deriveSigningKey, SCOPE_TERMINATOR, type SigningKeyCache } from "./keys.js";
import type { SigV4Dialect, SigV4Request } from "./types.js";

export interface SigV4VerifyOptions {
  /** How to word errors; default "s3" under S3 rules, else "query". */
  dialect?: SigV4Dialect;
  /**
   * S3's canonicalization (path encoded once, not normalized; unsigned payloads; required
   * x-amz-content-sha256). Default: the scope's service is s3 or an s3-* variant.
   */
  s3Rules?: boolean;
  /** The signing name of the service the request reached; a scope naming another is refused. */
  expectedService?: string;
  /** The region the request must be scoped to (S3 knows its bucket's region). */
  expectedRegion?: string;
  /** Which regions exist; by default any non-empty lower-case name of letters, digits and hyphens. */
  isValidRegion?: (region: string) => boolean;
  /** Reuses derived signing keys across requests. */
  keyCache?: SigningKeyCache;
}

const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
/**
 * Payload hashes that are not the hash of the body. The streaming ones sign the body chunk by
 * chunk (aws-chunked); the chunk signatures are checked where the body is decoded (S3), not here.
 */
const SPECIAL_PAYLOAD_HASHES = new Set([
  UNSIGNED_PAYLOAD,
  "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
  "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
  "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
  "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
  "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER",
]);

function isSha256Hex(value: string): boolean {
  if (value.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = value.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46))) return false;
  }
  return true;
}

function defaultIsValidRegion(region: string): boolean {
  if (region === "") return false;
  for (let i = 0; i < region.length; i++) {
    const c = region.charCodeAt(i);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d)) return false;
  }
  return true;
}

function usesS3Rules(sig: SigV4Request, options: SigV4VerifyOptions): boolean {
  if (options.s3Rules !== undefined) return options.s3Rules;
  const service = sig.scope.service;
  return service === "s3" || service.startsWith("s3-") || service === "s3express";
}

interface Context {
  s3: boolean;
  dialect: SigV4Dialect;
}

function contextOf(sig: SigV4Request, options: SigV4VerifyOptions): Context {
  const s3 = usesS3Rules(sig, options);
  return { s3, dialect: options.dialect ?? (s3 ? "s3" : "query") };
}

function fail(ctx: Context, problem: SigV4Problem): never {
  throw new SigV4Error(problem, ctx.dialect);
}

/** Region, service and terminator of the scope; the date is checked separately (S3 checks it later). */
function scopeProblem(sig: SigV4Request, options: SigV4VerifyOptions, withDate: boolean): SigV4Problem | undefined {
  const { region, service, date } = sig.scope;
  const problem: Extract<SigV4Problem, { kind: "scope" }> = { kind: "scope", location: sig.kind };
  let wrong = false;
  const regionOk =
    options.expectedRegion !== undefined
      ? region === options.expectedRegion
      : (options.isValidRegion ?? defaultIsValidRegion)(region);
  if (!regionOk) {
    problem.region = region;
    if (options.expectedRegion !== undefined) problem.expectedRegion = options.expectedRegion;
    wrong = true;
  }
  const expectedService = options.expectedService;
  if (expectedService !== undefined && service !== expectedService) {
    problem.service = service;
    problem.expectedService = expectedService;
    wrong = true;
  }
  if (sig.terminator !== SCOPE_TERMINATOR) {
    problem.terminator = sig.terminator;
    wrong = true;
  }
  const requestDay = sig.amzDate.slice(0, 8);
  if (withDate && date !== requestDay) {
    problem.dateMismatch = { scopeDate: date, requestDay, amzDate: sig.amzDate };
    wrong = true;
  }
  return wrong ? problem : undefined;
}

function dateProblem(sig: SigV4Request): SigV4Problem | undefined {
  const requestDay = sig.amzDate.slice(0, 8);
  if (sig.scope.date === requestDay) return undefined;
  return { kind: "scope", location: sig.kind, dateMismatch: { scopeDate: sig.scope.date, requestDay, amzDate: sig.amzDate } };
}

function skewProblem(sig: SigV4Request, nowMs: number): SigV4Problem | undefined {
  if (sig.timestamp < nowMs - MAX_SKEW_MS) {
    return { kind: "skew", amzDate: sig.amzDate, rawDate: sig.rawDate, nowMs, tooOld: true };
  }
  if (sig.timestamp > nowMs + MAX_SKEW_MS) {
    return { kind: "skew", amzDate: sig.amzDate, rawDate: sig.rawDate, nowMs, tooOld: false };
  }
  return undefined;
}

/** S3 requires every x-amz-* header of the request, and host, to be signed. */
function unsignedS3Headers(req: HttpRequest, sig: SigV4Request): string[] {
  const signed = sig.signedHeaders;
  const unsigned: string[] = [];
  if (!signed.includes("host")) unsigned.push("host");
  for (const name in req.headers) {
    if (name.startsWith("x-amz-") && !signed.includes(name)) unsigned.push(name);
  }
  return unsigned;
}

/** The payload hash S3 uses: x-amz-content-sha256 (header auth, required), or for a presigned URL the declared one, else UNSIGNED-PAYLOAD. */
function declaredPayloadHash(req: HttpRequest, sig: SigV4Request): string | undefined {
  if (sig.kind === "query") {
    // The SDK's presigner hoists the header under the name it was given, in any letter case.
    return (
      req.query["X-Amz-Content-Sha256"]?.[0] ?? req.query["x-amz-content-sha256"]?.[0] ?? req.headers["x-amz-content-sha256"]
    );
  }
  return req.headers["x-amz-content-sha256"];
}

/**
 * Every check AWS makes before it needs the caller's secret, in AWS's order. A caller that
 * looks up the access key itself calls this first, so that a request with both a bad scope and
 * an unknown key gets the error AWS would give. verifySigV4 runs it too.
 */
export function preverifySigV4(req: HttpRequest, sig: SigV4Request, nowMs: number, options: SigV4VerifyOptions = {}): void {
  const ctx = contextOf(sig, options);
  if (!ctx.s3) {
    const skew = skewProblem(sig, nowMs);
    if (skew) fail(ctx, skew);
    if (!sig.signedHeaders.includes("host") && !sig.signedHeaders.includes(":authority")) fail(ctx, { kind: "hostNotSigned" });
    const scope = scopeProblem(sig, options, true);
    if (scope) fail(ctx, scope);
    return;
  }

  const scope = scopeProblem(sig, options, false);
  if (scope) fail(ctx, scope);
  const declared = declaredPayloadHash(req, sig);
  if (sig.kind === "header" && declared === undefined) fail(ctx, { kind: "missingContentSha256" });
  if (declared !== undefined && !SPECIAL_PAYLOAD_HASHES.has(declared) && !isSha256Hex(declared)) {
    fail(ctx, { kind: "badContentSha256", value: declared });
  }
  const date = dateProblem(sig);
  if (date) fail(ctx, date);
  if (sig.kind === "query") {
    const raw = sig.expiresRaw;
    if (raw === undefined) fail(ctx, { kind: "missingQueryParts", missing: ["X-Amz-Expires"] });
    const expires = sig.expiresSeconds;
    if (expires === undefined) fail(ctx, { kind: "badExpires", value: raw, reason: "notANumber" });
    if (expires < 0) fail(ctx, { kind: "badExpires", value: raw, reason: "negative" });
    if (expires > MAX_EXPIRES_SECONDS) fail(ctx, { kind: "badExpires", value: raw, reason: "tooLarge" });
  }
  const unsigned = unsignedS3Headers(req, sig);
  if (unsigned.length > 0) fail(ctx, { kind: "headersNotSigned", headers: unsigned });
}

/** The payload hash the signature covers, and whether the body must be checked against it. */
function payloadHashOf(req: HttpRequest, sig: SigV4Request, ctx: Context): { hash: string; checkBody: boolean } {
  const declared = declaredPayloadHash(req, sig);
  if (declared !== undefined) {
    if (SPECIAL_PAYLOAD_HASHES.has(declared)) return { hash: declared, checkBody: false };
    // A declared hash is what the client signed; the body must then match it.
    if (isSha256Hex(declared)) return { hash: declared, checkBody: true };
  }
  if (ctx.s3 && sig.kind === "query") return { hash: UNSIGNED_PAYLOAD, checkBody: false };
  // Outside S3 AWS hashes the body itself; a nonsense declared value then fails as a wrong signature.
  return { hash: req.body.length === 0 ? EMPTY_SHA256 : sha256Hex(req.body), checkBody: false };
}

function signaturesMatch(expectedHex: string, provided: string): boolean {
  if (provided.length !== expectedHex.length) return false;
  return timingSafeEqual(Buffer.from(expectedHex, "latin1"), Buffer.from(provided, "latin1"));
}

/**
 * Verifies a request parsed by parseSigV4 with the caller's secret key at time nowMs. Throws
 * SigV4Error (a ServiceError in the options' dialect) when the signature does not match, the
 * request is too old or too new, a presigned URL has expired, or the scope or payload hash is wrong.
 */
export function verifySigV4(
  req: HttpRequest,
  sig: SigV4Request,
  secretAccessKey: string,
  nowMs: number,
  options: SigV4VerifyOptions = {},
): void {
  preverifySigV4(req, sig, nowMs, options);
  const ctx = contextOf(sig, options);
  const payload = payloadHashOf(req, sig, ctx);
  const canonical = canonicalRequest(req, sig, payload.hash, ctx.s3);
  const toSign = stringToSign(sig.amzDate, sig.scope, canonical);
  const { date, region, service } = sig.scope;
  const key = options.keyCache
    ? options.keyCache.get(secretAccessKey, date, region, service)
    : deriveSigningKey(secretAccessKey, date, region, service);
  const expected = createHmac("sha256", key).update(toSign, "utf8").digest("hex");
  if (!signaturesMatch(expected, sig.signature)) {
    fail(ctx, {
      kind: "signatureMismatch",
      accessKeyId: sig.scope.accessKeyId,
      signatureProvided: sig.signature,
      stringToSign: toSign,
      canonicalRequest: canonical,
    });
  }

  if (ctx.s3) {
    if (sig.kind === "header") {
      const skew = skewProblem(sig, nowMs);
      if (skew) fail(ctx, skew);
    } else {
      // A presigned URL is valid from X-Amz-Date for X-Amz-Expires seconds (never with 0).
      const expires = sig.expiresSeconds!;
      if (expires === 0 || nowMs > sig.timestamp + expires * 1000) {
        fail(ctx, { kind: "expired", timestamp: sig.timestamp, expiresSeconds: expires, nowMs });
      }
      if (sig.timestamp - nowMs > MAX_SKEW_MS) {
        fail(ctx, { kind: "notYetValid", timestamp: sig.timestamp, expiresSeconds: expires, nowMs });
      }
    }
  }

  if (payload.checkBody) {
    const computed = sha256Hex(req.body);
    if (computed !== payload.hash.toLowerCase()) {
      fail(ctx, { kind: "contentSha256Mismatch", declared: payload.hash, computed });
    }
  }
}
