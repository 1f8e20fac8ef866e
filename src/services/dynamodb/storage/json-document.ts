// Stores a JSON-like document (a table description) as text while keeping Date values Dates:
// the protocol layer represents timestamps as Date (src/aws/protocol/types.ts), and plain JSON
// would hand them back as strings.

const DATE_TAG = "$date";

export function encodeDocument(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, converted: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { [DATE_TAG]: raw.getTime() } : converted;
  });
}

export function decodeDocument<T>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const tagged = (value as Record<string, unknown>)[DATE_TAG];
      if (typeof tagged === "number" && Object.keys(value).length === 1) return new Date(tagged);
    }
    return value;
  }) as T;
}
