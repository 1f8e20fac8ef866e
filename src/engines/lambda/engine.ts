// The Lambda execution engine: runs function versions in execution environments (OS processes
// speaking the Runtime API), reusing warm ones, starting new ones when all are busy, and
// stopping idle ones after keepAliveMs. The control plane calls invoke/prewarm/drop.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Clock } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import { CodeWatchers } from "./code-watcher.js";
import { ExecutionEnvironment, type EnvironmentContext } from "./environment.js";
import { binDirOf, environmentVariables, functionEnvironment } from "./environment-variables.js";
import { FunctionPool, sameConfiguration, type PreparedFunction } from "./function-pool.js";
import { curatedSdkModules, findRuntimesDir, findSdkNodeModules } from "./installation.js";
import { findBootstrap, Launcher, nodeHandlerIsEsm } from "./launcher.js";
import { LayerTrees } from "./layers.js";
import { LogStreamWriter } from "./log-capture.js";
import { endLine, initStartLine, logStreamName, logTail, reportLine, startLine } from "./log-format.js";
import { invalidEntrypoint, platformErrorPayload } from "./platform-errors.js";
import { findExecutable, type ExecWrappers } from "./process-control.js";
import { startRuntimeProcess } from "./runtime-process.js";
import { resolveRuntime, UnsupportedRuntimeError } from "./runtimes.js";
import type { FunctionSpec, InvokeRequest, InvokeResult, LambdaEngineDeps, LogSink } from "./types.js";
import { WarmPool, type PoolShape } from "./warm-pool.js";

const DEFAULT_KEEP_ALIVE_MS = 5 * 60_000;
const DEFAULT_INIT_TIMEOUT_MS = 10_000;
const DEFAULT_MEMORY_CHECK_MS = 50;
export const DEFAULT_FREEZE_DELAY_MS = 50;
const DEFAULT_STORAGE_CHECK_MS = 1000;
/**
 * Environments are recycled, as Lambda recycles them "every few hours ... even for functions
 * that are invoked continuously" (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
 * The invocation bound matters more locally: the runtimes set _X_AMZN_TRACE_ID for every
 * invocation, as AWS's do, and libc's setenv never frees a replaced value (~140 bytes per
 * invocation measured), so an environment serving a long load test would otherwise creep toward
 * its memory size. 100,000 invocations stay under ~15 MB of that.
 */
const DEFAULT_MAX_ENVIRONMENT_INVOCATIONS = 100_000;
const DEFAULT_MAX_ENVIRONMENT_LIFETIME_MS = 2 * 60 * 60_000;

/**
 * Variables that only act when a process starts: a function setting one cannot be served by
 * a pre-started generic runtime.
 */
const START_TIME_VARIABLES = new Set(["NODE_OPTIONS", "NODE_EXTRA_CA_CERTS", "LD_PRELOAD", "LD_LIBRARY_PATH", "AWS_LAMBDA_EXEC_WRAPPER"]);

export class LambdaEngine {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly logSink: LogSink;
  private readonly keepAliveMs: number;
  private readonly envContext: EnvironmentContext;
  private readonly envsDir: string;
  private readonly launcher: Launcher;
  private readonly layers: LayerTrees;
  private readonly wrappers: ExecWrappers;
  private readonly warmPool: WarmPool | undefined;
  private readonly sdkSource: string | undefined;
  private sdkModules: Promise<string | undefined> | undefined;
  private readonly functions = new Map<string, FunctionPool>();
  private readonly retiredPools = new Set<FunctionPool>();
  private readonly codeWatchers: CodeWatchers;
  private stopped = false;
  private readonly exitHook = (): void => this.killEverything();

