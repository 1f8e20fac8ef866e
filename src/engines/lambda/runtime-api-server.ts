// The Lambda Runtime API (version 2018-06-01) that a runtime inside an execution environment
// polls: https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
// Statuses and bodies follow the runtime interface emulator (RAPID): 202 {"status":"OK"} on
// accepted results, 400 InvalidRequestID, 403 InvalidStateTransition, 413 RequestEntityTooLarge.
//
// One small listener per execution environment (see docs/lambda-engine.md for the measured
// comparison with one shared listener): AWS_LAMBDA_RUNTIME_API is only "host:port", so the port
// is the one thing every client (curl scripts, aws-lambda-ric's native client and its JS
// init-error path, our bootstraps) is guaranteed to carry, and it names the environment.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MAX_RESPONSE_BYTES } from "./platform-errors.js";

export interface NextInvocation {
  requestId: string;
  deadlineMs: number;
  invokedFunctionArn: string;
  traceId: string;
  clientContext?: string;
  cognitoIdentity?: string;
  payload: Buffer;
}

export type Verdict = "accepted" | "invalid-request-id" | "invalid-state" | "too-large";

/** A parked long-poll: answered when there is something to hand over. */
export interface Reply<T> {
  send(value: T): void;
  /** The runtime's state does not allow the request (e.g. /next while an invocation runs). */
  rejectInvalidState(message: string): void;
}

export interface RuntimeApiHandler {
  next(reply: Reply<NextInvocation>): void;
  /** body is undefined when the response was over MAX_RESPONSE_BYTES (size says how big). */
  response(requestId: string, body: Buffer | undefined, size: number): Verdict;
  error(requestId: string, errorType: string | undefined, body: Buffer): Verdict;
  initError(errorType: string | undefined, body: Buffer): Verdict;
  /** Nimbus-private: a pre-started generic runtime asks which function it will run. */
  specialize(reply: Reply<string>): void;
}

const PREFIX = "/2018-06-01/runtime/";
const INVOCATION = `${PREFIX}invocation/`;
const NEXT = `${INVOCATION}next`;
const INIT_ERROR = `${PREFIX}init/error`;
export const SPECIALIZE_PATH = "/_nimbus/specialize";

const ACCEPTED = '{"status":"OK"}\n';
const JSON_TYPE = "application/json";

export class RuntimeApiServer {
  private readonly server: Server;
  private handler: RuntimeApiHandler | undefined;
  private address = "";

  constructor(handler?: RuntimeApiHandler) {
    this.handler = handler;
    this.server = createServer({ keepAlive: true, noDelay: true }, (req, res) => this.route(req, res));
    // A /next long-poll lasts as long as the environment stays idle: no server-side timeouts.
    this.server.requestTimeout = 0;
    this.server.headersTimeout = 0;
    this.server.keepAliveTimeout = 0;
    this.server.timeout = 0;
  }

