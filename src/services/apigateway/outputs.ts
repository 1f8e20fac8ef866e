// Stored records -> API output shapes. Records already use the output field names; these
// functions convert timestamps to Date, copy (never hand out stored objects) and apply the
// presence rules AWS follows, as recorded: e.g. `tags` appears on Get*/Update* answers even
// when empty ("tags": {}) but on Create* answers and list items only when there are tags.
import type {
  Authorizer,
  Integration,
  IntegrationResponse,
  Method,
  MethodResponse,
  Model,
  RequestValidator,
  Resource,
  RestApi,
} from "../../aws/generated/apigateway.js";
import { cloneJson } from "./definition.js";
import type {
  AuthorizerRecord,
  IntegrationRecord,
  IntegrationResponseRecord,
  MethodRecord,
  MethodResponseRecord,
  ModelRecord,
  RequestValidatorRecord,
  ResourceRecord,
  RestApiAttrs,
} from "./records.js";

/** How a read presents `tags`: always (Get/Update) or only when there are some (Create, lists). */
export type TagsPresence = "always" | "non-empty";

export function tagsField(tags: Record<string, string> | undefined, presence: TagsPresence): { tags?: Record<string, string> } {
  const t = tags ?? {};
  return presence === "always" || Object.keys(t).length > 0 ? { tags: { ...t } } : {};
}

export function restApiOutput(attrs: RestApiAttrs, presence: TagsPresence): RestApi {
  const { createdDate, tags, ...rest } = cloneJson(attrs);
  return { ...rest, createdDate: new Date(createdDate), ...tagsField(tags, presence) };
}

export function resourceOutput(resource: ResourceRecord, path: string, embedMethods: boolean): Resource {
  const out: Resource = { id: resource.id, path };
  if (resource.parentId !== undefined) out.parentId = resource.parentId;
  if (resource.pathPart !== undefined) out.pathPart = resource.pathPart;
  const methods = Object.keys(resource.methods);
  if (methods.length > 0) {
    out.resourceMethods = {};
    for (const m of methods) out.resourceMethods[m] = embedMethods ? methodOutput(resource.methods[m]!) : {};
  }
  return out;
}

export function methodOutput(method: MethodRecord): Method {
  const { methodResponses, methodIntegration, ...rest } = cloneJson(method);
  const out: Method = rest;
  if (methodResponses && Object.keys(methodResponses).length > 0) {
    out.methodResponses = {};
    for (const [code, r] of Object.entries(methodResponses)) out.methodResponses[code] = methodResponseOutput(r);
  }
  if (methodIntegration) out.methodIntegration = integrationOutput(methodIntegration);
  return out;
}

export function methodResponseOutput(response: MethodResponseRecord): MethodResponse {
  return cloneJson(response);
}

export function integrationOutput(integration: IntegrationRecord): Integration {
  const { integrationResponses, ...rest } = cloneJson(integration);
  const out = rest as Integration;
  if (integrationResponses && Object.keys(integrationResponses).length > 0) {
    out.integrationResponses = {};
    for (const [code, r] of Object.entries(integrationResponses)) out.integrationResponses[code] = integrationResponseOutput(r);
  }
  return out;
}

export function integrationResponseOutput(response: IntegrationResponseRecord): IntegrationResponse {
  return cloneJson(response) as IntegrationResponse;
}

export const modelOutput = (model: ModelRecord): Model => cloneJson(model);
export const requestValidatorOutput = (v: RequestValidatorRecord): RequestValidator => cloneJson(v);
export const authorizerOutput = (a: AuthorizerRecord): Authorizer => cloneJson(a);
