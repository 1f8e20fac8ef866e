// Random requests signed by the AWS SDK's own signer (@smithy/signature-v4, the one every AWS SDK
// v3 client uses), turned into the HttpRequest the edge would build from what goes on the wire.
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { ChecksumConstructor, HttpRequest as SmithyRequest } from "@smithy/types";
import { parseQueryString, type HttpRequest } from "../../../src/aws/http.js";

/** The sha256 constructor the signer expects (the SDK passes node:crypto's, wrapped the same way). */
class Sha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: string | Uint8Array) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash("sha256") : createHmac("sha256", this.secret);
  }
  update(data: Uint8Array | string): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

/** A small seeded generator (mulberry32) so that a failing case can be replayed from its seed. */
export class Random {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  text(alphabet: readonly string[], min: number, max: number): string {
    let out = "";
    const length = min + this.int(max - min + 1);
    for (let i = 0; i < length; i++) out += this.pick(alphabet);
    return out;
  }
}

// Characters a client may put in a path segment, query or header; the SDK encodes them on the wire.
const NAME_CHARS = [..."abcdefghijklmnopqrstuvwxyz0123456789-"];
const TEXT_CHARS = [
  ..."abcXYZ019-._~ !\"#$%&'()*+,/:;<=>?@[\\]^`{|}",
  "é",
  "ሴ",
  "😀",
  "ü",
];
const HEADER_VALUE_CHARS = [..."abcXYZ019-._~!\"#$%&'()*+,/:;<=>?@[\\]^`{|} \t", "  ", "   "];
const METHODS = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"] as const;

/** encodeURIComponent plus !'()*: how the SDK serializers and query builder escape (extendedEncodeURIComponent). */
export function sdkEscape(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

export type Flavor = "json" | "query" | "s3";

export interface SignedCase {
  request: HttpRequest;
  /** When the signature was made (epoch ms). */
  signedAt: number;
  secretAccessKey: string;
  flavor: Flavor;
  kind: "header" | "query";
  service: string;
  expiresIn?: number;
  /** Whether the signature covers the body (a declared or computed payload hash). */
  bodySigned: boolean;
  /** Whether the client declared the payload hash in x-amz-content-sha256 (header or query). */
  declaredHash: boolean;
}

function randomPath(rng: Random, flavor: Flavor): string {
  const segments: string[] = [];
  if (flavor === "s3") segments.push(rng.text(NAME_CHARS, 3, 12));
  const count = rng.int(5);
  for (let i = 0; i < count; i++) {
    const roll = rng.next();
    if (roll < 0.08) segments.push(".");
    else if (roll < 0.14) segments.push("..");
    else if (roll < 0.2) segments.push("");
    else segments.push(sdkEscape(rng.text(TEXT_CHARS, 1, 10)));
  }
  return "/" + segments.join("/") + (rng.chance(0.2) ? "/" : "");
}

function randomQuery(rng: Random): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  const count = rng.int(5);
  for (let i = 0; i < count; i++) {
    const key = rng.text(TEXT_CHARS, 1, 8);
    if (key.startsWith("X-Amz-") || key.toLowerCase() === "x-amz-signature") continue;
    query[key] = rng.chance(0.25)
      ? [rng.text(TEXT_CHARS, 0, 8), rng.text(TEXT_CHARS, 0, 8), rng.text(TEXT_CHARS, 0, 3)]
      : rng.text(TEXT_CHARS, 0, 10);
  }
  return query;
}

/** The query string as the SDK's HTTP handler writes it, parameters in a random order. */
function wireQuery(rng: Random, query: Record<string, string | string[] | null>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) parts.push(sdkEscape(key) + "=" + sdkEscape(v));
  }
  for (let i = parts.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [parts[i], parts[j]] = [parts[j]!, parts[i]!];
  }
  return parts.join("&");
}

/** What Node's HTTP server gives the edge for these headers: lower-cased names, trimmed values. */
function receivedHeaders(headers: Record<string, string>): { headers: Record<string, string>; rawHeaders: string[] } {
  const out: Record<string, string> = {};
  const raw: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const trimmed = value.replace(/^[ \t]+|[ \t]+$/g, "");
    raw.push(name, trimmed);
    out[name.toLowerCase()] = trimmed;
  }
  return { headers: out, rawHeaders: raw };
}

