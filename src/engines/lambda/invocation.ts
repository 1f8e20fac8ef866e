// One invocation inside an environment: its bookkeeping, how it ended (the outcome), and the
// InvokeResult plus REPORT fields derived from that.
import { randomFillSync } from "node:crypto";
import type { TailBuffer } from "./log-capture.js";
import { billedDuration, type ReportFields } from "./log-format.js";
import { platformErrorPayload, type PlatformError } from "./platform-errors.js";
import type { InvokeRequest, InvokeResult } from "./types.js";

export interface Invocation {
  req: InvokeRequest;
  resolve(result: InvokeResult): void;
  /** Set for LogType=Tail. */
  tail: TailBuffer | undefined;
  /** performance.now() when the environment accepted it. */
  acceptedAt: number;
  /** performance.now() when handed to the runtime; 0 before. */
  dispatchedAt: number;
  /** clock.now() at which the function times out; set at dispatch. */
  deadline: number;
  /** An outcome is known (possibly not reported yet). */
  settled: boolean;
  startLogged: boolean;
}

export type Outcome =
  | { kind: "success"; payload: Buffer }
  /** The runtime reported an error (invocation or init error). */
  | { kind: "function-error"; payload: Buffer; errorType: string; platformStatus?: "error" }
  /** Lambda itself ended the invocation (timeout, exit, memory, response size). */
  | { kind: "platform-error"; error: PlatformError; status: "timeout" | "error" };

export interface Measurements {
  durationMs: number;
  /** Only on the first invocation of an environment. */
  initDurationMs: number | undefined;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
}

/** The caller's InvokeResult and the REPORT line's fields for an outcome. */
export function describeOutcome(
  requestId: string,
  outcome: Outcome,
  m: Measurements,
): { result: InvokeResult; report: ReportFields } {
  const durationMs = round2(m.durationMs);
  const initDurationMs = m.initDurationMs === undefined ? undefined : round2(m.initDurationMs);
  const billedDurationMs = billedDuration(durationMs, initDurationMs);
  let payload: Buffer;
  let errorType: string | undefined;
  let status: "timeout" | "error" | undefined;
  if (outcome.kind === "success") payload = outcome.payload;
  else if (outcome.kind === "function-error") {
    payload = outcome.payload;
    errorType = outcome.errorType;
    status = outcome.platformStatus;
  } else {
    payload = platformErrorPayload(outcome.error);
    errorType = outcome.error.errorType;
    status = outcome.status;
  }
  const result: InvokeResult = { payload, durationMs, billedDurationMs, maxMemoryUsedMb: m.maxMemoryUsedMb };
  if (initDurationMs !== undefined) result.initDurationMs = initDurationMs;
  if (errorType !== undefined) {
    result.functionError = "Unhandled";
    result.errorType = errorType;
  }
  const report: ReportFields = {
    requestId,
    durationMs,
    billedDurationMs,
    memorySizeMb: m.memorySizeMb,
    maxMemoryUsedMb: m.maxMemoryUsedMb,
    initDurationMs,
    status,
    errorType: status === "error" ? errorType : undefined,
  };
  return { result, report };
}

/** The errorType member of an error document, if it has one. */
export function errorTypeOf(body: Buffer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    const type = (parsed as { errorType?: unknown } | null)?.errorType;
    return typeof type === "string" && type ? type : undefined;
  } catch {
    return undefined;
  }
}

/** An X-Ray trace header as Lambda passes one: Root=1-<epoch hex>-<96-bit id>;Parent=...;Sampled=0. */
export function newTraceHeader(now: number): string {
  const epoch = Math.floor(now / 1000).toString(16).padStart(8, "0");
  // 20 random bytes for both ids, from a pool refilled 204 invocations at a time (this runs on
  // every invocation without a caller's trace header).
  if (randomAt + 20 > randomPool.length) {
    randomFillSync(randomPool);
    randomAt = 0;
  }
  const ids = randomPool.toString("hex", randomAt, randomAt + 20);
  randomAt += 20;
  return `Root=1-${epoch}-${ids.slice(0, 24)};Parent=${ids.slice(24)};Sampled=0`;
}

const randomPool = Buffer.allocUnsafe(4080);
let randomAt = randomPool.length;

const round2 = (ms: number): number => Math.round(ms * 100) / 100;
