// The read API the REST data plane uses (src/engines/apigw/): what a stage serves, as
// immutable snapshots. A deployment never changes once made, so its snapshot is built once
// and cached for the life of the process; the stage row (variables, settings, canary, which
// deployment) is read on every resolveStage, one indexed point read, so changes made through
// any Nimbus node take effect on the next request.
//
//   const reader = provider.dataPlane;              // after the provider has started
//   const served = await reader.resolveStage(accountId, region, apiId, "prod");
//   served.deployment.resources                      // the route tree with methods
//   methodSettingFor(served.stage, "/pets/{id}", "GET")
//   await reader.findApiKey(accountId, region, headerValue)
//   await reader.planForKey(accountId, region, apiId, "prod", key.id)
//   await reader.recordUsage(accountId, region, plan.id, key.id, now)
//   reader.generation                                // moves on every control-plane write made
//                                                    // through this node: cached views are stale
//   await reader.locateApi(apiId)                    // which account and region hold an API
import type { GatewayResponse, GatewayResponseType, MethodSetting } from "../../aws/generated/apigateway.js";
import { resourcePaths } from "./definition.js";
import { GATEWAY_RESPONSE_DEFAULTS, effectiveGatewayResponse } from "./gateway-responses.js";
import type {
  ApiKeyRecord,
  AuthorizerRecord,
  BasePathMappingRecord,
  CanarySettingsRecord,
  DeploymentContent,
  MethodRecord,
  ModelRecord,
  RequestValidatorRecord,
  RestApiAttrs,
  Scope,
  StageRecord,
  UsagePlanRecord,
} from "./records.js";
import type { ApiGatewayStore } from "./store.js";
import type { DomainStore } from "./store-domains.js";
import type { UsageStore } from "./store-usage.js";
import type { CacheFlushListener, StageOps } from "./stages.js";
import type { UsageMeter } from "./usage.js";

export interface SnapshotResource {
  id: string;
  parentId?: string;
  pathPart?: string;
  /** The full path, "/" for the root, "/pets/{petId}", "/{proxy+}". */
  path: string;
  /** Keyed by HTTP method, ANY included; each with its integration and responses. */
  methods: Readonly<Record<string, MethodRecord>>;
}

/** A REST API as one deployment froze it. Every object is frozen. */
export interface RestApiSnapshot {
  accountId: string;
  region: string;
  apiId: string;
  deploymentId: string;
  deployedAt: number;
  api: Readonly<RestApiAttrs>;
  resources: readonly SnapshotResource[];
  /** By model name (requestModels/responseModels name models). */
  models: Readonly<Record<string, ModelRecord>>;
  /** By validator id (MethodRecord.requestValidatorId). */
  requestValidators: Readonly<Record<string, RequestValidatorRecord>>;
  /** By authorizer id (MethodRecord.authorizerId). */
  authorizers: Readonly<Record<string, AuthorizerRecord>>;
  /** Every gateway response type, put or default, as GetGatewayResponse reports it. */
  gatewayResponses: Readonly<Record<GatewayResponseType, GatewayResponse>>;
}

export interface CanarySnapshot {
  settings: Readonly<CanarySettingsRecord>;
  deployment: RestApiSnapshot;
  /** The stage variables canary requests see: the stage's, overridden by the canary's. */
  variables: Readonly<Record<string, string>>;
}

/** What a stage serves right now. */
export interface StageSnapshot {
  apiId: string;
  stage: Readonly<StageRecord>;
  variables: Readonly<Record<string, string>>;
  deployment: RestApiSnapshot;
  /** Present when the stage runs a canary; route canary.settings.percentTraffic % of calls there. */
  canary?: CanarySnapshot;
}

