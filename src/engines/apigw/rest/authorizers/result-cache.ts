// Lambda authorizer results cached per stage and identity, for the authorizer's TTL (injected
// clock). FlushStageAuthorizersCache drops a stage's entries.
import type { Clock } from "../../../../shared/clock.js";

export interface AuthorizerResult {
  principalId: string;
  statements: ReadonlyArray<{ Effect?: unknown; Action?: unknown; Resource?: unknown }>;
  context: Record<string, string | number | boolean>;
  usageIdentifierKey?: string;
}

const MAX_ENTRIES_PER_STAGE = 10_000;

export class AuthorizerResultCache {
  private readonly stages = new Map<string, Map<string, { result: AuthorizerResult; until: number }>>();

  constructor(private readonly clock: Clock) {}

  get(stageKey: string, identity: string): AuthorizerResult | undefined {
    const entry = this.stages.get(stageKey)?.get(identity);
    if (!entry) return undefined;
    if (entry.until <= this.clock.now()) {
      this.stages.get(stageKey)!.delete(identity);
      return undefined;
    }
    return entry.result;
  }

  set(stageKey: string, identity: string, result: AuthorizerResult, ttlMs: number): void {
    let entries = this.stages.get(stageKey);
    if (!entries) {
      entries = new Map();
      this.stages.set(stageKey, entries);
    }
    if (entries.size >= MAX_ENTRIES_PER_STAGE) entries.clear();
    entries.set(identity, { result, until: this.clock.now() + ttlMs });
  }

  flush(stageKey: string): void {
    this.stages.delete(stageKey);
  }
}
