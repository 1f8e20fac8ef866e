// Nimbus's private fast path to its OWN bootstraps (runtimes/node, runtimes/python): a UNIX
// socket pair handed to the runtime as file descriptor 3 (named by _NIMBUS_RUNTIME_FD), carrying
// length-prefixed frames instead of HTTP requests on the Runtime API listener. It feeds the same
// RuntimeApiHandler (the environment's state machine) as the HTTP Runtime API, so timeouts,
// crashes, payload limits, init errors, trace ids and freezing behave the same; custom runtimes
// (provided.*, aws-lambda-ric) keep speaking HTTP. Why, and what it saves: docs/lambda-engine.md.
//
// A frame, both ways: u32 meta length, u32 body length (big-endian), one kind byte, the meta
// (a UTF-8 JSON array, possibly empty), the body (raw bytes).
//
// runtime -> Nimbus:
//   N  []                          ready for an invocation (GET /next); sent once after init
//   R  [requestId]       body      the response, AND ready for the next invocation
//   E  [requestId, errorType] body the error document, AND ready for the next invocation
//   I  [errorType]       body      init error (POST /runtime/init/error)
//   S  []                          warm pool: which function do I run? (GET /_nimbus/specialize)
// Nimbus -> runtime:
//   V  [requestId, deadlineMs, invokedFunctionArn, traceId, clientContext|null, cognitoIdentity|null] body = event
//   S  []                body      the specialisation document
//   X  [errorType, errorMessage]   the request is refused (the HTTP API's 403 InvalidStateTransition)
//
// R and E imply N, so an invocation costs one write each way (HTTP needed a /next answer and a
// 202 to the /response, and the runtime two client requests). Verdicts (400/413) are not sent
// back: our bootstraps do not act on them; the caller's result carries them as over HTTP.
import { writeSync } from "node:fs";
import type { Socket } from "node:net";
import { MAX_RESPONSE_BYTES } from "./platform-errors.js";
import type { NextInvocation, Reply, RuntimeApiHandler } from "./runtime-api-server.js";

/** The variable telling a bootstrap which descriptor is the channel (removed from its environment at once). */
export const RUNTIME_FD_ENV = "_NIMBUS_RUNTIME_FD";
export const RUNTIME_FD = 3;

const HEAD = 9;
/** Bodies up to this size are copied behind the head (one write); larger ones are written as they are. */
const INLINE_BODY = 16 * 1024;
/**
 * Where frames are encoded (shared by every channel: a frame is written synchronously, and what
 * the kernel does not take at once is copied before it is queued).
 */
const SCRATCH_SIZE = 64 * 1024;
const scratch = Buffer.allocUnsafe(SCRATCH_SIZE);
/** Meta is a handful of ids and headers (client context is at most 3,583 bytes): anything larger is a broken peer. */
const MAX_META = 64 * 1024;

export class RuntimeChannel {
  private handler: RuntimeApiHandler | undefined;
  private head: Buffer | undefined; // a partial head (+ meta) carried over between chunks
  private kind = 0;
  private meta: unknown[] = [];
  private bodyLeft = -1; // -1: reading a head; otherwise bytes of the current body still to come
  private bodySize = 0;
  private bodyChunks: Buffer[] | undefined; // undefined while discarding an oversized body
  /** The socket's descriptor, for writing a frame with one write(2); -1 when unknown. */
  private readonly fd: number;

  constructor(private readonly socket: Socket) {
    this.fd = descriptorOf(socket);
    socket.on("data", (chunk: Buffer) => this.push(chunk));
    socket.on("error", () => {
      // The runtime went away; the process exit handling reports the failure.
    });
  }

  setHandler(handler: RuntimeApiHandler): void {
    this.handler = handler;
  }

  close(): void {
    this.socket.destroy();
  }

  // ---- reading ----

