// Outgoing HTTP for HTTP and HTTP_PROXY integrations: node:http/https with keep-alive agents
// (one per data plane, so connections to a backend are reused across requests), the
// integration's timeout, and the answer read whole (API Gateway buffers integration responses).
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { HeaderMap } from "../header-map.js";

export interface OutgoingRequest {
  method: string;
  url: URL;
  headers: HeaderMap;
  body: Buffer;
  timeoutMs: number;
  /** tlsConfig.insecureSkipVerification. */
  insecure?: boolean;
}

export interface IncomingAnswer {
  status: number;
  headers: HeaderMap;
  body: Buffer;
}

export class HttpTimeoutError extends Error {}

/** The port through which integrations reach HTTP backends (tests may substitute their own). */
export interface HttpClient {
  send(request: OutgoingRequest): Promise<IncomingAnswer>;
  close(): void;
}

/** The largest integration answer read (API Gateway's 10 MB payload limit). */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

export class NodeHttpClient implements HttpClient {
  private readonly http = new HttpAgent({ keepAlive: true, maxSockets: 256 });
  private readonly https = new HttpsAgent({ keepAlive: true, maxSockets: 256 });
  private readonly httpsInsecure = new HttpsAgent({ keepAlive: true, maxSockets: 256, rejectUnauthorized: false });

  send(req: OutgoingRequest): Promise<IncomingAnswer> {
    const secure = req.url.protocol === "https:";
    const headers: Record<string, string> = {};
    for (const { name, values } of req.headers.entries()) headers[name] = values.join(",");
    if (req.body.length > 0 || !["GET", "HEAD", "OPTIONS"].includes(req.method)) headers["Content-Length"] = String(req.body.length);
    const options = {
      method: req.method,
      headers,
      agent: secure ? (req.insecure ? this.httpsInsecure : this.https) : this.http,
    };
    return new Promise((resolve, reject) => {
      const outgoing = (secure ? httpsRequest : httpRequest)(req.url, options, (res) => readAnswer(res).then(resolve, reject));
      outgoing.setTimeout(req.timeoutMs, () => outgoing.destroy(new HttpTimeoutError(`no answer within ${req.timeoutMs} ms`)));
      outgoing.once("error", reject);
      outgoing.end(req.body.length > 0 ? req.body : undefined);
    });
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
    this.httpsInsecure.destroy();
  }
}

function readAnswer(res: IncomingMessage): Promise<IncomingAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) {
        res.destroy(new Error("integration response larger than 10 MB"));
        return;
      }
      chunks.push(chunk);
    });
    res.once("error", reject);
    res.once("end", () => {
      const headers = new HeaderMap();
      const raw = res.rawHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
      resolve({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks, size) });
    });
  });
}
