// Buffers known to hold JSON text because this process made them with JSON.stringify (an API
// Gateway proxy event on its way to Lambda). Lambda's Invoke checks that a payload is JSON
// (services/lambda/payload-json.ts) by parsing it; for bytes vouched for here that parse could
// only succeed, so it is skipped. JSON.stringify's output is always valid JSON, and well-formed
// UTF-8 once encoded (lone surrogates are escaped, ECMA-262 "well-formed JSON.stringify").
// The check comes within the same request, a few steps after the bytes are made: small payloads
// (the usual proxy event) are remembered in a ring of the last few (recent-set.ts: no ephemeron
// per request for the garbage collector), larger ones, which the ring should not hold on to, in
// a WeakSet. Bytes forgotten by the ring are parsed as any other payload (same outcome).
import { RecentSet } from "./recent-set.js";

const RECENT = 32;
const SMALL_BYTES = 64 * 1024;
const recent = new RecentSet<Uint8Array>(RECENT);
const vouched = new WeakSet<Uint8Array>();

function vouch(bytes: Buffer): Buffer {
  if (bytes.length <= SMALL_BYTES) recent.add(bytes);
  else vouched.add(bytes);
  return bytes;
}

/** The UTF-8 bytes of JSON.stringify(value), remembered as JSON. */
export function jsonBytes(value: unknown): Buffer {
  return vouch(Buffer.from(JSON.stringify(value), "utf8"));
}

/**
 * The UTF-8 bytes of `text`, remembered as JSON: only for text byte for byte equal to what
 * JSON.stringify gives for some value (the API Gateway proxy event written directly,
 * engines/apigw/rest/integrations/proxy-event-json.ts).
 */
export function stringifiedJsonBytes(text: string): Buffer {
  return vouch(Buffer.from(text, "utf8"));
}

/** Whether the bytes came from jsonBytes (and so are JSON); false when not known. */
export function isVouchedJson(bytes: Uint8Array): boolean {
  return bytes.length <= SMALL_BYTES ? recent.has(bytes) : vouched.has(bytes);
}