  private push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.bodyLeft < 0) {
        at = this.readHead(chunk, at);
        if (at < 0) return;
        continue;
      }
      const take = Math.min(this.bodyLeft, chunk.length - at);
      this.bodyChunks?.push(chunk.subarray(at, at + take));
      this.bodyLeft -= take;
      at += take;
      if (this.bodyLeft === 0) this.finishBody();
    }
    // A frame with an empty body is complete as soon as its head is.
    if (this.bodyLeft === 0) this.finishBody();
  }

  /** Consumes a frame head (+ meta) from chunk at `at`; returns the new offset, or -1 to wait for more. */
  private readHead(chunk: Buffer, at: number): number {
    let buf = chunk;
    let start = at;
    if (this.head) {
      buf = Buffer.concat([this.head, chunk.subarray(at)]);
      start = 0;
      this.head = undefined;
    }
    const available = buf.length - start;
    if (available < HEAD) return this.keepHead(buf, start);
    const metaLength = buf.readUInt32BE(start);
    const bodyLength = buf.readUInt32BE(start + 4);
    if (metaLength > MAX_META) {
      this.close();
      return -1;
    }
    if (available < HEAD + metaLength) return this.keepHead(buf, start);
    this.kind = buf[start + 8]!;
    let meta: unknown = [];
    if (metaLength > 0) {
      try {
        meta = JSON.parse(buf.toString("utf8", start + HEAD, start + HEAD + metaLength));
      } catch {
        meta = undefined;
      }
    }
    if (!Array.isArray(meta)) {
      this.close();
      return -1;
    }
    this.meta = meta;
    this.bodySize = bodyLength;
    this.bodyLeft = bodyLength;
    this.bodyChunks = bodyLength <= MAX_RESPONSE_BYTES ? [] : undefined;
    const consumed = start + HEAD + metaLength;
    if (buf === chunk) return consumed;
    // The head was stitched together: continue in `chunk` right after the bytes it contributed.
    return chunk.length - (buf.length - consumed);
  }

  private keepHead(buf: Buffer, start: number): number {
    this.head = Buffer.from(buf.subarray(start));
    return -1;
  }

  private finishBody(): void {
    const chunks = this.bodyChunks;
    const body = chunks === undefined ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.bodySize);
    const kind = this.kind;
    const meta = this.meta;
    const size = this.bodySize;
    this.bodyLeft = -1;
    this.bodyChunks = undefined;
    this.meta = [];
    this.dispatch(kind, meta, body, size);
  }

  private dispatch(kind: number, meta: unknown[], body: Buffer | undefined, size: number): void {
    const handler = this.handler;
    if (!handler) return this.refuse("Environment not ready", "ServiceUnavailable");
    switch (kind) {
      case 0x4e /* N */:
        return handler.next(this.nextReply);
      case 0x52 /* R */:
        handler.response(String(meta[0]), body, size);
        return handler.next(this.nextReply);
      case 0x45 /* E */:
        handler.error(String(meta[0]), stringOrUndefined(meta[1]), body ?? Buffer.alloc(0));
        return handler.next(this.nextReply);
      case 0x49 /* I */:
        handler.initError(stringOrUndefined(meta[0]), body ?? Buffer.alloc(0));
        return;
      case 0x53 /* S */:
        return handler.specialize(this.specializeReply);
      default:
        this.close();
    }
  }

  // ---- writing ----

  private readonly nextReply: Reply<NextInvocation> = {
    send: (inv) => {
      const meta = JSON.stringify([
        inv.requestId,
        inv.deadlineMs,
        inv.invokedFunctionArn,
        inv.traceId,
        inv.clientContext ?? null,
        inv.cognitoIdentity ?? null,
      ]);
      this.write(0x56 /* V */, meta, inv.payload);
    },
    rejectInvalidState: (message) => this.refuse(message, "InvalidStateTransition"),
  };

  private readonly specializeReply: Reply<string> = {
    send: (text) => this.write(0x53 /* S */, "", Buffer.from(text)),
    rejectInvalidState: (message) => this.refuse(message, "InvalidStateTransition"),
  };

  private refuse(message: string, errorType: string): void {
    this.write(0x58 /* X */, JSON.stringify([errorType, message]), undefined);
  }

  /**
   * One frame; head, meta and a small body go out as one buffer, a large body without a copy.
   * The one buffer is the shared `scratch` when the frame surely fits it (UTF-8 takes at most 3
   * bytes per UTF-16 unit of the meta): encoding there skips a Buffer per frame and a pass to
   * measure the meta (~1.2 µs of the main thread per invocation, measured).
   */
  private write(kind: number, meta: string, body: Buffer | undefined): void {
    const socket = this.socket;
    if (socket.destroyed) return;
    const bodyLength = body?.length ?? 0;
    const inline = bodyLength <= INLINE_BODY;
    if (inline && HEAD + 3 * meta.length + bodyLength <= SCRATCH_SIZE) {
      const metaLength = scratch.write(meta, HEAD, "utf8");
      scratch.writeUInt32BE(metaLength, 0);
      scratch.writeUInt32BE(bodyLength, 4);
      scratch[8] = kind;
      if (body) body.copy(scratch, HEAD + metaLength);
      return this.send(scratch, HEAD + metaLength + bodyLength);
    }
    const metaLength = Buffer.byteLength(meta);
    const out = Buffer.allocUnsafe(HEAD + metaLength + (inline ? bodyLength : 0));
    out.writeUInt32BE(metaLength, 0);
    out.writeUInt32BE(bodyLength, 4);
    out[8] = kind;
    out.write(meta, HEAD, "utf8");
    if (!inline) {
      socket.cork();
      socket.write(out);
      socket.write(body!);
      socket.uncork();
      return;
    }
    if (body) body.copy(out, HEAD + metaLength);
    this.send(out, out.length);
  }

  /**
   * With nothing queued on the socket, write(2) the frame straight to the descriptor, as the
   * runtimes' side of the channel does: the stream's write path (a write request, callbacks on
   * the next tick) cost more than the system call on every invocation. What the kernel does not
   * take at once (socket buffer full: EAGAIN, or a partial write) and any failure (EPIPE once the
   * runtime is gone) goes through the stream, which keeps the bytes in order and reports errors.
   */
  private send(out: Buffer, length: number): void {
    const socket = this.socket;
    let written = 0;
    if (this.fd >= 0 && socket.writableLength === 0) {
      try {
        written = writeSync(this.fd, out, 0, length);
      } catch {
        written = 0;
      }
      if (written === length) return;
    }
    // Queued on the stream: the scratch buffer is reused by the next frame, so its bytes are copied.
    socket.write(out === scratch ? Buffer.from(out.subarray(written, length)) : out.subarray(written, length));
  }
}

/**
 * The descriptor under a child process's stdio socket (its libuv pipe handle exposes it on
 * POSIX systems), or -1 (then every frame goes through the stream).
 */
function descriptorOf(socket: Socket): number {
  const fd = (socket as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
  return typeof fd === "number" && fd >= 0 ? fd : -1;
}

const stringOrUndefined = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);
