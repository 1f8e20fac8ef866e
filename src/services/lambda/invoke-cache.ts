// What Invoke reads on every call, kept in memory: the function (its $LATEST configuration and
// reserved concurrency), published versions and aliases. Reading them through the store cost a
// query, its building and the JSON parse of the configuration per invocation.
//
// An entry is used while
// - the store's write generation is unchanged: every write to functions, versions or aliases
//   through this node moves it once the write is visible (store.ts), so the next invocation after
//   any control-plane change on this node reads the store again; and
// - it is younger than MAX_AGE_MS: nodes sharing a PostgreSQL store do not see each other's
//   writes move the generation, so a change made through another node reaches this node's
//   invocations within a second (the same bound as the reserved-concurrency sum in
//   reserved-cache.ts and API Gateway's control-plane cache).
// Records with a state change still pending (settlesAt, see state.ts) are not kept: Invoke must
// see the transition complete at its moment. Cached records are shared: callers never mutate them.
import type { Clock } from "../../shared/clock.js";
import type { Scope } from "./arns.js";
import { functionKey } from "./scope-keys.js";
import type { LambdaStore } from "./store.js";
import type { AliasRecord, FunctionRecord, VersionRecord } from "./types.js";

export const MAX_AGE_MS = 1000;
const MAX_ENTRIES = 10_000;

interface Entry {
  value: FunctionRecord | VersionRecord | AliasRecord;
  generation: number;
  at: number;
}

export class InvokeCache {
  /** Functions under functionKey ("{account}/{region}/{name}"), versions and aliases under "v\n…" and "a\n…". */
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: LambdaStore,
    private readonly clock: Clock,
  ) {}

  /** The function, settled (see lookup.ts) by `load` when read from the store. */
  async function(scope: Scope, name: string, load: () => Promise<FunctionRecord | undefined>): Promise<FunctionRecord | undefined> {
    const key = functionKey(scope, name);
    const hit = this.hit(key) as FunctionRecord | undefined;
    if (hit) return hit;
    return this.keep(key, load, (fn) => fn.latest.settlesAt === undefined);
  }

  /** The function if it is held and still valid (no store read): the warm invocation's path. */
  cachedFunction(scope: Scope, name: string): FunctionRecord | undefined {
    return this.hit(functionKey(scope, name)) as FunctionRecord | undefined;
  }

  async version(scope: Scope, name: string, version: number): Promise<VersionRecord | undefined> {
    const key = `v\n${scope.accountId}\n${scope.region}\n${name}\n${version}`;
    const hit = this.hit(key) as VersionRecord | undefined;
    if (hit) return hit;
    return this.keep(key, () => this.store.getVersion(scope, name, version), (v) => v.settlesAt === undefined);
  }

  async alias(scope: Scope, name: string, alias: string): Promise<AliasRecord | undefined> {
    const key = `a\n${scope.accountId}\n${scope.region}\n${name}\n${alias}`;
    const hit = this.hit(key) as AliasRecord | undefined;
    if (hit) return hit;
    return this.keep(key, () => this.store.getAlias(scope, name, alias), () => true);
  }

  clear(): void {
    this.entries.clear();
  }

  private hit(key: string): Entry["value"] | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.generation === this.store.generation && this.clock.now() - entry.at < MAX_AGE_MS) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Loads a record; keeps it under the generation seen before reading, so a write meanwhile voids it. */
  private async keep<V extends Entry["value"]>(key: string, load: () => Promise<V | undefined>, cacheable: (value: V) => boolean): Promise<V | undefined> {
    const generation = this.store.generation;
    const at = this.clock.now();
    const value = await load();
    // Missing records are not kept: a function created through another node is found at once.
    if (value !== undefined && cacheable(value)) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, { value, generation, at });
    }
    return value;
  }
}