  constructor(private readonly deps: LambdaEngineDeps) {
    this.clock = deps.clock;
    this.logger = deps.logger;
    this.logSink = deps.logSink;
    this.keepAliveMs = deps.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
    this.envContext = {
      clock: deps.clock,
      logger: deps.logger,
      logSink: deps.logSink,
      initTimeoutMs: deps.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS,
      memoryCheckIntervalMs: deps.memoryCheckIntervalMs ?? DEFAULT_MEMORY_CHECK_MS,
      freezeIdle: deps.freezeIdle ?? true,
      freezeDelayMs: deps.freezeDelayMs ?? DEFAULT_FREEZE_DELAY_MS,
      storageCheckIntervalMs: deps.storageCheckIntervalMs ?? DEFAULT_STORAGE_CHECK_MS,
      maxInvocations: deps.maxEnvironmentInvocations ?? DEFAULT_MAX_ENVIRONMENT_INVOCATIONS,
      maxLifetimeMs: deps.maxEnvironmentLifetimeMs ?? DEFAULT_MAX_ENVIRONMENT_LIFETIME_MS,
    };
    this.envsDir = join(deps.workDir, "envs");
    const runtimesDir = deps.runtimesDir ?? findRuntimesDir();
    this.launcher = new Launcher({
      runtimesDir,
      nodeExecutable: deps.nodeExecutable ?? process.execPath,
      pythonExecutable: deps.pythonExecutable,
    });
    this.layers = new LayerTrees(join(deps.workDir, "opt"));
    this.codeWatchers = new CodeWatchers(deps.logger);
    this.wrappers = { prlimit: findExecutable("prlimit"), setpriv: findExecutable("setpriv") };
    if (!this.wrappers.prlimit) this.logger.warn("prlimit not found: Lambda ephemeral storage is only checked after invocations");
    this.sdkSource = deps.nodeSdkModulesDir ?? findSdkNodeModules();
    const pool = deps.warmPool === undefined ? { size: 1, maxShapes: 4 } : deps.warmPool;
    if (pool && pool.size > 0) {
      this.warmPool = new WarmPool({
        size: pool.size,
        maxShapes: pool.maxShapes,
        logger: deps.logger,
        start: (shape) => this.startGenericRuntime(shape),
      });
      for (const s of pool.shapes ?? []) {
        const runtime = resolveRuntime(s.runtime);
        if (runtime && runtime.family !== "provided") {
          this.warmPool.fill({ family: runtime.family, memoryMb: s.memoryMb, ephemeralStorageMb: s.ephemeralStorageMb, esm: false });
        }
      }
    }
    // Function processes live in their own process groups: make sure they die with Nimbus.
    process.on("exit", this.exitHook);
  }

  /**
   * Runs one invocation; function failures come back as results, engine failures as rejections.
   * A warm invocation (prepared function, idle environment) goes straight to the environment:
   * no async frame of its own, which a hello-world invocation measurably paid for.
   */
  invoke(spec: FunctionSpec, req: InvokeRequest): Promise<InvokeResult> {
    if (this.stopped || spec.hotReload) return this.invokeSlowly(spec, req, undefined);
    const pool = this.poolFor(spec);
    const prepared = pool.prepared;
    if (prepared === undefined || prepared.entrypointError !== undefined) return this.invokeSlowly(spec, req, pool);
    const env = pool.takeIdle();
    if (env === undefined) return this.invokeSlowly(spec, req, pool);
    return env.invoke(req);
  }

  /** invoke() when something must be waited for: hot-reload events, preparation, a new environment. */
  private async invokeSlowly(spec: FunctionSpec, req: InvokeRequest, known: FunctionPool | undefined): Promise<InvokeResult> {
    if (this.stopped) throw new Error("the Lambda engine is stopped");
    if (spec.hotReload) await settleFileEvents();
    const pool = known ?? this.poolFor(spec);
    const prepared = pool.prepared ?? (await this.prepare(pool));
    if (prepared.entrypointError !== undefined) return this.failWithoutEnvironment(spec, prepared, req);
    const env = pool.takeIdle() ?? (await this.createEnvironment(pool, prepared));
    return env.invoke(req);
  }

