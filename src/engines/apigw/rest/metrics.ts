// Per-stage request metrics, kept in memory: what CloudWatch reports for REST APIs in the
// AWS/ApiGateway namespace (Count, 4XXError, 5XXError, Latency, IntegrationLatency, CacheHitCount,
// CacheMissCount), by ApiName/ApiId and Stage. https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html
// Totals since start and one-minute datapoints (the last hour) behind a small interface the
// console and the CloudWatch service read.
export interface StageKey {
  accountId: string;
  region: string;
  apiId: string;
  stage: string;
}

export interface MetricTotals {
  count: number;
  clientErrors: number;
  serverErrors: number;
  latencySumMs: number;
  latencyMaxMs: number;
  integrationLatencySumMs: number;
  integrationCount: number;
  cacheHits: number;
  cacheMisses: number;
}

export interface RequestSample {
  status: number;
  latencyMs: number;
  integrationLatencyMs?: number;
  /** true: answered from the cache; false: the cache was consulted and missed; undefined: no cache. */
  cacheHit?: boolean;
}

export interface StageMetrics {
  record(key: StageKey, at: number, sample: RequestSample): void;
  /** Totals since start, or undefined for a stage never called. */
  totals(key: StageKey): MetricTotals | undefined;
  /** One-minute datapoints (start of minute, epoch ms), oldest first, for the last hour. */
  minutes(key: StageKey): Array<{ minute: number; totals: MetricTotals }>;
  stages(): StageKey[];
}

const MINUTE = 60_000;
const KEPT_MINUTES = 60;

const empty = (): MetricTotals => ({
  count: 0,
  clientErrors: 0,
  serverErrors: 0,
  latencySumMs: 0,
  latencyMaxMs: 0,
  integrationLatencySumMs: 0,
  integrationCount: 0,
  cacheHits: 0,
  cacheMisses: 0,
});

function add(t: MetricTotals, s: RequestSample): void {
  t.count++;
  if (s.status >= 400 && s.status < 500) t.clientErrors++;
  else if (s.status >= 500) t.serverErrors++;
  t.latencySumMs += s.latencyMs;
  if (s.latencyMs > t.latencyMaxMs) t.latencyMaxMs = s.latencyMs;
  if (s.integrationLatencyMs !== undefined) {
    t.integrationLatencySumMs += s.integrationLatencyMs;
    t.integrationCount++;
  }
  if (s.cacheHit === true) t.cacheHits++;
  else if (s.cacheHit === false) t.cacheMisses++;
}

interface StageSeries {
  key: StageKey;
  totals: MetricTotals;
  minutes: Map<number, MetricTotals>;
}

export class InMemoryStageMetrics implements StageMetrics {
  private readonly series = new Map<string, StageSeries>();

  private id(key: StageKey): string {
    return `${key.accountId}/${key.region}/${key.apiId}/${key.stage}`;
  }

  record(key: StageKey, at: number, sample: RequestSample): void {
    const id = this.id(key);
    let series = this.series.get(id);
    if (!series) {
      series = { key: { ...key }, totals: empty(), minutes: new Map() };
      this.series.set(id, series);
    }
    add(series.totals, sample);
    const minute = at - (at % MINUTE);
    let bucket = series.minutes.get(minute);
    if (!bucket) {
      bucket = empty();
      series.minutes.set(minute, bucket);
      for (const m of series.minutes.keys()) if (m <= minute - KEPT_MINUTES * MINUTE) series.minutes.delete(m);
    }
    add(bucket, sample);
  }

  totals(key: StageKey): MetricTotals | undefined {
    const t = this.series.get(this.id(key))?.totals;
    return t && { ...t };
  }

  minutes(key: StageKey): Array<{ minute: number; totals: MetricTotals }> {
    const series = this.series.get(this.id(key));
    if (!series) return [];
    return [...series.minutes.entries()].sort((a, b) => a[0] - b[0]).map(([minute, totals]) => ({ minute, totals: { ...totals } }));
  }

  stages(): StageKey[] {
    return [...this.series.values()].map((s) => ({ ...s.key }));
  }
}
