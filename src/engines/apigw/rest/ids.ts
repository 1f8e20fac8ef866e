// Identifiers API Gateway attaches to each request, shaped as AWS shapes them.
import { randomBytes } from "node:crypto";

const BASE64URLISH = /[+/]/g;

/** x-amz-apigw-id / $context.extendedRequestId: 15 base64 characters then "=", e.g. "Vb0cRFQ_IAMEZ7A=". */
export function newExtendedRequestId(): string {
  return randomBytes(11).toString("base64").slice(0, 15).replace(BASE64URLISH, (c) => (c === "+" ? "-" : "_")) + "=";
}

/** X-Amzn-Trace-Id: "Root=1-{8 hex digits of epoch seconds}-{24 hex digits}". */
export function newTraceId(epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16).padStart(8, "0")}-${randomBytes(12).toString("hex")}`;
}

/** X-Amz-Cf-Id: CloudFront's 56-character request id. */
export function newCloudFrontId(): string {
  return randomBytes(42).toString("base64").replace(BASE64URLISH, (c) => (c === "+" ? "-" : "_"));
}

/** Via: "1.1 {32 hex}.cloudfront.net (CloudFront)". */
export function newCloudFrontVia(): string {
  return `1.1 ${randomBytes(16).toString("hex")}.cloudfront.net (CloudFront)`;
}
