// A client that answers as botocore does in LocalStack's recordings: the parsed JSON body plus
// ResponseMetadata {HTTPHeaders: {}, HTTPStatusCode}, binaries as Python's bytes repr
// ("b'\\x90'"), timestamps as "datetime", and errors either as botocore's ClientError string
// ("An error occurred (Code) when calling the Op operation: msg") or its response dict.
import { loadServiceSpec } from "../../../../src/aws/spec/loader.js";
import type { NimbusNode } from "../../../../src/nimbus.js";
import { rawCall } from "../helpers.js";

/** Members holding timestamps in DynamoDB and DynamoDB Streams responses. */
const TIMESTAMP_MEMBERS = new Set([
  "CreationDateTime",
  "LastUpdateToPayPerRequestDateTime",
  "LastIncreaseDateTime",
  "LastDecreaseDateTime",
  "ApproximateCreationDateTime",
  "CreationRequestDateTime",
  "EarliestRestorableDateTime",
  "LatestRestorableDateTime",
  "BackupCreationDateTime",
  "TableCreationDateTime",
  "RestoreDateTime",
  "LastUpdateDateTime",
]);

/** Python's repr of a bytes value, as the recordings print binaries. */
export function pythonBytesRepr(bytes: Buffer): string {
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  let out = "";
  for (const byte of bytes) {
    if (byte === 0x5c) out += "\\\\";
    else if (byte === quote.charCodeAt(0)) out += `\\${quote}`;
    else if (byte === 0x09) out += "\\t";
    else if (byte === 0x0a) out += "\\n";
    else if (byte === 0x0d) out += "\\r";
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, "0")}`;
  }
  return `b${quote}${out}${quote}`;
}

/** Rewrites a response body the way botocore would present it. */
function botocoreView(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => botocoreView(v, key === "BS" ? "B" : undefined));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = botocoreView(v, k);
    return out;
  }
  if (key && TIMESTAMP_MEMBERS.has(key)) return "datetime";
  if ((key === "B" || key === "BS") && typeof value === "string") return pythonBytesRepr(Buffer.from(value, "base64"));
  return value;
}

export interface ClientErrorResponse {
  Error: { Code: string; Message: string };
  message?: string;
  ResponseMetadata: { HTTPHeaders: Record<string, never>; HTTPStatusCode: number };
  [member: string]: unknown;
}

export class CallFailed extends Error {
  constructor(
    readonly operation: string,
    readonly response: ClientErrorResponse,
  ) {
    super(`An error occurred (${response.Error.Code}) when calling the ${operation} operation: ${response.Error.Message}`);
  }
}

export class ConformanceClient {
  constructor(private readonly node: NimbusNode) {}

  async call(operation: string, input: Record<string, unknown>, service: "dynamodb" | "dynamodbstreams" = "dynamodb"): Promise<Record<string, any>> {
    const prefix = service === "dynamodb" ? "DynamoDB_20120810" : "DynamoDBStreams_20120810";
    const res = await rawCall(this.node, operation, encodeBinaries(input), prefix);
    const metadata = { HTTPHeaders: {}, HTTPStatusCode: res.status };
    if (res.status !== 200) {
      const { __type, message, Message, ...fields } = res.body;
      const code = String(__type).split("#").pop()!;
      const text = String(message ?? Message ?? "");
      const response: ClientErrorResponse = { Error: { Code: code, Message: text }, ...(botocoreView(fields) as object), ResponseMetadata: metadata };
      // botocore lifts the members of a modelled error shape to the top level: "message" appears
      // for errors such as ResourceNotFoundException, not for Coral's ValidationException.
      if (message !== undefined && hasMessageMember(service, code)) response.message = text;
      throw new CallFailed(operation, response);
    }
    return { ...(botocoreView(res.body) as object), ResponseMetadata: metadata };
  }

  /** The error a call raises (or an exception when it succeeds). */
  async failure(operation: string, input: Record<string, unknown>): Promise<CallFailed> {
    try {
      await this.call(operation, input);
    } catch (error) {
      if (error instanceof CallFailed) return error;
      throw error;
    }
    throw new Error(`${operation} succeeded where a failure was recorded`);
  }
}

function hasMessageMember(service: string, code: string): boolean {
  const shape = loadServiceSpec(service).errorShape(code);
  return shape !== undefined && "message" in shape.members;
}

/** Request values written as Python bytes in scenarios ({B: Buffer}) go out base64-encoded. */
function encodeBinaries(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString("base64");
  if (Array.isArray(value)) return value.map(encodeBinaries);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeBinaries(v);
    return out;
  }
  return value;
}
