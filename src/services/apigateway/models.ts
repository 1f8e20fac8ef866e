// Model: CreateModel, GetModel, GetModels, UpdateModel, DeleteModel, GetModelTemplate.
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateModel.html
// Messages as recorded (TestApiGatewayApiModels, test_put_method_model).
import type { RequestContext } from "../../aws/context.js";
import type {
  CreateModelRequest,
  DeleteModelRequest,
  GetModelRequest,
  GetModelsRequest,
  GetModelTemplateRequest,
  Model,
  Models,
  Template,
  UpdateModelRequest,
} from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import { allMethods } from "./definition.js";
import type { ControlPlaneDeps } from "./deps.js";
import { badRequest, conflict, notFound } from "./errors.js";
import { newShortId } from "./ids.js";
import { checkModelSchema, flattenSchema, referencedModelName } from "./model-schemas.js";
import { modelTemplate } from "./model-template.js";
import { modelOutput } from "./outputs.js";
import { paginate } from "./pagination.js";
import { checkTablePath } from "./patch-operations.js";
import type { ApiDefinition, ModelRecord } from "./records.js";

const UPDATE_PATHS = { replace: ["/description", "/schema"] } as const;

export class ModelOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async create(ctx: RequestContext, input: CreateModelRequest): Promise<Model> {
    const scope = scopeOf(ctx);
    const model = await this.deps.apis.mutate(scope, input.restApiId, () => notFound.api(scope.accountId, input.restApiId), (doc) => {
      const def = doc.definition;
      if (!input.name) throw badRequest("Model name must be non-empty");
      if (!/^[a-zA-Z0-9]+$/.test(input.name)) throw badRequest(`Model name must be alphanumeric: ${input.name}`);
      if (def.models.some((m) => m.name === input.name)) throw conflict("Model name already exists for this REST API");
      checkModelSchema(input.schema, def.models);
      const model: ModelRecord = { id: newShortId(), name: input.name, contentType: input.contentType, schema: input.schema! };
      if (input.description) model.description = input.description;
      def.models.push(model);
      return model;
    });
    return modelOutput(model);
  }

  async get(ctx: RequestContext, input: GetModelRequest): Promise<Model> {
    const doc = await this.deps.apis.load(scopeOf(ctx), input.restApiId, () => notFound.model(input.modelName));
    const model = requireModel(doc.definition, input.modelName);
    if (!input.flatten) return modelOutput(model);
    const schema = flattenSchema(model, doc.definition.models);
    return { ...modelOutput(model), ...(schema !== undefined ? { schema } : {}) };
  }

  async list(ctx: RequestContext, input: GetModelsRequest): Promise<Models> {
    const scope = scopeOf(ctx);
    const doc = await this.deps.apis.load(scope, input.restApiId, () => notFound.api(scope.accountId, input.restApiId));
    const page = paginate(doc.definition.models, (m) => m.id, input.position, input.limit);
    return { ...page, items: page.items.map(modelOutput) };
  }

  async update(ctx: RequestContext, input: UpdateModelRequest): Promise<Model> {
    const model = await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, () => notFound.model(input.modelName), (doc) => {
      const def = doc.definition;
      const model = requireModel(def, input.modelName);
      for (const op of input.patchOperations ?? []) {
        const path = checkTablePath(op, UPDATE_PATHS);
        if (path === "/schema") {
          checkModelSchema(op.value, def.models);
          model.schema = op.value!;
        } else if (op.value) {
          model.description = op.value;
        } else {
          delete model.description;
        }
      }
      return model;
    });
    return modelOutput(model);
  }

  async delete(ctx: RequestContext, input: DeleteModelRequest): Promise<void> {
    await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, () => notFound.model(input.modelName), (doc) => {
      const def = doc.definition;
      requireModel(def, input.modelName);
      const user = lastUserOf(def, input.modelName);
      if (user) throw conflict(`Cannot delete model '${input.modelName}', is referenced in ${user}`);
      def.models = def.models.filter((m) => m.name !== input.modelName);
    });
  }

  async template(ctx: RequestContext, input: GetModelTemplateRequest): Promise<Template> {
    const doc = await this.deps.apis.load(scopeOf(ctx), input.restApiId, () => notFound.model(input.modelName));
    const model = requireModel(doc.definition, input.modelName);
    return { value: modelTemplate(flattenSchema(model, doc.definition.models)) };
  }
}

export function requireModel(def: ApiDefinition, name: string): ModelRecord {
  const model = def.models.find((m) => m.name === name);
  if (!model) throw notFound.model(name);
  return model;
}

/**
 * What still uses a model: "method request: /test/ANY" (AWS names the last user it finds,
 * "//ANY" for the root), a method response, or another model's $ref.
 */
function lastUserOf(def: ApiDefinition, name: string): string | undefined {
  let user: string | undefined;
  for (const { path, method } of allMethods(def)) {
    if (Object.values(method.requestModels ?? {}).includes(name)) user = `method request: ${path}/${method.httpMethod}`;
  }
  if (user) return user;
  for (const { path, method } of allMethods(def)) {
    for (const response of Object.values(method.methodResponses ?? {})) {
      if (Object.values(response.responseModels ?? {}).includes(name)) user = `method response: ${path}/${method.httpMethod}/${response.statusCode}`;
    }
  }
  if (user) return user;
  const referrer = def.models.find((m) => m.name !== name && (m.schema ?? "").includes("/models/") && refersTo(m.schema!, name));
  return referrer ? `model: ${referrer.name}` : undefined;
}

function refersTo(schema: string, name: string): boolean {
  const refs = schema.match(/"\$ref"\s*:\s*"([^"]+)"/g) ?? [];
  return refs.some((r) => referencedModelName(r.replace(/^"\$ref"\s*:\s*"|"$/g, "")) === name);
}
