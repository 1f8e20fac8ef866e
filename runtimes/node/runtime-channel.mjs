// Nimbus's private fast path between this bootstrap and the engine: the UNIX socket Nimbus passes
// as the descriptor named by _NIMBUS_RUNTIME_FD, carrying length-prefixed frames instead of Runtime
// API HTTP requests (src/engines/lambda/runtime-channel.ts describes the frames). Same interface as
// RuntimeApiClient, so the invoke loop does not care which one it drives. A response or error frame
// also says "ready for the next invocation", so an invocation costs one write each way.
//
// The socket is unref'd except while waiting for Nimbus (the next invocation, specialisation):
// while a handler runs, only the function's own work keeps the event loop alive, so "beforeExit"
// still tells when the loop is empty (callbackWaitsForEmptyEventLoop, handlers that never answer).
//
// Per invocation this side does as little as it can (docs/lambda-engine.md, "the runtime's own
// cost"): frames are parsed straight out of the reused read buffer, the event is decoded once from
// it into the string the invoke loop parses, a frame is encoded into a reused output buffer, and it
// goes out with one write(2) when nothing is queued on the socket (the stream's machinery only
// when the socket is busy).
import { writeSync } from "node:fs";
import { Socket } from "node:net";

const HEAD = 9;
const OUT_SIZE = 64 * 1024;
const WRITTEN = Promise.resolve();
const N = 0x4e, R = 0x52, E = 0x45, I = 0x49, S = 0x53, V = 0x56, X = 0x58;

/** The channel named by the environment, or undefined (then the bootstrap speaks HTTP). */
export function openRuntimeChannel() {
  const name = process.env._NIMBUS_RUNTIME_FD;
  if (name === undefined) return undefined;
  // Not part of the function's environment on AWS: gone before any function code runs.
  delete process.env._NIMBUS_RUNTIME_FD;
  const fd = Number(name);
  if (!Number.isInteger(fd)) return undefined;
  // No fstatSync(fd).isSocket() check here: on Node 20 that fstat made the CommonJS loader stop
  // resolving symbolic links afterwards (the SDK's own dependencies were then not found). net.Socket
  // refuses a descriptor that is neither a socket nor a pipe, and then HTTP is used.
  try {
    return new RuntimeChannel(fd);
  } catch {
    return undefined;
  }
}

export class RuntimeChannel {
  constructor(fd) {
    this.fd = fd;
    // The one outstanding request: the frame kind awaited and its promise's settlers.
    this.waitKind = 0;
    this.resolveWait = undefined;
    this.rejectWait = undefined;
    this.announced = false; // the last frame (R/E) already said "ready for the next invocation"
    this.chunks = []; // bytes of an incomplete frame (copies: the read buffer is reused)
    this.have = 0; // bytes in chunks
    this.need = HEAD; // bytes needed before the next frame can be parsed
    // onread: reads land in one reused buffer and skip the Readable stream machinery, which was a
    // large part of the runtime's per-invocation work.
    const readBuffer = Buffer.allocUnsafe(64 * 1024);
    this.out = Buffer.allocUnsafe(OUT_SIZE); // frames are encoded here (write)
    this.socket = new Socket({
      fd,
      readable: true,
      writable: true,
      onread: {
        buffer: readBuffer,
        callback: (n, buf) => {
          this.push(buf, n);
        },
      },
    });
    this.socket.unref();
    // Nimbus closed the channel: it is stopping this environment.
    this.socket.on("close", () => process.exit(0));
    this.socket.on("error", () => undefined);
  }

  /** Warm pool: the function's environment and folder, as JSON text. */
  specialize() {
    this.write(S, "", undefined);
    return this.wait(S);
  }

  /** The next invocation: { requestId, deadlineMs, invokedFunctionArn, traceId, clientContext, cognitoIdentity, payload (text) }. */
  next() {
    if (!this.announced) this.write(N, "", undefined);
    this.announced = false;
    return this.wait(V);
  }

  postResponse(id, body) {
    this.announced = true;
    // The id came from Nimbus in a V frame's JSON meta: JSON.stringify of a one-element array.
    return this.write(R, `[${JSON.stringify(id)}]`, body);
  }

  postError(id, error) {
    this.announced = true;
    return this.write(E, JSON.stringify([id, error.errorType ?? "Unknown"]), JSON.stringify(error));
  }

  postInitError(error) {
    return this.write(I, JSON.stringify([error.errorType ?? "Unknown"]), JSON.stringify(error));
  }

