// Buffers known to hold JSON text because this process made them with JSON.stringify (an API
// Gateway proxy event on its way to Lambda). Lambda's Invoke checks that a payload is JSON
// (services/lambda/payload-json.ts) by parsing it; for bytes vouched for here that parse could
// only succeed, so it is skipped. JSON.stringify's output is always valid JSON, and well-formed
// UTF-8 once encoded (lone surrogates are escaped, ECMA-262 "well-formed JSON.stringify").
const vouched = new WeakSet<Uint8Array>();

/** The UTF-8 bytes of JSON.stringify(value), remembered as JSON. */
export function jsonBytes(value: unknown): Buffer {
  const bytes = Buffer.from(JSON.stringify(value), "utf8");
  vouched.add(bytes);
  return bytes;
}

/**
 * The UTF-8 bytes of `text`, remembered as JSON: only for text byte for byte equal to what
 * JSON.stringify gives for some value (the API Gateway proxy event written directly,
 * engines/apigw/rest/integrations/proxy-event-json.ts).
 */
export function stringifiedJsonBytes(text: string): Buffer {
  const bytes = Buffer.from(text, "utf8");
  vouched.add(bytes);
  return bytes;
}

/** Whether the bytes came from jsonBytes (and so are JSON). */
export function isVouchedJson(bytes: Uint8Array): boolean {
  return vouched.has(bytes);
}
