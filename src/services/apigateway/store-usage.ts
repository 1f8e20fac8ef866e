// API keys, usage plans, the keys enrolled in a plan, and the usage counters the data plane
// increments (one row per plan, key and UTC day; see store-schema.ts).
import type { ApiKeyRecord, Scope, UsagePlanRecord } from "./records.js";
import type { ServiceDb } from "../../storage/types.js";
import type { ApiGatewayTables } from "./store-schema.js";

export interface UsageRow {
  keyId: string;
  day: string;
  used: number;
  granted: number;
}

export interface PlanKeyRow {
  planId: string;
  keyId: string;
  keyType: string;
}

export class UsageStore {
  private lastSeq = 0;

  constructor(private readonly sdb: ServiceDb<ApiGatewayTables>) {}

  /**
   * An ordering number that grows with creation time and, within this process, with every
   * call, so that keys made in the same millisecond still list in the order they were made.
   */
  private nextSeq(ms: number): number {
    this.lastSeq = Math.max(this.lastSeq + 1, ms * 1000);
    return this.lastSeq;
  }

  private get db() {
    return this.sdb.db;
  }

  // ---- API keys ----------------------------------------------------------------------------

  async insertApiKey(scope: Scope, key: ApiKeyRecord): Promise<void> {
    await this.db
      .insertInto("apigateway_api_keys")
      .values({
        account_id: scope.accountId,
        region: scope.region,
        key_id: key.id,
        key_value: key.value,
        name: key.name ?? null,
        customer_id: key.customerId ?? null,
        created_at: key.createdDate,
        seq: this.nextSeq(key.createdDate),
        doc: JSON.stringify(key),
      })
      .execute();
  }

  async getApiKey(scope: Scope, keyId: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.keys(scope).select("doc").where("key_id", "=", keyId).executeTakeFirst();
    return row ? JSON.parse(row.doc) : undefined;
  }

  /** The key with this value (the data plane's x-api-key look-up). */
  async findApiKeyByValue(scope: Scope, value: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.keys(scope).select("doc").where("key_value", "=", value).executeTakeFirst();
    return row ? JSON.parse(row.doc) : undefined;
  }

  /** Keys newest first, as AWS lists them. */
  async listApiKeys(scope: Scope): Promise<ApiKeyRecord[]> {
    const rows = await this.keys(scope).select("doc").orderBy("seq", "desc").orderBy("key_id", "desc").execute();
    return rows.map((r) => JSON.parse(r.doc));
  }

  async saveApiKey(scope: Scope, key: ApiKeyRecord): Promise<void> {
    await this.db
      .updateTable("apigateway_api_keys")
      .set({ name: key.name ?? null, customer_id: key.customerId ?? null, doc: JSON.stringify(key) })
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("key_id", "=", key.id)
      .execute();
  }

  async deleteApiKey(scope: Scope, keyId: string): Promise<void> {
    await this.db
      .deleteFrom("apigateway_api_keys")
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("key_id", "=", keyId)
      .execute();
    await this.db
      .deleteFrom("apigateway_usage_plan_keys")
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("key_id", "=", keyId)
      .execute();
  }

  private keys(scope: Scope) {
    return this.db.selectFrom("apigateway_api_keys").where("account_id", "=", scope.accountId).where("region", "=", scope.region);
  }

  // ---- Usage plans -------------------------------------------------------------------------

  async insertUsagePlan(scope: Scope, plan: UsagePlanRecord): Promise<void> {
    await this.db
      .insertInto("apigateway_usage_plans")
      .values({ account_id: scope.accountId, region: scope.region, plan_id: plan.id, created_at: plan.createdDate, doc: JSON.stringify(plan) })
      .execute();
  }

  async getUsagePlan(scope: Scope, planId: string): Promise<UsagePlanRecord | undefined> {
    const row = await this.plans(scope).select("doc").where("plan_id", "=", planId).executeTakeFirst();
    return row ? JSON.parse(row.doc) : undefined;
  }

  async listUsagePlans(scope: Scope): Promise<UsagePlanRecord[]> {
    const rows = await this.plans(scope).select("doc").orderBy("created_at").orderBy("plan_id").execute();
    return rows.map((r) => JSON.parse(r.doc));
  }