  /** One frame in one write; resolves once written (a runtime about to exit must not lose it). */
  write(kind, meta, body) {
    const textLength = meta.length + (typeof body === "string" ? body.length : 0);
    if (body === undefined || (typeof body === "string" && HEAD + 3 * textLength <= OUT_SIZE)) {
      // Encoded straight into the reused output buffer (UTF-8 takes at most 3 bytes per UTF-16
      // unit, so it fits): no buffer per frame and no pass to measure the text first.
      const out = this.out;
      const metaLength = meta.length === 0 ? 0 : out.write(meta, HEAD, "utf8");
      const bodyLength = body === undefined ? 0 : out.write(body, HEAD + metaLength, "utf8");
      out.writeUInt32BE(metaLength, 0);
      out.writeUInt32BE(bodyLength, 4);
      out[8] = kind;
      return this.send(out, HEAD + metaLength + bodyLength);
    }
    const metaLength = meta.length === 0 ? 0 : Buffer.byteLength(meta);
    const bodyLength = body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.length;
    const out = Buffer.allocUnsafe(HEAD + metaLength + bodyLength);
    out.writeUInt32BE(metaLength, 0);
    out.writeUInt32BE(bodyLength, 4);
    out[8] = kind;
    if (metaLength > 0) out.write(meta, HEAD, metaLength, "utf8");
    if (typeof body === "string") out.write(body, HEAD + metaLength, bodyLength, "utf8");
    else if (body !== undefined) body.copy(out, HEAD + metaLength);
    return this.send(out, out.length);
  }

  /**
   * With nothing queued on the socket, write(2) the frame directly: the stream's write path (a
   * write request object, callbacks on the next tick) cost more than the system call. Whatever the
   * kernel does not take at once (a response larger than the socket buffer), and any failure,
   * goes through the stream as before, which keeps the bytes in order and reports errors.
   */
  send(out, length) {
    const socket = this.socket;
    let written = 0;
    if (socket.writableLength === 0 && !socket.destroyed) {
      try {
        written = writeSync(this.fd, out, 0, length);
      } catch {
        written = 0; // EAGAIN (buffer full), EPIPE...: the stream retries and reports
      }
      if (written === length) return WRITTEN;
    }
    // The rest is queued on the stream: a copy when it is in the reused output buffer.
    const rest = out === this.out ? Buffer.from(out.subarray(written, length)) : out.subarray(written, length);
    return new Promise((resolve, reject) => socket.write(rest, (err) => (err ? reject(err) : resolve())));
  }

  wait(kind) {
    this.socket.ref();
    this.waitKind = kind;
    return new Promise((resolve, reject) => {
      this.resolveWait = resolve;
      this.rejectWait = reject;
    });
  }

  /** `n` bytes arrived at the start of `buf`, the reused read buffer: anything kept past this call is copied. */
  push(buf, n) {
    let data = buf;
    let end = n;
    if (this.have > 0) {
      // The rest of a frame that began in an earlier read (a large event arrives in many): join once.
      this.chunks.push(Buffer.from(buf.subarray(0, n)));
      this.have += n;
      if (this.have < this.need) return;
      data = Buffer.concat(this.chunks, this.have);
      end = this.have;
      this.chunks = [];
      this.have = 0;
    }
    let at = 0;
    let need = HEAD;
    while (end - at >= HEAD) {
      const metaStart = at + HEAD;
      const bodyStart = metaStart + data.readUInt32BE(at);
      const frameEnd = bodyStart + data.readUInt32BE(at + 4);
      if (frameEnd > end) {
        need = frameEnd - at;
        break;
      }
      const kind = data[at + 8];
      const meta = bodyStart > metaStart ? JSON.parse(data.toString("utf8", metaStart, bodyStart)) : [];
      // Every body Nimbus sends is text (the event, the specialisation document).
      const body = frameEnd > bodyStart ? data.toString("utf8", bodyStart, frameEnd) : "";
      at = frameEnd;
      this.deliver(kind, meta, body);
    }
    if (at < end) {
      this.chunks.push(Buffer.from(data.subarray(at, end)));
      this.have = end - at;
      this.need = need;
    }
  }

  deliver(kind, meta, body) {
    const resolve = this.resolveWait;
    if (resolve === undefined) return;
    const reject = this.rejectWait;
    const wanted = this.waitKind;
    this.resolveWait = undefined;
    this.rejectWait = undefined;
    this.socket.unref();
    if (kind === wanted) {
      if (kind !== V) return resolve(body);
      return resolve({
        requestId: meta[0],
        deadlineMs: meta[1],
        invokedFunctionArn: meta[2],
        traceId: meta[3],
        clientContext: meta[4] ?? undefined,
        cognitoIdentity: meta[5] ?? undefined,
        payload: body,
      });
    }
    const message = kind === X ? `${meta[0]}: ${meta[1]}` : `unexpected frame ${String.fromCharCode(kind)}`;
    reject(new Error(`Nimbus refused the request: ${message}`));
  }
}
