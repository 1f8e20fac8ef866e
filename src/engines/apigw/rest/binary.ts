// Binary payloads: which media types an API treats as binary (binaryMediaTypes, wildcards
// allowed) and the contentHandling conversions between text and binary.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings-workflow.html
import type { ContentHandlingStrategy } from "../../../aws/generated/apigateway.js";

function mediaType(value: string): string {
  return value.split(";")[0]!.trim().toLowerCase();
}

/** Whether `contentType` is one of the API's binary media types ("image/*" and "*\/*" match families). */
export function isBinaryType(contentType: string | undefined, binaryMediaTypes: readonly string[] | undefined): boolean {
  if (!contentType || !binaryMediaTypes || binaryMediaTypes.length === 0) return false;
  const type = mediaType(contentType);
  const [major] = type.split("/");
  for (const raw of binaryMediaTypes) {
    const candidate = mediaType(raw.replace(/~1/g, "/"));
    if (candidate === type || candidate === "*/*" || candidate === `${major}/*`) return true;
  }
  return false;
}

/** Whether the client accepts binary: the first type of Accept is binary for this API. */
export function acceptsBinary(accept: string | undefined, binaryMediaTypes: readonly string[] | undefined): boolean {
  if (!accept) return false;
  return isBinaryType(accept.split(",")[0], binaryMediaTypes);
}

/**
 * The request payload as the integration receives it. A binary request (its Content-Type is a
 * binary media type) passes as bytes unless CONVERT_TO_TEXT asks for base64; a text request
 * passes as text unless CONVERT_TO_BINARY asks for its base64 to be decoded.
 */
export function convertRequestBody(body: Buffer, binary: boolean, handling: ContentHandlingStrategy | undefined): Buffer {
  if (binary && handling === "CONVERT_TO_TEXT") return Buffer.from(body.toString("base64"), "utf8");
  if (!binary && handling === "CONVERT_TO_BINARY") return Buffer.from(body.toString("utf8"), "base64");
  return body;
}

/**
 * The integration's answer as the client receives it (non-proxy integrations). CONVERT_TO_BINARY
 * decodes a base64 text body; CONVERT_TO_TEXT base64-encodes a binary one; without a strategy a
 * binary answer is passed through only to a client that accepts binary, else base64-encoded.
 */
export function convertResponseBody(body: Buffer, responseIsBinary: boolean, clientAcceptsBinary: boolean, handling: ContentHandlingStrategy | undefined): Buffer {
  if (handling === "CONVERT_TO_BINARY") return Buffer.from(body.toString("utf8"), "base64");
  if (handling === "CONVERT_TO_TEXT") return responseIsBinary ? Buffer.from(body.toString("base64"), "utf8") : body;
  if (responseIsBinary && !clientAcceptsBinary) return Buffer.from(body.toString("base64"), "utf8");
  return body;
}
