// The protocol-neutral HTTP request and response the edge hands to protocols and providers.
import type { Readable } from "node:stream";

export interface HttpRequest {
  method: string;
  /** The raw path, still percent-encoded, without the query string. */
  path: string;
  /** The raw query string without the leading "?". */
  rawQuery: string;
  /** Decoded query parameters; a key given several times keeps every value in order. */
  query: Record<string, string[]>;
  /** Lower-cased header names; repeated headers joined with ", " as Node does. */
  headers: Record<string, string>;
  /**
   * Optional: the header lines as received, names in their original case, alternating name and
   * value (Node's IncomingMessage.rawHeaders, passed by reference, so free). SigV4 needs them
   * to canonicalize a header sent several times: AWS joins the values with ",", Node with ", ".
   */
  rawHeaders?: string[];
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body?: Buffer | string | Readable;
}

/** Parses a raw query string into the multi-valued map HttpRequest.query holds. */
export function parseQueryString(raw: string): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null);
  if (!raw) return out;
  for (const [k, v] of new URLSearchParams(raw)) (out[k] ??= []).push(v);
  return out;
}
