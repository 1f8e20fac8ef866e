// The executor backed by the Lambda engine (src/engines/lambda, docs/lambda-engine.md): turns a
// version the control plane resolved into the engine's FunctionSpec (code and layers unpacked
// once per SHA-256 into a cache folder), and the engine's result into Invoke's.
import { join } from "node:path";
import { NotImplementedError } from "../../aws/errors.js";
import { InvalidZipFileException } from "../../aws/generated/lambda.js";
import { CodeUnpackError, UnsupportedRuntimeError, unpackCode, type FunctionSpec, type InvokeRequest, type InvokeResult, type LambdaEngine } from "../../engines/lambda/index.js";
import { codeHex, type CodeStore } from "./code-store.js";
import { isHotReload } from "./hot-reload.js";
import type { ExecutableVersion, ExecutionRequest, ExecutionResult, FunctionExecutor } from "./execution.js";
import type { CodeRef, VersionRecord } from "./types.js";

export interface EngineExecutorDeps {
  /** Created on first use: a node that never runs a function never starts runtimes. */
  engine: () => LambdaEngine;
  code: CodeStore;
  /** Where zips are unpacked (one folder per SHA-256). */
  cacheDir: string;
  /** Where SDK calls made by functions reach Nimbus (AWS_ENDPOINT_URL). */
  endpointUrl: () => string;
}

export class EngineExecutor implements FunctionExecutor {
  /** SHA-256 (hex) -> unpacked folder, so a warm invocation reads no blob. */
  private readonly unpacked = new Map<string, Promise<string>>();
  private started = false;

  constructor(private readonly deps: EngineExecutorDeps) {}

  /**
   * A warm invocation builds nothing (the spec is remembered per version record) and adds one
   * promise reaction to the engine's: no async frames of its own on the hot path.
   */
  invoke(fn: ExecutableVersion, request: ExecutionRequest): Promise<ExecutionResult> {
    const engineRequest: InvokeRequest = {
      requestId: request.requestId,
      payload: request.payload,
      invokedFunctionArn: request.invokedFunctionArn,
      tailLogs: request.tailLogs,
    };
    if (request.clientContext !== undefined) engineRequest.clientContext = request.clientContext;
    const spec = this.knownSpec(fn);
    if (!spec) return this.spec(fn).then((built) => this.run(built, engineRequest));
    return this.run(spec, engineRequest);
  }

  /** The engine's invocation, its failures that are the function's configuration worded for the caller. */
  private run(spec: FunctionSpec, request: InvokeRequest): Promise<ExecutionResult> {
    let running: Promise<InvokeResult>;
    try {
      running = this.engine().invoke(spec, request);
    } catch (err) {
      running = Promise.reject(err);
    }
    return running.then(toExecutionResult, rethrowForCaller);
  }

  async prewarm(fn: ExecutableVersion, count: number): Promise<void> {
    const spec = await this.spec(fn);
    try {
      await this.engine().prewarm(spec, count);
    } catch (err) {
      rethrowForCaller(err);
    }
  }

  async drop(functionArn: string, version?: string): Promise<void> {
    if (this.started) await this.engine().drop(functionArn, version);
  }

  async stop(): Promise<void> {
    if (this.started) await this.engine().stop();
  }

  private engine(): LambdaEngine {
    this.started = true;
    return this.deps.engine();
  }

  /**
   * The spec last built for a version record, while its ARN and the endpoint are unchanged.
   * Invoke's records are kept in memory (invoke-cache.ts) and never mutated, so a warm invocation
   * builds nothing, and the engine recognises its function by the same spec object (engine.ts
   * compares identity before fingerprints). The engine only reads specs.
   */
  private readonly specs = new WeakMap<VersionRecord, { spec: FunctionSpec; functionArn: string; endpointUrl: string }>();

  private async spec(fn: ExecutableVersion): Promise<FunctionSpec> {
    const known = this.knownSpec(fn);
    if (known) return known;
    const endpointUrl = this.deps.endpointUrl();
    const spec = await this.buildSpec(fn, endpointUrl);
    this.specs.set(fn.version, { spec, functionArn: fn.functionArn, endpointUrl });
    return spec;
  }

  /** The spec remembered for the version record, if its ARN and the endpoint are unchanged. */
  private knownSpec(fn: ExecutableVersion): FunctionSpec | undefined {
    const known = this.specs.get(fn.version);
    if (known && known.functionArn === fn.functionArn && known.endpointUrl === this.deps.endpointUrl()) return known.spec;
    return undefined;
  }

  private async buildSpec(fn: ExecutableVersion, endpointUrl: string): Promise<FunctionSpec> {
    const v = fn.version;
    const hotReload = isHotReload(v.code);
    const [codeDir, ...layerDirs] = await Promise.all([
      hotReload ? v.code.localFolder! : this.unpack(v.code),
      ...fn.layers.map((l) => this.unpack(l)),
    ]);
    return {
      functionArn: fn.functionArn,
      functionName: fn.functionName,
      version: v.version,
      runtime: v.runtime ?? "provided.al2023",
      handler: v.handler ?? "",
      memoryMb: v.memorySize,
      timeoutSec: v.timeout,
      environment: { ...(v.environment ?? {}) },
      codeDir: codeDir!,
      ...(hotReload ? { hotReload } : {}),
      layerDirs,
      ephemeralStorageMb: v.ephemeralStorageMb,
      region: fn.scope.region,
      accountId: fn.scope.accountId,
      // A 12-digit access key id selects its account in Nimbus (see src/aws/identity/credentials.ts),
      // so SDK calls made by the function act in the function's account.
      credentials: { accessKeyId: fn.scope.accountId, secretAccessKey: "nimbus-lambda" },
      endpointUrl,
      logGroup: v.logging.logGroup,
    };
  }

  private unpack(code: CodeRef): Promise<string> {
    const sha = codeHex(code);
    let dir = this.unpacked.get(sha);
    if (!dir) {
      dir = this.deps.code.get(code).then(async (zip) => (await unpackCode(zip, { cacheDir: join(this.deps.cacheDir, "code"), sha256: sha })).dir);
      dir.catch(() => this.unpacked.delete(sha));
      this.unpacked.set(sha, dir);
    }
    return dir;
  }
}

function toExecutionResult(result: InvokeResult): ExecutionResult {
  const out: ExecutionResult = { payload: result.payload, durationMs: result.durationMs };
  if (result.functionError) out.functionError = result.functionError;
  if (result.logTail !== undefined) out.logTail = result.logTail;
  return out;
}

/** Engine failures that are the function's configuration, worded for the caller; others as they are. */
function rethrowForCaller(err: unknown): never {
  if (err instanceof UnsupportedRuntimeError) throw new NotImplementedError("Lambda", "Invoke", `Nimbus cannot run ${err.message}`);
  if (err instanceof CodeUnpackError) throw new InvalidZipFileException(err.message, { Type: "User" });
  throw err;
}
