// Fixed SigV4-signed requests, signed once by the AWS SDK's own signer (@smithy/signature-v4) and
// replayed many times (by wrk, through bench/lib/wrk.ts). Replaying works only against servers
// that do not reject a repeated or stale signature; bench/dynamodb-peers.ts checks each target
// by sending a request signed an hour in the past before it relies on this.
import { createHash, createHmac } from "node:crypto";
import { request } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";

class NodeSha256 {
  readonly #hash;
  constructor(secret?: string | Uint8Array) {
    this.#hash = secret ? createHmac("sha256", secret) : createHash("sha256");
  }
  update(data: string | Uint8Array) {
    this.#hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.#hash.digest());
  }
}

export interface SignedRequest {
  method: string;
  /** Path and query string. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface SignOptions {
  endpoint: string;
  service: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  signingDate?: Date;
}

export const BENCH_CREDENTIALS = { accessKeyId: "AKIDBENCHMARK", secretAccessKey: "bench-secret" };

export async function signRequest(opts: SignOptions): Promise<SignedRequest> {
  const url = new URL(opts.endpoint);
  const method = opts.method ?? "POST";
  const path = opts.path ?? "/";
  const body = opts.body ?? "";
  const signer = new SignatureV4({
    service: opts.service,
    region: opts.region ?? "us-east-1",
    credentials: opts.credentials ?? BENCH_CREDENTIALS,
    sha256: NodeSha256 as never,
  });
  const signed = await signer.sign(
    { method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path, query: {}, headers: { host: url.host, ...(opts.headers ?? {}) }, body },
    { signingDate: opts.signingDate },
  );
  return { method, path, headers: signed.headers as Record<string, string>, body };
}

/** A DynamoDB JSON-protocol call (X-Amz-Target DynamoDB_20120810.<operation>), signed. */
export function signDynamoDb(endpoint: string, operation: string, input: unknown, signingDate?: Date): Promise<SignedRequest> {
  return signRequest({
    endpoint,
    service: "dynamodb",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `DynamoDB_20120810.${operation}` },
    body: JSON.stringify(input),
    signingDate,
  });
}

/** Sends a signed request once (node:http, no retries) and returns status and body. */
export function sendSigned(endpoint: string, req: SignedRequest): Promise<{ status: number; body: string }> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const out = request({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers: req.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    out.on("error", reject);
    out.end(req.body);
  });
}

/** An unsigned GET with an explicit Host header (a virtual-host route on a loopback address). */
export function plainGet(path: string, host: string): SignedRequest {
  return { method: "GET", path, headers: { host }, body: "" };
}
