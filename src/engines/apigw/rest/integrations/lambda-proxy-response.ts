// A Lambda proxy integration's output, checked and turned into the method response.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-output-format
// As recorded from AWS (test_aws_proxy_response_payload_format_validation): the output must be a
// JSON object with no keys but statusCode, headers, multiValueHeaders, body and isBase64Encoded;
// statusCode an integer or a numeric string (200 when absent); headers scalar values (booleans
// become "true"/"false"); multiValueHeaders lists. Anything else is answered 502
// {"message":"Internal server error"} with "Malformed Lambda proxy response" in the log.
// multiValueHeaders come first, headers are appended to them (the multi name's casing wins).
import { acceptsBinary } from "../binary.js";
import { gatewayErrors } from "../gateway-error.js";
import { HeaderMap } from "../header-map.js";
import type { MethodResponse } from "../integration-response.js";

const ALLOWED_KEYS = new Set(["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]);

function malformed(reason: string): Error {
  return gatewayErrors.integrationFailure(`Execution failed due to configuration error: Malformed Lambda proxy response (${reason})`, 502);
}

function scalar(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  return undefined;
}

export function lambdaProxyResponse(payload: Buffer, accept: string | undefined, binaryMediaTypes: readonly string[] | undefined): MethodResponse {
  let output: unknown;
  try {
    output = JSON.parse(payload.toString("utf8"));
  } catch {
    throw malformed("not JSON");
  }
  if (output === null || typeof output !== "object" || Array.isArray(output)) throw malformed("not an object");
  const record = output as Record<string, unknown>;
  // (JSON.parse makes own properties only: for-in walks exactly Object.keys, without the array.)
  for (const key in record) if (!ALLOWED_KEYS.has(key)) throw malformed(`unexpected field ${key}`);

  let status = 200;
  const code = record.statusCode;
  if (typeof code === "number" && Number.isSafeInteger(code) && code >= 0) {
    // What the text test below accepts of a number, without the text (-0 becomes 0 as Number("0")).
    status = code === 0 ? 0 : code;
  } else if (code !== undefined && code !== null) {
    const text = scalar(code);
    if (text === undefined || !/^\d+$/.test(text.trim())) throw malformed("statusCode");
    status = Number(text);
  }

  const headers = new HeaderMap();
  const multi = record.multiValueHeaders;
  if (multi !== undefined && multi !== null) {
    if (typeof multi !== "object" || Array.isArray(multi)) throw malformed("multiValueHeaders");
    for (const name in multi) {
      const values = (multi as Record<string, unknown>)[name];
      if (!Array.isArray(values)) throw malformed(`multiValueHeaders.${name}`);
      for (const v of values) {
        const text = scalar(v);
        if (text === undefined) throw malformed(`multiValueHeaders.${name}`);
        headers.append(name, text);
      }
    }
  }
  const single = record.headers;
  if (single !== undefined && single !== null) {
    if (typeof single !== "object" || Array.isArray(single)) throw malformed("headers");
    for (const name in single) {
      const value = (single as Record<string, unknown>)[name];
      if (value === null) continue;
      const text = scalar(value);
      if (text === undefined) throw malformed(`headers.${name}`);
      headers.append(name, text);
    }
  }
  if (!headers.has("content-type")) headers.set("Content-Type", "application/json");

  let body = Buffer.alloc(0);
  if (record.body !== undefined && record.body !== null) {
    const text = scalar(record.body);
    if (text === undefined) throw malformed("body");
    const base64 = record.isBase64Encoded === true || record.isBase64Encoded === "true";
    // "API Gateway uses the first Accept header from clients to determine if a response should
    // return binary media" (lambda-proxy-binary-media.html).
    const decode = base64 && acceptsBinary(accept, binaryMediaTypes);
    body = decode ? Buffer.from(text, "base64") : Buffer.from(text, "utf8");
  }
  return { status, headers, body };
}
