// Resource: CreateResource, GetResource, GetResources, UpdateResource, DeleteResource.
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateResource.html
// Path parts follow
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html
// (static parts, one {variable} per sibling set, greedy {proxy+} parts that take no children);
// the refusals are worded as recorded (TestApiGatewayApiResource in the snapshots).
import type { RequestContext } from "../../aws/context.js";
import type {
  CreateResourceRequest,
  DeleteResourceRequest,
  GetResourceRequest,
  GetResourcesRequest,
  Resource,
  Resources,
  UpdateResourceRequest,
} from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import { childrenOf, requireResource, resourcePath, resourcePaths, subtreeIds } from "./definition.js";
import type { ControlPlaneDeps } from "./deps.js";
import { badRequest, conflict, notFound } from "./errors.js";
import { newResourceId } from "./ids.js";
import { resourceOutput } from "./outputs.js";
import { paginate } from "./pagination.js";
import { checkTablePath } from "./patch-operations.js";
import type { ApiDefinition, ResourceRecord } from "./records.js";

const PATH_PART = /^(\{[a-zA-Z0-9._-]+\+?\}|[a-zA-Z0-9._:-]+)$/;
const isVariable = (part: string | undefined) => part !== undefined && part.startsWith("{");
const isGreedy = (part: string | undefined) => part !== undefined && part.endsWith("+}");

const UPDATE_PATHS = { replace: ["/parentId", "/pathPart"] } as const;

export class ResourceOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async create(ctx: RequestContext, input: CreateResourceRequest): Promise<Resource> {
    const scope = scopeOf(ctx);
    const { resource, path } = await this.deps.apis.mutate(scope, input.restApiId, notFound.resource, (doc) => {
      const def = doc.definition;
      const parent = requireResource(def, input.parentId);
      checkPathPart(def, parent, input.pathPart, undefined);
      const resource: ResourceRecord = { id: newResourceId(), parentId: parent.id, pathPart: input.pathPart, methods: {} };
      def.resources.push(resource);
      return { resource, path: resourcePath(def, resource) };
    });
    return resourceOutput(resource, path, false);
  }

  async get(ctx: RequestContext, input: GetResourceRequest): Promise<Resource> {
    const doc = await this.deps.apis.load(scopeOf(ctx), input.restApiId, notFound.resource);
    const resource = requireResource(doc.definition, input.resourceId);
    return resourceOutput(resource, resourcePath(doc.definition, resource), embedsMethods(input.embed));
  }

  async list(ctx: RequestContext, input: GetResourcesRequest): Promise<Resources> {
    const scope = scopeOf(ctx);
    const doc = await this.deps.apis.load(scope, input.restApiId, () => notFound.api(scope.accountId, input.restApiId));
    const paths = resourcePaths(doc.definition);
    const page = paginate(doc.definition.resources, (r) => r.id, input.position, input.limit);
    const embed = embedsMethods(input.embed);
    return { ...page, items: page.items.map((r) => resourceOutput(r, paths.get(r.id) ?? "/", embed)) };
  }

  async update(ctx: RequestContext, input: UpdateResourceRequest): Promise<Resource> {
    const scope = scopeOf(ctx);
    const { resource, path } = await this.deps.apis.mutate(scope, input.restApiId, notFound.resource, (doc) => {
      const def = doc.definition;
      const resource = requireResource(def, input.resourceId);
      for (const op of input.patchOperations ?? []) {
        const path = checkTablePath(op, UPDATE_PATHS);
        if (path === "/pathPart") {
          if (resource.parentId === undefined) throw badRequest("Root resource cannot update its pathPart.");
          const parent = requireResource(def, resource.parentId);
          checkPathPart(def, parent, op.value ?? "", resource.id);
          resource.pathPart = op.value;
        } else {
          if (resource.parentId === undefined) throw badRequest("Root resource cannot update its parentId.");
          const parent = requireResource(def, op.value ?? "");
          if (subtreeIds(def, resource.id).has(parent.id)) throw badRequest("Resources cannot be cyclical.");
          checkPathPart(def, parent, resource.pathPart!, resource.id);
          resource.parentId = parent.id;
        }
      }
      return { resource, path: resourcePath(def, resource) };
    });
    return resourceOutput(resource, path, false);
  }

  async delete(ctx: RequestContext, input: DeleteResourceRequest): Promise<void> {
    await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.resource, (doc) => {
      const def = doc.definition;
      const resource = requireResource(def, input.resourceId);
      if (resource.parentId === undefined) throw badRequest("Cannot delete the root resource.");
      const doomed = subtreeIds(def, resource.id);
      def.resources = def.resources.filter((r) => !doomed.has(r.id));
    });
  }
}

/** The checks a path part must pass under a parent (self: the resource being moved/renamed). */
function checkPathPart(def: ApiDefinition, parent: ResourceRecord, pathPart: string, self: string | undefined): void {
  if (!PATH_PART.test(pathPart)) {
    throw badRequest(
      "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
    );
  }
  if (isGreedy(parent.pathPart)) throw badRequest(`Cannot create a child of a resource with a greedy path variable: ${parent.pathPart}`);
  const siblings = childrenOf(def, parent.id).filter((r) => r.id !== self);
  if (siblings.some((s) => s.pathPart === pathPart)) throw conflict(`Another resource with the same parent already has this name: ${pathPart}`);
  const variableSibling = isVariable(pathPart) ? siblings.find((s) => isVariable(s.pathPart)) : undefined;
  if (variableSibling) {
    throw badRequest(`A sibling (${variableSibling.pathPart}) of this resource already has a variable path part -- only one is allowed`);
  }
}

const embedsMethods = (embed: string[] | undefined) => embed?.includes("methods") ?? false;