/** The method setting that applies: the method's own ("{path}/{METHOD}"), else the stage-wide "*\/*". */
export function methodSettingFor(stage: StageRecord, resourcePath: string, httpMethod: string): MethodSetting | undefined {
  // Keys keep the resource path as the patch wrote it, escaped, without the leading "/".
  const escaped = resourcePath.replace(/^\//, "").replace(/~/g, "~0").replace(/\//g, "~1");
  const candidates = [`~1${escaped}/${httpMethod}`, `${escaped}/${httpMethod}`, `${resourcePath}/${httpMethod}`, "*/*"];
  for (const key of candidates) {
    if (Object.hasOwn(stage.methodSettings, key)) return stage.methodSettings[key];
  }
  return undefined;
}

const MAX_CACHED_DEPLOYMENTS = 256;

export class ControlPlaneReader {
  /** Immutable deployment snapshots, least recently used evicted first. */
  private readonly deployments = new Map<string, RestApiSnapshot>();
  private changes = 0;
  private readonly changeListeners: Array<() => void> = [];

  constructor(
    private readonly store: ApiGatewayStore,
    private readonly usage: UsageStore,
    private readonly domains: DomainStore,
    private readonly meter: UsageMeter,
    private readonly stages: StageOps,
  ) {}

  /** Forgets cached deployment snapshots (after a reset). */
  clear(): void {
    this.deployments.clear();
    this.markChanged();
  }

  /**
   * A counter of control-plane writes made through this node. The data plane keeps stages, keys
   * and plans in memory while it is unchanged (and for a short while at most, for writes made
   * by other nodes sharing the store).
   */
  get generation(): number {
    return this.changes;
  }

  /** Called by the provider after every write operation. */
  markChanged(): void {
    this.changes++;
    for (const listener of this.changeListeners) listener();
  }

  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** The account and region an API id belongs to (undefined when no API has it). */
  async locateApi(apiId: string): Promise<Scope | undefined> {
    const scopes = await this.store.scopesOfApi(apiId);
    return scopes[0];
  }

  /** Every custom domain name with the account and region that owns it. */
  allDomainNames(): Promise<Array<Scope & { domainName: string }>> {
    return this.domains.listAllDomainNames();
  }

  async resolveStage(accountId: string, region: string, apiId: string, stageName: string): Promise<StageSnapshot | undefined> {
    const scope = { accountId, region };
    const stage = await this.store.getStage(scope, apiId, stageName);
    if (!stage) return undefined;
    const deployment = await this.deployment(scope, apiId, stage.deploymentId);
    if (!deployment) return undefined;
    const variables = Object.freeze({ ...(stage.variables ?? {}) });
    const served: StageSnapshot = { apiId, stage: deepFreeze(stage), variables, deployment };
    const canary = stage.canarySettings;
    if (canary?.deploymentId) {
      const canaryDeployment = await this.deployment(scope, apiId, canary.deploymentId);
      if (canaryDeployment) {
        served.canary = {
          settings: canary,
          deployment: canaryDeployment,
          variables: Object.freeze({ ...variables, ...(canary.stageVariableOverrides ?? {}) }),
        };
      }
    }
    return served;
  }

  /** A deployment's snapshot (cached: deployments are immutable). */
  async deployment(scope: Scope, apiId: string, deploymentId: string): Promise<RestApiSnapshot | undefined> {
    const key = `${scope.accountId}/${scope.region}/${apiId}/${deploymentId}`;
    const cached = this.deployments.get(key);
    if (cached) {
      this.deployments.delete(key);
      this.deployments.set(key, cached);
      return cached;
    }
    const content = await this.store.getDeploymentContent(scope, apiId, deploymentId);
    const record = content && (await this.store.getDeployment(scope, apiId, deploymentId));
    if (!content || !record) return undefined;
    const snapshot = buildSnapshot(scope, apiId, deploymentId, record.createdDate, content);
    this.deployments.set(key, snapshot);
    if (this.deployments.size > MAX_CACHED_DEPLOYMENTS) this.deployments.delete(this.deployments.keys().next().value!);
    return snapshot;
  }

  /** The API key with this value (what a client sent in x-api-key or an authorizer returned). */
  findApiKey(accountId: string, region: string, value: string): Promise<ApiKeyRecord | undefined> {
    return this.usage.findApiKeyByValue({ accountId, region }, value);
  }

  /** The usage plans that cover an API stage. */
  async plansForStage(accountId: string, region: string, apiId: string, stageName: string): Promise<UsagePlanRecord[]> {
    const plans = await this.usage.listUsagePlans({ accountId, region });
    return plans.filter((p) => p.apiStages.some((s) => s.apiId === apiId && s.stage === stageName));
  }

  /** The plan through which a key may call an API stage, if any (its throttle and quota apply). */
  async planForKey(accountId: string, region: string, apiId: string, stageName: string, keyId: string): Promise<UsagePlanRecord | undefined> {
    const scope = { accountId, region };
    const mine = new Set(await this.usage.plansOfKey(scope, keyId));
    return (await this.plansForStage(accountId, region, apiId, stageName)).find((p) => mine.has(p.id));
  }

  /** Counts calls against a key's quota (GetUsage reports them). */
  recordUsage(accountId: string, region: string, planId: string, keyId: string, at: number, count = 1): Promise<void> {
    return this.meter.record({ accountId, region }, planId, keyId, at, count);
  }

  /** What the key's quota has left now; undefined when the plan sets no quota. */
  remainingQuota(accountId: string, region: string, plan: UsagePlanRecord, keyId: string, at: number): Promise<number | undefined> {
    return this.meter.remaining({ accountId, region }, plan, keyId, at);
  }

  /** The base path mappings of a custom domain name, longest base path first. */
  async domainMappings(accountId: string, region: string, domainName: string): Promise<BasePathMappingRecord[]> {
    const mappings = await this.domains.listMappings({ accountId, region }, domainName);
    return mappings.sort((a, b) => b.basePath.length - a.basePath.length);
  }

  /** Called when FlushStageCache or FlushStageAuthorizersCache is requested. */
  onCacheFlush(listener: CacheFlushListener): void {
    this.stages.onCacheFlush(listener);
  }
}

/** A deployment's content frozen for the data plane (TestInvokeMethod freezes the API as it is now). */
export function buildSnapshot(scope: Scope, apiId: string, deploymentId: string, deployedAt: number, content: DeploymentContent): RestApiSnapshot {
  const def = content.definition;
  const paths = resourcePaths(def);
  const byKey = <T>(items: T[], key: (t: T) => string) => Object.fromEntries(items.map((i) => [key(i), i]));
  const gatewayResponses = Object.fromEntries(GATEWAY_RESPONSE_DEFAULTS.map(([type]) => [type, effectiveGatewayResponse(def, type)]));
  return deepFreeze({
    accountId: scope.accountId,
    region: scope.region,
    apiId,
    deploymentId,
    deployedAt,
    api: content.api,
    resources: def.resources.map((r) => ({ ...r, path: paths.get(r.id) ?? "/" })),
    models: byKey(def.models, (m) => m.name),
    requestValidators: byKey(def.requestValidators, (v) => v.id),
    authorizers: byKey(def.authorizers, (a) => a.id),
    gatewayResponses: gatewayResponses as Record<GatewayResponseType, GatewayResponse>,
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
