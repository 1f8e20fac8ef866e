// Form parameters (Action=...&Name.member.1=...) -> values, driven by the model, as the
// awsQuery protocol serializes them: https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
// Nested members join with ".", lists are Name.member.N (Name.N when flattened), maps are
// Name.entry.N.key / Name.entry.N.value (Name.N.key when flattened), with the key, value and
// member segments renamed by their locationNames. An empty list is sent as "Name=".
import type { ServiceError } from "../errors.js";
import type { ShapeRef, StructureShape } from "../spec/model.js";
import type { ServiceSpec } from "../spec/service-spec.js";
import { setOwn } from "./json-codec.js";
import { isFlattened, scalarFromText, timestampFormatOf } from "./shapes.js";

/** One node of the dotted parameter names: its own value and its children by segment. */
export interface ParamNode {
  value?: string;
  children?: Map<string, ParamNode>;
}

export function buildParamTree(params: Iterable<[string, string]>): ParamNode {
  const root: ParamNode = {};
  for (const [key, value] of params) {
    let node = root;
    for (const segment of key.split(".")) {
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = {}));
      node = child;
    }
    node.value ??= value; // the first of repeated parameters wins
  }
  return root;
}

/** The numbered children (1, 2, ...) in index order. */
function indexed(node: ParamNode | undefined): ParamNode[] {
  if (!node?.children) return [];
  const items: Array<[number, ParamNode]> = [];
  for (const [segment, child] of node.children) {
    if (/^[1-9][0-9]*$/.test(segment)) items.push([Number(segment), child]);
  }
  return items.sort((a, b) => a[0] - b[0]).map(([, child]) => child);
}

export type InvalidParameter = (parameter: string, text: string, detail: string) => ServiceError;

export class QueryReader {
  constructor(
    private readonly spec: ServiceSpec,
    private readonly invalid: InvalidParameter,
  ) {}

  readStructure(shape: StructureShape, node: ParamNode, path = ""): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (!node.children) return out;
    for (const [name, ref] of Object.entries(shape.members)) {
      const found = this.memberNode(name, ref, node);
      if (!found) continue;
      const value = this.read(ref, found.node, path ? `${path}.${found.segment}` : found.segment);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  /** A member's node under its serialized name; flattened lists may use their member's name. */
  private memberNode(name: string, ref: ShapeRef, parent: ParamNode): { node: ParamNode; segment: string } | undefined {
    const target = this.spec.resolve(ref);
    const candidates = [ref.locationName ?? name];
    if (target.type === "list" && isFlattened(ref, target) && target.member.locationName) candidates.unshift(target.member.locationName);
    if (!candidates.includes(name)) candidates.push(name);
    for (const segment of candidates) {
      const node = parent.children!.get(segment);
      if (node) return { node, segment };
    }
    return undefined;
  }

  private read(ref: ShapeRef, node: ParamNode, path: string): unknown {
    const shape = this.spec.resolve(ref);
    switch (shape.type) {
      case "structure":
        return this.readStructure(shape, node, path);
      case "list": {
        if (!node.children) return node.value === "" ? [] : undefined;
        const itemsNode = isFlattened(ref, shape) ? node : node.children.get(shape.member.locationName ?? "member");
        return indexed(itemsNode).map((item, i) => this.read(shape.member, item, `${path}.${i + 1}`));
      }
      case "map": {
        if (!node.children) return node.value === "" ? {} : undefined;
        const entries = isFlattened(ref, shape) ? indexed(node) : indexed(node.children.get("entry"));
        const keyName = shape.key.locationName ?? "key";
        const valueName = shape.value.locationName ?? "value";
        const out: Record<string, unknown> = {};
        for (const entry of entries) {
          const key = entry.children?.get(keyName)?.value;
          const valueNode = entry.children?.get(valueName);
          if (key === undefined || !valueNode) continue;
          const value = this.read(shape.value, valueNode, `${path}.${key}`);
          if (value !== undefined) setOwn(out, key, value);
        }
        return out;
      }
      default: {
        if (node.value === undefined) return undefined;
        const text = node.value;
        return scalarFromText(shape, text, timestampFormatOf(ref, shape, "iso8601"), (detail) => this.invalid(path, text, detail));
      }
    }
  }
}
