// MethodResponse: PutMethodResponse, GetMethodResponse, UpdateMethodResponse,
// DeleteMethodResponse. https://docs.aws.amazon.com/apigateway/latest/api/API_PutMethodResponse.html
// Put keeps the maps exactly as given (an empty map reads back as {}); patches that empty a
// map drop it. Refusals as recorded (TestApigatewayMethodResponse).
import type { RequestContext } from "../../aws/context.js";
import type {
  DeleteMethodResponseRequest,
  GetMethodResponseRequest,
  MethodResponse,
  PutMethodResponseRequest,
  UpdateMethodResponseRequest,
} from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import { requireMethod, requireResource } from "./definition.js";
import type { ControlPlaneDeps } from "./deps.js";
import { notFound } from "./errors.js";
import { checkMethodResponseParameters, checkModelNames } from "./method-checks.js";
import { methodResponseOutput } from "./outputs.js";
import { parseBool, patchErrors, patchMapEntry, pathSegments, type PatchOp } from "./patch-operations.js";
import type { ApiDefinition, MethodRecord, MethodResponseRecord } from "./records.js";

export class MethodResponseOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async put(ctx: RequestContext, input: PutMethodResponseRequest): Promise<MethodResponse> {
    const response = await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.resource, (doc) => {
      const def = doc.definition;
      const method = requireMethod(requireResource(def, input.resourceId), input.httpMethod);
      checkMethodResponseParameters(input.responseParameters);
      checkModelNames(def, input.responseModels);
      const response: MethodResponseRecord = { statusCode: input.statusCode };
      if (input.responseParameters) response.responseParameters = { ...input.responseParameters };
      if (input.responseModels) response.responseModels = { ...input.responseModels };
      method.methodResponses = { ...(method.methodResponses ?? {}), [input.statusCode]: response };
      return response;
    });
    return methodResponseOutput(response);
  }

  async get(ctx: RequestContext, input: GetMethodResponseRequest): Promise<MethodResponse> {
    const doc = await this.deps.apis.load(scopeOf(ctx), input.restApiId, notFound.resource);
    const method = requireMethod(requireResource(doc.definition, input.resourceId), input.httpMethod);
    return methodResponseOutput(requireMethodResponse(method, input.statusCode));
  }

  async update(ctx: RequestContext, input: UpdateMethodResponseRequest): Promise<MethodResponse> {
    const response = await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.resource, (doc) => {
      const def = doc.definition;
      const method = requireMethod(requireResource(def, input.resourceId), input.httpMethod);
      const response = requireMethodResponse(method, input.statusCode);
      for (const op of input.patchOperations ?? []) applyMethodResponsePatch(def, response, op);
      return response;
    });
    return methodResponseOutput(response);
  }

  async delete(ctx: RequestContext, input: DeleteMethodResponseRequest): Promise<void> {
    await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.resource, (doc) => {
      const method = requireMethod(requireResource(doc.definition, input.resourceId), input.httpMethod);
      requireMethodResponse(method, input.statusCode);
      delete method.methodResponses![input.statusCode];
      if (Object.keys(method.methodResponses!).length === 0) delete method.methodResponses;
    });
  }
}

export function requireMethodResponse(method: MethodRecord, statusCode: string): MethodResponseRecord {
  const response = method.methodResponses && Object.hasOwn(method.methodResponses, statusCode) ? method.methodResponses[statusCode] : undefined;
  if (!response) throw notFound.responseStatus();
  return response;
}

function applyMethodResponsePatch(def: ApiDefinition, response: MethodResponseRecord, op: PatchOp): void {
  const segments = op.path !== undefined ? pathSegments(op.path) : [];
  const [field, key, extra] = segments;
  if (key === undefined || extra !== undefined || (field !== "responseParameters" && field !== "responseModels")) {
    throw patchErrors.invalidPath(op.path);
  }
  if (op.op !== "add" && op.op !== "remove" && op.op !== "replace") throw patchErrors.opNotAddRemoveReplace();
  if (field === "responseParameters") {
    const mustExist = op.op !== "add" ? notFound.parameterName : undefined;
    if (mustExist && !(response.responseParameters && key in response.responseParameters)) throw mustExist();
    const next = patchMapEntry(response.responseParameters, op, key, parseBool(op.value));
    checkMethodResponseParameters(next);
    if (next) response.responseParameters = next;
    else delete response.responseParameters;
    return;
  }
  if (op.op !== "add" && !(response.responseModels && key in response.responseModels)) throw notFound.contentType();
  if (op.op !== "remove") checkModelNames(def, { [key]: op.value ?? "" });
  const next = patchMapEntry(response.responseModels, op, key, op.value ?? "");
  if (next) response.responseModels = next;
  else delete response.responseModels;
}
