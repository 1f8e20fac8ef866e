// The method request's headers as the client sent them: names in their original case, every
// value of a repeated header, in order. The proxy event (headers / multiValueHeaders), mapping
// templates ($input.params().header) and header mapping read this view; look-ups ignore case.
import type { HttpRequest } from "../../../aws/http.js";

/** Hop-by-hop and framing headers API Gateway drops before anything sees the request. */
const DROPPED = new Set(["connection", "content-length", "content-md5", "expect", "max-forwards", "proxy-authenticate", "server", "te", "transfer-encoding", "trailer", "upgrade", "www-authenticate", "keep-alive", "proxy-connection"]);

export class RequestHeaders {
  /** Names in first-seen casing, lower-cased key -> [name, values]. */
  private readonly byLower = new Map<string, { name: string; values: string[] }>();

  static from(req: HttpRequest): RequestHeaders {
    const headers = new RequestHeaders();
    const raw = req.rawHeaders;
    if (raw && raw.length > 0) {
      for (let i = 0; i + 1 < raw.length; i += 2) headers.add(raw[i]!, raw[i + 1]!);
    } else {
      for (const [name, value] of Object.entries(req.headers)) headers.add(name, value);
    }
    return headers;
  }

  add(name: string, value: string): void {
    const lower = name.toLowerCase();
    if (DROPPED.has(lower)) return;
    const entry = this.byLower.get(lower);
    if (entry) entry.values.push(value);
    else this.byLower.set(lower, { name, values: [value] });
  }

  set(name: string, value: string): void {
    this.byLower.set(name.toLowerCase(), { name, values: [value] });
  }

  delete(name: string): void {
    this.byLower.delete(name.toLowerCase());
  }

  /**
   * The single-valued view: the last value of a repeated header, as the proxy event's `headers`,
   * method.request.header.X and $input.params() see it.
   */
  get(name: string): string | undefined {
    const values = this.byLower.get(name.toLowerCase())?.values;
    return values?.[values.length - 1];
  }

  has(name: string): boolean {
    return this.byLower.has(name.toLowerCase());
  }

  /** [original name, values] in the order first seen. */
  entries(): IterableIterator<{ name: string; values: string[] }> {
    return this.byLower.values();
  }

  /** [lower-cased name, { original name, values }] in the order first seen (the proxy event's JSON, proxy-event-json.ts). */
  lowerEntries(): IterableIterator<[string, { name: string; values: string[] }]> {
    return this.byLower.entries();
  }

  get size(): number {
    return this.byLower.size;
  }

  /** Name -> values, for mapping templates. */
  toMultiValued(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const { name, values } of this.byLower.values()) out[name] = values;
    return out;
  }
}
