// DocumentationPart: Create/Get/GetMany/Update/Delete and ImportDocumentationParts.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-documenting-api.html
// A part documents one location of the API (the API, a resource, a method, a parameter, a
// model...) with a JSON `properties` object; GetExport and the imports carry them in
// x-amazon-apigateway-documentation. A location holds at most one part. Messages as recorded
// (TestApiGatewayApiDocumentationPart).
import type { RequestContext } from "../../aws/context.js";
import type {
  CreateDocumentationPartRequest,
  DeleteDocumentationPartRequest,
  DocumentationPart,
  DocumentationPartIds,
  DocumentationPartLocation,
  DocumentationParts,
  GetDocumentationPartRequest,
  GetDocumentationPartsRequest,
  ImportDocumentationPartsRequest,
  UpdateDocumentationPartRequest,
} from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import type { ControlPlaneDeps } from "./deps.js";
import { badRequest, conflict, notFound } from "./errors.js";
import { newShortId } from "./ids.js";
import { asObject, isObject, parseOpenApi, type Json } from "./openapi-document.js";
import { paginate } from "./pagination.js";
import { checkTablePath } from "./patch-operations.js";
import type { ApiDefinition, DocumentationPartRecord } from "./records.js";

const UPDATE_PATHS = { replace: ["/properties"] } as const;

export class DocumentationPartOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async create(ctx: RequestContext, input: CreateDocumentationPartRequest): Promise<DocumentationPart> {
    const scope = scopeOf(ctx);
    const part = await this.deps.apis.mutate(scope, input.restApiId, () => notFound.api(scope.accountId, input.restApiId), (doc) =>
      addPart(doc.definition, input.location, input.properties),
    );
    return { ...structuredClone(part) };
  }

  async get(ctx: RequestContext, input: GetDocumentationPartRequest): Promise<DocumentationPart> {
    const doc = await this.deps.apis.load(scopeOf(ctx), input.restApiId, notFound.documentationPart);
    return { ...structuredClone(requirePart(doc.definition, input.documentationPartId)) };
  }

  async list(ctx: RequestContext, input: GetDocumentationPartsRequest): Promise<DocumentationParts> {
    const scope = scopeOf(ctx);
    const doc = await this.deps.apis.load(scope, input.restApiId, () => notFound.api(scope.accountId, input.restApiId));
    let parts = doc.definition.documentationParts;
    if (input.type) parts = parts.filter((p) => p.location.type === input.type);
    if (input.path) parts = parts.filter((p) => p.location.path === input.path);
    if (input.nameQuery) parts = parts.filter((p) => p.location.name?.startsWith(input.nameQuery!) ?? false);
    const page = paginate(parts, (p) => p.id, input.position, input.limit);
    return { ...page, items: page.items.map((p) => structuredClone(p)) };
  }

  async update(ctx: RequestContext, input: UpdateDocumentationPartRequest): Promise<DocumentationPart> {
    const part = await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.documentationPart, (doc) => {
      const part = requirePart(doc.definition, input.documentationPartId);
      for (const op of input.patchOperations ?? []) {
        checkTablePath(op, UPDATE_PATHS);
        part.properties = checkProperties(op.value);
      }
      return part;
    });
    return { ...structuredClone(part) };
  }

  async delete(ctx: RequestContext, input: DeleteDocumentationPartRequest): Promise<void> {
    const scope = scopeOf(ctx);
    await this.deps.apis.mutate(scope, input.restApiId, () => notFound.api(scope.accountId, input.restApiId), (doc) => {
      requirePart(doc.definition, input.documentationPartId);
      doc.definition.documentationParts = doc.definition.documentationParts.filter((p) => p.id !== input.documentationPartId);
    });
  }

  async import(ctx: RequestContext, input: ImportDocumentationPartsRequest): Promise<DocumentationPartIds> {
    const scope = scopeOf(ctx);
    let body: Json;
    try {
      body = parseOpenApi(input.body ?? Buffer.alloc(0)).doc;
    } catch {
      throw badRequest("Unable to build importer with provided input.");
    }
    return this.deps.apis.mutate(scope, input.restApiId, () => notFound.api(scope.accountId, input.restApiId), (doc) => {
      if (input.mode === "overwrite") doc.definition.documentationParts = [];
      const warnings: string[] = [];
      const ids = importDocumentation(doc.definition, body, warnings);
      if (input.failOnWarnings && warnings.length > 0) throw badRequest(`Warnings found during import:\n\t${warnings.join("\n\t")}`);
      return { ids, ...(warnings.length > 0 ? { warnings } : {}) };
    });
  }
}

/** x-amazon-apigateway-documentation.documentationParts of a document, laid over def; the ids written. */
export function importDocumentation(def: ApiDefinition, doc: Json, warnings: string[]): string[] {
  const parts = asObject(asObject(doc)["x-amazon-apigateway-documentation"])["documentationParts"];
  const ids: string[] = [];
  for (const raw of Array.isArray(parts) ? parts : []) {
    const spec = asObject(raw);
    const location = asObject(spec["location"]) as unknown as DocumentationPartLocation;
    try {
      def.documentationParts = def.documentationParts.filter((p) => !sameLocation(p.location, location));
      ids.push(addPart(def, location, JSON.stringify(isObject(spec["properties"]) ? spec["properties"] : {})).id);
    } catch (err) {
      warnings.push(`Unable to import documentation part: ${(err as Error).message}`);
    }
  }
  return ids;
}

function addPart(def: ApiDefinition, location: DocumentationPartLocation, properties: string | undefined): DocumentationPartRecord {
  if (def.documentationParts.some((p) => sameLocation(p.location, location))) {
    throw conflict("Documentation part already exists for the specified location");
  }
  const part: DocumentationPartRecord = { id: newShortId(), location: cleanLocation(location), properties: checkProperties(properties) };
  def.documentationParts.push(part);
  return part;
}

function checkProperties(properties: string | undefined): string {
  try {
    if (isObject(JSON.parse(properties ?? ""))) return properties!;
  } catch {
    // fall through
  }
  throw badRequest("Invalid documentation content specified: properties must be a JSON object");
}

function cleanLocation(location: DocumentationPartLocation): DocumentationPartRecord["location"] {
  const out: DocumentationPartRecord["location"] = { type: location.type };
  for (const key of ["path", "method", "statusCode", "name"] as const) if (location[key] !== undefined) out[key] = location[key];
  return out;
}

function sameLocation(a: DocumentationPartRecord["location"], b: DocumentationPartLocation): boolean {
  return a.type === b.type && a.path === b.path && a.method === b.method && a.statusCode === b.statusCode && a.name === b.name;
}

function requirePart(def: ApiDefinition, id: string): DocumentationPartRecord {
  const part = def.documentationParts.find((p) => p.id === id);
  if (!part) throw notFound.documentationPart();
  return part;
}
