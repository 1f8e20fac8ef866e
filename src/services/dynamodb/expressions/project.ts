// Applying a projection (ProjectionExpression or AttributesToGet) to an item.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html
// Nested paths keep their enclosing structure: projecting a.b and c[2] from an item returns
// {a: {M: {b}}, c: {L: [element 2]}}. Elements taken from one list keep their relative order;
// missing paths are left out.

import { type AttributeValue, type Item, setEntry } from "../values/attribute-value.js";
import type { DocumentPath, PathElement } from "./ast.js";
import { readPath } from "./document-path.js";

interface Node {
  /** The whole value, when a path ends here. */
  value?: AttributeValue;
  children?: Map<PathElement, Node>;
}

export function project(paths: readonly DocumentPath[], item: Item): Item {
  const root = new Map<PathElement, Node>();
  for (const path of paths) {
    if (path.length === 1) {
      const value = readPath(item, path);
      if (value !== undefined) root.set(path[0]!, { value });
      continue;
    }
    const value = readPath(item, path);
    if (value === undefined) continue;
    let level = root;
    for (let i = 0; i < path.length - 1; i++) {
      let node = level.get(path[i]!);
      if (!node) {
        node = { children: new Map() };
        level.set(path[i]!, node);
      }
      // Overlapping paths are refused by the parser; a leaf is never extended.
      if (!node.children) break;
      level = node.children;
    }
    level.set(path[path.length - 1]!, { value });
  }
  const result: Item = {};
  for (const [name, node] of root) setEntry(result, name as string, render(node));
  return result;
}

function render(node: Node): AttributeValue {
  if (node.value !== undefined) return node.value;
  const children = node.children!;
  const first = children.keys().next().value;
  if (typeof first === "number") {
    const indexes = [...children.keys()] as number[];
    indexes.sort((a, b) => a - b);
    return { L: indexes.map((index) => render(children.get(index)!)) };
  }
  const entries: Record<string, AttributeValue> = {};
  for (const [key, child] of children) setEntry(entries, key as string, render(child));
  return { M: entries };
}
