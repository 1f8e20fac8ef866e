// UsagePlan and UsagePlanKey: CreateUsagePlan, GetUsagePlan(s), UpdateUsagePlan,
// DeleteUsagePlan, CreateUsagePlanKey, GetUsagePlanKey(s), DeleteUsagePlanKey.
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateUsagePlan.html
// A plan throttles and meters the API stages it lists for the keys enrolled in it.
// Messages as recorded (TestUsagePlans, TestApigatewayApiKeysCrud).
import type { RequestContext } from "../../aws/context.js";
import { NotFoundException } from "../../aws/generated/apigateway.js";
import type {
  ApiStage,
  CreateUsagePlanKeyRequest,
  CreateUsagePlanRequest,
  DeleteUsagePlanKeyRequest,
  DeleteUsagePlanRequest,
  GetUsagePlanKeyRequest,
  GetUsagePlanKeysRequest,
  GetUsagePlanRequest,
  GetUsagePlansRequest,
  QuotaPeriodType,
  UpdateUsagePlanRequest,
  UsagePlan,
  UsagePlanKey,
  UsagePlanKeys,
  UsagePlans,
} from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import { cloneJson } from "./definition.js";
import type { ControlPlaneDeps } from "./deps.js";
import { badRequest, conflict, notFound } from "./errors.js";
import { newShortId } from "./ids.js";
import { tagsField, type TagsPresence } from "./outputs.js";
import { paginate } from "./pagination.js";
import { pathSegments, patchErrors, type PatchOp } from "./patch-operations.js";
import type { ApiKeyRecord, ApiStageRecord, Scope, UsagePlanRecord } from "./records.js";

const PERIODS: readonly QuotaPeriodType[] = ["DAY", "WEEK", "MONTH"];

export class UsagePlanOps {
  constructor(private readonly deps: ControlPlaneDeps) {}

  async create(ctx: RequestContext, input: CreateUsagePlanRequest): Promise<UsagePlan> {
    const scope = scopeOf(ctx);
    if (!input.name) throw badRequest("Usage Plan name must be non-empty");
    const plan: UsagePlanRecord = { id: newShortId(), name: input.name, apiStages: [], tags: { ...(input.tags ?? {}) }, createdDate: this.deps.clock.now() };
    if (input.description) plan.description = input.description;
    for (const stage of input.apiStages ?? []) plan.apiStages.push(await this.checkApiStage(scope, plan.id, stage));
    if (input.throttle) plan.throttle = { ...input.throttle };
    if (input.quota) plan.quota = checkQuota({ offset: 0, ...input.quota });
    await this.deps.usage.insertUsagePlan(scope, plan);
    return usagePlanOutput(plan, "non-empty");
  }

  async get(ctx: RequestContext, input: GetUsagePlanRequest): Promise<UsagePlan> {
    return usagePlanOutput(await this.requirePlan(scopeOf(ctx), input.usagePlanId), "always");
  }

  async list(ctx: RequestContext, input: GetUsagePlansRequest): Promise<UsagePlans> {
    const scope = scopeOf(ctx);
    let plans = await this.deps.usage.listUsagePlans(scope);
    if (input.keyId) {
      const mine = new Set(await this.deps.usage.plansOfKey(scope, input.keyId));
      plans = plans.filter((p) => mine.has(p.id));
    }
    const page = paginate(plans, (p) => p.id, input.position, input.limit);
    return { ...page, items: page.items.map((p) => usagePlanOutput(p, "non-empty")) };
  }

  async update(ctx: RequestContext, input: UpdateUsagePlanRequest): Promise<UsagePlan> {
    const scope = scopeOf(ctx);
    const plan = await this.requirePlan(scope, input.usagePlanId);
    for (const op of input.patchOperations ?? []) await this.applyPatch(scope, plan, op);
    await this.deps.usage.saveUsagePlan(scope, plan);
    return usagePlanOutput(plan, "always");
  }

  async delete(ctx: RequestContext, input: DeleteUsagePlanRequest): Promise<void> {
    const scope = scopeOf(ctx);
    await this.requirePlan(scope, input.usagePlanId);
    await this.deps.usage.deleteUsagePlan(scope, input.usagePlanId);
  }

