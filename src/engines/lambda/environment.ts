// One execution environment: a runtime process driven through its Runtime API.
// Lifecycle (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html):
// INIT runs once, until the runtime first asks for an invocation (GET /next); then one
// invocation at a time; a timeout, a crash, an init error or the memory limit ends the
// environment (the next invocation gets a new one). The engine keeps idle environments
// for reuse and stops them after keepAliveMs.
import { performance } from "node:perf_hooks";
import type { Clock, TimerHandle } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import { usedBytes } from "./ephemeral-storage.js";
import { LogStreamWriter, TailBuffer } from "./log-capture.js";
import { describeOutcome, errorTypeOf, newTraceHeader, type Invocation, type Outcome } from "./invocation.js";
import { endLine, initReportLine, initStartLine, logTail, reportLine, startLine, timeoutLogLine } from "./log-format.js";
import { MemoryWatchdog } from "./memory-watchdog.js";
import { platformErrorPayload, responseTooLarge, runtimeExited, timedOut, type ProcessExit } from "./platform-errors.js";
import { freezeProcessGroup, thawProcessGroup } from "./process-control.js";
import type { NextInvocation, Reply, RuntimeApiHandler, Verdict } from "./runtime-api-server.js";
import { watchProcess, type RuntimeProcess } from "./runtime-process.js";
import type { RuntimeInfo } from "./runtimes.js";
import type { FunctionSpec, InvokeRequest, InvokeResult, LogSink } from "./types.js";

export interface EnvironmentContext {
  clock: Clock;
  logger: Logger;
  logSink: LogSink;
  initTimeoutMs: number;
  memoryCheckIntervalMs: number;
  freezeIdle: boolean;
  /**
   * How long an environment waits idle before it is frozen. Back-to-back invocations then skip
   * the SIGSTOP/SIGCONT pair (two signals to the whole process group per invocation, measured at
   * ~20% of throughput); an environment idle for longer is frozen as before.
   */
  freezeDelayMs: number;
  /**
   * /tmp is measured at most this often per environment (a recursive readdir per invocation is
   * measurable on the hot path); an invocation inside the interval schedules one check at its end.
   */
  storageCheckIntervalMs: number;
  /** Recycling (engine.ts): the environment retires once idle after this many invocations... */
  maxInvocations: number;
  /** ...or after this long since its process started. */
  maxLifetimeMs: number;
}

/** Node prints this before aborting when --max-old-space-size is reached. */
const NODE_HEAP_OOM = "JavaScript heap out of memory";
const INIT_ERROR_GRACE_MS = 100;

export class ExecutionEnvironment implements RuntimeApiHandler {
  readonly logStreamName: string;
  /** Set when the environment must not take another invocation (code updated, /tmp overgrown, recycled). */
  retireWhenIdle = false;
  onIdle: ((env: ExecutionEnvironment) => void) | undefined;
  onGone: ((env: ExecutionEnvironment) => void) | undefined;

  private readonly log: LogStreamWriter;
  private readonly watchdog: MemoryWatchdog;
  private readonly timeoutMs: number;
  private initialized = false;
  private initStartedAt = performance.now();
  private invocations = 0;
  private initDurationMs: number | undefined;
  private initDurationReported = false;
  private initTimer: TimerHandle | undefined;
  private initFailure: { errorType: string; payload: Buffer } | undefined;
  private initTimedOut = false;
  private initWaiters: Array<() => void> = [];
  private goneWaiters: Array<() => void> = [];
  private parkedNext: Reply<NextInvocation> | undefined;
  private current: Invocation | undefined;
  private specialization: string | undefined;
  private outOfMemory = false;
  private killed = false;
  private frozen = false;
  private freezeTimer: TimerHandle | undefined;
  /** The function timeout's timer (armTimeoutTimer). */
  private timeoutTimer: TimerHandle | undefined;
  /** clock.now() when the runtime last parked on /next with nothing to run. */
  private idleSince = 0;
  private storageCheckedAt = Number.NEGATIVE_INFINITY;
  private storageTimer: TimerHandle | undefined;
  private disposed = false;
  private initReportWritten = false;
  private gone = false;

