// Integration: PutIntegration, GetIntegration, UpdateIntegration, DeleteIntegration.
// https://docs.aws.amazon.com/apigateway/latest/api/API_PutIntegration.html
// Defaults as recorded: passthroughBehavior WHEN_NO_MATCH, timeoutInMillis 29000,
// cacheNamespace = the resource id, cacheKeyParameters [], connectionType INTERNET for HTTP
// and HTTP_PROXY. PutIntegration replaces the integration, its responses included.
import type { RequestContext } from "../../aws/context.js";
import type {
  DeleteIntegrationRequest,
  GetIntegrationRequest,
  Integration,
  PutIntegrationRequest,
  UpdateIntegrationRequest,
} from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import { requireMethod, requireResource } from "./definition.js";
import type { ControlPlaneDeps } from "./deps.js";
import { notFound } from "./errors.js";
import { checkIntegration, DEFAULT_TIMEOUT_MS, normalizeTemplates } from "./integration-checks.js";
import { integrationOutput } from "./outputs.js";
import { parseBool, patchErrors, patchMapEntry, pathSegments, type PatchOp } from "./patch-operations.js";
import type { IntegrationRecord, MethodRecord } from "./records.js";

export class IntegrationOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async put(ctx: RequestContext, input: PutIntegrationRequest): Promise<Integration> {
    const integration = await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.resource, (doc) => {
      const resource = requireResource(doc.definition, input.resourceId);
      const method = requireMethod(resource, input.httpMethod);
      const integration: IntegrationRecord = {
        type: input.type,
        passthroughBehavior: input.passthroughBehavior ?? "WHEN_NO_MATCH",
        timeoutInMillis: input.timeoutInMillis ?? DEFAULT_TIMEOUT_MS,
        cacheNamespace: input.cacheNamespace ?? resource.id,
        cacheKeyParameters: [...(input.cacheKeyParameters ?? [])],
      };
      if (input.integrationHttpMethod !== undefined) integration.httpMethod = input.integrationHttpMethod;
      if (input.uri !== undefined) integration.uri = input.uri;
      const connectionType = input.connectionType ?? (input.type === "HTTP" || input.type === "HTTP_PROXY" ? "INTERNET" : undefined);
      if (connectionType !== undefined) integration.connectionType = connectionType;
      if (input.connectionId !== undefined) integration.connectionId = input.connectionId;
      if (input.credentials !== undefined) integration.credentials = input.credentials;
      if (input.requestParameters && Object.keys(input.requestParameters).length > 0) integration.requestParameters = { ...input.requestParameters };
      const templates = normalizeTemplates(input.requestTemplates);
      if (templates && Object.keys(templates).length > 0) integration.requestTemplates = templates;
      if (input.contentHandling !== undefined) integration.contentHandling = input.contentHandling;
      if (input.tlsConfig !== undefined) integration.tlsConfig = { ...input.tlsConfig };
      if (input.responseTransferMode !== undefined) integration.responseTransferMode = input.responseTransferMode;
      if (input.integrationTarget !== undefined) integration.integrationTarget = input.integrationTarget;
      checkIntegration(integration, method);
      method.methodIntegration = integration;
      return integration;
    });
    return integrationOutput(integration);
  }

  async get(ctx: RequestContext, input: GetIntegrationRequest): Promise<Integration> {
    const doc = await this.deps.apis.load(scopeOf(ctx), input.restApiId, notFound.resource);
    const method = requireMethod(requireResource(doc.definition, input.resourceId), input.httpMethod);
    return integrationOutput(requireIntegration(method));
  }

  async update(ctx: RequestContext, input: UpdateIntegrationRequest): Promise<Integration> {
    const integration = await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.resource, (doc) => {
      const method = requireMethod(requireResource(doc.definition, input.resourceId), input.httpMethod);
      const integration = requireIntegration(method);
      for (const op of input.patchOperations ?? []) applyIntegrationPatch(integration, op);
      checkIntegration(integration, method);
      return integration;
    });
    return integrationOutput(integration);
  }

  async delete(ctx: RequestContext, input: DeleteIntegrationRequest): Promise<void> {
    await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.resource, (doc) => {
      const method = requireMethod(requireResource(doc.definition, input.resourceId), input.httpMethod);
      requireIntegration(method);
      delete method.methodIntegration;
    });
  }
}

export function requireIntegration(method: MethodRecord): IntegrationRecord {
  if (!method.methodIntegration) throw notFound.integration();
  return method.methodIntegration;
}

const SCALARS = new Set([
  "uri",
  "httpMethod",
  "credentials",
  "passthroughBehavior",
  "contentHandling",
  "cacheNamespace",
  "timeoutInMillis",
  "connectionType",
  "connectionId",
  "integrationTarget",
  "responseTransferMode",
]);

function applyIntegrationPatch(integration: IntegrationRecord, op: PatchOp): void {
  if (op.path === undefined) throw patchErrors.invalidPath(op.path);
  const [field, key, extra] = pathSegments(op.path);
  const record = integration as unknown as Record<string, unknown>;
  if (field !== undefined && SCALARS.has(field) && key === undefined) {
    if (op.op !== "replace") throw patchErrors.opNotOneOf(["replace"]);
    if (field === "timeoutInMillis") record[field] = /^\d+$/.test(op.value ?? "") ? Number(op.value) : Number.NaN;
    else if (op.value === undefined || op.value === "") delete record[field];
    else record[field] = op.value;
    return;
  }
  if (field === "tlsConfig" && key === "insecureSkipVerification" && extra === undefined) {
    if (op.op !== "replace") throw patchErrors.opNotOneOf(["replace"]);
    integration.tlsConfig = { insecureSkipVerification: parseBool(op.value) };
    return;
  }
  if (key === undefined || extra !== undefined) throw patchErrors.invalidPath(op.path);
  if (op.op !== "add" && op.op !== "remove" && op.op !== "replace") throw patchErrors.opNotAddRemoveReplace();
  switch (field) {
    case "requestParameters": {
      const next = patchMapEntry(integration.requestParameters, op, key, op.value ?? "");
      if (next) integration.requestParameters = next;
      else delete integration.requestParameters;
      return;
    }
    case "requestTemplates": {
      const next = patchMapEntry(integration.requestTemplates, op, key, op.value ? op.value : null);
      if (next) integration.requestTemplates = next;
      else delete integration.requestTemplates;
      return;
    }
    case "cacheKeyParameters": {
      const rest = integration.cacheKeyParameters.filter((p) => p !== key);
      integration.cacheKeyParameters = op.op === "remove" ? rest : [...rest, key];
      return;
    }
    default:
      throw patchErrors.invalidPath(op.path);
  }
}
