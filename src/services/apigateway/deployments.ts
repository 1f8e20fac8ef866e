// Deployment: CreateDeployment, GetDeployment(s), UpdateDeployment, DeleteDeployment.
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateDeployment.html
// A deployment is an immutable copy of the API as it was when deployed (kept in the
// deployments table); stages point at one, and may point back at an older one. Deploying an
// API needs at least one method and an integration on every method. With canarySettings the
// new deployment becomes the canary of an existing stage instead of its main deployment.
import type { RequestContext } from "../../aws/context.js";
import type {
  CreateDeploymentRequest,
  DeleteDeploymentRequest,
  Deployment,
  Deployments,
  GetDeploymentRequest,
  GetDeploymentsRequest,
  MethodSnapshot,
  UpdateDeploymentRequest,
} from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import { allMethods } from "./definition.js";
import type { ControlPlaneDeps } from "./deps.js";
import { badRequest, notFound } from "./errors.js";
import { newShortId } from "./ids.js";
import { paginate } from "./pagination.js";
import { pathSegments, patchErrors } from "./patch-operations.js";
import type { ApiDefinition, DeploymentContent, DeploymentRecord, Scope } from "./records.js";
import { newStage } from "./stage-records.js";

export class DeploymentOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async create(ctx: RequestContext, input: CreateDeploymentRequest): Promise<Deployment> {
    const scope = scopeOf(ctx);
    const { store } = this.deps;
    const doc = await this.deps.apis.load(scope, input.restApiId, () => notFound.api(scope.accountId, input.restApiId));
    checkDeployable(doc.definition);
    const canary = input.canarySettings;
    const existingStage = input.stageName ? await store.getStage(scope, input.restApiId, input.stageName) : undefined;
    if (canary) {
      const prefix = "Invalid deployment content specified.";
      if (!input.stageName) {
        throw badRequest(`${prefix}Non null and non empty stageName must be provided for canary deployment. Provided value is ${input.stageName ?? "null"}`);
      }
      if (!existingStage) throw badRequest(`${prefix}Stage ${input.stageName} must already be created before making a canary release deployment`);
    }
    const now = this.deps.clock.now();
    const record: DeploymentRecord = { id: newShortId(), createdDate: now, ...(input.description !== undefined ? { description: input.description } : {}) };
    const content: DeploymentContent = { api: doc.attrs, definition: doc.definition };
    await store.insertDeployment(scope, input.restApiId, record, content);

    if (input.stageName) {
      if (existingStage && canary) {
        existingStage.canarySettings = {
          deploymentId: record.id,
          percentTraffic: canary.percentTraffic ?? 0,
          ...(canary.stageVariableOverrides ? { stageVariableOverrides: { ...canary.stageVariableOverrides } } : {}),
          useStageCache: canary.useStageCache ?? false,
        };
        existingStage.lastUpdatedDate = now;
        await store.saveStage(scope, input.restApiId, existingStage);
      } else if (existingStage) {
        existingStage.deploymentId = record.id;
        if (input.stageDescription !== undefined) existingStage.description = input.stageDescription;
        if (input.variables) existingStage.variables = { ...(existingStage.variables ?? {}), ...input.variables };
        existingStage.lastUpdatedDate = now;
        await store.saveStage(scope, input.restApiId, existingStage);
      } else {
        const stage = newStage(
          {
            stageName: input.stageName,
            deploymentId: record.id,
            description: input.stageDescription,
            cacheClusterEnabled: input.cacheClusterEnabled,
            cacheClusterSize: input.cacheClusterSize,
            variables: input.variables,
            tracingEnabled: input.tracingEnabled,
          },
          now,
        );
        await store.insertStage(scope, input.restApiId, stage);
      }
    }
    return deploymentOutput(record);
  }

  async get(ctx: RequestContext, input: GetDeploymentRequest): Promise<Deployment> {
    const scope = scopeOf(ctx);
    const record = await this.requireDeployment(scope, input.restApiId, input.deploymentId);
    const out = deploymentOutput(record);
    if (input.embed?.includes("apisummary")) {
      const content = await this.deps.store.getDeploymentContent(scope, input.restApiId, input.deploymentId);
      if (content) out.apiSummary = apiSummary(content.definition);
    }
    return out;
  }

  async list(ctx: RequestContext, input: GetDeploymentsRequest): Promise<Deployments> {
    const scope = scopeOf(ctx);
    if (!(await this.deps.store.getApiAttrs(scope, input.restApiId))) throw notFound.api(scope.accountId, input.restApiId);
    const all = await this.deps.store.listDeployments(scope, input.restApiId);
    const page = paginate(all, (d) => d.id, input.position, input.limit);
    return { ...page, items: page.items.map(deploymentOutput) };
  }

  async update(ctx: RequestContext, input: UpdateDeploymentRequest): Promise<Deployment> {
    const scope = scopeOf(ctx);
    const record = await this.requireDeployment(scope, input.restApiId, input.deploymentId);
    for (const op of input.patchOperations ?? []) {
      if (op.path === undefined || pathSegments(op.path).join("/") !== "description") throw patchErrors.invalidPath(op.path);
      if (op.op !== "replace") throw patchErrors.opNotOneOf(["replace"]);
      if (op.value) record.description = op.value;
      else delete record.description;
    }
    await this.deps.store.setDeploymentDescription(scope, input.restApiId, record.id, record.description);
    return deploymentOutput(record);
  }

  async delete(ctx: RequestContext, input: DeleteDeploymentRequest): Promise<void> {
    const scope = scopeOf(ctx);
    await this.requireDeployment(scope, input.restApiId, input.deploymentId);
    const users = await this.deps.store.stagesUsingDeployment(scope, input.restApiId, input.deploymentId);
    if (users.length > 0) throw badRequest("Active stages pointing to this deployment must be moved or deleted");
    await this.deps.store.deleteDeployment(scope, input.restApiId, input.deploymentId);
  }

  private async requireDeployment(scope: Scope, apiId: string, deploymentId: string): Promise<DeploymentRecord> {
    const record = await this.deps.store.getDeployment(scope, apiId, deploymentId);
    if (!record) throw notFound.deployment();
    return record;
  }
}

function checkDeployable(def: ApiDefinition): void {
  let methods = 0;
  for (const { method } of allMethods(def)) {
    methods++;
    if (!method.methodIntegration) throw badRequest("No integration defined for method");
  }
  if (methods === 0) throw badRequest("The REST API doesn't contain any methods");
}

function deploymentOutput(record: DeploymentRecord): Deployment {
  return { id: record.id, createdDate: new Date(record.createdDate), ...(record.description !== undefined ? { description: record.description } : {}) };
}

/** GetDeployment embed=apisummary: per path and method, its authorization type and key need. */
function apiSummary(def: ApiDefinition): Record<string, Record<string, MethodSnapshot>> {
  const summary: Record<string, Record<string, MethodSnapshot>> = {};
  for (const { path, method } of allMethods(def)) {
    (summary[path] ??= {})[method.httpMethod] = { authorizationType: method.authorizationType, apiKeyRequired: method.apiKeyRequired };
  }
  return summary;
}

