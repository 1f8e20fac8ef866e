// Stage response caching. https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html
// - on when the stage's cache cluster is enabled and the method caches: a method setting says so
//   (cachingEnabled, per method or "*/*"), else only GET methods do, as AWS enables by default;
// - entries live cacheTtlInSeconds (default 300; 0 turns caching off), keyed by method,
//   resource and the integration's cacheKeyParameters (method.request.{path,querystring,header}.*);
//   canary requests use their own entries unless the canary's useStageCache is set;
// - Cache-Control: max-age=0 asks for a fresh answer, which needs execute-api:InvalidateCache
//   (requireAuthorizationForCacheControl, default true); an unauthorised request is refused with
//   403 (FAIL_WITH_403) or served from the cache, with (SUCCEED_WITH_RESPONSE_HEADER) or without
//   a warning header;
// - FlushStageCache drops a stage's entries. Only successful (2xx) answers are stored.
// Entries are kept in memory per node (a cache cluster per stage), least recently used dropped first.
import type { MethodSetting } from "../../../aws/generated/apigateway.js";
import type { Clock } from "../../../shared/clock.js";
import { methodArn } from "./authorizers/lambda-authorizer.js";
import { GatewayError } from "./gateway-error.js";
import { HeaderMap } from "./header-map.js";
import type { MethodResponse } from "./integration-response.js";
import type { Invocation } from "./invocation.js";
import { routeMethodSetting } from "./method-setting.js";

const DEFAULT_TTL_SECONDS = 300;
const MAX_ENTRIES_PER_STAGE = 5000;
/** What API Gateway adds when it ignores an unauthorised Cache-Control: max-age=0 (SUCCEED_WITH_RESPONSE_HEADER). */
export const IGNORED_INVALIDATION_WARNING = '199 - "Cache invalidation ignored: not authorized to perform execute-api:InvalidateCache"';

interface Entry {
  status: number;
  headers: Array<{ name: string; values: string[] }>;
  body: Buffer;
  until: number;
}

export interface CacheLookup {
  /** The answer from the cache, when there is one and the request may have it. */
  hit?: MethodResponse;
  /** Where to store the integration's answer (undefined: this request is not cached). */
  store?: (answer: MethodResponse) => void;
  /** A header to add to the answer (an ignored invalidation). */
  warning?: string;
}

export class ResponseCache {
  private readonly stages = new Map<string, Map<string, Entry>>();

  constructor(private readonly clock: Clock) {}

  flush(stageKey: string): void {
    this.stages.delete(stageKey);
  }

  lookup(inv: Invocation): CacheLookup {
    const stage = inv.served.stage;
    if (!stage.cacheClusterEnabled) return {};
    const route = inv.route!;
    const setting: MethodSetting | undefined = routeMethodSetting(stage, route.resource, route.method.httpMethod);
    const enabled = setting ? setting.cachingEnabled === true : inv.httpMethod === "GET";
    const ttlSeconds = setting?.cacheTtlInSeconds ?? DEFAULT_TTL_SECONDS;
    if (!enabled || ttlSeconds <= 0) return {};
    const stageKey = `${inv.scope.accountId}/${inv.target.apiId}/${stage.stageName}`;
    const canaryOwn = inv.isCanary && inv.served.canary?.settings.useStageCache !== true;
    const key = this.keyOf(inv, canaryOwn);
    const entries = this.entriesOf(stageKey);
    const store = (answer: MethodResponse) => {
      if (answer.status < 200 || answer.status >= 300) return;
      if (entries.size >= MAX_ENTRIES_PER_STAGE) entries.delete(entries.keys().next().value!);
      entries.set(key, { status: answer.status, headers: [...answer.headers.entries()].map((e) => ({ name: e.name, values: [...e.values] })), body: answer.body, until: this.clock.now() + ttlSeconds * 1000 });
    };

    let warning: string | undefined;
    if (/(^|,)\s*max-age\s*=\s*0\s*(,|$)/i.test(inv.headers.get("cache-control") ?? "")) {
      const authorized = !(setting?.requireAuthorizationForCacheControl ?? true) || inv.identity.userArn !== null;
      if (authorized) return { store };
      const strategy = setting?.unauthorizedCacheControlHeaderStrategy ?? "SUCCEED_WITH_RESPONSE_HEADER";
      if (strategy === "FAIL_WITH_403") {
        throw new GatewayError("ACCESS_DENIED", `User: anonymous is not authorized to perform: execute-api:InvalidateCache on resource: ${methodArn(inv)}`, 403);
      }
      if (strategy === "SUCCEED_WITH_RESPONSE_HEADER") warning = IGNORED_INVALIDATION_WARNING;
    }
    const entry = entries.get(key);
    if (entry && entry.until > this.clock.now()) {
      entries.delete(key);
      entries.set(key, entry);
      const headers = new HeaderMap();
      for (const { name, values } of entry.headers) headers.set(name, values);
      return { hit: { status: entry.status, headers, body: entry.body }, ...(warning ? { warning } : {}) };
    }
    if (entry) entries.delete(key);
    return { store, ...(warning ? { warning } : {}) };
  }

  private entriesOf(stageKey: string): Map<string, Entry> {
    let entries = this.stages.get(stageKey);
    if (!entries) {
      entries = new Map();
      this.stages.set(stageKey, entries);
    }
    return entries;
  }

  private keyOf(inv: Invocation, canary: boolean): string {
    const route = inv.route!;
    const parts = [canary ? "canary" : "stage", inv.httpMethod, route.resource.path];
    for (const param of route.method.methodIntegration?.cacheKeyParameters ?? []) {
      const match = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$/.exec(param);
      if (!match) continue;
      const [, location, name] = match as unknown as [string, string, string];
      let value: string | undefined;
      if (location === "path") value = route.pathParams[name];
      else if (location.endsWith("querystring")) value = inv.request.query[name]?.join(",");
      else value = inv.headers.get(name);
      parts.push(`${param}=${value ?? ""}`);
    }
    return parts.join("\u0000");
  }
}
