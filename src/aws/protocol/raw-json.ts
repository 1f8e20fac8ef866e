// A value a provider already holds as JSON text exactly as it goes on the wire (a DynamoDB item
// as the store keeps it, see services/dynamodb/storage/item-codec.ts). The JSON protocols splice
// the text into the answer instead of parsing it into objects only to serialize them again,
// which for a Query page of 25 items was a fifth of the request's CPU time.
//
// Providers return RawJson only when the context says the output is serialized
// (RequestContext.serializedOutput); an in-process caller that takes the output as objects never
// sees one. Anything else that stringifies a RawJson still gets the right JSON (toJSON), only
// without the saving.

export class RawJson {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/**
 * JSON.stringify for a value that contains RawJson (spliced as is). Plain objects and arrays on
 * the way to one are written here; everything else is left to JSON.stringify.
 */
export function stringifyWithRaw(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      if (i > 0) out += ",";
      out += element === undefined || typeof element === "function" || typeof element === "symbol" ? "null" : stringifyWithRaw(element);
    }
    return out + "]";
  }
  if (value !== null && typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return JSON.stringify(value);
    let out = "{";
    let first = true;
    for (const key of Object.keys(value)) {
      const member: unknown = (value as Record<string, unknown>)[key];
      if (member === undefined || typeof member === "function" || typeof member === "symbol") continue;
      out += (first ? "" : ",") + JSON.stringify(key) + ":" + stringifyWithRaw(member);
      first = false;
    }
    return out + "}";
  }
  return JSON.stringify(value);
}