  async createKey(ctx: RequestContext, input: CreateUsagePlanKeyRequest): Promise<UsagePlanKey> {
    const scope = scopeOf(ctx);
    await this.requirePlan(scope, input.usagePlanId);
    if (input.keyType !== "API_KEY") throw badRequest(`Invalid usage plan key type specified: ${input.keyType}`);
    const key = await this.deps.usage.getApiKey(scope, input.keyId);
    if (!key) throw notFound.apiKey();
    if (await this.deps.usage.hasPlanKey(scope, input.usagePlanId, input.keyId)) throw conflict("Usage Plan Key already exists");
    await this.deps.usage.addPlanKey(scope, input.usagePlanId, input.keyId, input.keyType, this.deps.clock.now());
    return planKeyOutput(key);
  }

  async getKey(ctx: RequestContext, input: GetUsagePlanKeyRequest): Promise<UsagePlanKey> {
    const scope = scopeOf(ctx);
    await this.requirePlan(scope, input.usagePlanId);
    const key = await this.deps.usage.getApiKey(scope, input.keyId);
    if (!key || !(await this.deps.usage.hasPlanKey(scope, input.usagePlanId, input.keyId))) throw notFound.usagePlanKey();
    return planKeyOutput(key);
  }

  /** An unknown plan lists no keys, as recorded ("get-up-keys-bad-usage-plan"). */
  async listKeys(ctx: RequestContext, input: GetUsagePlanKeysRequest): Promise<UsagePlanKeys> {
    const scope = scopeOf(ctx);
    const rows = await this.deps.usage.listPlanKeys(scope, input.usagePlanId);
    const keys: ApiKeyRecord[] = [];
    for (const row of rows) {
      const key = await this.deps.usage.getApiKey(scope, row.keyId);
      if (key && (!input.nameQuery || (key.name?.startsWith(input.nameQuery) ?? false))) keys.push(key);
    }
    const page = paginate(keys, (k) => k.id, input.position, input.limit);
    return { ...page, items: page.items.map(planKeyOutput) };
  }

  async deleteKey(ctx: RequestContext, input: DeleteUsagePlanKeyRequest): Promise<void> {
    const scope = scopeOf(ctx);
    await this.requirePlan(scope, input.usagePlanId);
    if (!(await this.deps.usage.hasPlanKey(scope, input.usagePlanId, input.keyId))) throw notFound.usagePlanKey();
    await this.deps.usage.removePlanKey(scope, input.usagePlanId, input.keyId);
  }

  async requirePlan(scope: Scope, planId: string): Promise<UsagePlanRecord> {
    const plan = await this.deps.usage.getUsagePlan(scope, planId);
    if (!plan) throw notFound.usagePlan();
    return plan;
  }

  private async checkApiStage(scope: Scope, planId: string, stage: ApiStage): Promise<ApiStageRecord> {
    if (!stage.apiId || !stage.stage) throw badRequest("Invalid API Stage specified");
    if (!(await this.deps.store.getStage(scope, stage.apiId, stage.stage))) {
      throw apiStageNotFound(stage.apiId, stage.stage, planId);
    }
    return { apiId: stage.apiId, stage: stage.stage, ...(stage.throttle ? { throttle: cloneJson(stage.throttle) } : {}) };
  }

