// Sends a hand-built request to Nimbus, SigV4-signed by the AWS SDK's own signer
// (@smithy/signature-v4), for tests of malformed or unusual requests the SDK clients never send.
import { createHash, createHmac } from "node:crypto";
import { request } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { NimbusNode } from "../../src/nimbus.js";

class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret ? createHmac("sha256", secret) : createHash("sha256");
  }
  update(data: string | Uint8Array) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

export interface RawRequest {
  method?: string;
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** SigV4 signing service; omit for an unsigned request. */
  service?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

export async function sendRaw(node: NimbusNode, req: RawRequest): Promise<RawResponse> {
  const url = new URL(node.endpoint);
  const headers: Record<string, string> = { host: url.host, ...(req.headers ?? {}) };
  const method = req.method ?? "POST";
  const path = req.path ?? "/";
  let signedHeaders = headers;
  if (req.service) {
    const signer = new SignatureV4({
      service: req.service,
      region: req.region ?? "us-east-1",
      credentials: req.credentials ?? { accessKeyId: "test", secretAccessKey: "test" },
      sha256: NodeSha256 as never,
    });
    const signed = await signer.sign({ method, protocol: "http:", hostname: url.hostname, port: Number(url.port), path, query: req.query ?? {}, headers, body: req.body });
    signedHeaders = signed.headers as Record<string, string>;
  }
  const qs = new URLSearchParams(req.query ?? {}).toString();
  // node:http rather than fetch: it sends any method with any body, as a hostile client may.
  return new Promise((resolve, reject) => {
    const out = request(
      { host: url.hostname, port: url.port, method, path: `${path}${qs ? `?${qs}` : ""}`, headers: signedHeaders },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
          resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", reject);
      },
    );
    out.on("error", reject);
    out.end(req.body);
  });
}
