// Look-ups over an API definition's resource tree. Resources are stored flat (id, parentId,
// pathPart) as API Gateway models them; paths are derived from the parent chain, so moving or
// renaming a resource moves its whole subtree.
import type { ApiDefinition, MethodRecord, ResourceRecord } from "./records.js";
import { notFound } from "./errors.js";

export function findResource(def: ApiDefinition, resourceId: string): ResourceRecord | undefined {
  return def.resources.find((r) => r.id === resourceId);
}

export function requireResource(def: ApiDefinition, resourceId: string): ResourceRecord {
  const resource = findResource(def, resourceId);
  if (!resource) throw notFound.resource();
  return resource;
}

export function requireMethod(resource: ResourceRecord, httpMethod: string): MethodRecord {
  const method = Object.hasOwn(resource.methods, httpMethod) ? resource.methods[httpMethod] : undefined;
  if (!method) throw notFound.method();
  return method;
}

/** Every resource's full path ("/", "/pets", "/pets/{petId}"), computed once per call. */
export function resourcePaths(def: ApiDefinition): Map<string, string> {
  const byId = new Map(def.resources.map((r) => [r.id, r]));
  const paths = new Map<string, string>();
  const pathOf = (r: ResourceRecord, depth = 0): string => {
    const known = paths.get(r.id);
    if (known !== undefined) return known;
    const parent = r.parentId !== undefined ? byId.get(r.parentId) : undefined;
    // depth guards against a corrupt cycle; updates refuse to create one.
    const path = !parent || depth > 1000 ? "/" : joinPath(pathOf(parent, depth + 1), r.pathPart ?? "");
    paths.set(r.id, path);
    return path;
  };
  for (const r of def.resources) pathOf(r);
  return paths;
}

export function resourcePath(def: ApiDefinition, resource: ResourceRecord): string {
  return resourcePaths(def).get(resource.id) ?? "/";
}

const joinPath = (parent: string, part: string) => (parent === "/" ? `/${part}` : `${parent}/${part}`);

export function childrenOf(def: ApiDefinition, resourceId: string): ResourceRecord[] {
  return def.resources.filter((r) => r.parentId === resourceId);
}

/** The resource and everything below it. */
export function subtreeIds(def: ApiDefinition, resourceId: string): Set<string> {
  const ids = new Set([resourceId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of def.resources) {
      if (r.parentId !== undefined && ids.has(r.parentId) && !ids.has(r.id)) {
        ids.add(r.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** Every method of the API with the path of its resource, in resource order. */
export function* allMethods(def: ApiDefinition): Generator<{ resource: ResourceRecord; path: string; method: MethodRecord }> {
  const paths = resourcePaths(def);
  for (const resource of def.resources) {
    for (const method of Object.values(resource.methods)) yield { resource, path: paths.get(resource.id) ?? "/", method };
  }
}

/** The root resource's id. */
export function rootResource(def: ApiDefinition): ResourceRecord {
  return def.resources.find((r) => r.parentId === undefined)!;
}

/** A deep copy (documents are plain JSON). */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}
