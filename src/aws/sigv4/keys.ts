// The signing key of Signature Version 4 and a bounded cache of derived keys.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html, step 4:
//   kDate = HMAC("AWS4" + secret, date); kRegion = HMAC(kDate, region);
//   kService = HMAC(kRegion, service); kSigning = HMAC(kService, "aws4_request")
// A key is the same for one (secret, day, region, service), so a server that sees many
// requests from the same caller derives it once a day instead of four HMACs per request.
import { createHmac } from "node:crypto";

export const SCOPE_TERMINATOR = "aws4_request";

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

export function deriveSigningKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac("AWS4" + secretAccessKey, date), region), service), SCOPE_TERMINATOR);
}

/**
 * Keeps the most recently used signing keys (least recently used evicted first). One instance
 * belongs to whoever verifies signatures (the edge pipeline); nothing here is module state.
 */
export class SigningKeyCache {
  private readonly keys = new Map<string, Buffer>();

  constructor(private readonly maxEntries = 256) {}

  get(secretAccessKey: string, date: string, region: string, service: string): Buffer {
    // "\n" cannot occur in a date, region or service name, so the key is unambiguous.
    const cacheKey = date + "\n" + region + "\n" + service + "\n" + secretAccessKey;
    const cached = this.keys.get(cacheKey);
    if (cached) {
      this.keys.delete(cacheKey);
      this.keys.set(cacheKey, cached);
      return cached;
    }
    const key = deriveSigningKey(secretAccessKey, date, region, service);
    if (this.keys.size >= this.maxEntries) {
      const oldest = this.keys.keys().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
    this.keys.set(cacheKey, key);
    return key;
  }

  get size(): number {
    return this.keys.size;
  }
}
