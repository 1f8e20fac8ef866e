// The execution environments of one function version: idle ones (most recently used first,
// so the older ones age out), busy ones, and since when each idle one has waited. One keep-alive
// timer per pool (engine.ts) instead of one per idle period: under load an environment goes idle
// after every invocation, and a timer created and cancelled each time is measurable.
import type { TimerHandle } from "../../shared/clock.js";
import type { CodeWatcher } from "./code-watcher.js";
import type { ExecutionEnvironment } from "./environment.js";
import type { ResourceLimits } from "./process-control.js";
import type { Command } from "./launcher.js";
import type { RuntimeInfo } from "./runtimes.js";
import type { FunctionSpec } from "./types.js";
import type { PoolShape } from "./warm-pool.js";

/** What the engine works out once per function version before starting environments. */
export interface PreparedFunction {
  runtime: RuntimeInfo;
  functionEnv: Record<string, string>;
  command: Command | undefined;
  /** provided runtimes without a usable bootstrap (Runtime.InvalidEntrypoint). */
  entrypointError: string | undefined;
  limits: ResourceLimits;
  /** Set when a pre-started generic runtime may serve this function. */
  poolShape: PoolShape | undefined;
}

export class FunctionPool {
  prepared: PreparedFunction | undefined;
  preparing: Promise<PreparedFunction> | undefined;
  /** Oldest first: environments are taken from the end, so the front ages out. */
  readonly idle: ExecutionEnvironment[] = [];
  readonly all = new Set<ExecutionEnvironment>();
  private readonly idleSince = new Map<ExecutionEnvironment, number>();
  /** The engine's keep-alive timer of this pool, while it has idle environments. */
  reapTimer: TimerHandle | undefined;
  /** Dropped or replaced by a newer configuration: environments stop once idle. */
  retired = false;
  /** Hot reload: the watcher of the code folder, and its generation when this pool was made. */
  codeWatcher: CodeWatcher | undefined;
  codeGeneration = 0;

  constructor(
    readonly key: string,
    public spec: FunctionSpec,
  ) {}

  /** The most recently used idle environment, if any. */
  takeIdle(): ExecutionEnvironment | undefined {
    for (;;) {
      const env = this.idle.pop();
      if (!env) return undefined;
      this.idleSince.delete(env);
      if (!env.dead && !env.busy) return env;
    }
  }

  putIdle(env: ExecutionEnvironment, now: number): void {
    this.idle.push(env);
    this.idleSince.set(env, now);
  }

  /** When the longest-waiting idle environment went idle (undefined when none is idle). */
  oldestIdleSince(): number | undefined {
    const env = this.idle[0];
    return env === undefined ? undefined : this.idleSince.get(env);
  }

  /** Removes and returns the idle environments that went idle at or before `cutoff`. */
  takeIdleSince(cutoff: number): ExecutionEnvironment[] {
    let n = 0;
    while (n < this.idle.length && this.idleSince.get(this.idle[n]!)! <= cutoff) n++;
    const expired = this.idle.splice(0, n);
    for (const env of expired) this.idleSince.delete(env);
    return expired;
  }

  forget(env: ExecutionEnvironment): void {
    this.all.delete(env);
    const at = this.idle.indexOf(env);
    if (at >= 0) this.idle.splice(at, 1);
    this.idleSince.delete(env);
  }

  /** Hot reload: the code folder changed since this pool's environments loaded it. */
  codeChanged(): boolean {
    return this.codeWatcher !== undefined && this.codeWatcher.generation() !== this.codeGeneration;
  }

  liveCount(): number {
    let n = 0;
    for (const env of this.all) if (!env.dead) n++;
    return n;
  }
}

/**
 * Configuration identity: a change means new environments. Credentials rotate freely. A
 * structural comparison rather than a serialised fingerprint: callers may build a new spec
 * object for every invocation, and serialising it each time (environment included) is measurable.
 */
export function sameConfiguration(a: FunctionSpec, b: FunctionSpec): boolean {
  if (a === b) return true;
  return sameValue({ ...a, credentials: undefined }, { ...b, credentials: undefined });
}

/** Deep equality of JSON-like values; a member set to undefined counts as absent (as in JSON). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let defined = 0;
  for (const key in x) {
    if (x[key] === undefined) continue;
    defined++;
    if (!sameValue(x[key], y[key])) return false;
  }
  for (const key in y) if (y[key] !== undefined) defined--;
  return defined === 0;
}
