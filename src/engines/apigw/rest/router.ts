// Route matching: which resource and method of a deployment a request path selects.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html
// - The most specific resource wins: a literal path part before a {param}, a {param} before a
//   greedy {proxy+}; a branch that cannot serve the method is backed out of and the next tried.
// - {proxy+} takes one or more segments (never the resource's own path, so "/" is not matched by
//   "/{proxy+}"), inner empty segments included as sent.
// - A method is served by its own definition, else by ANY.
// - Nothing matching is answered by the caller with 403 MissingAuthenticationToken, as AWS does
//   for unknown routes and for known routes with an undefined method (test_routing_not_found).
// The tree is built once per deployment snapshot (immutable) and kept with it.
import type { MethodRecord } from "../../../services/apigateway/records.js";
import type { RestApiSnapshot, SnapshotResource } from "../../../services/apigateway/snapshot.js";

interface RouteNode {
  resource?: SnapshotResource;
  statics: Map<string, RouteNode>;
  param?: { name: string; node: RouteNode };
  greedy?: { name: string; resource: SnapshotResource };
}

export interface RouteMatch {
  resource: SnapshotResource;
  method: MethodRecord;
  /** Undecoded, as the client sent them. */
  pathParams: Record<string, string>;
}

const trees = new WeakMap<RestApiSnapshot, RouteNode>();

function newNode(resource?: SnapshotResource): RouteNode {
  return { ...(resource ? { resource } : {}), statics: new Map() };
}

function buildTree(snapshot: RestApiSnapshot): RouteNode {
  const nodes = new Map<string, RouteNode>();
  let root: RouteNode | undefined;
  for (const resource of snapshot.resources) nodes.set(resource.id, newNode(resource));
  for (const resource of snapshot.resources) {
    const node = nodes.get(resource.id)!;
    if (resource.parentId === undefined) {
      root = node;
      continue;
    }
    const parent = nodes.get(resource.parentId);
    const part = resource.pathPart ?? "";
    if (!parent) continue;
    if (part.startsWith("{") && part.endsWith("+}")) parent.greedy = { name: part.slice(1, -2), resource };
    else if (part.startsWith("{") && part.endsWith("}")) parent.param = { name: part.slice(1, -1), node };
    else parent.statics.set(part, node);
  }
  return root ?? newNode();
}

function methodOf(resource: SnapshotResource | undefined, httpMethod: string): MethodRecord | undefined {
  if (!resource) return undefined;
  return resource.methods[httpMethod] ?? resource.methods["ANY"];
}

function walk(node: RouteNode, segments: readonly string[], i: number, httpMethod: string, params: Record<string, string>): RouteMatch | undefined {
  if (i === segments.length) {
    const method = methodOf(node.resource, httpMethod);
    return method ? { resource: node.resource!, method, pathParams: { ...params } } : undefined;
  }
  const segment = segments[i]!;
  const literal = node.statics.get(segment);
  if (literal) {
    const found = walk(literal, segments, i + 1, httpMethod, params);
    if (found) return found;
  }
  if (node.param && segment !== "") {
    params[node.param.name] = segment;
    const found = walk(node.param.node, segments, i + 1, httpMethod, params);
    delete params[node.param.name];
    if (found) return found;
  }
  if (node.greedy) {
    const value = segments.slice(i).join("/");
    const method = value === "" ? undefined : methodOf(node.greedy.resource, httpMethod);
    if (method) return { resource: node.greedy.resource, method, pathParams: { ...params, [node.greedy.name]: value } };
  }
  return undefined;
}

/** The resource and method serving `httpMethod` on the path `segments` (see invoke-url.ts routeSegments). */
export function matchRoute(snapshot: RestApiSnapshot, httpMethod: string, segments: readonly string[]): RouteMatch | undefined {
  let tree = trees.get(snapshot);
  if (!tree) {
    tree = buildTree(snapshot);
    trees.set(snapshot, tree);
  }
  return walk(tree, segments, 0, httpMethod, {});
}
