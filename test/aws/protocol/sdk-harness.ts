// An in-process stand-in for the wire: an SDK v3 client's requestHandler that hands the
// request the SDK built to a Nimbus protocol and answers with the bytes that protocol wrote,
// so the real SDK serializers and deserializers are the oracle in both directions.
import { Readable } from "node:stream";
import { ServiceError } from "../../../src/aws/errors.js";
import { parseQueryString, type HttpRequest, type HttpResponse } from "../../../src/aws/http.js";
import type { Protocol } from "../../../src/aws/protocol/types.js";
import type { OperationModel } from "../../../src/aws/spec/model.js";
import type { ServiceSpec } from "../../../src/aws/spec/service-spec.js";

/** The request shape the SDK's handlers receive (a subset of @smithy/types HttpRequest). */
interface SdkRequest {
  method: string;
  path: string;
  query?: Record<string, string | Array<string | null> | null>;
  headers: Record<string, string>;
  body?: unknown;
}

export const TEST_CLIENT_CONFIG = {
  region: "us-east-1",
  endpoint: "http://localhost:4566",
  credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
  maxAttempts: 1,
};

/** Percent-encoding as Smithy's escapeUri does it (RFC 3986 unreserved characters kept). */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The raw query string Node's http handler would send for the SDK's query map. */
function rawQueryOf(query: SdkRequest["query"]): string {
  const parts: string[] = [];
  for (const key of Object.keys(query ?? {}).sort()) {
    const value = query![key];
    const name = escapeUri(key);
    if (Array.isArray(value)) for (const item of value) parts.push(`${name}=${escapeUri(item ?? "")}`);
    else parts.push(value === null || value === undefined ? name : `${name}=${escapeUri(value)}`);
  }
  return parts.join("&");
}

async function bodyBytes(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function") {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
    return Buffer.concat(chunks);
  }
  throw new Error(`unexpected SDK request body ${typeof body}`);
}

export async function toNimbusRequest(request: SdkRequest): Promise<HttpRequest> {
  const rawQuery = rawQueryOf(request.query);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  return { method: request.method, path: request.path, rawQuery, query: parseQueryString(rawQuery), headers, body: await bodyBytes(request.body) };
}

/** Lower-cases header names as Node's http client does, and streams the body. */
export async function toSdkResponse(res: HttpResponse) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  const body = res.body instanceof Readable ? res.body : Readable.from([typeof res.body === "string" ? Buffer.from(res.body) : (res.body ?? Buffer.alloc(0))]);
  return { statusCode: res.status, reason: undefined, headers, body };
}

export type Handler = (op: OperationModel, input: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** One service behind one protocol, answering each request with `handler`. */
export class InProcessService {
  readonly requests: HttpRequest[] = [];
  readonly inputs: Array<{ operation: string; input: Record<string, unknown> }> = [];
  readonly responses: HttpResponse[] = [];
  handler: Handler = () => ({});
  requestId = "c0ffee00-0000-4000-8000-000000000001";

  constructor(
    readonly spec: ServiceSpec,
    readonly protocol: Protocol,
  ) {}

  get lastInput(): Record<string, unknown> | undefined {
    return this.inputs.at(-1)?.input;
  }

  /** The object to pass as the SDK client's `requestHandler`. */
  get requestHandler() {
    return {
      handle: async (request: SdkRequest) => ({ response: await toSdkResponse(await this.answer(await toNimbusRequest(request))) }),
      updateHttpClientConfig: () => {},
      httpHandlerConfigs: () => ({}),
    };
  }

  /** Runs one raw request through the protocol as the edge pipeline will. */
  async answer(req: HttpRequest): Promise<HttpResponse> {
    this.requests.push(req);
    const ctx = { requestId: this.requestId };
    let op: OperationModel | undefined;
    let res: HttpResponse;
    try {
      op = this.protocol.resolveOperation(this.spec, req);
      const input = this.protocol.parseInput(this.spec, op, req);
      this.inputs.push({ operation: op.name, input });
      res = this.protocol.serializeOutput(this.spec, op, await this.handler(op, input), ctx);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      res = this.protocol.serializeError(this.spec, op, error, ctx);
    }
    this.responses.push(res);
    return res;
  }
}

/** Reads a whole response body as text. */
export async function bodyText(res: HttpResponse): Promise<string> {
  if (res.body === undefined) return "";
  if (typeof res.body === "string") return res.body;
  if (Buffer.isBuffer(res.body)) return res.body.toString("utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of res.body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** A raw request for malformed-input tests. */
export function rawRequest(init: Partial<Omit<HttpRequest, "body">> & { body?: Buffer | string }): HttpRequest {
  const rawQuery = init.rawQuery ?? "";
  const body = init.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(init.body) ? init.body : Buffer.from(init.body);
  return { method: init.method ?? "POST", path: init.path ?? "/", rawQuery, query: init.query ?? parseQueryString(rawQuery), headers: init.headers ?? {}, body };
}

/** A command's input as our parser returns it: byte arrays become Buffers, as the conventions say. */
export function asParsed<T>(value: T): T {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength) as T;
  if (Array.isArray(value)) return value.map(asParsed) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = asParsed(v);
    return out as T;
  }
  return value;
}

/** A requestHandler that answers every request with one fixed response (to show it to an SDK). */
export function cannedHandler(res: HttpResponse) {
  return {
    handle: async () => ({ response: await toSdkResponse(res) }),
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
  };
}
