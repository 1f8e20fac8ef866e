// Nimbus's private fast path between this bootstrap and the engine: the UNIX socket Nimbus passes
// as the descriptor named by _NIMBUS_RUNTIME_FD, carrying length-prefixed frames instead of Runtime
// API HTTP requests (src/engines/lambda/runtime-channel.ts describes the frames). Same interface as
// RuntimeApiClient, so the invoke loop does not care which one it drives. A response or error frame
// also says "ready for the next invocation", so an invocation costs one write each way.
//
// The socket is unref'd except while waiting for Nimbus (the next invocation, specialisation):
// while a handler runs, only the function's own work keeps the event loop alive, so "beforeExit"
// still tells when the loop is empty (callbackWaitsForEmptyEventLoop, handlers that never answer).
import { Socket } from "node:net";

const HEAD = 9;
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
    this.waiter = undefined; // { kind, resolve, reject } of the one outstanding request
    this.announced = false; // the last frame (R/E) already said "ready for the next invocation"
    this.chunks = []; // bytes received and not yet parsed (copies: the read buffer is reused)
    this.have = 0;
    this.need = HEAD; // bytes needed before the next frame can be parsed
    // onread: reads land in one reused buffer and skip the Readable stream machinery, which was a
    // large part of the runtime's per-invocation work.
    const readBuffer = Buffer.allocUnsafe(64 * 1024);
    this.socket = new Socket({
      fd,
      readable: true,
      writable: true,
      onread: { buffer: readBuffer, callback: (n, buf) => void this.push(buf.subarray(0, n)) },
    });
    this.socket.unref();
    // Nimbus closed the channel: it is stopping this environment.
    this.socket.on("close", () => process.exit(0));
    this.socket.on("error", () => undefined);
  }

  /** Warm pool: the function's environment and folder, as JSON text. */
  async specialize() {
    this.write(S, "", undefined);
    const { body } = await this.wait(S);
    return body.toString("utf8");
  }

  /** The next invocation: { requestId, deadlineMs, invokedFunctionArn, traceId, clientContext, cognitoIdentity, payload }. */
  async next() {
    if (!this.announced) this.write(N, "", undefined);
    this.announced = false;
    const { meta, body } = await this.wait(V);
    return {
      requestId: meta[0],
      deadlineMs: meta[1],
      invokedFunctionArn: meta[2],
      traceId: meta[3],
      clientContext: meta[4] ?? undefined,
      cognitoIdentity: meta[5] ?? undefined,
      payload: body,
    };
  }

  postResponse(id, body) {
    this.announced = true;
    return this.write(R, JSON.stringify([id]), body);
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
    const metaLength = Buffer.byteLength(meta);
    const bodyLength = body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.length;
    const out = Buffer.allocUnsafe(HEAD + metaLength + bodyLength);
    out.writeUInt32BE(metaLength, 0);
    out.writeUInt32BE(bodyLength, 4);
    out[8] = kind;
    if (metaLength > 0) out.write(meta, HEAD, "utf8");
    if (typeof body === "string") out.write(body, HEAD + metaLength, "utf8");
    else if (body !== undefined) body.copy(out, HEAD + metaLength);
    return new Promise((resolve, reject) => this.socket.write(out, (err) => (err ? reject(err) : resolve())));
  }

  wait(kind) {
    this.socket.ref();
    return new Promise((resolve, reject) => {
      this.waiter = { kind, resolve, reject };
    });
  }

  /** `chunk` is a view of the reused read buffer: anything kept past this call is copied. */
  push(chunk) {
    this.have += chunk.length;
    if (this.have < this.need) {
      this.chunks.push(Buffer.from(chunk)); // a large event arrives in many chunks: join them once
      return;
    }
    const buf = this.chunks.length === 0 ? chunk : Buffer.concat([...this.chunks, chunk], this.have);
    let at = 0;
    this.need = HEAD;
    for (;;) {
      if (buf.length - at < HEAD) break;
      const metaLength = buf.readUInt32BE(at);
      const bodyLength = buf.readUInt32BE(at + 4);
      const end = at + HEAD + metaLength + bodyLength;
      if (buf.length < end) {
        this.need = end - at;
        break;
      }
      const kind = buf[at + 8];
      const meta = metaLength > 0 ? JSON.parse(buf.toString("utf8", at + HEAD, at + HEAD + metaLength)) : [];
      const body = Buffer.from(buf.subarray(at + HEAD + metaLength, end));
      at = end;
      this.deliver(kind, meta, body);
    }
    this.chunks = at < buf.length ? [Buffer.from(buf.subarray(at))] : [];
    this.have = buf.length - at;
  }

  deliver(kind, meta, body) {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = undefined;
    this.socket.unref();
    if (kind === waiter.kind) return waiter.resolve({ meta, body });
    const message = kind === X ? `${meta[0]}: ${meta[1]}` : `unexpected frame ${String.fromCharCode(kind)}`;
    waiter.reject(new Error(`Nimbus refused the request: ${message}`));
  }
}
