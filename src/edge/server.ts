// The one HTTP server of the edge on :4566. It hands every request to the pipeline, writes
// the answer, and on close stops accepting, lets in-flight requests finish (up to the grace
// period) and then closes idle keep-alive connections.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { errors } from "../aws/errors.js";
import type { HttpResponse } from "../aws/http.js";
import { newRequestId } from "../shared/ids.js";
import type { EdgeEnv } from "./env.js";
import { newExchange } from "./exchange.js";
import { runPipeline } from "./pipeline.js";
import { genericError } from "./stages/serialize.js";

export class EdgeServer {
  private readonly server: Server;
  private inFlight = 0;
  private drained?: () => void;
  /** Every response's 'close' listener: one function for all (no closure, no once-wrapper per request). */
  private readonly onResponseClose: (this: ServerResponse) => void;

  constructor(private readonly env: EdgeEnv) {
    const edge = this;
    this.onResponseClose = function (this: ServerResponse) {
      edge.closed(this);
    };
    this.server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => this.handle(req, res));
    // Clients may send any request; a malformed one must never take the server down.
    this.server.on("clientError", (_err, socket) => {
      if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      else socket.destroy();
    });
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting, waits for in-flight requests (at most graceMs), then closes every connection. */
  async close(graceMs: number): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    if (this.inFlight > 0) {
      await Promise.race([
        new Promise<void>((resolve) => (this.drained = resolve)),
        new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
      ]);
    }
    this.server.closeAllConnections();
    await closed;
  }

  private handle(raw: IncomingMessage, res: ServerResponse): void {
    this.inFlight++;
    // Listen before anything can happen: a client that breaks its connection while the
    // pipeline runs closes the response before it is written. 'close' fires once the answer
    // is sent or the connection is gone, whichever comes first.
    res.on("close", this.onResponseClose);
    const ex = newExchange({
      requestId: newRequestId(),
      receivedAt: this.env.clock.now(),
      startedHr: process.hrtime.bigint(),
      raw,
    });
    runPipeline(ex, this.env).then(
      () => {
        try {
          write(res, ex.response ?? genericError(errors.internalFailure(), ex.requestId), ex.closeConnection === true);
        } catch (err) {
          this.failed(err, ex.requestId, res);
        }
      },
      (err) => this.failed(err, ex.requestId, res),
    );
  }

  private failed(err: unknown, requestId: string, res: ServerResponse): void {
    this.env.logger.error({ err, reqId: requestId }, "failed to write a response");
    res.destroy();
  }

  private closed(res: ServerResponse): void {
    this.inFlight--;
    if (this.inFlight === 0) this.drained?.();
    // Once draining, keep-alive connections close after their last answer.
    if (!this.server.listening) res.socket?.end();
  }
}

/**
 * Writes the answer. The caller waits for the response's 'close', which fires whether the
 * answer was sent or the connection went away first (a client may break its own connection,
 * e.g. by sending bytes the HTTP parser rejects after a body-less GET).
 */
function write(res: ServerResponse, response: HttpResponse, close: boolean): void {
  if (res.destroyed) return;
  // The head as a flat [name, value, ...] list, which node:http takes as it takes an object
  // (the same checks per header, in order) without an object of dynamic keys being built per
  // answer. Built anew (a route's answer may be cached and sent again), noting on the way the
  // casing a route chose for Content-Length ("Content-Length" for execute-api answers, as AWS
  // writes it).
  const head: (string | string[])[] = [];
  let lengthAt = -1;
  let connectionAt = -1;
  const given = response.headers;
  for (const name in given) {
    if (lengthAt === -1 && name.length === 14 && name.toLowerCase() === "content-length") lengthAt = head.length + 1;
    else if (name === "connection") connectionAt = head.length + 1;
    head.push(name, given[name]!);
  }
  if (close) {
    if (connectionAt === -1) head.push("connection", "close");
    else head[connectionAt] = "close";
  }
  const body = response.body;
  if (body instanceof Readable) {
    res.writeHead(response.status, head);
    body.once("error", () => res.destroy());
    body.pipe(res);
    return;
  }
  if (typeof body === "string") {
    // A text body is handed over as text: node:http then joins head and body into one string
    // for the socket, instead of the body being copied into a Buffer first and sent as a
    // separate chunk beside the head.
    setLength(head, lengthAt, String(Buffer.byteLength(body, "utf8")));
    res.writeHead(response.status, head);
    res.end(body, "utf8");
    return;
  }
  setLength(head, lengthAt, String(body?.length ?? 0));
  res.writeHead(response.status, head);
  res.end(body);
}

/** Content-Length in place of the route's own (where it stood), or last. */
function setLength(head: (string | string[])[], at: number, length: string): void {
  if (at === -1) head.push("content-length", length);
  else head[at] = length;
}
