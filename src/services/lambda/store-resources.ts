// Lambda's per-qualifier and per-layer tables (policies, provisioned concurrency, layers), kept
// apart from store.ts's functions, versions and aliases; LambdaStore extends this class, so
// callers see one store bound to the database or to a transaction.
import type { Kysely } from "kysely";
import type { Scope } from "./arns.js";
import type { LambdaDb } from "./schema.js";
import type { LayerVersionRecord, PolicyRecord, ProvisionedRecord } from "./types.js";

/** The account and region columns every Lambda row carries. */
export const where = (scope: Scope) => ({ account_id: scope.accountId, region: scope.region });

export abstract class ResourceTables {
  protected constructor(readonly db: Kysely<LambdaDb>) {}

  // ---- resource policies (one per function or qualifier) ----

  async getPolicy(scope: Scope, functionName: string, qualifier: string): Promise<PolicyRecord | undefined> {
    const row = await this.db.selectFrom("lambda_policies").select("policy_json").where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region).where("function_name", "=", functionName).where("qualifier", "=", qualifier).executeTakeFirst();
    return row ? (JSON.parse(row.policy_json) as PolicyRecord) : undefined;
  }

  async putPolicy(scope: Scope, functionName: string, qualifier: string, policy: PolicyRecord | undefined): Promise<void> {
    await this.db.deleteFrom("lambda_policies").where("account_id", "=", scope.accountId).where("region", "=", scope.region)
      .where("function_name", "=", functionName).where("qualifier", "=", qualifier).execute();
    if (policy && policy.statements.length > 0) {
      await this.db.insertInto("lambda_policies").values({ ...where(scope), function_name: functionName, qualifier, policy_json: JSON.stringify(policy) }).execute();
    }
  }

  async deleteQualifierState(scope: Scope, functionName: string, qualifier: string): Promise<void> {
    for (const table of ["lambda_policies", "lambda_provisioned"] as const) {
      await this.db.deleteFrom(table).where("account_id", "=", scope.accountId).where("region", "=", scope.region)
        .where("function_name", "=", functionName).where("qualifier", "=", qualifier).execute();
    }
  }

  // ---- provisioned concurrency ----

  async getProvisioned(scope: Scope, functionName: string, qualifier: string): Promise<ProvisionedRecord | undefined> {
    const row = await this.db.selectFrom("lambda_provisioned").select("config_json").where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region).where("function_name", "=", functionName).where("qualifier", "=", qualifier).executeTakeFirst();
    return row ? (JSON.parse(row.config_json) as ProvisionedRecord) : undefined;
  }

  async putProvisioned(scope: Scope, functionName: string, record: ProvisionedRecord): Promise<void> {
    await this.deleteProvisioned(scope, functionName, record.qualifier);
    await this.db.insertInto("lambda_provisioned").values({ ...where(scope), function_name: functionName, qualifier: record.qualifier, config_json: JSON.stringify(record) }).execute();
  }

  async deleteProvisioned(scope: Scope, functionName: string, qualifier: string): Promise<void> {
    await this.db.deleteFrom("lambda_provisioned").where("account_id", "=", scope.accountId).where("region", "=", scope.region)
      .where("function_name", "=", functionName).where("qualifier", "=", qualifier).execute();
  }

  async listProvisioned(scope: Scope, functionName: string): Promise<ProvisionedRecord[]> {
    const rows = await this.db.selectFrom("lambda_provisioned").select("config_json").where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region).where("function_name", "=", functionName).orderBy("qualifier").execute();
    return rows.map((r) => JSON.parse(r.config_json) as ProvisionedRecord);
  }

  /** Every provisioned configuration of every account (re-warmed after a restart). */
  async allProvisioned(): Promise<{ scope: Scope; functionName: string; record: ProvisionedRecord }[]> {
    const rows = await this.db.selectFrom("lambda_provisioned").selectAll().execute();
    return rows.map((r) => ({
      scope: { accountId: r.account_id, region: r.region, partition: "" },
      functionName: r.function_name,
      record: JSON.parse(r.config_json) as ProvisionedRecord,
    }));
  }

  // ---- layers ----

  /** Allocates the next version number of a layer (numbers are never reused). */
  async nextLayerVersion(scope: Scope, layerName: string): Promise<number> {
    const row = await this.db.selectFrom("lambda_layers").select("last_version").where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region).where("layer_name", "=", layerName).executeTakeFirst();
    const next = (row?.last_version ?? 0) + 1;
    if (row) {
      await this.db.updateTable("lambda_layers").set({ last_version: next }).where("account_id", "=", scope.accountId)
        .where("region", "=", scope.region).where("layer_name", "=", layerName).execute();
    } else {
      await this.db.insertInto("lambda_layers").values({ ...where(scope), layer_name: layerName, last_version: next }).execute();
    }
    return next;
  }

  async insertLayerVersion(scope: Scope, record: LayerVersionRecord): Promise<void> {
    await this.db.insertInto("lambda_layer_versions").values({
      ...where(scope), layer_name: record.layerName, version: record.version,
      config_json: JSON.stringify(record), code_size: record.code.size, created_at: record.createdAt,
    }).execute();
  }

  async getLayerVersion(scope: Scope, layerName: string, version: number): Promise<LayerVersionRecord | undefined> {
    const row = await this.db.selectFrom("lambda_layer_versions").select("config_json").where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region).where("layer_name", "=", layerName).where("version", "=", version).executeTakeFirst();
    return row ? (JSON.parse(row.config_json) as LayerVersionRecord) : undefined;
  }

  async deleteLayerVersion(scope: Scope, layerName: string, version: number): Promise<void> {
    await this.db.deleteFrom("lambda_layer_versions").where("account_id", "=", scope.accountId).where("region", "=", scope.region)
      .where("layer_name", "=", layerName).where("version", "=", version).execute();
  }

  /** All versions of one layer (newest first), or of every layer when layerName is undefined. */
  async listLayerVersions(scope: Scope, layerName?: string): Promise<LayerVersionRecord[]> {
    let q = this.db.selectFrom("lambda_layer_versions").select("config_json").where("account_id", "=", scope.accountId).where("region", "=", scope.region);
    if (layerName !== undefined) q = q.where("layer_name", "=", layerName);
    const rows = await q.orderBy("layer_name").orderBy("version", "desc").execute();
    return rows.map((r) => JSON.parse(r.config_json) as LayerVersionRecord);
  }
}
