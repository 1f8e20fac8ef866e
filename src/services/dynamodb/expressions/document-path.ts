// Reading a document path from an item: a.b[1] looks up map key "b" of map "a", then element 1
// of that list. A step of the wrong kind (an index into a map, a key into a list, anything into
// a scalar) simply finds nothing, as it does in DynamoDB.

import { type AttributeValue, getEntry, type Item } from "../values/attribute-value.js";
import type { DocumentPath } from "./ast.js";

export function readPath(item: Item, path: DocumentPath): AttributeValue | undefined {
  let current = getEntry(item, path[0] as string);
  for (let i = 1; i < path.length && current !== undefined; i++) {
    const step = path[i]!;
    if (typeof step === "number") {
      current = "L" in current ? current.L[step] : undefined;
    } else {
      current = "M" in current ? getEntry(current.M, step) : undefined;
    }
  }
  return current;
}
