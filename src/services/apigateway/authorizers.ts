// Authorizer: CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer, DeleteAuthorizer.
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html
// TOKEN and REQUEST authorizers call a Lambda function (authorizerUri); COGNITO_USER_POOLS ones
// name user pools (providerARNs). Results are cached for authorizerResultTtlInSeconds (default
// 300, at most 3600). CreateAuthorizer on a missing API answers ConflictException, as
// recorded (test_authorizer_crud_no_api).
import type { RequestContext } from "../../aws/context.js";
import type {
  Authorizer,
  Authorizers,
  CreateAuthorizerRequest,
  DeleteAuthorizerRequest,
  GetAuthorizerRequest,
  GetAuthorizersRequest,
  UpdateAuthorizerRequest,
} from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import { allMethods } from "./definition.js";
import type { ControlPlaneDeps } from "./deps.js";
import { badRequest, concurrentModification, conflict, notFound } from "./errors.js";
import { newShortId } from "./ids.js";
import { authorizerOutput } from "./outputs.js";
import { paginate } from "./pagination.js";
import { patchErrors, pathSegments, type PatchOp } from "./patch-operations.js";
import type { ApiDefinition, AuthorizerRecord } from "./records.js";

const DEFAULT_TTL = 300;
const MAX_TTL = 3600;

export class AuthorizerOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async create(ctx: RequestContext, input: CreateAuthorizerRequest): Promise<Authorizer> {
    const authorizer = await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, concurrentModification, (doc) => {
      const authorizer: AuthorizerRecord = { id: newShortId(), name: input.name, type: input.type };
      if (input.providerARNs !== undefined) authorizer.providerARNs = [...input.providerARNs];
      if (input.authType !== undefined) authorizer.authType = input.authType;
      if (input.authorizerUri !== undefined) authorizer.authorizerUri = input.authorizerUri;
      if (input.authorizerCredentials !== undefined) authorizer.authorizerCredentials = input.authorizerCredentials;
      if (input.identitySource !== undefined) authorizer.identitySource = input.identitySource;
      if (input.identityValidationExpression !== undefined) authorizer.identityValidationExpression = input.identityValidationExpression;
      authorizer.authorizerResultTtlInSeconds = input.authorizerResultTtlInSeconds ?? DEFAULT_TTL;
      checkAuthorizer(authorizer);
      doc.definition.authorizers.push(authorizer);
      return authorizer;
    });
    return authorizerOutput(authorizer);
  }

  async get(ctx: RequestContext, input: GetAuthorizerRequest): Promise<Authorizer> {
    const doc = await this.deps.apis.load(scopeOf(ctx), input.restApiId, notFound.authorizer);
    return authorizerOutput(requireAuthorizer(doc.definition, input.authorizerId));
  }

  async list(ctx: RequestContext, input: GetAuthorizersRequest): Promise<Authorizers> {
    const scope = scopeOf(ctx);
    const doc = await this.deps.apis.load(scope, input.restApiId, () => notFound.api(scope.accountId, input.restApiId));
    const page = paginate(doc.definition.authorizers, (a) => a.id, input.position, input.limit);
    return { ...page, items: page.items.map(authorizerOutput) };
  }

  async update(ctx: RequestContext, input: UpdateAuthorizerRequest): Promise<Authorizer> {
    const authorizer = await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.authorizer, (doc) => {
      const authorizer = requireAuthorizer(doc.definition, input.authorizerId);
      for (const op of input.patchOperations ?? []) applyAuthorizerPatch(authorizer, op);
      checkAuthorizer(authorizer);
      return authorizer;
    });
    return authorizerOutput(authorizer);
  }

  async delete(ctx: RequestContext, input: DeleteAuthorizerRequest): Promise<void> {
    await this.deps.apis.mutate(scopeOf(ctx), input.restApiId, notFound.authorizer, (doc) => {
      const def = doc.definition;
      const authorizer = requireAuthorizer(def, input.authorizerId);
      for (const { path, method } of allMethods(def)) {
        if (method.authorizerId === authorizer.id) {
          throw conflict(`Cannot delete authorizer '${authorizer.name}', is referenced in method: ${method.httpMethod}${path}`);
        }
      }
      def.authorizers = def.authorizers.filter((a) => a.id !== authorizer.id);
    });
  }
}

export function requireAuthorizer(def: ApiDefinition, id: string): AuthorizerRecord {
  const authorizer = def.authorizers.find((a) => a.id === id);
  if (!authorizer) throw notFound.authorizer();
  return authorizer;
}

function checkAuthorizer(a: AuthorizerRecord): void {
  if (!a.name) throw badRequest("Authorizer name must be non-empty");
  if (a.type === "COGNITO_USER_POOLS") {
    if (!a.providerARNs || a.providerARNs.length === 0) throw badRequest("ProviderARNs need to be specified for COGNITO_USER_POOLS");
  } else if (!a.authorizerUri) {
    throw badRequest(`Authorizer uri must be specified for ${a.type} authorizer`);
  }
  if (a.type === "TOKEN" && !a.identitySource) throw badRequest("IdentitySource must be specified for TOKEN authorizer");
  const ttl = a.authorizerResultTtlInSeconds;
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL)) {
    throw badRequest(`Invalid authorizer TTL specified. Must be between 0 and ${MAX_TTL} seconds`);
  }
}

const SCALARS = new Set([
  "name",
  "type",
  "authType",
  "authorizerUri",
  "authorizerCredentials",
  "identitySource",
  "identityValidationExpression",
  "authorizerResultTtlInSeconds",
]);

function applyAuthorizerPatch(authorizer: AuthorizerRecord, op: PatchOp): void {
  if (op.path === undefined) throw patchErrors.invalidPath(op.path);
  const [field, key, extra] = pathSegments(op.path);
  const record = authorizer as unknown as Record<string, unknown>;
  if (field !== undefined && SCALARS.has(field) && key === undefined) {
    if (op.op !== "replace") throw patchErrors.opNotOneOf(["replace"]);
    if (field === "authorizerResultTtlInSeconds") record[field] = /^\d+$/.test(op.value ?? "") ? Number(op.value) : Number.NaN;
    else if (field === "type" && !["TOKEN", "REQUEST", "COGNITO_USER_POOLS"].includes(op.value ?? "")) {
      throw badRequest(`Invalid authorizer type specified: ${op.value}`);
    } else if (op.value === undefined || op.value === "") delete record[field];
    else record[field] = op.value;
    return;
  }
  if (field === "providerARNs" && extra === undefined) {
    // add: value is the ARN (path "/providerARNs"); remove: the ARN is the key.
    const arn = op.op === "add" ? (op.value ?? key) : key;
    if (op.op !== "add" && op.op !== "remove") throw patchErrors.opNotOneOf(["add", "remove"]);
    if (!arn) throw patchErrors.invalidPath(op.path);
    const rest = (authorizer.providerARNs ?? []).filter((a) => a !== arn);
    authorizer.providerARNs = op.op === "add" ? [...rest, arn] : rest;
    return;
  }
  throw patchErrors.invalidPath(op.path);
}
