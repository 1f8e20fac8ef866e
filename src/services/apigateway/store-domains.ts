// Custom domain names, their base path mappings, and the per-region account settings.
import { isUniqueViolation } from "../../storage/conventions.js";
import type { BasePathMappingRecord, DomainNameRecord, Scope } from "./records.js";
import type { ServiceDb } from "../../storage/types.js";
import type { ApiGatewayTables } from "./store-schema.js";

export class DomainStore {
  constructor(private readonly sdb: ServiceDb<ApiGatewayTables>) {}

  private get db() {
    return this.sdb.db;
  }

  /** false when the domain name already exists. */
  async insertDomainName(scope: Scope, domain: DomainNameRecord): Promise<boolean> {
    try {
      await this.db
        .insertInto("apigateway_domain_names")
        .values({
          account_id: scope.accountId,
          region: scope.region,
          domain_name: domain.domainName,
          created_at: domain.createdDate,
          doc: JSON.stringify(domain),
        })
        .execute();
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async getDomainName(scope: Scope, domainName: string): Promise<DomainNameRecord | undefined> {
    const row = await this.domains(scope).select("doc").where("domain_name", "=", domainName).executeTakeFirst();
    return row ? JSON.parse(row.doc) : undefined;
  }

  async listDomainNames(scope: Scope): Promise<DomainNameRecord[]> {
    const rows = await this.domains(scope).select("doc").orderBy("created_at").orderBy("domain_name").execute();
    return rows.map((r) => JSON.parse(r.doc));
  }

  async saveDomainName(scope: Scope, domain: DomainNameRecord): Promise<void> {
    await this.db
      .updateTable("apigateway_domain_names")
      .set({ doc: JSON.stringify(domain) })
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("domain_name", "=", domain.domainName)
      .execute();
  }

  async deleteDomainName(scope: Scope, domainName: string): Promise<void> {
    for (const table of ["apigateway_domain_names", "apigateway_base_path_mappings"] as const) {
      await this.db
        .deleteFrom(table)
        .where("account_id", "=", scope.accountId)
        .where("region", "=", scope.region)
        .where("domain_name", "=", domainName)
        .execute();
    }
  }

  private domains(scope: Scope) {
    return this.db.selectFrom("apigateway_domain_names").where("account_id", "=", scope.accountId).where("region", "=", scope.region);
  }

  // ---- Base path mappings ------------------------------------------------------------------

  /** false when the base path is already mapped. */
  async insertMapping(scope: Scope, domainName: string, mapping: BasePathMappingRecord): Promise<boolean> {
    try {
      await this.db
        .insertInto("apigateway_base_path_mappings")
        .values({
          account_id: scope.accountId,
          region: scope.region,
          domain_name: domainName,
          base_path: mapping.basePath,
          rest_api_id: mapping.restApiId,
          stage: mapping.stage ?? null,
        })
        .execute();
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async getMapping(scope: Scope, domainName: string, basePath: string): Promise<BasePathMappingRecord | undefined> {
    const row = await this.mappings(scope, domainName).selectAll().where("base_path", "=", basePath).executeTakeFirst();
    return row ? toMapping(row) : undefined;
  }

  async listMappings(scope: Scope, domainName: string): Promise<BasePathMappingRecord[]> {
    const rows = await this.mappings(scope, domainName).selectAll().orderBy("base_path").execute();
    return rows.map(toMapping);
  }

  /** Replaces a mapping (its base path may change): delete and insert in one transaction. */
  async replaceMapping(scope: Scope, domainName: string, oldBasePath: string, mapping: BasePathMappingRecord): Promise<void> {
    await this.sdb.transaction(async (trx) => {
      await trx
        .deleteFrom("apigateway_base_path_mappings")
        .where("account_id", "=", scope.accountId)
        .where("region", "=", scope.region)
        .where("domain_name", "=", domainName)
        .where("base_path", "=", oldBasePath)
        .execute();
      await trx
        .insertInto("apigateway_base_path_mappings")
        .values({
          account_id: scope.accountId,
          region: scope.region,
          domain_name: domainName,
          base_path: mapping.basePath,
          rest_api_id: mapping.restApiId,
          stage: mapping.stage ?? null,
        })
        .execute();
    });
  }

  async deleteMapping(scope: Scope, domainName: string, basePath: string): Promise<void> {
    await this.db
      .deleteFrom("apigateway_base_path_mappings")
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("domain_name", "=", domainName)
      .where("base_path", "=", basePath)
      .execute();
  }

  private mappings(scope: Scope, domainName: string) {
    return this.db
      .selectFrom("apigateway_base_path_mappings")
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .where("domain_name", "=", domainName);
  }

  // ---- Account settings -------------------------------------------------------------------

  async getAccount(scope: Scope): Promise<Record<string, unknown> | undefined> {
    const row = await this.db
      .selectFrom("apigateway_account")
      .select("doc")
      .where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region)
      .executeTakeFirst();
    return row ? JSON.parse(row.doc) : undefined;
  }

  async saveAccount(scope: Scope, doc: Record<string, unknown>): Promise<void> {
    await this.db
      .insertInto("apigateway_account")
      .values({ account_id: scope.accountId, region: scope.region, doc: JSON.stringify(doc) })
      .onConflict((oc) => oc.columns(["account_id", "region"]).doUpdateSet({ doc: JSON.stringify(doc) }))
      .execute();
  }
}

function toMapping(row: { base_path: string; rest_api_id: string; stage: string | null }): BasePathMappingRecord {
  return { basePath: row.base_path, restApiId: row.rest_api_id, ...(row.stage !== null ? { stage: row.stage } : {}) };
}
