// RequestValidator: CreateRequestValidator, GetRequestValidator(s), UpdateRequestValidator,
// DeleteRequestValidator. https://docs.aws.amazon.com/apigateway/latest/api/API_CreateRequestValidator.html
// A missing API is worded differently per operation, as recorded
// (TestApiGatewayApiRequestValidator): create says "Invalid REST API identifier specified".
import type { RequestContext } from "../../aws/context.js";
import type {
  CreateRequestValidatorRequest,
  DeleteRequestValidatorRequest,
  GetRequestValidatorRequest,
  GetRequestValidatorsRequest,
  RequestValidator,
  RequestValidators,
  UpdateRequestValidatorRequest,
} from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import type { ControlPlaneDeps } from "./deps.js";
import { badRequest, notFound } from "./errors.js";
import { newShortId } from "./ids.js";
import { requestValidatorOutput } from "./outputs.js";
import { paginate } from "./pagination.js";
import { checkTablePath, parseBool } from "./patch-operations.js";
import type { ApiDefinition, RequestValidatorRecord } from "./records.js";

const UPDATE_PATHS = { replace: ["/name", "/validateRequestParameters", "/validateRequestBody"] } as const;
const blankName = () => badRequest("Request Validator name cannot be blank");

export class RequestValidatorOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async create(ctx: RequestContext, input: CreateRequestValidatorRequest): Promise<RequestValidator> {
    const missingApi = () => badRequest("Invalid REST API identifier specified");
    const validator = await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, missingApi, (doc) => {
      if (!input.name) throw blankName();
      const validator: RequestValidatorRecord = {
        id: newShortId(),
        name: input.name,
        validateRequestBody: input.validateRequestBody ?? false,
        validateRequestParameters: input.validateRequestParameters ?? false,
      };
      doc.definition.requestValidators.push(validator);
      return validator;
    });
    return requestValidatorOutput(validator);
  }

  async get(ctx: RequestContext, input: GetRequestValidatorRequest): Promise<RequestValidator> {
    const doc = await this.deps.apis.load(scopeOf(ctx), input.restApiId, notFound.requestValidator);
    return requestValidatorOutput(requireValidator(doc.definition, input.requestValidatorId));
  }

  async list(ctx: RequestContext, input: GetRequestValidatorsRequest): Promise<RequestValidators> {
    const scope = scopeOf(ctx);
    const doc = await this.deps.apis.load(scope, input.restApiId, () => notFound.api(scope.accountId, input.restApiId));
    const page = paginate(doc.definition.requestValidators, (v) => v.id, input.position, input.limit);
    return { ...page, items: page.items.map(requestValidatorOutput) };
  }

  async update(ctx: RequestContext, input: UpdateRequestValidatorRequest): Promise<RequestValidator> {
    const validator = await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.requestValidator, (doc) => {
      const validator = requireValidator(doc.definition, input.requestValidatorId);
      for (const op of input.patchOperations ?? []) {
        const path = checkTablePath(op, UPDATE_PATHS);
        if (path === "/name") {
          if (!op.value) throw blankName();
          validator.name = op.value;
        } else if (path === "/validateRequestBody") {
          validator.validateRequestBody = parseBool(op.value);
        } else {
          validator.validateRequestParameters = parseBool(op.value);
        }
      }
      return validator;
    });
    return requestValidatorOutput(validator);
  }

  async delete(ctx: RequestContext, input: DeleteRequestValidatorRequest): Promise<void> {
    await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.requestValidator, (doc) => {
      const def = doc.definition;
      requireValidator(def, input.requestValidatorId);
      def.requestValidators = def.requestValidators.filter((v) => v.id !== input.requestValidatorId);
      // Methods that used it stop validating rather than pointing at nothing.
      for (const resource of def.resources) {
        for (const method of Object.values(resource.methods)) {
          if (method.requestValidatorId === input.requestValidatorId) delete method.requestValidatorId;
        }
      }
    });
  }
}

function requireValidator(def: ApiDefinition, id: string): RequestValidatorRecord {
  const validator = def.requestValidators.find((v) => v.id === id);
  if (!validator) throw notFound.requestValidator();
  return validator;
}