  /** Starts environments until `count` exist for this version, and waits for their init. */
  async prewarm(spec: FunctionSpec, count: number): Promise<void> {
    if (this.stopped) throw new Error("the Lambda engine is stopped");
    if (spec.hotReload) await settleFileEvents();
    const pool = this.poolFor(spec);
    const prepared = pool.prepared ?? (await this.prepare(pool));
    if (prepared.entrypointError !== undefined) return;
    const missing = Math.max(0, count - pool.liveCount());
    const started = await Promise.all(Array.from({ length: missing }, () => this.createEnvironment(pool, prepared)));
    await Promise.all(
      started.map(async (env) => {
        await env.whenInitialized();
        if (!env.dead && !env.busy) this.release(pool, env);
      }),
    );
  }

  /** Stops the environments of a function (all versions, or one); busy ones finish first. */
  async drop(functionArn: string, version?: string): Promise<void> {
    const gone: Promise<void>[] = [];
    for (const pool of [...this.functions.values()]) {
      if (pool.spec.functionArn !== functionArn) continue;
      if (version !== undefined && pool.spec.version !== version) continue;
      for (const env of pool.all) if (!env.busy) gone.push(env.whenGone());
      this.retire(pool);
    }
    await Promise.all(gone);
  }

  /** Stops everything: environments are killed, pending invocations end with Runtime.ExitError. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const gone: Promise<void>[] = [];
    for (const pool of [...this.functions.values(), ...this.retiredPools]) {
      for (const env of pool.all) {
        gone.push(env.whenGone());
        env.kill();
      }
    }
    for (const pool of this.functions.values()) pool.reapTimer?.cancel();
    this.functions.clear();
    this.codeWatchers.closeAll();
    this.warmPool?.stop();
    await Promise.all(gone);
    process.off("exit", this.exitHook);
  }

  /** Resolves once the warm pool has finished starting its runtimes (tests and benchmarks). */
  async warmPoolSettled(): Promise<void> {
    await this.warmPool?.settled();
  }

  // ---- internals ----

  private poolFor(spec: FunctionSpec): FunctionPool {
    const key = `${spec.functionArn}\0${spec.version}`;
    const pool = this.functions.get(key);
    let stale = false;
    if (pool && pool.spec !== spec) {
      if (sameConfiguration(spec, pool.spec)) pool.spec = spec;
      else stale = true;
    }
    // Hot reload: environments that loaded an older state of the folder are replaced.
    if (pool && !stale && !pool.codeChanged()) return pool;
    const fresh = new FunctionPool(key, spec);
    if (spec.hotReload) {
      // Acquired before the old pool lets go, so the folder's watch is kept, not rebuilt.
      fresh.codeWatcher = this.codeWatchers.acquire(spec.codeDir);
      fresh.codeGeneration = fresh.codeWatcher.generation();
    }
    this.functions.set(key, fresh);
    if (pool) this.retire(pool);
    return fresh;
  }

  private retire(pool: FunctionPool): void {
    pool.retired = true;
    pool.reapTimer?.cancel();
    pool.reapTimer = undefined;
    if (this.functions.get(pool.key) === pool) this.functions.delete(pool.key);
    if (pool.codeWatcher) {
      this.codeWatchers.release(pool.codeWatcher);
      pool.codeWatcher = undefined;
    }
    for (const env of pool.all) if (!env.busy) env.kill();
    if (pool.all.size > 0) this.retiredPools.add(pool);
  }

  private prepare(pool: FunctionPool): Promise<PreparedFunction> {
    pool.preparing ??= this.prepareSpec(pool.spec).then(
      (prepared) => (pool.prepared = prepared),
      (err: unknown) => {
        pool.preparing = undefined;
        throw err;
      },
    );
    return pool.preparing;
  }

