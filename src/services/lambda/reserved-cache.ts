// The sum of reserved concurrency in an account, read on every unreserved invocation (the
// unreserved pool is the account limit minus it). Cached briefly per account and region so the
// hot path does not aggregate the functions table each call; local changes invalidate at once,
// changes made on another node are seen within the cache's lifetime.
import type { Clock } from "../../shared/clock.js";
import type { Scope } from "./arns.js";
import { accountKey } from "./scope-keys.js";
import type { LambdaStore } from "./store.js";

const TTL_MS = 1000;

export class ReservedConcurrency {
  private readonly cache = new Map<string, { total: number; at: number }>();

  constructor(
    private readonly store: LambdaStore,
    private readonly clock: Clock,
  ) {}

  /** The sum if it was read within the cache's lifetime, else undefined (then call total). */
  cached(scope: Scope): number | undefined {
    const hit = this.cache.get(accountKey(scope));
    return hit && this.clock.now() - hit.at < TTL_MS ? hit.total : undefined;
  }

  async total(scope: Scope): Promise<number> {
    const key = accountKey(scope);
    const now = this.clock.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < TTL_MS) return hit.total;
    const total = await this.store.sumReservedConcurrency(scope);
    this.cache.set(key, { total, at: now });
    return total;
  }

  invalidate(scope: Scope): void {
    this.cache.delete(accountKey(scope));
  }

  clear(): void {
    this.cache.clear();
  }
}
