// Typed queries over API Gateway's tables (schema: store-schema.ts). REST APIs, deployments
// and stages live here; keys, usage plans, usage counters and domain names in
// store-usage.ts and store-domains.ts, which share this handle.
import type { Kysely } from "kysely";
import { isUniqueViolation } from "../../storage/conventions.js";
import type { ServiceDb, Store } from "../../storage/types.js";
import type { DeploymentContent, DeploymentRecord, RestApiAttrs, RestApiDocument, Scope, StageRecord } from "./records.js";
import { apiGatewayMigrations, type ApiGatewayTables } from "./store-schema.js";

export type Db = Kysely<ApiGatewayTables>;

export class ApiGatewayStore {
  private constructor(readonly sdb: ServiceDb<ApiGatewayTables>) {}

  static async open(store: Store): Promise<ApiGatewayStore> {
    return new ApiGatewayStore(await store.open<ApiGatewayTables>("apigateway", apiGatewayMigrations));
  }

  get db(): Db {
    return this.sdb.db;
  }

  reset(): Promise<void> {
    return this.sdb.reset();
  }

  // ---- REST APIs -------------------------------------------------------------------------

  async insertApi(scope: Scope, doc: Omit<RestApiDocument, "version">): Promise<void> {
    await this.db
      .insertInto("apigateway_rest_apis")
      .values({
        account_id: scope.accountId,
        region: scope.region,
        api_id: doc.attrs.id,
        name: doc.attrs.name,
        created_at: doc.attrs.createdDate,
        version: 1,
        attrs: JSON.stringify(doc.attrs),
        definition: JSON.stringify(doc.definition),
      })
      .execute();
  }

  async getApi(scope: Scope, apiId: string): Promise<RestApiDocument | undefined> {
    const row = await this.db
      .selectFrom("apigateway_rest_apis")
      .select(["attrs", "definition", "version"])
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("api_id", "=", apiId)
      .executeTakeFirst();
    if (!row) return undefined;
    return { attrs: JSON.parse(row.attrs), definition: JSON.parse(row.definition), version: Number(row.version) };
  }

  async getApiAttrs(scope: Scope, apiId: string): Promise<RestApiAttrs | undefined> {
    const row = await this.db
      .selectFrom("apigateway_rest_apis")
      .select("attrs")
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("api_id", "=", apiId)
      .executeTakeFirst();
    return row ? JSON.parse(row.attrs) : undefined;
  }

  async listApiAttrs(scope: Scope): Promise<RestApiAttrs[]> {
    const rows = await this.db
      .selectFrom("apigateway_rest_apis")
      .select("attrs")
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .orderBy("created_at")
      .orderBy("api_id")
      .execute();
    return rows.map((r) => JSON.parse(r.attrs));
  }