  /** Listens on 127.0.0.1 on a free port; resolves to the AWS_LAMBDA_RUNTIME_API value. */
  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => {
        this.server.off("error", reject);
        const { port } = this.server.address() as AddressInfo;
        this.address = `127.0.0.1:${port}`;
        resolve(this.address);
      });
    });
  }

  get runtimeApi(): string {
    return this.address;
  }

  setHandler(handler: RuntimeApiHandler): void {
    this.handler = handler;
  }

  close(): void {
    this.server.close();
    this.server.closeAllConnections();
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? "";
    const handler = this.handler;
    if (!handler) return void sendJson(res, 503, { errorMessage: "Environment not ready", errorType: "ServiceUnavailable" });
    if (url === NEXT) {
      if (req.method !== "GET") return methodNotAllowed(req, res);
      req.resume();
      return handler.next(nextReply(res));
    }
    if (url.startsWith(INVOCATION)) {
      const rest = url.slice(INVOCATION.length);
      const slash = rest.lastIndexOf("/");
      const kind = rest.slice(slash + 1);
      if (slash > 0 && (kind === "response" || kind === "error")) {
        if (req.method !== "POST") return methodNotAllowed(req, res);
        let requestId: string;
        try {
          requestId = decodeURIComponent(rest.slice(0, slash));
        } catch {
          return void answer(res, "invalid-request-id");
        }
        return void readBody(req, (body, size) => {
          const verdict =
            kind === "response"
              ? handler.response(requestId, body, size)
              : handler.error(requestId, header(req, "lambda-runtime-function-error-type"), body ?? Buffer.alloc(0));
          answer(res, verdict);
        });
      }
    } else if (url === INIT_ERROR) {
      if (req.method !== "POST") return methodNotAllowed(req, res);
      return void readBody(req, (body) =>
        answer(res, handler.initError(header(req, "lambda-runtime-function-error-type"), body ?? Buffer.alloc(0))),
      );
    } else if (url === SPECIALIZE_PATH && req.method === "GET") {
      req.resume();
      return handler.specialize({
        send: (text) => {
          if (!res.destroyed) res.writeHead(200, { "Content-Type": JSON_TYPE }).end(text);
        },
        rejectInvalidState: (message) => sendJson(res, 403, { errorMessage: message, errorType: "InvalidStateTransition" }),
      });
    }
    req.resume();
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("404 page not found\n");
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function nextReply(res: ServerResponse): Reply<NextInvocation> {
  return {
    send(inv) {
      if (res.destroyed) return;
      // Header names and order as RAPID's renderInvokeHeaders writes them.
      const headers: Record<string, string | number> = {
        "Lambda-Runtime-Aws-Request-Id": inv.requestId,
        "Lambda-Runtime-Trace-Id": inv.traceId,
      };
      if (inv.clientContext) headers["Lambda-Runtime-Client-Context"] = inv.clientContext;
      if (inv.cognitoIdentity) headers["Lambda-Runtime-Cognito-Identity"] = inv.cognitoIdentity;
      headers["Lambda-Runtime-Invoked-Function-Arn"] = inv.invokedFunctionArn;
      headers["Lambda-Runtime-Deadline-Ms"] = inv.deadlineMs;
      headers["Content-Type"] = JSON_TYPE;
      headers["Content-Length"] = inv.payload.length;
      res.writeHead(200, headers).end(inv.payload);
    },
    rejectInvalidState(message) {
      sendJson(res, 403, { errorMessage: message, errorType: "InvalidStateTransition" });
    },
  };
}

/** Reads a body, keeping at most MAX_RESPONSE_BYTES but counting every byte. */
function readBody(req: IncomingMessage, done: (body: Buffer | undefined, size: number) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
  });
  req.on("end", () => {
    if (size > MAX_RESPONSE_BYTES) done(undefined, size);
    else done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), size);
  });
  req.on("error", () => {
    // The runtime went away mid-request; the process exit handling reports the failure.
  });
}

function answer(res: ServerResponse, verdict: Verdict): void {
  switch (verdict) {
    case "accepted":
      res.writeHead(202, { "Content-Type": JSON_TYPE }).end(ACCEPTED);
      return;
    case "invalid-request-id":
      return sendJson(res, 400, { errorMessage: "Invalid request ID", errorType: "InvalidRequestID" });
    case "invalid-state":
      return sendJson(res, 403, {
        errorMessage: "State transition is not allowed",
        errorType: "InvalidStateTransition",
      });
    case "too-large":
      return sendJson(res, 413, {
        errorMessage: `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
        errorType: "RequestEntityTooLarge",
      });
  }
}

function sendJson(res: ServerResponse, status: number, body: { errorMessage: string; errorType: string }): void {
  if (res.destroyed) return;
  res.writeHead(status, { "Content-Type": JSON_TYPE }).end(`${JSON.stringify(body)}\n`);
}

function methodNotAllowed(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  res.writeHead(405).end();
}
