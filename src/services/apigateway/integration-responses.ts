// IntegrationResponse: PutIntegrationResponse, GetIntegrationResponse,
// UpdateIntegrationResponse, DeleteIntegrationResponse.
// https://docs.aws.amazon.com/apigateway/latest/api/API_PutIntegrationResponse.html
// selectionPattern is kept as given ("" included); empty templates read back as null.
// DeleteIntegrationResponse reports a missing method as a missing integration, as recorded
// (test_delete_integration_response_errors).
import type { RequestContext } from "../../aws/context.js";
import type {
  DeleteIntegrationResponseRequest,
  GetIntegrationResponseRequest,
  IntegrationResponse,
  PutIntegrationResponseRequest,
  UpdateIntegrationResponseRequest,
} from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import { requireMethod, requireResource } from "./definition.js";
import type { ControlPlaneDeps } from "./deps.js";
import { notFound } from "./errors.js";
import { checkIntegrationResponseParameters, normalizeTemplates } from "./integration-checks.js";
import { requireIntegration } from "./integrations.js";
import { integrationResponseOutput } from "./outputs.js";
import { patchErrors, patchMapEntry, pathSegments, type PatchOp } from "./patch-operations.js";
import type { IntegrationRecord, IntegrationResponseRecord } from "./records.js";

export class IntegrationResponseOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async put(ctx: RequestContext, input: PutIntegrationResponseRequest): Promise<IntegrationResponse> {
    const response = await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.resource, (doc) => {
      const method = requireMethod(requireResource(doc.definition, input.resourceId), input.httpMethod);
      const integration = requireIntegration(method);
      checkIntegrationResponseParameters(input.responseParameters);
      const response: IntegrationResponseRecord = { statusCode: input.statusCode };
      if (input.selectionPattern !== undefined) response.selectionPattern = input.selectionPattern;
      if (input.responseParameters && Object.keys(input.responseParameters).length > 0) response.responseParameters = { ...input.responseParameters };
      const templates = normalizeTemplates(input.responseTemplates);
      if (templates !== undefined) response.responseTemplates = templates;
      if (input.contentHandling !== undefined) response.contentHandling = input.contentHandling;
      integration.integrationResponses = { ...(integration.integrationResponses ?? {}), [input.statusCode]: response };
      return response;
    });
    return integrationResponseOutput(response);
  }

  async get(ctx: RequestContext, input: GetIntegrationResponseRequest): Promise<IntegrationResponse> {
    const doc = await this.deps.apis.load(scopeOf(ctx), input.restApiId, notFound.resource);
    const method = requireMethod(requireResource(doc.definition, input.resourceId), input.httpMethod);
    return integrationResponseOutput(requireIntegrationResponse(requireIntegration(method), input.statusCode));
  }

  async update(ctx: RequestContext, input: UpdateIntegrationResponseRequest): Promise<IntegrationResponse> {
    const response = await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.resource, (doc) => {
      const method = requireMethod(requireResource(doc.definition, input.resourceId), input.httpMethod);
      const response = requireIntegrationResponse(requireIntegration(method), input.statusCode);
      for (const op of input.patchOperations ?? []) applyIntegrationResponsePatch(response, op);
      checkIntegrationResponseParameters(response.responseParameters);
      return response;
    });
    return integrationResponseOutput(response);
  }

  async delete(ctx: RequestContext, input: DeleteIntegrationResponseRequest): Promise<void> {
    await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.resource, (doc) => {
      const resource = requireResource(doc.definition, input.resourceId);
      const method = Object.hasOwn(resource.methods, input.httpMethod) ? resource.methods[input.httpMethod] : undefined;
      if (!method) throw notFound.integration();
      const integration = requireIntegration(method);
      requireIntegrationResponse(integration, input.statusCode);
      delete integration.integrationResponses![input.statusCode];
      if (Object.keys(integration.integrationResponses!).length === 0) delete integration.integrationResponses;
    });
  }
}

function requireIntegrationResponse(integration: IntegrationRecord, statusCode: string): IntegrationResponseRecord {
  const responses = integration.integrationResponses;
  const response = responses && Object.hasOwn(responses, statusCode) ? responses[statusCode] : undefined;
  if (!response) throw notFound.responseStatus();
  return response;
}

function applyIntegrationResponsePatch(response: IntegrationResponseRecord, op: PatchOp): void {
  if (op.path === undefined) throw patchErrors.invalidPath(op.path);
  const [field, key, extra] = pathSegments(op.path);
  if ((field === "selectionPattern" || field === "contentHandling") && key === undefined) {
    if (op.op !== "replace") throw patchErrors.opNotOneOf(["replace"]);
    if (op.value === undefined || (field === "contentHandling" && op.value === "")) delete response[field];
    else if (field === "contentHandling") response.contentHandling = op.value as IntegrationResponseRecord["contentHandling"];
    else response.selectionPattern = op.value;
    return;
  }
  if (key === undefined || extra !== undefined) throw patchErrors.invalidPath(op.path);
  if (op.op !== "add" && op.op !== "remove" && op.op !== "replace") throw patchErrors.opNotAddRemoveReplace();
  if (field === "responseParameters") {
    const next = patchMapEntry(response.responseParameters, op, key, op.value ?? "");
    if (next) response.responseParameters = next;
    else delete response.responseParameters;
  } else if (field === "responseTemplates") {
    const next = patchMapEntry(response.responseTemplates, op, key, op.value ? op.value : null);
    if (next) response.responseTemplates = next;
    else delete response.responseTemplates;
  } else {
    throw patchErrors.invalidPath(op.path);
  }
}
