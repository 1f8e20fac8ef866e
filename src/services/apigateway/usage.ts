// Usage metering: GetUsage and UpdateUsage over the per-day counters the data plane writes
// (store-usage.ts). https://docs.aws.amazon.com/apigateway/latest/api/API_GetUsage.html
// GetUsage answers, per API key, one [used, remaining] pair per day of the range, where
// remaining is what the quota has left at the end of that day within its period. UpdateUsage
// ("replace /remaining") grants extra quota for the current period.
import type { RequestContext } from "../../aws/context.js";
import type { GetUsageRequest, UpdateUsageRequest, Usage } from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import type { ControlPlaneDeps } from "./deps.js";
import { badRequest } from "./errors.js";
import { paginate } from "./pagination.js";
import { patchErrors, pathSegments } from "./patch-operations.js";
import { dayOf, daysBetween, parseDay, periodStart } from "./quota-periods.js";
import type { Scope, UsagePlanRecord } from "./records.js";
import type { UsageRow, UsageStore } from "./store-usage.js";
import type { UsagePlanOps } from "./usage-plans.js";

const MAX_RANGE_DAYS = 90;

/** The counters' arithmetic, shared by GetUsage and the data plane's quota checks. */
export class UsageMeter {
  constructor(private readonly usage: UsageStore) {}

  /** Counts `count` calls a key made through a plan at instant `at`. */
  record(scope: Scope, planId: string, keyId: string, at: number, count = 1): Promise<void> {
    return this.usage.addUsage(scope, planId, keyId, dayOf(at), count, 0);
  }

  /** What the key's quota has left at instant `at`; undefined when the plan has no quota. */
  async remaining(scope: Scope, plan: UsagePlanRecord, keyId: string, at: number): Promise<number | undefined> {
    if (plan.quota?.limit === undefined) return undefined;
    const today = dayOf(at);
    const rows = await this.usage.usageBetween(scope, plan.id, keyId, periodStart(plan.quota, today), today);
    return remainingAfter(plan, rows, today);
  }

  /** Per key, [used, remaining] for every day from startDay to endDay. */
  async daily(scope: Scope, plan: UsagePlanRecord, keyIds: string[], startDay: string, endDay: string): Promise<Record<string, number[][]>> {
    const from = plan.quota ? periodStart(plan.quota, startDay) : startDay;
    const rows = await this.usage.usageBetween(scope, plan.id, undefined, from, endDay);
    const days = daysBetween(startDay, endDay);
    const out: Record<string, number[][]> = {};
    for (const keyId of keyIds) {
      const mine = rows.filter((r) => r.keyId === keyId);
      out[keyId] = days.map((day) => {
        const used = mine.find((r) => r.day === day)?.used ?? 0;
        return [used, remainingAfter(plan, mine, day) ?? 0];
      });
    }
    return out;
  }
}

/** limit + granted - used over the quota period containing `day`, up to and including it. */
function remainingAfter(plan: UsagePlanRecord, rows: UsageRow[], day: string): number | undefined {
  const quota = plan.quota;
  if (quota?.limit === undefined) return undefined;
  const start = periodStart(quota, day);
  let used = 0;
  let granted = 0;
  for (const r of rows) {
    if (r.day >= start && r.day <= day) {
      used += r.used;
      granted += r.granted;
    }
  }
  return Math.max(0, quota.limit + granted - used);
}

export class UsageOps {
  constructor(
    private readonly deps: ControlPlaneDeps,
    private readonly plans: UsagePlanOps,
    private readonly meter: UsageMeter,
  ) {}

  async get(ctx: RequestContext, input: GetUsageRequest): Promise<Usage> {
    const scope = scopeOf(ctx);
    const plan = await this.plans.requirePlan(scope, input.usagePlanId);
    const start = parseDay(input.startDate);
    const end = parseDay(input.endDate);
    if (Number.isNaN(start)) throw badRequest(`Invalid start date specified: ${input.startDate}. Expected format yyyy-MM-dd`);
    if (Number.isNaN(end)) throw badRequest(`Invalid end date specified: ${input.endDate}. Expected format yyyy-MM-dd`);
    if (end < start) throw badRequest("The end date must not be before the start date");
    if ((end - start) / 86_400_000 >= MAX_RANGE_DAYS) throw badRequest(`The date range must not exceed ${MAX_RANGE_DAYS} days`);
    const keyIds = input.keyId !== undefined ? [input.keyId] : (await this.deps.usage.listPlanKeys(scope, plan.id)).map((k) => k.keyId);
    const page = paginate(keyIds, (k) => k, input.position, input.limit);
    const items = await this.meter.daily(scope, plan, page.items, input.startDate, input.endDate);
    return { usagePlanId: plan.id, startDate: input.startDate, endDate: input.endDate, items, ...(page.position ? { position: page.position } : {}) };
  }

  async update(ctx: RequestContext, input: UpdateUsageRequest): Promise<Usage> {
    const scope = scopeOf(ctx);
    const plan = await this.plans.requirePlan(scope, input.usagePlanId);
    if (!(await this.deps.usage.hasPlanKey(scope, plan.id, input.keyId))) throw badRequest(`Invalid API Key identifier specified: ${input.keyId}`);
    const now = this.deps.clock.now();
    for (const op of input.patchOperations ?? []) {
      if (op.path === undefined || pathSegments(op.path).join("/") !== "remaining") throw patchErrors.invalidPath(op.path);
      if (op.op !== "replace") throw patchErrors.opNotOneOf(["replace"]);
      const target = Number(op.value);
      if (!Number.isInteger(target) || target < 0) throw badRequest(`Invalid remaining value specified: ${op.value}`);
      const current = await this.meter.remaining(scope, plan, input.keyId, now);
      if (current === undefined) throw badRequest("Usage plan has no quota to update");
      await this.deps.usage.addUsage(scope, plan.id, input.keyId, dayOf(now), 0, target - current);
    }
    const today = dayOf(now);
    const start = plan.quota ? periodStart(plan.quota, today) : today;
    const items = await this.meter.daily(scope, plan, [input.keyId], start, today);
    return { usagePlanId: plan.id, startDate: start, endDate: today, items };
  }
}