  async saveUsagePlan(scope: Scope, plan: UsagePlanRecord): Promise<void> {
    await this.db
      .updateTable("apigateway_usage_plans")
      .set({ doc: JSON.stringify(plan) })
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("plan_id", "=", plan.id)
      .execute();
  }

  async deleteUsagePlan(scope: Scope, planId: string): Promise<void> {
    for (const table of ["apigateway_usage_plans", "apigateway_usage_plan_keys", "apigateway_usage"] as const) {
      await this.db
        .deleteFrom(table)
        .where("account_id", "=", scope.accountId)
        .where("region", "=", scope.region)
        .where("plan_id", "=", planId)
        .execute();
    }
  }

  private plans(scope: Scope) {
    return this.db.selectFrom("apigateway_usage_plans").where("account_id", "=", scope.accountId).where("region", "=", scope.region);
  }

  // ---- Keys enrolled in plans -----------------------------------------------------------------

  async addPlanKey(scope: Scope, planId: string, keyId: string, keyType: string, createdAt: number): Promise<void> {
    await this.db
      .insertInto("apigateway_usage_plan_keys")
      .values({ account_id: scope.accountId, region: scope.region, plan_id: planId, key_id: keyId, key_type: keyType, created_at: createdAt, seq: this.nextSeq(createdAt) })
      .execute();
  }

  async hasPlanKey(scope: Scope, planId: string, keyId: string): Promise<boolean> {
    const row = await this.planKeys(scope).select("key_id").where("plan_id", "=", planId).where("key_id", "=", keyId).executeTakeFirst();
    return row !== undefined;
  }

  /** The keys of a plan, newest first. */
  async listPlanKeys(scope: Scope, planId: string): Promise<PlanKeyRow[]> {
    const rows = await this.planKeys(scope)
      .select(["plan_id", "key_id", "key_type"])
      .where("plan_id", "=", planId)
      .orderBy("seq", "desc")
      .orderBy("key_id", "desc")
      .execute();
    return rows.map((r) => ({ planId: r.plan_id, keyId: r.key_id, keyType: r.key_type }));
  }

  /** The plans a key is enrolled in. */
  async plansOfKey(scope: Scope, keyId: string): Promise<string[]> {
    const rows = await this.planKeys(scope).select("plan_id").where("key_id", "=", keyId).execute();
    return rows.map((r) => r.plan_id);
  }

  async removePlanKey(scope: Scope, planId: string, keyId: string): Promise<void> {
    await this.db
      .deleteFrom("apigateway_usage_plan_keys")
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("plan_id", "=", planId)
      .where("key_id", "=", keyId)
      .execute();
  }

  private planKeys(scope: Scope) {
    return this.db.selectFrom("apigateway_usage_plan_keys").where("account_id", "=", scope.accountId).where("region", "=", scope.region);
  }

  // ---- Usage counters ---------------------------------------------------------------------------

  /** Adds to a day's counters, creating the row on first use (one atomic upsert). */
  async addUsage(scope: Scope, planId: string, keyId: string, day: string, used: number, granted: number): Promise<void> {
    await this.db
      .insertInto("apigateway_usage")
      .values({ account_id: scope.accountId, region: scope.region, plan_id: planId, key_id: keyId, day, used, granted })
      .onConflict((oc) =>
        oc.columns(["account_id", "region", "plan_id", "key_id", "day"]).doUpdateSet((eb) => ({
          used: eb("apigateway_usage.used", "+", used),
          granted: eb("apigateway_usage.granted", "+", granted),
        })),
      )
      .execute();
  }

  /** Counter rows of a plan (optionally one key) with fromDay <= day <= toDay, oldest first. */
  async usageBetween(scope: Scope, planId: string, keyId: string | undefined, fromDay: string, toDay: string): Promise<UsageRow[]> {
    let query = this.db
      .selectFrom("apigateway_usage")
      .select(["key_id", "day", "used", "granted"])
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("plan_id", "=", planId)
      .where("day", ">=", fromDay)
      .where("day", "<=", toDay);
    if (keyId !== undefined) query = query.where("key_id", "=", keyId);
    const rows = await query.orderBy("day").execute();
    return rows.map((r) => ({ keyId: r.key_id, day: r.day, used: Number(r.used), granted: Number(r.granted) }));
  }
}