  /**
   * UpdateUsagePlan paths: /name, /description, /productCode, /throttle/{burstLimit|rateLimit},
   * /quota/{limit|offset|period} (replace; remove /throttle or /quota drops them), /apiStages
   * (add/remove "{apiId}:{stage}"), /apiStages/{apiId}:{stage}/throttle/{path}/{burstLimit|rateLimit}.
   */
  private async applyPatch(scope: Scope, plan: UsagePlanRecord, op: PatchOp): Promise<void> {
    if (op.path === undefined) throw patchErrors.invalidPath(op.path);
    const segments = pathSegments(op.path);
    const [field, key] = segments;
    const value = op.value ?? "";
    if (field === "apiStages" && segments.length === 1) {
      if (op.op !== "add" && op.op !== "remove") throw patchErrors.opNotOneOf(["add", "remove"]);
      const [apiId, stage] = value.split(":");
      if (!apiId || !stage) throw badRequest("Invalid API Stage specified");
      if (op.op === "add") {
        const record = await this.checkApiStage(scope, plan.id, { apiId, stage });
        if (!plan.apiStages.some((s) => s.apiId === apiId && s.stage === stage)) plan.apiStages.push(record);
      } else {
        if (!plan.apiStages.some((s) => s.apiId === apiId && s.stage === stage)) throw apiStageNotFound(apiId, stage, plan.id);
        plan.apiStages = plan.apiStages.filter((s) => !(s.apiId === apiId && s.stage === stage));
      }
      return;
    }
    if (field === "apiStages" && key !== undefined && segments[2] === "throttle") {
      return patchStageThrottle(plan, key, segments.slice(3), op);
    }
    if ((field === "throttle" || field === "quota") && key === undefined && op.op === "remove") {
      delete plan[field];
      return;
    }
    if (op.op !== "replace") throw patchErrors.opNotOneOf(["replace"]);
    if (segments.length === 1 && (field === "name" || field === "description" || field === "productCode")) {
      if (field === "name" && !value) throw badRequest("Usage Plan name must be non-empty");
      if (value) plan[field] = value;
      else delete plan[field];
      return;
    }
    if (segments.length === 2 && field === "throttle" && (key === "burstLimit" || key === "rateLimit")) {
      plan.throttle = { ...(plan.throttle ?? {}), [key]: toNumber(value, key === "burstLimit") };
      return;
    }
    if (segments.length === 2 && field === "quota" && (key === "limit" || key === "offset" || key === "period")) {
      const quota = { offset: 0, ...(plan.quota ?? {}) };
      if (key === "period") quota.period = value as QuotaPeriodType;
      else quota[key] = toNumber(value, true);
      plan.quota = checkQuota(quota);
      return;
    }
    throw patchErrors.invalidPath(op.path);
  }
}

function patchStageThrottle(plan: UsagePlanRecord, stageKey: string, rest: string[], op: PatchOp): void {
  const [apiId, stageName] = stageKey.split(":");
  const stage = plan.apiStages.find((s) => s.apiId === apiId && s.stage === stageName);
  if (!stage) throw apiStageNotFound(apiId ?? "", stageName ?? "", plan.id);
  // /apiStages/{api}:{stage}/throttle/{resourcePath}/{method}/{burstLimit|rateLimit}; the method key is "{resourcePath}/{method}".
  const setting = rest.at(-1);
  const methodKey = rest.slice(0, -1).join("/");
  if (op.op === "remove" && rest.length >= 2) {
    const { [rest.join("/")]: _removed, ...others } = stage.throttle ?? {};
    stage.throttle = others;
    return;
  }
  if ((setting !== "burstLimit" && setting !== "rateLimit") || !methodKey) throw patchErrors.invalidPath(op.path);
  const throttle = { ...(stage.throttle ?? {}) };
  throttle[methodKey] = { ...(throttle[methodKey] ?? {}), [setting]: toNumber(op.value ?? "", setting === "burstLimit") };
  stage.throttle = throttle;
}

function apiStageNotFound(apiId: string, stage: string, planId: string): NotFoundException {
  return new NotFoundException(`Invalid API Stage {api: ${apiId}, stage: ${stage}} specified for usageplan ${planId}`);
}

function toNumber(value: string, integer: boolean): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || (integer && !Number.isInteger(n))) throw badRequest(`Invalid number specified: ${value}`);
  return n;
}

function checkQuota(quota: { limit?: number; offset?: number; period?: QuotaPeriodType }) {
  if (quota.period !== undefined && !PERIODS.includes(quota.period)) throw badRequest(`Invalid quota period specified: ${quota.period}`);
  if (quota.limit !== undefined && quota.limit < 0) throw badRequest("Quota limit should be a non-negative integer");
  const maxOffset = quota.period === "WEEK" ? 6 : quota.period === "MONTH" ? 27 : 0;
  if ((quota.offset ?? 0) < 0 || (quota.offset ?? 0) > maxOffset) {
    throw badRequest(`Quota offset must be between 0 and ${maxOffset} for a period of ${quota.period ?? "DAY"}`);
  }
  return quota;
}

export function usagePlanOutput(plan: UsagePlanRecord, presence: TagsPresence): UsagePlan {
  const { createdDate: _created, tags, ...rest } = cloneJson(plan);
  return { ...rest, ...tagsField(tags, presence) };
}

function planKeyOutput(key: ApiKeyRecord): UsagePlanKey {
  return { id: key.id, type: "API_KEY", value: key.value, ...(key.name !== undefined ? { name: key.name } : {}) };
}