  private async prepareSpec(spec: FunctionSpec): Promise<PreparedFunction> {
    const runtime = resolveRuntime(spec.runtime);
    if (!runtime) throw new UnsupportedRuntimeError(spec.runtime);
    const optDir = await this.layers.optDirFor(spec.layerDirs);
    const interpreter = await this.launcher.interpreter(runtime.family);
    const functionEnv = functionEnvironment(spec, runtime, {
      optDir,
      runtimeDir: this.launcher.runtimeDir(runtime.family),
      languageBinDir: interpreter ? binDirOf(interpreter) : undefined,
      nodeSdkModulesDir: runtime.family === "node" ? await this.nodeSdkModules() : undefined,
    });
    let entrypointError: string | undefined;
    let command;
    if (spec.hotReload && !existsSync(spec.codeDir)) {
      // A hot-reload folder removed since the function was made: no process could start in it.
      entrypointError = `Hot reload folder ${spec.codeDir} does not exist`;
    } else if (runtime.family === "provided") {
      const found = await findBootstrap(spec.codeDir, optDir);
      if ("error" in found) entrypointError = found.error;
      else command = await this.launcher.commandFor(spec, runtime, found.path);
    } else {
      command = await this.launcher.commandFor(spec, runtime);
    }
    let poolShape: PoolShape | undefined;
    if (runtime.family !== "provided" && this.warmPool && poolEligible(spec, optDir)) {
      poolShape = {
        family: runtime.family,
        memoryMb: spec.memoryMb,
        ephemeralStorageMb: spec.ephemeralStorageMb,
        esm: runtime.family === "node" && nodeHandlerIsEsm(spec.codeDir, spec.handler),
      };
    }
    return {
      runtime,
      functionEnv,
      command,
      entrypointError,
      limits: this.launcher.limitsFor(runtime.family, spec.memoryMb, spec.ephemeralStorageMb),
      poolShape,
    };
  }

  private nodeSdkModules(): Promise<string | undefined> {
    const source = this.sdkSource;
    this.sdkModules ??= source ? curatedSdkModules(source, this.deps.workDir) : Promise.resolve(undefined);
    return this.sdkModules;
  }

  private async createEnvironment(pool: FunctionPool, prepared: PreparedFunction): Promise<ExecutionEnvironment> {
    const spec = pool.spec;
    const stream = logStreamName(this.clock.now(), spec.version);
    let env: ExecutionEnvironment | undefined;
    const pooled = prepared.poolShape ? this.warmPool?.take(prepared.poolShape) : undefined;
    if (pooled) {
      const { proc } = pooled;
      const variables = environmentVariables(prepared.functionEnv, { logStreamName: stream, runtimeApi: proc.runtimeApi, tmpDir: proc.tmpDir });
      const specialization = JSON.stringify({ env: variables, cwd: spec.codeDir });
      env = new ExecutionEnvironment(proc, spec, prepared.runtime, this.envContext, stream, specialization);
      if (pooled.parkedSpecialize) env.specialize(pooled.parkedSpecialize);
    } else {
      const command = prepared.command!;
      const proc = await startRuntimeProcess({
        envsDir: this.envsDir,
        wrappers: this.wrappers,
        // Our own bootstraps get the frame channel; custom runtimes and exec wrappers speak HTTP only.
        channel: prepared.runtime.family !== "provided" && !spec.environment.AWS_LAMBDA_EXEC_WRAPPER,
        plan: (runtimeApi, tmpDir) => ({
          command: command.command,
          args: command.args,
          env: environmentVariables(prepared.functionEnv, { logStreamName: stream, runtimeApi, tmpDir }),
          cwd: spec.codeDir,
          limits: prepared.limits,
        }),
      });
      env = new ExecutionEnvironment(proc, spec, prepared.runtime, this.envContext, stream);
    }
    pool.all.add(env);
    env.onIdle = (e) => this.release(pool, e);
    env.onGone = (e) => {
      pool.forget(e);
      if (pool.retired && pool.all.size === 0) this.retiredPools.delete(pool);
    };
    if (this.stopped) env.kill();
    return env;
  }

  /** An environment finished its work: keep it warm for keepAliveMs, or stop it. */
  private release(pool: FunctionPool, env: ExecutionEnvironment): void {
    if (pool.retired || env.retireWhenIdle || this.stopped) {
      env.kill();
      return;
    }
    pool.putIdle(env, this.clock.now());
    this.scheduleReap(pool);
  }

