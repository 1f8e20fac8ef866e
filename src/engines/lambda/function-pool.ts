// The execution environments of one function version: idle ones (most recently used first,
// so the older ones age out), busy ones, and their keep-alive timers.
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
  readonly idle: ExecutionEnvironment[] = [];
  readonly all = new Set<ExecutionEnvironment>();
  private readonly reapTimers = new Map<ExecutionEnvironment, TimerHandle>();
  /** Dropped or replaced by a newer configuration: environments stop once idle. */
  retired = false;
  /** Hot reload: the watcher of the code folder, and its generation when this pool was made. */
  codeWatcher: CodeWatcher | undefined;
  codeGeneration = 0;

  constructor(
    readonly key: string,
    public spec: FunctionSpec,
    readonly fingerprint: string,
  ) {}

  /** The most recently used idle environment, if any. */
  takeIdle(): ExecutionEnvironment | undefined {
    for (;;) {
      const env = this.idle.pop();
      if (!env) return undefined;
      this.cancelReap(env);
      if (!env.dead && !env.busy) return env;
    }
  }

  putIdle(env: ExecutionEnvironment, reapTimer: TimerHandle): void {
    this.idle.push(env);
    this.reapTimers.set(env, reapTimer);
  }

  /** Removes an idle environment (keep-alive expired); false when it was taken meanwhile. */
  removeIdle(env: ExecutionEnvironment): boolean {
    const at = this.idle.indexOf(env);
    if (at < 0) return false;
    this.idle.splice(at, 1);
    this.reapTimers.delete(env);
    return true;
  }

  forget(env: ExecutionEnvironment): void {
    this.all.delete(env);
    const at = this.idle.indexOf(env);
    if (at >= 0) this.idle.splice(at, 1);
    this.cancelReap(env);
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

  private cancelReap(env: ExecutionEnvironment): void {
    this.reapTimers.get(env)?.cancel();
    this.reapTimers.delete(env);
  }
}

/** Configuration identity: a change means new environments. Credentials rotate freely. */
export function specFingerprint(spec: FunctionSpec): string {
  return JSON.stringify({ ...spec, credentials: undefined });
}
