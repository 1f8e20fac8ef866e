// A closed-loop load driver: `concurrency` workers each send one operation, await it, send the
// next, until `maxOps` operations are done or `maxMs` has passed, whichever comes first. Latency
// is measured per operation; throughput is operations over the wall time of the whole run.
import { performance } from "node:perf_hooks";
import { type LatencySummary, summarize } from "./stats.js";

export interface ClosedLoopOptions {
  concurrency: number;
  maxOps: number;
  maxMs: number;
  /** Operation number i (0-based, unique across workers). */
  op: (i: number) => Promise<unknown>;
}

export interface ClosedLoopResult {
  ops: number;
  errors: number;
  firstError?: unknown;
  elapsedMs: number;
  opsPerSecond: number;
  latency: LatencySummary;
}

export async function closedLoop(opts: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: unknown;
  const started = performance.now();
  const deadline = started + opts.maxMs;
  const worker = async () => {
    while (next < opts.maxOps && performance.now() < deadline) {
      const i = next++;
      const t = performance.now();
      try {
        await opts.op(i);
        latencies.push(performance.now() - t);
      } catch (err) {
        errors++;
        firstError ??= err;
        if (errors > 50 && errors > latencies.length) break; // the target is failing, not slow
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsedMs = performance.now() - started;
  return {
    ops: latencies.length,
    errors,
    firstError,
    elapsedMs,
    opsPerSecond: (latencies.length * 1000) / elapsedMs,
    latency: summarize(latencies),
  };
}
