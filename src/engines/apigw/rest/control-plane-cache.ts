// What the data plane keeps in memory between requests, so the hot path (route -> integration ->
// response) reads the store only when something changed: which account owns an API, what each
// stage serves, the API keys and usage plans, the custom domain names. Entries stay valid while
// the control plane's generation is unchanged (every write through this node moves it) and for
// at most `maxAgeMs` (writes made by other nodes sharing a PostgreSQL store show up within it).
// Deployment snapshots themselves are immutable and cached by the control plane's reader.
import type { ApiKeyRecord, BasePathMappingRecord, Scope, UsagePlanRecord } from "../../../services/apigateway/records.js";
import type { ControlPlaneReader, StageSnapshot } from "../../../services/apigateway/snapshot.js";
import type { Clock } from "../../../shared/clock.js";

interface Entry<V> {
  value: V;
  generation: number;
  at: number;
}

const MAX_ENTRIES = 10_000;

export class ControlPlaneCache {
  private readonly entries = new Map<string, Entry<unknown>>();
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    readonly reader: ControlPlaneReader,
    private readonly clock: Clock,
    private readonly maxAgeMs = 1000,
  ) {}

  /** The cached value of `key`, loading it (once, for concurrent callers) when stale. */
  private async get<V>(key: string, load: () => Promise<V>): Promise<V> {
    const generation = this.reader.generation;
    const now = this.clock.now();
    const hit = this.entries.get(key) as Entry<V> | undefined;
    if (hit && hit.generation === generation && now - hit.at < this.maxAgeMs) return hit.value;
    const inflight = this.pending.get(key) as Promise<V> | undefined;
    if (inflight) return inflight;
    const loading = load()
      .then((value) => {
        if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
        this.entries.set(key, { value, generation, at: now });
        return value;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, loading);
    return loading;
  }

  /** The cached value of `key` when fresh at `now`, without a promise (the hot path's usual case); else undefined. */
  private peek<V>(key: string, now = this.clock.now()): V | undefined {
    const hit = this.entries.get(key) as Entry<V> | undefined;
    if (hit && hit.generation === this.reader.generation && now - hit.at < this.maxAgeMs) return hit.value;
    return undefined;
  }

  apiScope(apiId: string): Promise<Scope | undefined> {
    return this.get(`api:${apiId}`, () => this.reader.locateApi(apiId));
  }

  /** apiScope's answer when cached and fresh at `now` (the clock's time), else undefined (then ask apiScope). */
  apiScopeIfFresh(apiId: string, now: number): Scope | undefined {
    return this.peek(`api:${apiId}`, now);
  }

  stage(scope: Scope, apiId: string, stageName: string): Promise<StageSnapshot | undefined> {
    return this.get(stageKey(scope, apiId, stageName), () => this.reader.resolveStage(scope.accountId, scope.region, apiId, stageName));
  }

  /** stage's answer when cached and fresh at `now` (the clock's time), else undefined (then ask stage). */
  stageIfFresh(scope: Scope, apiId: string, stageName: string, now: number): StageSnapshot | undefined {
    return this.peek(stageKey(scope, apiId, stageName), now);
  }

  apiKey(scope: Scope, value: string): Promise<ApiKeyRecord | undefined> {
    return this.get(`key:${scope.accountId}:${scope.region}:${value}`, () => this.reader.findApiKey(scope.accountId, scope.region, value));
  }

  planForKey(scope: Scope, apiId: string, stageName: string, keyId: string): Promise<UsagePlanRecord | undefined> {
    return this.get(`plan:${scope.accountId}:${scope.region}:${apiId}:${stageName}:${keyId}`, () =>
      this.reader.planForKey(scope.accountId, scope.region, apiId, stageName, keyId),
    );
  }

  /** Custom domain name -> the account and region that own it. */
  domainNames(): Promise<Map<string, Scope>> {
    return this.get("domains", async () => {
      const out = new Map<string, Scope>();
      for (const d of await this.reader.allDomainNames()) out.set(d.domainName.toLowerCase(), { accountId: d.accountId, region: d.region });
      return out;
    });
  }

  /** A custom domain's base path mappings, longest base path first. */
  domainMappings(scope: Scope, domainName: string): Promise<BasePathMappingRecord[]> {
    return this.get(`mappings:${scope.accountId}:${scope.region}:${domainName}`, () => this.reader.domainMappings(scope.accountId, scope.region, domainName));
  }

  /** Whether the domain index is fresh: routing can then answer "not a custom domain" without waiting. */
  domainNamesIfFresh(): Map<string, Scope> | undefined {
    return this.peek("domains");
  }

  clear(): void {
    this.entries.clear();
  }
}

function stageKey(scope: Scope, apiId: string, stageName: string): string {
  return `stage:${scope.accountId}:${scope.region}:${apiId}:${stageName}`;
}