export async function signedCase(
  seed: number,
  kind: "header" | "query",
  flavor: Flavor,
  overrides: { expiresIn?: number } = {},
): Promise<SignedCase> {
  const rng = new Random(seed);
  const service = flavor === "s3" ? "s3" : rng.pick(flavor === "json" ? ["dynamodb", "lambda", "execute-api"] : ["sts", "sqs", "sns"]);
  const region = rng.pick(["us-east-1", "eu-west-3", "ap-southeast-2"]);
  const secretAccessKey = rng.text([..."abcdefABCDEF0123456789/+"], 40, 40);
  const credentials = {
    accessKeyId: "AKIA" + rng.text([..."ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"], 16, 16),
    secretAccessKey,
    ...(rng.chance(0.3) ? { sessionToken: rng.text([..."abcdefXYZ0123456789/+="], 20, 60) } : {}),
  };
  const s3 = flavor === "s3";
  const signer = new SignatureV4({
    credentials,
    region,
    service,
    sha256: Sha256 as unknown as ChecksumConstructor,
    uriEscapePath: !s3,
    applyChecksum: s3 || rng.chance(0.5),
  });

  const method = rng.pick(METHODS);
  const body = Buffer.from(rng.text(TEXT_CHARS, 0, 80), "utf8");
  const headers: Record<string, string> = { host: rng.pick(["localhost:4566", "127.0.0.1:4566", "example.amazonaws.com"]) };
  const headerCount = rng.int(5);
  for (let i = 0; i < headerCount; i++) {
    const name = rng.pick(["X-Custom-", "x-amz-meta-", "X-Thing-", "content-"]) + rng.text(NAME_CHARS, 1, 6);
    headers[name] = rng.text(HEADER_VALUE_CHARS, 0, 20);
  }
  if (rng.chance(0.3)) headers["User-Agent"] = "aws-sdk-js/3 " + rng.text(NAME_CHARS, 1, 5);
  let declaredHash = false;
  if (s3 && rng.chance(0.3)) {
    headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";
    declaredHash = true;
  }
  const query = randomQuery(rng);
  const toSign: SmithyRequest = {
    method,
    protocol: "http:",
    hostname: headers.host!,
    path: randomPath(rng, flavor),
    query,
    headers,
    body,
  };
  // Any time in the last decades; the verifier is given a "now" near it.
  const signedAt = Date.UTC(2000 + rng.int(40), rng.int(12), 1 + rng.int(28), rng.int(24), rng.int(60), rng.int(60));
  const signingDate = new Date(signedAt);

  let signed: SmithyRequest;
  let expiresIn: number | undefined;
  if (kind === "header") {
    signed = await signer.sign(toSign, { signingDate });
    if (s3 || signed.headers["x-amz-content-sha256"] !== undefined) declaredHash = true;
  } else {
    expiresIn = overrides.expiresIn ?? 1 + rng.int(604800);
    if (s3 && !declaredHash) {
      // The S3 presigner declares an unsigned payload, which the signer hoists into the query.
      toSign.headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";
      declaredHash = true;
    }
    signed = await signer.presign(toSign, { signingDate, expiresIn });
  }

  const received = receivedHeaders(signed.headers as Record<string, string>);
  const rawQuery = wireQuery(rng, signed.query as Record<string, string | string[] | null>);
  const request: HttpRequest = {
    method,
    path: signed.path,
    rawQuery,
    query: parseQueryString(rawQuery),
    headers: received.headers,
    rawHeaders: received.rawHeaders,
    body,
  };
  const unsignedPayload =
    received.headers["x-amz-content-sha256"] === "UNSIGNED-PAYLOAD" ||
    request.query["x-amz-content-sha256"]?.[0] === "UNSIGNED-PAYLOAD" ||
    (s3 && kind === "query");
  return {
    request,
    signedAt,
    secretAccessKey,
    flavor,
    kind,
    service,
    ...(expiresIn !== undefined ? { expiresIn } : {}),
    bodySigned: !unsignedPayload,
    declaredHash,
  };
}
