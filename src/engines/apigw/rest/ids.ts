// Identifiers API Gateway attaches to each request, shaped as AWS shapes them. Random bytes come
// from a pooled buffer refilled 4 KB at a time: one system call per ~150 requests, not three per request.
import { randomFillSync } from "node:crypto";

const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

function randomSlice(length: number): Buffer {
  if (offset + length > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = pool.subarray(offset, offset + length);
  offset += length;
  return out;
}

// AWS's ids use the URL-safe base64 alphabet ("-" and "_"): Node's "base64url" encoding, which
// writes no padding (11 bytes make 15 characters, 42 bytes 56).

/** x-amz-apigw-id / $context.extendedRequestId: 15 base64 characters then "=", e.g. "Vb0cRFQ_IAMEZ7A=". */
export function newExtendedRequestId(): string {
  return randomSlice(11).toString("base64url") + "=";
}

/** X-Amzn-Trace-Id: "Root=1-{8 hex digits of epoch seconds}-{24 hex digits}". */
export function newTraceId(epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16).padStart(8, "0")}-${randomSlice(12).toString("hex")}`;
}

/** X-Amz-Cf-Id: CloudFront's 56-character request id. */
export function newCloudFrontId(): string {
  return randomSlice(42).toString("base64url");
}

/** Via: "1.1 {32 hex}.cloudfront.net (CloudFront)". */
export function newCloudFrontVia(): string {
  return `1.1 ${randomSlice(16).toString("hex")}.cloudfront.net (CloudFront)`;
}
