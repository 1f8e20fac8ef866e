// Calls Lambda through the real SDK v3 client and reports each answer the way the recorded
// snapshots hold it: botocore's parsed response ({...output, ResponseMetadata} on success,
// {Error: {Code, Message}, ...modelled error members, ResponseMetadata} on failure), with JSON
// documents in strings (Policy, Statement) parsed as LocalStack's snapshot serializer does.
import { Readable } from "node:stream";
import * as sdk from "@aws-sdk/client-lambda";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { loadServiceSpec } from "../../../../src/aws/spec/loader.js";

export type Recorded = Record<string, unknown>;

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A request handler that keeps the last raw response (the SDK hides error bodies). */
class CapturingHandler {
  private readonly inner = new NodeHttpHandler();
  last: RawResponse | undefined;

  async handle(request: Parameters<NodeHttpHandler["handle"]>[0], options?: Parameters<NodeHttpHandler["handle"]>[1]) {
    const { response } = await this.inner.handle(request, options);
    const chunks: Buffer[] = [];
    for await (const chunk of response.body as Readable) chunks.push(Buffer.from(chunk));
    const body = Buffer.concat(chunks);
    this.last = { status: response.statusCode, headers: response.headers as Record<string, string>, body };
    response.body = Readable.from([body]);
    return { response };
  }
  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): Record<string, unknown> {
    return {};
  }
  destroy(): void {
    this.inner.destroy();
  }
}

export class BotoLikeLambda {
  private readonly handler = new CapturingHandler();
  readonly client: sdk.LambdaClient;
  private readonly errorShapes: Set<string>;

  constructor(endpoint: string, accountId: string, region = "us-east-1") {
    this.client = new sdk.LambdaClient({
      endpoint,
      region,
      credentials: { accessKeyId: accountId, secretAccessKey: "test" },
      maxAttempts: 1,
      requestHandler: this.handler as never,
    });
    const spec = loadServiceSpec("lambda");
    this.errorShapes = new Set(Object.entries(spec.model.shapes).filter(([, s]) => (s as { exception?: boolean }).exception).map(([n]) => n));
  }

  /** Calls an operation by name; never throws for a service error, returns what botocore would. */
  async call(operation: string, input: Record<string, unknown> = {}): Promise<Recorded> {
    const Command = (sdk as unknown as Record<string, new (input: unknown) => unknown>)[`${operation}Command`];
    if (!Command) throw new Error(`no SDK command for ${operation}`);
    try {
      const out = (await this.client.send(new Command(input) as never)) as unknown as Record<string, unknown>;
      const { $metadata, ...rest } = out;
      // botocore hands Invoke's payload over as a stream: an empty one reads as "".
      if (operation === "Invoke" && (rest.Payload === undefined || rest.Payload === null)) rest.Payload = "";
      return { ...(plain(rest) as Recorded), ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: (out.$metadata as { httpStatusCode: number }).httpStatusCode } };
    } catch (err) {
      const raw = this.handler.last;
      if (!raw || raw.status < 300 || !(err as { $metadata?: unknown }).$metadata) throw err;
      return this.errorOf(raw);
    }
  }

  private errorOf(raw: RawResponse): Recorded {
    const code = (raw.headers["x-amzn-errortype"] ?? "").split(":")[0]!;
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw.body.toString("utf8")) as Record<string, unknown>;
    } catch {
      // not JSON: botocore reports the code and an empty message
    }
    const message = (body.message ?? body.Message ?? "") as string;
    const out: Recorded = { Error: { Code: code, Message: message } };
    // botocore adds the members of a modelled error shape; an unmodelled error only has Error.
    if (this.errorShapes.has(code)) for (const [k, v] of Object.entries(body)) if (k !== "__type") out[k] = v;
    out.ResponseMetadata = { HTTPHeaders: {}, HTTPStatusCode: raw.status };
    return out;
  }

  destroy(): void {
    this.client.destroy();
  }
}

/** SDK values as JSON: bytes as text, dates as ISO strings, JSON documents in strings parsed. */
function plain(v: unknown): unknown {
  if (v instanceof Uint8Array) return plain(Buffer.from(v).toString("utf8"));
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "string" && /^\s*[[{]/.test(v)) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, plain(x)]));
  return v;
}
