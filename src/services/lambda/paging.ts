// Marker/MaxItems paging as Lambda's List* operations do it: the marker is opaque to callers
// (here: base64url of the last key returned), and a page holds at most MaxItems entries.

export function encodeMarker(key: string): string {
  return Buffer.from(key, "utf8").toString("base64url");
}

/** The key a marker continues after; an unreadable marker starts from the beginning. */
export function decodeMarker(marker: string | undefined): string | undefined {
  if (marker === undefined || marker === "") return undefined;
  return Buffer.from(marker, "base64url").toString("utf8");
}

/** One page of `items` (already after the marker): the page and the next marker, if any. */
export function page<T>(items: T[], maxItems: number, keyOf: (item: T) => string): { items: T[]; nextMarker?: string } {
  if (items.length <= maxItems) return { items };
  const shown = items.slice(0, maxItems);
  return { items: shown, nextMarker: encodeMarker(keyOf(shown[shown.length - 1]!)) };
}