  /** Writes doc if nobody changed the row since it was read; false when someone did. */
  async saveApi(scope: Scope, doc: RestApiDocument): Promise<boolean> {
    const result = await this.db
      .updateTable("apigateway_rest_apis")
      .set({
        name: doc.attrs.name,
        version: doc.version + 1,
        attrs: JSON.stringify(doc.attrs),
        definition: JSON.stringify(doc.definition),
      })
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("api_id", "=", doc.attrs.id)
      .where("version", "=", doc.version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Deletes an API with its deployments, stages and the base path mappings that point at it. */
  async deleteApi(scope: Scope, apiId: string): Promise<boolean> {
    return this.sdb.transaction(async (trx) => {
      for (const table of ["apigateway_deployments", "apigateway_stages"] as const) {
        await trx
          .deleteFrom(table)
          .where("account_id", "=", scope.accountId)
          .where("region", "=", scope.region)
          .where("api_id", "=", apiId)
          .execute();
      }
      await trx
        .deleteFrom("apigateway_base_path_mappings")
        .where("account_id", "=", scope.accountId)
        .where("region", "=", scope.region)
        .where("rest_api_id", "=", apiId)
        .execute();
      const result = await trx
        .deleteFrom("apigateway_rest_apis")
        .where("account_id", "=", scope.accountId)
        .where("region", "=", scope.region)
        .where("api_id", "=", apiId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    });
  }

  // ---- Deployments -------------------------------------------------------------------------

  async insertDeployment(scope: Scope, apiId: string, record: DeploymentRecord, content: DeploymentContent): Promise<void> {
    await this.db
      .insertInto("apigateway_deployments")
      .values({
        account_id: scope.accountId,
        region: scope.region,
        api_id: apiId,
        deployment_id: record.id,
        created_at: record.createdDate,
        description: record.description ?? null,
        content: JSON.stringify(content),
      })
      .execute();
  }

  async getDeployment(scope: Scope, apiId: string, deploymentId: string): Promise<DeploymentRecord | undefined> {
    const row = await this.deploymentQuery(scope, apiId)
      .select(["deployment_id", "created_at", "description"])
      .where("deployment_id", "=", deploymentId)
      .executeTakeFirst();
    return row ? toDeployment(row) : undefined;
  }

  async getDeploymentContent(scope: Scope, apiId: string, deploymentId: string): Promise<DeploymentContent | undefined> {
    const row = await this.deploymentQuery(scope, apiId).select("content").where("deployment_id", "=", deploymentId).executeTakeFirst();
    return row ? JSON.parse(row.content) : undefined;
  }

  async listDeployments(scope: Scope, apiId: string): Promise<DeploymentRecord[]> {
    const rows = await this.deploymentQuery(scope, apiId)
      .select(["deployment_id", "created_at", "description"])
      .orderBy("created_at")
      .orderBy("deployment_id")
      .execute();
    return rows.map(toDeployment);
  }

  async setDeploymentDescription(scope: Scope, apiId: string, deploymentId: string, description: string | undefined): Promise<void> {
    await this.db
      .updateTable("apigateway_deployments")
      .set({ description: description ?? null })
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("api_id", "=", apiId)
      .where("deployment_id", "=", deploymentId)
      .execute();
  }

  async deleteDeployment(scope: Scope, apiId: string, deploymentId: string): Promise<void> {
    await this.db
      .deleteFrom("apigateway_deployments")
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("api_id", "=", apiId)
      .where("deployment_id", "=", deploymentId)
      .execute();
  }

  private deploymentQuery(scope: Scope, apiId: string) {
    return this.db
      .selectFrom("apigateway_deployments")
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("api_id", "=", apiId);
  }

  // ---- Stages ----------------------------------------------------------------------------

  /** false when a stage of that name already exists. */
  async insertStage(scope: Scope, apiId: string, stage: StageRecord): Promise<boolean> {
    try {
      await this.db
        .insertInto("apigateway_stages")
        .values({
          account_id: scope.accountId,
          region: scope.region,
          api_id: apiId,
          stage_name: stage.stageName,
          deployment_id: stage.deploymentId,
          canary_deployment_id: stage.canarySettings?.deploymentId ?? null,
          created_at: stage.createdDate,
          doc: JSON.stringify(stage),
        })
        .execute();
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async getStage(scope: Scope, apiId: string, stageName: string): Promise<StageRecord | undefined> {
    const row = await this.stageQuery(scope, apiId).select("doc").where("stage_name", "=", stageName).executeTakeFirst();
    return row ? JSON.parse(row.doc) : undefined;
  }

  async listStages(scope: Scope, apiId: string, deploymentId?: string): Promise<StageRecord[]> {
    let query = this.stageQuery(scope, apiId).select("doc");
    if (deploymentId !== undefined) query = query.where("deployment_id", "=", deploymentId);
    const rows = await query.orderBy("created_at").orderBy("stage_name").execute();
    return rows.map((r) => JSON.parse(r.doc));
  }

  /** Names of the stages that serve a deployment, as their main or their canary deployment. */
  async stagesUsingDeployment(scope: Scope, apiId: string, deploymentId: string): Promise<string[]> {
    const rows = await this.stageQuery(scope, apiId)
      .select("stage_name")
      .where((eb) => eb.or([eb("deployment_id", "=", deploymentId), eb("canary_deployment_id", "=", deploymentId)]))
      .execute();
    return rows.map((r) => r.stage_name);
  }

  async saveStage(scope: Scope, apiId: string, stage: StageRecord): Promise<void> {
    await this.db
      .updateTable("apigateway_stages")
      .set({
        deployment_id: stage.deploymentId,
        canary_deployment_id: stage.canarySettings?.deploymentId ?? null,
        doc: JSON.stringify(stage),
      })
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("api_id", "=", apiId)
      .where("stage_name", "=", stage.stageName)
      .execute();
  }

  async deleteStage(scope: Scope, apiId: string, stageName: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("apigateway_stages")
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("api_id", "=", apiId)
      .where("stage_name", "=", stageName)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  private stageQuery(scope: Scope, apiId: string) {
    return this.db
      .selectFrom("apigateway_stages")
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("api_id", "=", apiId);
  }
}

function toDeployment(row: { deployment_id: string; created_at: number; description: string | null }): DeploymentRecord {
  return {
    id: row.deployment_id,
    createdDate: Number(row.created_at),
    ...(row.description !== null ? { description: row.description } : {}),
  };
}
