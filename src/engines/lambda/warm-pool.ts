// Pre-started generic runtime processes. Starting node takes ~40-60 ms before any function
// code runs; a process started ahead of time, with its bootstrap loaded and parked on a
// Nimbus-private "which function am I?" request (GET /_nimbus/specialize on its own Runtime
// API listener), turns a cold start into: send the environment, load the handler, run.
//
// Trade-offs (docs/lambda-engine.md): each parked process costs memory (~40 MB node,
// ~10 MB python) and the pool refills in the background after each use, competing for CPU;
// the shape (family, memory size, storage size) is fixed at spawn because heap and file-size
// limits are; variables that only act at process start (NODE_OPTIONS, LD_PRELOAD,
// LD_LIBRARY_PATH-dependent libraries, PYTHON*, exec wrappers) make a function ineligible,
// and such functions always get a fresh process.
import type { Logger } from "../../shared/logger.js";
import type { NextInvocation, Reply, RuntimeApiHandler, Verdict } from "./runtime-api-server.js";
import type { RuntimeProcess } from "./runtime-process.js";

export interface PoolShape {
  family: "node" | "python";
  memoryMb: number;
  ephemeralStorageMb: number;
  /** Node only: the handler is an ES module, so the runtime prepares ES module loading too. */
  esm: boolean;
}

export const shapeKey = (s: PoolShape): string => `${s.family}:${s.memoryMb}:${s.ephemeralStorageMb}:${s.esm ? "esm" : "cjs"}`;

/** A generic runtime waiting to be told its function. */
export class PooledRuntime implements RuntimeApiHandler {
  parkedSpecialize: Reply<string> | undefined;
  private readonly readyWaiters: Array<() => void> = [];
  exited = false;
  /** Removes the pool's own process listeners once an environment adopts the process. */
  detach: () => void = () => undefined;

  constructor(readonly proc: RuntimeProcess) {}

  /** Resolves once the process is parked on its specialisation request (or died). */
  ready(): Promise<void> {
    if (this.parkedSpecialize || this.exited) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  specialize(reply: Reply<string>): void {
    this.parkedSpecialize = reply;
    this.wake();
  }

  wake(): void {
    for (const w of this.readyWaiters.splice(0)) w();
  }

  next(reply: Reply<NextInvocation>): void {
    reply.rejectInvalidState("The runtime has not been specialised yet");
  }
  response(): Verdict {
    return "invalid-request-id";
  }
  error(): Verdict {
    return "invalid-request-id";
  }
  initError(): Verdict {
    return "invalid-state";
  }
}

interface ShapeState {
  shape: PoolShape;
  idle: PooledRuntime[];
  starting: number;
  lastUsed: number;
}

export interface WarmPoolDeps {
  size: number;
  maxShapes: number;
  logger: Logger;
  start(shape: PoolShape): Promise<RuntimeProcess>;
}

/** Delay before refilling after a take, so the refill does not compete with the cold start. */
const REFILL_DELAY_MS = 150;

export class WarmPool {
  private readonly shapes = new Map<string, ShapeState>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly scheduled = new Set<Promise<void>>();
  private stopped = false;
  private useCounter = 0;

  constructor(private readonly deps: WarmPoolDeps) {}

  /** Takes a parked runtime of this shape if one is ready, and schedules a refill. */
  take(shape: PoolShape): PooledRuntime | undefined {
    if (this.stopped || this.deps.size <= 0) return undefined;
    const state = this.stateFor(shape);
    state.lastUsed = ++this.useCounter;
    let taken: PooledRuntime | undefined;
    while (!taken && state.idle.length > 0) {
      const candidate = state.idle.shift()!;
      if (!candidate.exited) taken = candidate;
    }
    const refill: Promise<void> = new Promise((resolve) => {
      setTimeout(() => {
        this.scheduled.delete(refill);
        this.fill(shape);
        resolve();
      }, REFILL_DELAY_MS);
    });
    this.scheduled.add(refill);
    taken?.detach();
    return taken;
  }

  /** Starts runtimes until the shape has `size` of them. */
  fill(shape: PoolShape): void {
    if (this.stopped) return;
    const state = this.stateFor(shape);
    while (state.idle.length + state.starting < this.deps.size) {
      state.starting++;
      const work = this.startOne(state).finally(() => {
        state.starting--;
        this.inflight.delete(work);
      });
      this.inflight.add(work);
    }
  }

  /** Resolves when every runtime being started is parked (for tests and benchmarks). */
  async settled(): Promise<void> {
    while (this.scheduled.size > 0 || this.inflight.size > 0) await Promise.all([...this.scheduled, ...this.inflight]);
    await Promise.all([...this.shapes.values()].flatMap((s) => s.idle.map((p) => p.ready())));
  }

  stop(): void {
    this.stopped = true;
    for (const state of this.shapes.values()) for (const p of state.idle.splice(0)) p.proc.dispose();
    this.shapes.clear();
  }

  /** Synchronous kill of every parked process (process exit hook). */
  killAll(): void {
    for (const state of this.shapes.values()) for (const p of state.idle) p.proc.dispose();
  }

  private stateFor(shape: PoolShape): ShapeState {
    const key = shapeKey(shape);
    let state = this.shapes.get(key);
    if (!state) {
      state = { shape, idle: [], starting: 0, lastUsed: ++this.useCounter };
      this.shapes.set(key, state);
      this.evictBeyondMaxShapes();
    }
    return state;
  }

  private evictBeyondMaxShapes(): void {
    while (this.shapes.size > this.deps.maxShapes) {
      let oldestKey: string | undefined;
      let oldest = Number.POSITIVE_INFINITY;
      for (const [key, s] of this.shapes) {
        if (s.lastUsed < oldest) {
          oldest = s.lastUsed;
          oldestKey = key;
        }
      }
      const evicted = this.shapes.get(oldestKey!)!;
      this.shapes.delete(oldestKey!);
      for (const p of evicted.idle) p.proc.dispose();
    }
  }

  private async startOne(state: ShapeState): Promise<void> {
    let proc: RuntimeProcess;
    try {
      proc = await this.deps.start(state.shape);
    } catch (err) {
      this.deps.logger.warn({ err, shape: state.shape }, "could not pre-start a lambda runtime");
      return;
    }
    const pooled = new PooledRuntime(proc);
    proc.setHandler(pooled);
    const { child } = proc;
    const drain = (chunk: Buffer) => this.deps.logger.debug({ output: chunk.toString("utf8") }, "pre-started lambda runtime output");
    child.stdout?.on("data", drain);
    child.stderr?.on("data", drain);
    const onExit = () => {
      pooled.exited = true;
      pooled.wake();
      const at = state.idle.indexOf(pooled);
      if (at >= 0) state.idle.splice(at, 1);
      proc.dispose();
    };
    child.once("exit", onExit);
    child.once("error", onExit);
    pooled.detach = () => {
      child.off("exit", onExit);
      child.off("error", onExit);
      child.stdout?.off("data", drain);
      child.stderr?.off("data", drain);
    };
    if (this.stopped || this.shapes.get(shapeKey(state.shape)) !== state) {
      proc.dispose();
      return;
    }
    state.idle.push(pooled);
  }
}
