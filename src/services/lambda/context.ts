// What the operation modules (functions.ts, versions.ts, invoke.ts, ...) share: the store, the
// code blobs, the clock, the executor and the settings, injected by provider.ts.
import { createHash, randomUUID } from "node:crypto";
import type { NimbusConfig } from "../../config/schema.js";
import type { Clock } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";
import type { CodeStore } from "./code-store.js";
import type { ConcurrencyLimiter } from "./concurrency-limiter.js";
import type { FunctionExecutor } from "./execution.js";
import type { LambdaStore } from "./store.js";

export type LambdaSettings = NimbusConfig["lambda"];

export interface LambdaEnv {
  store: LambdaStore;
  code: CodeStore;
  clock: Clock;
  logger: Logger;
  settings: LambdaSettings;
  executor: FunctionExecutor;
  limiter: ConcurrencyLimiter;
  /** Uniform [0, 1) numbers for weighted alias routing (injectable for tests). */
  random: () => number;
}

/** A fresh RevisionId (a UUID, as AWS's). */
export const newRevisionId = (): string => randomUUID();

/**
 * The RevisionId a version gets when its pending change completes: derived from the previous
 * one, so that two requests settling the same record at once agree on it.
 */
export function settledRevisionId(previous: string): string {
  const h = createHash("sha256").update(`${previous}:settled`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
