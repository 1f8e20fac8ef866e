// Identifiers API Gateway attaches to each request, shaped as AWS shapes them. Random digits come
// from pools of random text, refilled 4 KB of random bytes at a time: one system call and one
// encoding per ~70 requests, and per id a slice of the pool (V8 shares the pool's characters; a
// kept id keeps its ~5 KB pool alive) rather than a Buffer view and an encoding call each.
import { randomBytes } from "node:crypto";

/** A multiple of 3, so that every base64 character of a pool carries 6 random bits. */
const POOL_BYTES = 4095;

/** Random digits of one alphabet (each character uniform over it), handed out in slices. */
class RandomText {
  private text = "";
  private offset = 0;

  constructor(private readonly encoding: "hex" | "base64url") {}

  take(length: number): string {
    if (this.offset + length > this.text.length) {
      this.text = randomBytes(POOL_BYTES).toString(this.encoding);
      this.offset = 0;
    }
    const out = this.text.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }
}

const hex = new RandomText("hex");
// AWS's ids use the URL-safe base64 alphabet ("-" and "_").
const base64url = new RandomText("base64url");

/** x-amz-apigw-id / $context.extendedRequestId: 15 base64 characters then "=", e.g. "Vb0cRFQ_IAMEZ7A=". */
export function newExtendedRequestId(): string {
  return base64url.take(15) + "=";
}

/** X-Amzn-Trace-Id: "Root=1-{8 hex digits of epoch seconds}-{24 hex digits}". */
export function newTraceId(epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16).padStart(8, "0")}-${hex.take(24)}`;
}

/** X-Amz-Cf-Id: CloudFront's 56-character request id. */
export function newCloudFrontId(): string {
  return base64url.take(56);
}

/** Via: "1.1 {32 hex}.cloudfront.net (CloudFront)". */
export function newCloudFrontVia(): string {
  return `1.1 ${hex.take(32)}.cloudfront.net (CloudFront)`;
}
