// Drives the Lambda provider directly: an in-memory store, a fake clock, a fake executor and
// request contexts as the edge would build them. For tests of the control plane's logic; the
// e2e tests (test/e2e/lambda*.test.ts) go through the real SDK and CLI.
import yazl from "yazl";
import type { RequestContext } from "../../../src/aws/context.js";
import { ServiceError } from "../../../src/aws/errors.js";
import { parseConfig } from "../../../src/config/schema.js";
import type { ExecutableVersion, ExecutionRequest, ExecutionResult, FunctionExecutor } from "../../../src/services/lambda/execution.js";
import { loadServiceSpec } from "../../../src/aws/spec/loader.js";
import { validateLambdaInput } from "../../../src/services/lambda/model-validation.js";
import { createLambdaProvider, type LambdaProvider } from "../../../src/services/lambda/provider.js";
import { FakeClock } from "../../../src/shared/clock.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { openStore } from "../../../src/storage/open-store.js";
import type { Store } from "../../../src/storage/types.js";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;

/** A zip holding the given files (name -> content). */
export function makeZip(files: Record<string, string | Buffer> = { "index.js": "exports.handler = async (e) => e;" }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const [name, content] of Object.entries(files)) zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name);
    zip.end();
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
  });
}

/** An executor that records what it runs and answers with a scripted result. */
export class FakeExecutor implements FunctionExecutor {
  readonly invocations: { fn: ExecutableVersion; request: ExecutionRequest }[] = [];
  readonly prewarmed: { fn: ExecutableVersion; count: number }[] = [];
  readonly dropped: { functionArn: string; version?: string }[] = [];
  /** Replace to script results; the default echoes the payload. */
  respond: (fn: ExecutableVersion, request: ExecutionRequest) => Promise<ExecutionResult> = async (_fn, request) => ({
    payload: request.payload,
    durationMs: 1,
    ...(request.tailLogs ? { logTail: Buffer.from("START\nEND\n").toString("base64") } : {}),
  });
  prewarmFails = false;

  async invoke(fn: ExecutableVersion, request: ExecutionRequest): Promise<ExecutionResult> {
    this.invocations.push({ fn, request });
    return this.respond(fn, request);
  }
  async prewarm(fn: ExecutableVersion, count: number): Promise<void> {
    this.prewarmed.push({ fn, count });
    if (this.prewarmFails) throw new Error("init failed");
  }
  async drop(functionArn: string, version?: string): Promise<void> {
    this.dropped.push({ functionArn, version });
  }
  async stop(): Promise<void> {}
}

export interface Harness {
  provider: LambdaProvider;
  executor: FakeExecutor;
  clock: FakeClock;
  store: Store;
  ctx(operation: string, overrides?: Partial<RequestContext>): RequestContext;
  /** A new provider over the same store (a restart). */
  restart(): Promise<void>;
  /** A new provider over the same store while the old one is abandoned mid-work (a crash). */
  crash(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  lambda?: Record<string, unknown>;
  random?: () => number;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const store = await openStore({ dataDir: "", inMemory: true });
  const clock = new FakeClock();
  const executor = new FakeExecutor();
  const config = parseConfig({ inMemory: true, lambda: { stateTransitionMs: 0, ...options.lambda } });
  const make = async () => {
    const p = createLambdaProvider({ config, store, clock, logger: silentLogger }, { executor, random: options.random });
    await p.start();
    return p;
  };
  const h: Harness = {
    provider: await make(),
    executor,
    clock,
    store,
    ctx(operation, overrides = {}) {
      return {
        requestId: crypto.randomUUID(),
        service: "lambda",
        operation,
        protocol: "rest-json",
        accountId: ACCOUNT,
        region: REGION,
        caller: { accountId: ACCOUNT, accessKeyId: "test", arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT },
        receivedAt: clock.now(),
        endpoint: "http://localhost:4566",
        http: { method: "POST", path: "/", rawQuery: "", query: {}, headers: {}, body: Buffer.alloc(0) },
        ...overrides,
      };
    },
    async restart() {
      await h.provider.stop();
      h.provider = await make();
    },
    async crash() {
      h.provider = await make();
    },
    async close() {
      await h.provider.stop();
      await store.close();
    },
  };
  return h;
}

/** Calls a provider operation by name with a context for it, after the edge's validation. */
export async function call<T = any>(h: Harness, operation: string, input: Record<string, unknown> = {}): Promise<T> {
  const handler = (h.provider as unknown as Record<string, (ctx: RequestContext, input: unknown) => Promise<T>>)[operation];
  if (typeof handler !== "function") throw new Error(`no operation ${operation}`);
  validateLambdaInput(loadServiceSpec("lambda"), operation, input);
  return handler(h.ctx(operation), input);
}

/** The ServiceError an operation fails with (fails the test if it succeeds). */
export async function failure(h: Harness, operation: string, input: Record<string, unknown> = {}): Promise<ServiceError> {
  try {
    await call(h, operation, input);
  } catch (err) {
    if (err instanceof ServiceError) return err;
    throw err;
  }
  throw new Error(`${operation} succeeded but was expected to fail`);
}

/** Creates a function with sensible defaults. */
export async function createFunction(h: Harness, name: string, extra: Record<string, unknown> = {}): Promise<any> {
  return call(h, "CreateFunction", {
    FunctionName: name,
    Runtime: "nodejs20.x",
    Role: ROLE,
    Handler: "index.handler",
    Code: { ZipFile: await makeZip() },
    ...extra,
  });
}