  constructor(
    private readonly proc: RuntimeProcess,
    readonly spec: FunctionSpec,
    private readonly runtime: RuntimeInfo,
    private readonly ctx: EnvironmentContext,
    logStreamName: string,
    /** For a pre-started generic runtime: the JSON it is told when it asks what to run. */
    specialization?: string,
  ) {
    this.logStreamName = logStreamName;
    this.timeoutMs = spec.timeoutSec * 1000;
    this.specialization = specialization;
    this.log = new LogStreamWriter(ctx.logSink, ctx.clock, spec.logGroup, logStreamName, { accountId: spec.accountId, region: spec.region });
    this.watchdog = new MemoryWatchdog(proc.pid, spec.memoryMb * 1024, ctx.memoryCheckIntervalMs, () => this.killForMemory());
    this.attachProcess();
    this.writeLog(initStartLine(spec.region, runtime.versionLabel));
    this.initTimer = ctx.clock.setTimeout(() => this.onInitTimeout(), ctx.initTimeoutMs);
    this.watchdog.start();
    proc.setHandler(this);
  }

  get id(): string {
    return this.proc.id;
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** True once the process is gone or going: never hand it an invocation. */
  get dead(): boolean {
    return this.killed || this.gone;
  }

  /** Resolves when init finished (or failed: then the environment is dead). */
  whenInitialized(): Promise<void> {
    if (this.initialized || this.gone) return Promise.resolve();
    return new Promise((resolve) => this.initWaiters.push(resolve));
  }

  /** Resolves once the process is gone and the environment cleaned up. */
  whenGone(): Promise<void> {
    if (this.gone) return Promise.resolve();
    return new Promise((resolve) => this.goneWaiters.push(resolve));
  }

  invoke(req: InvokeRequest): Promise<InvokeResult> {
    if (this.current || this.dead) throw new Error(`environment ${this.id} cannot take an invocation now`);
    return new Promise<InvokeResult>((resolve) => {
      const inv: Invocation = {
        req,
        resolve,
        tail: req.tailLogs ? new TailBuffer() : undefined,
        acceptedAt: performance.now(),
        dispatchedAt: 0,
        deadline: 0,
        settled: false,
        startLogged: false,
      };
      this.current = inv;
      this.thaw();
      const reply = this.parkedNext;
      if (reply) {
        this.parkedNext = undefined;
        this.dispatch(inv, reply);
      }
    });
  }

  /** Stops the environment now (the process group is killed). */
  kill(): void {
    if (this.disposed) return;
    this.killed = true;
    this.disposed = true;
    this.cancelTimers();
    this.proc.dispose();
  }

  // ---- Runtime API ----

  next(reply: Reply<NextInvocation>): void {
    if (this.dead) return;
    if (!this.initialized) this.finishInit();
    const inv = this.current;
    if (inv && inv.dispatchedAt === 0) return this.dispatch(inv, reply);
    if (inv && !inv.settled) {
      return reply.rejectInvalidState("State transition from Running to Ready failed for runtime. Error: State transition is not allowed");
    }
    this.parkedNext = reply;
    // Between invocations Lambda freezes the environment: background timers and threads of
    // the function stop until the next invocation thaws it.
    if (this.ctx.freezeIdle && !this.current) this.freezeSoon();
  }

  response(requestId: string, body: Buffer | undefined, size: number): Verdict {
    const inv = this.current;
    if (!inv || inv.settled || inv.dispatchedAt === 0 || inv.req.requestId !== requestId) return "invalid-request-id";
    if (!body) {
      this.settleSoon(inv, { kind: "platform-error", error: responseTooLarge(size), status: "error" });
      return "too-large";
    }
    this.settleSoon(inv, { kind: "success", payload: body });
    return "accepted";
  }

  error(requestId: string, errorType: string | undefined, body: Buffer): Verdict {
    const inv = this.current;
    if (!inv || inv.settled || inv.dispatchedAt === 0 || inv.req.requestId !== requestId) return "invalid-request-id";
    const type = errorType || errorTypeOf(body) || "Unhandled";
    const payload = body.length > 0 ? body : platformErrorPayload({ errorType: type, errorMessage: "" });
    this.settleSoon(inv, { kind: "function-error", payload, errorType: type });
    return "accepted";
  }

  initError(errorType: string | undefined, body: Buffer): Verdict {
    if (this.initialized || this.initFailure) return "invalid-state";
    const type = errorType || errorTypeOf(body) || "Runtime.Unknown";
    const payload = body.length > 0 ? body : platformErrorPayload({ errorType: type, errorMessage: "" });
    this.initFailure = { errorType: type, payload };
    // Lambda resets an environment whose init failed; the next invocation initialises anew.
    // The caller gets the error now; the runtime has a moment to log and exit on its own.
    this.killed = true;
    setImmediate(() => {
      this.writeInitReport();
      const inv = this.current;
      if (inv && !inv.settled) {
        inv.settled = true;
        this.finish(inv, this.failureOutcome(inv, { code: null, signal: null }));
      }
      setTimeout(() => this.kill(), INIT_ERROR_GRACE_MS).unref();
    });
    return "accepted";
  }

  specialize(reply: Reply<string>): void {
    if (this.specialization === undefined) return reply.rejectInvalidState("This runtime is not waiting to be specialised");
    const text = this.specialization;
    this.specialization = undefined;
    reply.send(text);
  }

  // ---- internals ----

  private attachProcess(): void {
    watchProcess(this.proc, {
      stdout: (line) => this.writeLog(line),
      stderr: (line) => {
        if (line.includes(NODE_HEAP_OOM)) this.outOfMemory = true;
        this.writeLog(line);
      },
      gone: (exit, spawnError) => {
        if (spawnError) this.ctx.logger.warn({ err: spawnError, fn: this.spec.functionName }, "lambda runtime could not be started");
        this.processGone(exit);
      },
    });
  }

  private writeLog(line: string): void {
    this.log.write(line);
    this.current?.tail?.push(line);
  }

  private finishInit(): void {
    this.initialized = true;
    this.initDurationMs = performance.now() - this.initStartedAt;
    this.initTimer?.cancel();
    this.initTimer = undefined;
    if (!this.current) this.watchdog.stop();
    this.log.flush();
    this.releaseInitWaiters();
  }

  private releaseInitWaiters(): void {
    const waiters = this.initWaiters;
    this.initWaiters = [];
    for (const w of waiters) w();
  }

  private dispatch(inv: Invocation, reply: Reply<NextInvocation>): void {
    const now = this.ctx.clock.now();
    inv.dispatchedAt = performance.now();
    const { req } = inv;
    this.logStart(inv);
    inv.deadline = now + this.timeoutMs;
    if (!this.timeoutTimer) this.armTimeoutTimer(this.timeoutMs);
    this.watchdog.start();
    reply.send({
      requestId: req.requestId,
      deadlineMs: inv.deadline,
      invokedFunctionArn: req.invokedFunctionArn,
      traceId: req.traceId ?? newTraceHeader(now),
      clientContext: req.clientContext,
      cognitoIdentity: req.cognitoIdentity,
      payload: req.payload,
    });
  }

  /**
   * The result is in; finish one I/O turn later so output the runtime wrote to its pipes just
   * before answering (already readable, but maybe not read yet) still lands before END.
   */
  private settleSoon(inv: Invocation, outcome: Outcome): void {
    inv.settled = true;
    finishAfterIo(this, inv, outcome);
  }

  /**
   * The function timeout. One timer per environment rather than one per invocation: it is not
   * cancelled when an invocation ends; when it fires it times out the running invocation if its
   * deadline has come, re-arms for the rest of a later invocation's time, or stops while idle. A
   * busy environment then costs one timer per timeout period, not a timer set and cleared per
   * invocation (measurable on the hot path), and the timeout still fires at the deadline.
   */
  private armTimeoutTimer(ms: number): void {
    this.timeoutTimer = this.ctx.clock.setTimeout(() => {
      this.timeoutTimer = undefined;
      const inv = this.current;
      if (!inv || inv.settled || inv.dispatchedAt === 0 || this.dead) return;
      const left = inv.deadline - this.ctx.clock.now();
      if (left > 0) this.armTimeoutTimer(left);
      else this.onTimeout(inv);
    }, ms);
  }

  private onTimeout(inv: Invocation): void {
    if (inv.settled || this.current !== inv) return;
    inv.settled = true;
    this.writeLog(timeoutLogLine(this.ctx.clock.now(), inv.req.requestId, this.spec.timeoutSec));
    this.kill();
    this.finish(inv, { kind: "platform-error", error: timedOut(inv.req.requestId, this.spec.timeoutSec), status: "timeout" });
  }

  private onInitTimeout(): void {
    if (this.initialized || this.dead) return;
    this.initTimedOut = true;
    this.kill();
  }

  private killForMemory(): void {
    this.outOfMemory = true;
    this.kill();
  }

  private processGone(exit: ProcessExit): void {
    if (this.gone) return;
    this.gone = true;
    this.killed = true;
    this.cancelTimers();
    this.watchdog.stop();
    this.initTimer?.cancel();
    this.proc.dispose();
    const inv = this.current;
    if (!this.initialized) this.writeInitReport();
    if (inv && !inv.settled) {
      inv.settled = true;
      this.finish(inv, this.failureOutcome(inv, exit));
    }
    this.log.flush();
    this.watchdog.close();
    this.releaseInitWaiters();
    this.onGone?.(this);
    for (const w of this.goneWaiters.splice(0)) w();
  }

  /** INIT_REPORT, written when init ends in failure. */
  private writeInitReport(): void {
    if (this.initReportWritten) return;
    this.initReportWritten = true;
    const errorType = this.initTimedOut
      ? undefined
      : (this.initFailure?.errorType ?? (this.outOfMemory ? "Runtime.OutOfMemory" : "Runtime.ExitError"));
    this.writeLog(initReportLine(performance.now() - this.initStartedAt, errorType));
  }

  private failureOutcome(inv: Invocation, exit: ProcessExit): Outcome {
    const requestId = inv.req.requestId;
    if (this.initFailure) {
      return { kind: "function-error", payload: this.initFailure.payload, errorType: this.initFailure.errorType, platformStatus: "error" };
    }
    if (this.initTimedOut) {
      return { kind: "platform-error", error: timedOut(requestId, this.spec.timeoutSec), status: "timeout" };
    }
    const error = runtimeExited(requestId, exit, this.outOfMemory);
    this.logStart(inv);
    this.writeLog(`${error.errorMessage}\n${error.errorType}\n`);
    return { kind: "platform-error", error, status: "error" };
  }

  /** finishAfterIo's entry: finish() for an invocation settleSoon settled. */
  finishSettled(inv: Invocation, outcome: Outcome): void {
    this.finish(inv, outcome);
  }

  private finish(inv: Invocation, outcome: Outcome): void {
    const { requestId } = inv.req;
    let initDurationMs: number | undefined;
    if (!this.initDurationReported && this.initDurationMs !== undefined) {
      initDurationMs = this.initDurationMs;
      this.initDurationReported = true;
    }
    const durationMs = performance.now() - (inv.dispatchedAt || inv.acceptedAt);
    const { result, report } = describeOutcome(requestId, outcome, {
      durationMs,
      initDurationMs,
      memorySizeMb: this.spec.memoryMb,
      maxMemoryUsedMb: this.outOfMemory ? this.spec.memoryMb : Math.min(this.watchdog.peakMb(durationMs), this.spec.memoryMb),
    });
    this.logStart(inv);
    this.writeLog(endLine(requestId));
    this.writeLog(reportLine(report));
    this.log.flush();
    if (inv.tail) result.logTail = logTail(inv.tail.contents);
    if (this.current === inv) this.current = undefined;
    if (++this.invocations >= this.ctx.maxInvocations || performance.now() - this.initStartedAt >= this.ctx.maxLifetimeMs) this.retireWhenIdle = true;
    if (!this.dead) {
      this.watchdog.stop();
      // The runtime may have asked for the next invocation before this turn (the channel's
      // response frame always does): the idle environment still freezes after freezeDelayMs.
      if (this.parkedNext && this.ctx.freezeIdle) this.freezeSoon();
      this.onIdle?.(this);
      this.scheduleStorageCheck();
    }
    inv.resolve(result);
  }

  /**
   * Freezes the environment once it has stayed idle for freezeDelayMs. The timer is not
   * cancelled when an invocation comes in: when it fires it checks how long the environment has
   * been idle and re-arms for the rest, so a busy environment costs one timer per freezeDelayMs,
   * not one per invocation.
   */
  private freezeSoon(): void {
    this.idleSince = this.ctx.clock.now();
    if (this.frozen || this.freezeTimer) return;
    if (this.ctx.freezeDelayMs <= 0) return this.freeze();
    this.armFreezeTimer(this.ctx.freezeDelayMs);
  }

  private armFreezeTimer(ms: number): void {
    this.freezeTimer = this.ctx.clock.setTimeout(() => {
      this.freezeTimer = undefined;
      if (this.current || !this.parkedNext || this.dead) return;
      const left = this.idleSince + this.ctx.freezeDelayMs - this.ctx.clock.now();
      if (left > 0) this.armFreezeTimer(left);
      else this.freeze();
    }, ms);
  }

  private freeze(): void {
    if (this.frozen || this.dead) return;
    this.frozen = freezeProcessGroup(this.proc.pid);
  }

  private thaw(): void {
    if (!this.frozen) return;
    this.frozen = false;
    thawProcessGroup(this.proc.pid);
  }

  private logStart(inv: Invocation): void {
    if (inv.startLogged) return;
    inv.startLogged = true;
    this.writeLog(startLine(inv.req.requestId, this.spec.version));
  }

  private cancelTimers(): void {
    this.timeoutTimer?.cancel();
    this.timeoutTimer = undefined;
    this.freezeTimer?.cancel();
    this.freezeTimer = undefined;
    this.storageTimer?.cancel();
    this.storageTimer = undefined;
  }

  /** Measures /tmp now if the last check is old enough, else once the interval has passed. */
  private scheduleStorageCheck(): void {
    if (this.storageTimer) return;
    const wait = this.storageCheckedAt + this.ctx.storageCheckIntervalMs - performance.now();
    if (wait <= 0) return void this.checkEphemeralStorage();
    this.storageTimer = this.ctx.clock.setTimeout(() => {
      this.storageTimer = undefined;
      if (!this.dead) void this.checkEphemeralStorage();
    }, wait);
  }

  /** Retires the environment once its /tmp outgrew the function's ephemeral storage. */
  private async checkEphemeralStorage(): Promise<void> {
    this.storageCheckedAt = performance.now();
    const limit = this.spec.ephemeralStorageMb * 1024 * 1024;
    const used = await usedBytes(this.proc.tmpDir, limit);
    if (used <= limit || this.dead) return;
    this.ctx.logger.warn(
      { fn: this.spec.functionName, env: this.id, usedBytes: used, limitBytes: limit },
      "lambda environment /tmp exceeded its ephemeral storage; retiring the environment",
    );
    this.retireWhenIdle = true;
    if (!this.busy) this.kill();
  }
}

/**
 * Invocations whose result came in during this I/O turn, finished in one setImmediate callback
 * (in arrival order) rather than one each: under load several results arrive per turn.
 */
let finishing: Array<{ env: ExecutionEnvironment; inv: Invocation; outcome: Outcome }> = [];

function finishAfterIo(env: ExecutionEnvironment, inv: Invocation, outcome: Outcome): void {
  if (finishing.length === 0) setImmediate(finishAll);
  finishing.push({ env, inv, outcome });
}

function finishAll(): void {
  const batch = finishing;
  finishing = [];
  for (const { env, inv, outcome } of batch) {
    try {
      env.finishSettled(inv, outcome);
    } catch (err) {
      // One failure must not strand the others; it still surfaces as an uncaught exception.
      process.nextTick(() => {
        throw err;
      });
    }
  }
}