  /** Arms the pool's keep-alive timer for its longest-idle environment, unless it is armed. */
  private scheduleReap(pool: FunctionPool): void {
    if (pool.reapTimer) return;
    const oldest = pool.oldestIdleSince();
    if (oldest === undefined) return;
    pool.reapTimer = this.clock.setTimeout(() => {
      pool.reapTimer = undefined;
      for (const env of pool.takeIdleSince(this.clock.now() - this.keepAliveMs)) env.kill();
      this.scheduleReap(pool);
    }, oldest + this.keepAliveMs - this.clock.now());
  }

  private async startGenericRuntime(shape: PoolShape) {
    const command = await this.launcher.managedCommand(shape.family, shape.memoryMb);
    const binDir = binDirOf((await this.launcher.interpreter(shape.family))!);
    return startRuntimeProcess({
      envsDir: this.envsDir,
      wrappers: this.wrappers,
      channel: true,
      plan: (runtimeApi, tmpDir) => ({
        command: command.command,
        args: command.args,
        env: this.launcher.genericEnvironment(binDir, runtimeApi, tmpDir, shape.esm),
        cwd: this.launcher.runtimeDir(shape.family),
        limits: this.launcher.limitsFor(shape.family, shape.memoryMb, shape.ephemeralStorageMb),
      }),
    });
  }

  /** provided runtime without a bootstrap: fails like Lambda, without starting a process. */
  private failWithoutEnvironment(spec: FunctionSpec, prepared: PreparedFunction, req: InvokeRequest): InvokeResult {
    const started = performance.now();
    const error = invalidEntrypoint(req.requestId, prepared.entrypointError!);
    const log = new LogStreamWriter(this.logSink, this.clock, spec.logGroup, logStreamName(this.clock.now(), spec.version), {
      accountId: spec.accountId,
      region: spec.region,
    });
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    const lines = [
      initStartLine(spec.region, prepared.runtime.versionLabel),
      `INIT_REPORT Init Duration: ${durationMs.toFixed(2)} ms\tPhase: init\tStatus: error\tError Type: ${error.errorType}\t\n`,
      startLine(req.requestId, spec.version),
      `${error.errorMessage}\n${error.errorType}\n`,
      endLine(req.requestId),
      reportLine({
        requestId: req.requestId,
        durationMs,
        billedDurationMs: Math.ceil(durationMs),
        memorySizeMb: spec.memoryMb,
        maxMemoryUsedMb: 0,
        status: "error",
        errorType: error.errorType,
      }),
    ];
    for (const line of lines) log.write(line);
    log.flush();
    const result: InvokeResult = {
      payload: platformErrorPayload(error),
      functionError: "Unhandled",
      errorType: error.errorType,
      durationMs,
      billedDurationMs: Math.ceil(durationMs),
      maxMemoryUsedMb: 0,
    };
    if (req.tailLogs) result.logTail = logTail(lines);
    return result;
  }

  private killEverything(): void {
    for (const pool of [...this.functions.values(), ...this.retiredPools]) for (const env of pool.all) env.kill();
    this.warmPool?.killAll();
  }
}

/**
 * Lets file-system events already queued run before a hot-reload invocation picks its pool.
 * The request that led here may have been read in the same event-loop turn as the inotify event
 * of an edit saved just before it, and reached this point through promise continuations alone;
 * one setImmediate lets that turn's remaining I/O callbacks (the watcher's) run first.
 */
const settleFileEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** May a pre-started generic runtime serve this function? */
function poolEligible(spec: FunctionSpec, optDir: string): boolean {
  for (const name of Object.keys(spec.environment)) {
    if (START_TIME_VARIABLES.has(name) || name.startsWith("PYTHON")) return false;
  }
  // Shared libraries in /var/task/lib or /opt/lib need LD_LIBRARY_PATH when the process starts.
  return !existsSync(join(spec.codeDir, "lib")) && !existsSync(join(optDir, "lib"));
}
