// Method: PutMethod, GetMethod, UpdateMethod, DeleteMethod.
// https://docs.aws.amazon.com/apigateway/latest/api/API_PutMethod.html
// PutMethod replaces the whole method (its integration and responses included), as AWS does.
import type { RequestContext } from "../../aws/context.js";
import type {
  DeleteMethodRequest,
  GetMethodRequest,
  Method,
  PutMethodRequest,
  UpdateMethodRequest,
} from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import { requireMethod, requireResource } from "./definition.js";
import type { ControlPlaneDeps } from "./deps.js";
import { notFound } from "./errors.js";
import {
  checkHttpMethod,
  checkMethodRequestParameters,
  checkModelNames,
  checkRequestValidator,
  settleAuthorization,
} from "./method-checks.js";
import { methodOutput } from "./outputs.js";
import { parseBool, patchErrors, patchMapEntry, pathSegments, type PatchOp } from "./patch-operations.js";
import type { ApiDefinition, MethodRecord } from "./records.js";

export class MethodOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async put(ctx: RequestContext, input: PutMethodRequest): Promise<Method> {
    const method = await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.resource, (doc) => {
      const def = doc.definition;
      const resource = requireResource(def, input.resourceId);
      checkHttpMethod(input.httpMethod);
      const method: MethodRecord = {
        httpMethod: input.httpMethod,
        authorizationType: input.authorizationType,
        apiKeyRequired: input.apiKeyRequired ?? false,
      };
      if (input.authorizerId !== undefined) method.authorizerId = input.authorizerId;
      settleAuthorization(def, method);
      checkRequestValidator(def, input.requestValidatorId);
      checkModelNames(def, input.requestModels);
      checkMethodRequestParameters(input.requestParameters);
      if (input.requestValidatorId !== undefined) method.requestValidatorId = input.requestValidatorId;
      if (input.operationName !== undefined) method.operationName = input.operationName;
      if (input.requestParameters && Object.keys(input.requestParameters).length > 0) method.requestParameters = { ...input.requestParameters };
      if (input.requestModels && Object.keys(input.requestModels).length > 0) method.requestModels = { ...input.requestModels };
      if (input.authorizationScopes && input.authorizationScopes.length > 0) method.authorizationScopes = [...input.authorizationScopes];
      resource.methods[input.httpMethod] = method;
      return method;
    });
    return methodOutput(method);
  }

  async get(ctx: RequestContext, input: GetMethodRequest): Promise<Method> {
    const doc = await this.deps.apis.load(scopeOf(ctx), input.restApiId, notFound.resource);
    return methodOutput(requireMethod(requireResource(doc.definition, input.resourceId), input.httpMethod));
  }

  async update(ctx: RequestContext, input: UpdateMethodRequest): Promise<Method> {
    const method = await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.resource, (doc) => {
      const def = doc.definition;
      const method = requireMethod(requireResource(def, input.resourceId), input.httpMethod);
      for (const op of input.patchOperations ?? []) applyMethodPatch(def, method, op);
      settleAuthorization(def, method);
      return method;
    });
    return methodOutput(method);
  }

  async delete(ctx: RequestContext, input: DeleteMethodRequest): Promise<void> {
    await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.resource, (doc) => {
      const resource = requireResource(doc.definition, input.resourceId);
      requireMethod(resource, input.httpMethod);
      delete resource.methods[input.httpMethod];
    });
  }
}

const REPLACE_ONLY = new Set(["authorizationType", "authorizerId", "apiKeyRequired", "requestValidatorId", "operationName"]);

/** One UpdateMethod operation (the authorizer pairing is checked once all are applied). */
export function applyMethodPatch(def: ApiDefinition, method: MethodRecord, op: PatchOp): void {
  if (op.path === undefined) throw patchErrors.invalidPath(op.path);
  const [field, key, extra] = pathSegments(op.path);
  if (field !== undefined && REPLACE_ONLY.has(field) && key === undefined) {
    if (op.op !== "replace") throw patchErrors.opNotOneOf(["replace"]);
    const value = op.value ?? "";
    switch (field) {
      case "apiKeyRequired":
        method.apiKeyRequired = parseBool(value);
        return;
      case "requestValidatorId":
        if (value === "") delete method.requestValidatorId;
        else {
          checkRequestValidator(def, value);
          method.requestValidatorId = value;
        }
        return;
      case "authorizationType":
        method.authorizationType = value;
        return;
      case "authorizerId":
      case "operationName":
        if (value === "") delete method[field];
        else method[field] = value;
        return;
    }
  }
  if (key === undefined || extra !== undefined) throw patchErrors.invalidPath(op.path);
  if (op.op !== "add" && op.op !== "remove" && op.op !== "replace") throw patchErrors.opNotAddRemoveReplace();
  switch (field) {
    case "requestParameters": {
      const next = patchMapEntry(method.requestParameters, op, key, parseBool(op.value));
      checkMethodRequestParameters(next);
      setOrDelete(method, "requestParameters", next);
      return;
    }
    case "requestModels": {
      if (op.op !== "remove") checkModelNames(def, { [key]: op.value ?? "" });
      setOrDelete(method, "requestModels", patchMapEntry(method.requestModels, op, key, op.value ?? ""));
      return;
    }
    case "authorizationScopes": {
      const scopes = (method.authorizationScopes ?? []).filter((s) => s !== key);
      if (op.op !== "remove") scopes.push(op.op === "replace" && op.value ? op.value : key);
      if (scopes.length > 0) method.authorizationScopes = scopes;
      else delete method.authorizationScopes;
      return;
    }
    default:
      throw patchErrors.invalidPath(op.path);
  }
}

function setOrDelete<K extends "requestParameters" | "requestModels">(method: MethodRecord, key: K, value: MethodRecord[K] | undefined): void {
  if (value === undefined) delete method[key];
  else method[key] = value;
}
