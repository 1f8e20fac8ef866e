// Token-bucket throttling, as API Gateway applies it: a bucket holds up to `burst` requests and
// refills at `rate` requests per second; a request finding it empty is answered 429 "Too Many
// Requests". https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
// Buckets live in memory per node, keyed by what they limit (a usage plan key on a method, a
// stage's method); the clock is injected so tests move time instead of sleeping.
import type { ThrottleSettings } from "../../../aws/generated/apigateway.js";
import type { Clock } from "../../../shared/clock.js";

interface Bucket {
  tokens: number;
  at: number;
  rate: number;
  burst: number;
}

const MAX_BUCKETS = 100_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: Clock) {}

  /** Takes one token from `key`'s bucket; false when it is empty (the request is throttled). */
  take(key: string, limits: ThrottleSettings): boolean {
    const rate = Math.max(0, limits.rateLimit ?? Number.POSITIVE_INFINITY);
    const burst = Math.max(0, Math.floor(limits.burstLimit ?? Number.POSITIVE_INFINITY));
    if (!Number.isFinite(rate) && !Number.isFinite(burst)) return true;
    const now = this.clock.now();
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.rate !== rate || bucket.burst !== burst) {
      if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
      bucket = { tokens: burst, at: now, rate, burst };
      this.buckets.set(key, bucket);
    } else if (now > bucket.at) {
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
      bucket.at = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  clear(): void {
    this.buckets.clear();
  }
}
