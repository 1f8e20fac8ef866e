// The practical-limit reference for "HTTP in, Lambda handler in another process, HTTP out": a
// bare node:http server that turns each request into an API Gateway proxy event, sends it to a
// warm child process over a pipe (newline-delimited JSON), and writes the handler's
// {statusCode, headers, body} back. No routing, validation, logging or isolation beyond the
// process boundary: whatever Nimbus adds to this is the price of its features.
//
//   node dist/bench/lib/bare-forwarder.js --port P --handler FILE --export NAME
//        [--children K]   warm child processes (default 1)
//        [--per-child M]  requests in flight per child; 1 is Lambda's model (one invocation per
//                         environment at a time), 0 (default) lets a child take any number
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";

interface HandlerResult {
  statusCode?: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

interface Child {
  process: ChildProcess;
  inFlight: number;
}

type Pending = (reply: { result?: HandlerResult; error?: string }) => void;

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    handler: { type: "string" },
    export: { type: "string", default: "handler" },
    children: { type: "string", default: "1" },
    "per-child": { type: "string", default: "0" },
  },
});
const port = Number(values.port);
const childCount = Number(values.children);
const perChild = Number(values["per-child"]);
if (!port || !values.handler || !(childCount >= 1)) throw new Error("usage: bare-forwarder.js --port P --handler FILE [--export NAME] [--children K] [--per-child M]");

const pending = new Map<number, Pending>();
const queue: Array<{ line: string }> = [];
let nextId = 1;
let nextChild = 0;

const children: Child[] = Array.from({ length: childCount }, () => {
  const proc = spawn(process.execPath, [join(import.meta.dirname, "bare-forwarder-child.js"), values.handler!, values.export!], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const child: Child = { process: proc, inFlight: 0 };
  createInterface({ input: proc.stdout! }).on("line", (line) => {
    const reply = JSON.parse(line) as { id: number; result?: HandlerResult; error?: string };
    child.inFlight--;
    const done = pending.get(reply.id);
    pending.delete(reply.id);
    done?.(reply);
    drain();
  });
  proc.once("exit", (code) => {
    process.stderr.write(`bare forwarder: child exited (${code})\n`);
    process.exit(1);
  });
  return child;
});

function freeChild(): Child | undefined {
  for (let n = 0; n < childCount; n++) {
    const child = children[(nextChild + n) % childCount]!;
    if (perChild === 0 || child.inFlight < perChild) {
      nextChild = (nextChild + n + 1) % childCount;
      return child;
    }
  }
  return undefined;
}

function drain(): void {
  while (queue.length > 0) {
    const child = freeChild();
    if (!child) return;
    child.inFlight++;
    child.process.stdin!.write(queue.shift()!.line);
  }
}

function toEvent(req: IncomingMessage, url: URL, body: string, requestId: number) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(",") : v;
  const query = url.searchParams.size > 0 ? Object.fromEntries(url.searchParams) : null;
  return {
    resource: url.pathname,
    path: url.pathname,
    httpMethod: req.method,
    headers,
    queryStringParameters: query,
    pathParameters: null,
    stageVariables: null,
    requestContext: { requestId: String(requestId), httpMethod: req.method, path: url.pathname, stage: "dev", requestTimeEpoch: Date.now() },
    body: body === "" ? null : body,
    isBase64Encoded: false,
  };
}

function reply(res: ServerResponse, result: HandlerResult | undefined, error: string | undefined): void {
  if (error !== undefined || !result) {
    res.writeHead(502, { "content-type": "application/json" }).end('{"message": "Internal server error"}');
    return;
  }
  const body = result.body === undefined ? "" : result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body;
  res.writeHead(result.statusCode ?? 200, result.headers ?? {}).end(body);
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const id = nextId++;
    const event = toEvent(req, new URL(req.url ?? "/", "http://localhost"), Buffer.concat(chunks).toString("utf8"), id);
    pending.set(id, ({ result, error }) => reply(res, result, error));
    queue.push({ line: `${JSON.stringify({ id, event })}\n` });
    drain();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1");

const stop = () => {
  server.close();
  for (const c of children) c.process.kill("SIGTERM");
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
