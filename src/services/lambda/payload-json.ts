// Invoke payloads must be JSON. Lambda parses them with Jackson and reports the first problem in
// Jackson's words (recorded AWS responses, test_lambda_invoke_payload_encoding_error):
//   Could not parse request body into json: Could not parse payload into json: Invalid UTF-8
//   start byte 0x87\n at [Source: REDACTED (...); line: 1, column: 3]
// The common failures (bad UTF-8, a character no JSON value starts with) are worded as Jackson
// words them; other syntax errors get Jackson's general "Unexpected character" form.
import { isUtf8 } from "node:buffer";
import { InvalidRequestContentException } from "../../aws/generated/lambda.js";
import { isVouchedJson } from "../../shared/json-bytes.js";
import { USER } from "./errors.js";

const SOURCE = "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)";
const VALUE_EXPECTED = "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

/** Throws Lambda's InvalidRequestContentException unless the payload is JSON. */
export function checkJsonPayload(payload: Buffer): void {
  if (payload.length === 0 || isVouchedJson(payload)) return;
  const problem = describeProblem(payload);
  if (problem === undefined) return;
  const message = `Could not parse request body into json: Could not parse payload into json: ${problem.text}\n at ${SOURCE}; line: ${problem.line}, column: ${problem.column}]`;
  throw new InvalidRequestContentException(message, USER);
}

interface Problem {
  text: string;
  line: number;
  column: number;
}

function describeProblem(payload: Buffer): Problem | undefined {
  const first = firstNonSpace(payload);
  if (first === -1) return undefined;
  const b = payload[first]!;
  if (!startsValue(b)) return { text: `Unexpected character (${describeChar(b)}): ${VALUE_EXPECTED}`, ...position(payload, first, 1) };
  // isUtf8 is native; the byte-wise scan only runs to locate a problem it found.
  const bad = isUtf8(payload) ? -1 : firstInvalidUtf8(payload);
  if (bad !== -1) return { text: `Invalid UTF-8 start byte 0x${payload[bad]!.toString(16).padStart(2, "0")}`, ...position(payload, bad, 2) };
  const text = payload.toString("utf8");
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const at = /position (\d+)/.exec((err as Error).message);
    const index = at ? Number(at[1]) : text.length;
    if (index >= text.length) {
      return { text: "Unexpected end-of-input: expected close marker for Object", ...position(payload, payload.length, 1) };
    }
    const code = text.codePointAt(index)!;
    return { text: `Unexpected character (${describeChar(code)}): ${VALUE_EXPECTED}`, ...position(payload, Buffer.byteLength(text.slice(0, index)), 1) };
  }
}

function firstNonSpace(buf: Buffer): number {
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return i;
  }
  return -1;
}

/** Bytes a JSON value can start with: { [ " - digits t f n. */
function startsValue(b: number): boolean {
  return b === 0x7b || b === 0x5b || b === 0x22 || b === 0x2d || (b >= 0x30 && b <= 0x39) || b === 0x74 || b === 0x66 || b === 0x6e;
}

function describeChar(code: number): string {
  if (code < 0x20 || (code >= 0x7f && code < 0xa0) || (code >= 0x80 && code <= 0xff)) return `(CTRL-CHAR, code ${code})`;
  return `'${String.fromCodePoint(code)}' (code ${code})`;
}

/** Index of the first byte that cannot start a UTF-8 sequence or breaks one, or -1. */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    let extra: number;
    if (b < 0x80) extra = 0;
    else if (b >= 0xc2 && b <= 0xdf) extra = 1;
    else if (b >= 0xe0 && b <= 0xef) extra = 2;
    else if (b >= 0xf0 && b <= 0xf4) extra = 3;
    else return i;
    for (let k = 1; k <= extra; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += extra + 1;
  }
  return -1;
}

/** Jackson's 1-based line and column of a byte (its column runs `after` ahead of the byte's index). */
function position(buf: Buffer, index: number, after: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index && i < buf.length; i++) {
    if (buf[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + after };
}
