// Stage: CreateStage, GetStage, GetStages, UpdateStage, DeleteStage, and the cache flushes.
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateStage.html
// Patch semantics live in stage-patch.ts.
import type { RequestContext } from "../../aws/context.js";
import type {
  CreateStageRequest,
  DeleteStageRequest,
  FlushStageAuthorizersCacheRequest,
  FlushStageCacheRequest,
  GetStageRequest,
  GetStagesRequest,
  PatchOperation,
  Stage,
  Stages,
  UpdateStageRequest,
} from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import type { ControlPlaneDeps } from "./deps.js";
import { badRequest, conflict, notFound } from "./errors.js";
import type { Scope, StageRecord } from "./records.js";
import { applyStagePatch } from "./stage-patch.js";
import { newStage, stageOutput } from "./stage-records.js";

const STAGE_NAME = /^[a-zA-Z0-9_]{1,128}$/;

/** Listeners told when a stage's cache should be dropped (the data plane registers one). */
export type CacheFlushListener = (scope: Scope, apiId: string, stageName: string, what: "responses" | "authorizers") => void;

export class StageOps {
  private readonly flushListeners: CacheFlushListener[] = [];

  constructor(private readonly deps: ControlPlaneDeps) {}

  onCacheFlush(listener: CacheFlushListener): void {
    this.flushListeners.push(listener);
  }

  async create(ctx: RequestContext, input: CreateStageRequest): Promise<Stage> {
    const scope = scopeOf(ctx);
    const { store } = this.deps;
    if (!(await store.getApiAttrs(scope, input.restApiId))) throw notFound.api(scope.accountId, input.restApiId);
    if (!STAGE_NAME.test(input.stageName)) throw badRequest("Stage name only allows a-zA-Z0-9_");
    if (!(await store.getDeployment(scope, input.restApiId, input.deploymentId))) throw notFound.deployment();
    const stage = newStage({ ...input }, this.deps.clock.now());
    if (input.canarySettings) {
      const canaryId = input.canarySettings.deploymentId;
      if (canaryId !== undefined && !(await store.getDeployment(scope, input.restApiId, canaryId))) {
        throw badRequest("Deployment id does not exist");
      }
      stage.canarySettings = {
        deploymentId: canaryId ?? input.deploymentId,
        percentTraffic: input.canarySettings.percentTraffic ?? 0,
        ...(input.canarySettings.stageVariableOverrides ? { stageVariableOverrides: { ...input.canarySettings.stageVariableOverrides } } : {}),
        useStageCache: input.canarySettings.useStageCache ?? false,
      };
    }
    if (!(await store.insertStage(scope, input.restApiId, stage))) throw conflict("Stage already exists");
    return stageOutput(stage);
  }

  async get(ctx: RequestContext, input: GetStageRequest): Promise<Stage> {
    return stageOutput(await this.requireStage(scopeOf(ctx), input.restApiId, input.stageName));
  }

  async list(ctx: RequestContext, input: GetStagesRequest): Promise<Stages> {
    const scope = scopeOf(ctx);
    if (!(await this.deps.store.getApiAttrs(scope, input.restApiId))) throw notFound.api(scope.accountId, input.restApiId);
    const stages = await this.deps.store.listStages(scope, input.restApiId, input.deploymentId);
    return { item: stages.map(stageOutput) };
  }

  async update(ctx: RequestContext, input: UpdateStageRequest): Promise<Stage> {
    const scope = scopeOf(ctx);
    const stage = await this.requireStage(scope, input.restApiId, input.stageName);
    const deployments = new Set((await this.deps.store.listDeployments(scope, input.restApiId)).map((d) => d.id));
    const patchContext = { deploymentExists: (id: string) => deployments.has(id) };
    for (const op of input.patchOperations ?? []) applyStagePatch(stage, op, patchContext);
    if ((input.patchOperations ?? []).some(turnsOnCloudWatchLogging) && !(await this.hasCloudWatchRole(scope))) {
      throw badRequest("CloudWatch Logs role ARN must be set in account settings to enable logging");
    }
    stage.lastUpdatedDate = this.deps.clock.now();
    await this.deps.store.saveStage(scope, input.restApiId, stage);
    return stageOutput(stage);
  }

  async delete(ctx: RequestContext, input: DeleteStageRequest): Promise<void> {
    const scope = scopeOf(ctx);
    if (!(await this.deps.store.deleteStage(scope, input.restApiId, input.stageName))) throw notFound.stage();
  }

  async flushCache(ctx: RequestContext, input: FlushStageCacheRequest): Promise<void> {
    const scope = scopeOf(ctx);
    await this.requireStage(scope, input.restApiId, input.stageName);
    for (const listener of this.flushListeners) listener(scope, input.restApiId, input.stageName, "responses");
  }

  async flushAuthorizersCache(ctx: RequestContext, input: FlushStageAuthorizersCacheRequest): Promise<void> {
    const scope = scopeOf(ctx);
    await this.requireStage(scope, input.restApiId, input.stageName);
    for (const listener of this.flushListeners) listener(scope, input.restApiId, input.stageName, "authorizers");
  }

  /** The account's CloudWatch role for API Gateway in this region (UpdateAccount cloudwatchRoleArn). */
  private async hasCloudWatchRole(scope: Scope): Promise<boolean> {
    const account = await this.deps.domains.getAccount(scope);
    return typeof account?.["cloudwatchRoleArn"] === "string";
  }

  private async requireStage(scope: Scope, apiId: string, stageName: string): Promise<StageRecord> {
    const stage = await this.deps.store.getStage(scope, apiId, stageName);
    if (!stage) throw notFound.stage();
    return stage;
  }
}

/**
 * Whether a patch turns on logging to CloudWatch Logs: execution logging (a method's loglevel
 * ERROR or INFO, or data tracing) or access logs to a log group. API Gateway writes those with
 * the account's CloudWatch role and refuses them until one is set (recorded by users of AWS as
 * BadRequestException "CloudWatch Logs role ARN must be set in account settings to enable
 * logging"; https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html#set-up-access-logging-permissions).
 * Firehose destinations use a service-linked role instead.
 */
function turnsOnCloudWatchLogging(op: PatchOperation): boolean {
  if ((op.op !== "add" && op.op !== "replace") || !op.path || op.value === undefined) return false;
  if (op.path.endsWith("/logging/loglevel")) return op.value.toUpperCase() !== "OFF";
  if (op.path.endsWith("/logging/dataTrace")) return op.value.toLowerCase() === "true";
  if (op.path === "/accessLogSettings/destinationArn") return op.value.startsWith("arn:aws:logs:");
  return false;
}
