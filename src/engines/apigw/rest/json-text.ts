// Pieces of JSON text written by hand on the hot path (the proxy event, proxy-event-json.ts).

/**
 * JSON.stringify(text): most strings on the hot path (header names and values, paths, ids) need
 * no escape, and checking that is cheaper than the call into JSON.stringify.
 */
export function quote(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Control characters, '"', '\\' and surrogates (escaped when unpaired) take JSON.stringify.
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/** JSON.stringify of a string or null. */
export function quoteOrNull(text: string | null): string {
  return text === null ? "null" : quote(text);
}
