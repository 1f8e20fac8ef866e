// Runtime API transport: one small listener per execution environment (what the engine uses)
// versus one shared listener that tells environments apart by a path prefix in
// AWS_LAMBDA_RUNTIME_API ("127.0.0.1:port/<env>"). Each client is a separate Node process
// polling /next and posting a response, as a runtime does; the figure is the round trip
// from handing over an invocation to receiving its response.
// Usage: npx tsc -b && node dist/bench/lambda-runtime-api-transport.js [envs] [roundTrips]
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { RuntimeApiServer, type NextInvocation, type Reply, type RuntimeApiHandler, type Verdict } from "../src/engines/lambda/runtime-api-server.js";

const envCount = Number(process.argv[2] ?? 4);
const roundTrips = Number(process.argv[3] ?? 2000);

// The client: a minimal runtime loop with a keep-alive agent, honouring a path prefix.
const CLIENT = `
const http = require("http");
const api = process.env.AWS_LAMBDA_RUNTIME_API;
const slash = api.indexOf("/");
const hostPort = slash < 0 ? api : api.slice(0, slash);
const prefix = slash < 0 ? "" : api.slice(slash);
const [host, port] = hostPort.split(":");
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const call = (method, path, body) => new Promise((resolve, reject) => {
  const req = http.request({ host, port, path: prefix + path, method, agent }, (res) => {
    const chunks = []; res.on("data", (c) => chunks.push(c)); res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
  });
  req.on("error", reject); req.end(body);
});
(async () => { for (;;) {
  const { headers } = await call("GET", "/2018-06-01/runtime/invocation/next");
  await call("POST", "/2018-06-01/runtime/invocation/" + headers["lambda-runtime-aws-request-id"] + "/response", '{"ok":true}');
} })().catch(() => process.exit(0));
`;

/** One environment's side of the protocol: hand over invocations, time the answers. */
class BenchEnv implements RuntimeApiHandler {
  parked: Reply<NextInvocation> | undefined;
  pending: { id: string; start: number; done: () => void } | undefined;
  samples: number[] = [];
  private seq = 0;

  invokeOnce(): Promise<void> {
    return new Promise((done) => {
      const id = `req-${++this.seq}`;
      this.pending = { id, start: 0, done };
      if (this.parked) this.dispatch(this.parked);
    });
  }
  private dispatch(reply: Reply<NextInvocation>): void {
    this.parked = undefined;
    this.pending!.start = performance.now();
    reply.send({ requestId: this.pending!.id, deadlineMs: Date.now() + 3000, invokedFunctionArn: "arn", traceId: "Root=1-0-0", payload: Buffer.from("{}") });
  }
  next(reply: Reply<NextInvocation>): void {
    if (this.pending && this.pending.start === 0) this.dispatch(reply);
    else this.parked = reply;
  }
  response(requestId: string): Verdict {
    const p = this.pending;
    if (!p || p.id !== requestId) return "invalid-request-id";
    this.samples.push(performance.now() - p.start);
    this.pending = undefined;
    p.done();
    return "accepted";
  }
  error(): Verdict {
    return "accepted";
  }
  initError(): Verdict {
    return "accepted";
  }
  specialize(): void {}
}

function startClient(runtimeApi: string): ChildProcess {
  return spawn(process.execPath, ["-e", CLIENT], { env: { AWS_LAMBDA_RUNTIME_API: runtimeApi }, stdio: "ignore" });
}

async function drive(envs: BenchEnv[]): Promise<number[]> {
  await Promise.all(envs.map(async (env) => {
    for (let i = 0; i < 200; i++) await env.invokeOnce(); // warm-up
    env.samples = [];
    for (let i = 0; i < roundTrips; i++) await env.invokeOnce();
  }));
  return envs.flatMap((e) => e.samples);
}

async function perEnvironment(): Promise<number[]> {
  const envs = Array.from({ length: envCount }, () => new BenchEnv());
  const servers = envs.map((e) => new RuntimeApiServer(e));
  const clients: ChildProcess[] = [];
  for (const server of servers) clients.push(startClient(await server.listen()));
  try {
    return await drive(envs);
  } finally {
    for (const c of clients) c.kill("SIGKILL");
    for (const s of servers) s.close();
  }
}

/** The alternative: one listener; the first path segment names the environment. */
async function shared(): Promise<number[]> {
  const envs = Array.from({ length: envCount }, () => new BenchEnv());
  // Each environment's handler behind its own RuntimeApiServer routing logic, reached by prefix.
  const routers = envs.map((e) => new RuntimeApiServer(e) as unknown as { route(req: IncomingMessage, res: ServerResponse): void });
  const server = createServer({ keepAlive: true, noDelay: true }, (req, res) => {
    const url = req.url ?? "";
    const second = url.indexOf("/", 1);
    const env = routers[Number(url.slice(1, second))];
    if (!env) return void res.writeHead(404).end();
    req.url = url.slice(second);
    env.route(req, res);
  });
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.keepAliveTimeout = 0;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const clients = envs.map((_, i) => startClient(`127.0.0.1:${port}/${i}`));
  try {
    return await drive(envs);
  } finally {
    for (const c of clients) c.kill("SIGKILL");
    server.close();
    server.closeAllConnections();
  }
}

function report(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(3);
  console.log(`${label.padEnd(30)} n=${sorted.length}  p50 ${q(0.5)} ms  p90 ${q(0.9)} ms  p99 ${q(0.99)} ms`);
}

report(`per-environment listener x${envCount}`, await perEnvironment());
report(`shared listener x${envCount}`, await shared());
report(`per-environment listener x${envCount}`, await perEnvironment());
report(`shared listener x${envCount}`, await shared());
