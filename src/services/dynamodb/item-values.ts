// Items and keys as clients send them: each attribute value validated with AWS's message and
// made canonical (numbers in AWS's plain form: "1.50" is stored and returned as "1.5").
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
import { validation } from "./errors.js";
import type { Item } from "./values/attribute-value.js";
import { setEntry } from "./values/attribute-value.js";
import { attributeValueProblem, canonicalAttributeValue } from "./values/validate.js";

/** Attribute names: 1 to 65535 bytes (top-level names of items and keys). */
const MAX_NAME_BYTES = 65535;

/** Validates every attribute of an item (or key) and returns its canonical form. */
export function canonicalItem(item: Record<string, unknown>, problemPrefix = ""): Item {
  const out: Item = {};
  for (const name of Object.keys(item)) {
    const problem = attributeValueProblem(item[name]);
    if (problem) throw validation(problemPrefix + problem);
    if (name.length === 0) throw validation("One or more parameter values were invalid: An attribute name must not be empty");
    if (name.length > MAX_NAME_BYTES / 3 && Buffer.byteLength(name, "utf8") > MAX_NAME_BYTES) {
      throw validation("One or more parameter values were invalid: Attribute name is too long, must be less than 65535 bytes");
    }
    setEntry(out, name, canonicalAttributeValue(item[name] as never));
  }
  return out;
}

/** The ExclusiveStartKey of a Query or Scan: its values validated with AWS's prefix. */
export function canonicalStartKey(key: Record<string, unknown> | undefined): Item | undefined {
  if (key === undefined) return undefined;
  return canonicalItem(key, "The provided starting key is invalid: ");
}
