// Typed access to Lambda's tables (schema.ts). A LambdaStore is bound either to the database or
// to one transaction (transaction(fn) hands fn a store whose statements all commit together).
// Every write to functions, versions and aliases moves `generation` (shared by the store and its
// transaction-bound copies) once the statement has run and again when a transaction ends, so
// what Invoke keeps in memory (invoke-cache.ts) is dropped as soon as a change is visible.
import { sql, type Kysely } from "kysely";
import type { ServiceDb, Store } from "../../storage/types.js";
import type { Scope } from "./arns.js";
import { lambdaMigrations, type LambdaDb } from "./schema.js";
import { ResourceTables, where } from "./store-resources.js";
import type { AliasRecord, FunctionRecord, VersionRecord } from "./types.js";

/** The write counter a store and its transaction-bound copies share. */
interface Changes {
  generation: number;
}

export class LambdaStore extends ResourceTables {
  private constructor(
    private readonly sdb: ServiceDb<LambdaDb>,
    db: Kysely<LambdaDb>,
    private readonly changes: Changes,
  ) {
    super(db);
  }

  static async open(store: Store): Promise<LambdaStore> {
    const sdb = await store.open<LambdaDb>("lambda", lambdaMigrations);
    return new LambdaStore(sdb, sdb.db, { generation: 0 });
  }

  /** Moves on every write to functions, versions or aliases made through this node. */
  get generation(): number {
    return this.changes.generation;
  }

  /** Runs fn against a store bound to one transaction. */
  async transaction<T>(fn: (tx: LambdaStore) => Promise<T>): Promise<T> {
    try {
      return await this.sdb.transaction((trx) => fn(new LambdaStore(this.sdb, trx as unknown as Kysely<LambdaDb>, this.changes)));
    } finally {
      // Writes inside become visible to other readers only now (commit).
      this.changed();
    }
  }

  async reset(): Promise<void> {
    await this.sdb.reset();
    this.changed();
  }

  private changed(): void {
    this.changes.generation++;
  }

  // ---- functions ($LATEST and whole-function settings) ----

  async getFunction(scope: Scope, name: string): Promise<FunctionRecord | undefined> {
    const row = await this.db.selectFrom("lambda_functions").selectAll().where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region).where("name", "=", name).executeTakeFirst();
    return row ? toFunction(row) : undefined;
  }

  async insertFunction(fn: FunctionRecord): Promise<void> {
    await this.db.insertInto("lambda_functions").values(fromFunction(fn)).execute();
    this.changed();
  }

  /**
   * Replaces $LATEST if it still has the RevisionId the caller read (optimistic concurrency);
   * false when another change came first.
   */
  async updateLatest(scope: Scope, name: string, latest: VersionRecord, expectedRevisionId: string): Promise<boolean> {
    const result = await this.db.updateTable("lambda_functions")
      .set({ latest_json: JSON.stringify(latest), revision_id: latest.revisionId, code_sha256: latest.code.sha256, code_size: latest.code.size })
      .where("account_id", "=", scope.accountId).where("region", "=", scope.region).where("name", "=", name)
      .where("revision_id", "=", expectedRevisionId).executeTakeFirst();
    this.changed();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Replaces the tags; a tag change gives $LATEST a new RevisionId, as on AWS. */
  async setTags(scope: Scope, fn: FunctionRecord, tags: Record<string, string>, revisionId: string): Promise<boolean> {
    const latest = { ...fn.latest, revisionId };
    const result = await this.db.updateTable("lambda_functions")
      .set({ tags_json: JSON.stringify(tags), latest_json: JSON.stringify(latest), revision_id: revisionId })
      .where("account_id", "=", scope.accountId).where("region", "=", scope.region).where("name", "=", fn.name)
      .where("revision_id", "=", fn.latest.revisionId).executeTakeFirst();
    this.changed();
    return Number(result.numUpdatedRows) > 0;
  }

  async setReservedConcurrency(scope: Scope, name: string, reserved: number | undefined): Promise<void> {
    await this.db.updateTable("lambda_functions").set({ reserved_concurrency: reserved ?? null }).where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region).where("name", "=", name).execute();
    this.changed();
  }

  /** Claims the next version number if it is still `expected`; false when another publish took it. */
  async advanceLastVersion(scope: Scope, name: string, expected: number): Promise<boolean> {
    const result = await this.db.updateTable("lambda_functions").set({ last_version: expected + 1 }).where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region).where("name", "=", name).where("last_version", "=", expected).executeTakeFirst();
    this.changed();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Removes the function and everything hanging off it. */
  async deleteFunction(scope: Scope, name: string): Promise<void> {
    const w = where(scope);
    await this.db.deleteFrom("lambda_functions").where("account_id", "=", w.account_id).where("region", "=", w.region).where("name", "=", name).execute();
    this.changed();
    for (const table of ["lambda_versions", "lambda_aliases", "lambda_policies", "lambda_provisioned"] as const) {
      await this.db.deleteFrom(table).where("account_id", "=", w.account_id).where("region", "=", w.region).where("function_name", "=", name).execute();
    }
    this.changed();
  }

  /** Functions in name order after `after` (or from it, when inclusive), at most `limit`. */
  async listFunctions(scope: Scope, after: string | undefined, limit: number, inclusive = false): Promise<FunctionRecord[]> {
    let q = this.db.selectFrom("lambda_functions").selectAll().where("account_id", "=", scope.accountId).where("region", "=", scope.region);
    if (after !== undefined) q = q.where("name", inclusive ? ">=" : ">", after);
    const rows = await q.orderBy("name").limit(limit).execute();
    return rows.map(toFunction);
  }

  /** Every function of every account (a reset stops their environments). */
  async allFunctions(): Promise<{ accountId: string; region: string; name: string }[]> {
    const rows = await this.db.selectFrom("lambda_functions").select(["account_id", "region", "name"]).execute();
    return rows.map((r) => ({ accountId: r.account_id, region: r.region, name: r.name }));
  }

  async sumReservedConcurrency(scope: Scope, exceptFunction?: string): Promise<number> {
    let q = this.db.selectFrom("lambda_functions")
      .select(sql<number>`cast(coalesce(sum(reserved_concurrency), 0) as bigint)`.as("total"))
      .where("account_id", "=", scope.accountId).where("region", "=", scope.region);
    if (exceptFunction !== undefined) q = q.where("name", "<>", exceptFunction);
    const row = await q.executeTakeFirst();
    return Number(row?.total ?? 0);
  }

  async accountUsage(scope: Scope): Promise<{ functionCount: number; totalCodeSize: number }> {
    const fns = await this.db.selectFrom("lambda_functions")
      .select([sql<number>`count(*)`.as("n"), sql<number>`cast(coalesce(sum(code_size), 0) as bigint)`.as("size")])
      .where("account_id", "=", scope.accountId).where("region", "=", scope.region).executeTakeFirst();
    const versions = await this.db.selectFrom("lambda_versions").select(sql<number>`cast(coalesce(sum(code_size), 0) as bigint)`.as("size"))
      .where("account_id", "=", scope.accountId).where("region", "=", scope.region).executeTakeFirst();
    const layers = await this.db.selectFrom("lambda_layer_versions").select(sql<number>`cast(coalesce(sum(code_size), 0) as bigint)`.as("size"))
      .where("account_id", "=", scope.accountId).where("region", "=", scope.region).executeTakeFirst();
    return {
      functionCount: Number(fns?.n ?? 0),
      totalCodeSize: Number(fns?.size ?? 0) + Number(versions?.size ?? 0) + Number(layers?.size ?? 0),
    };
  }

  /** Whether any $LATEST or published version still uses the code with this hash. */
  async isCodeReferenced(scope: Scope, sha256: string): Promise<boolean> {
    const inFunctions = await this.db.selectFrom("lambda_functions").select("name").where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region).where("code_sha256", "=", sha256).limit(1).executeTakeFirst();
    if (inFunctions) return true;
    const inVersions = await this.db.selectFrom("lambda_versions").select("version").where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region).where("code_sha256", "=", sha256).limit(1).executeTakeFirst();
    return inVersions !== undefined;
  }

  // ---- published versions ----

  async getVersion(scope: Scope, functionName: string, version: number): Promise<VersionRecord | undefined> {
    const row = await this.db.selectFrom("lambda_versions").select("config_json").where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region).where("function_name", "=", functionName).where("version", "=", version).executeTakeFirst();
    return row ? (JSON.parse(row.config_json) as VersionRecord) : undefined;
  }

  async insertVersion(scope: Scope, functionName: string, record: VersionRecord): Promise<void> {
    await this.db.insertInto("lambda_versions").values({
      ...where(scope), function_name: functionName, version: Number(record.version),
      config_json: JSON.stringify(record), code_sha256: record.code.sha256, code_size: record.code.size,
    }).execute();
    this.changed();
  }

  async saveVersion(scope: Scope, functionName: string, record: VersionRecord): Promise<void> {
    await this.db.updateTable("lambda_versions").set({ config_json: JSON.stringify(record) }).where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region).where("function_name", "=", functionName).where("version", "=", Number(record.version)).execute();
    this.changed();
  }

  async deleteVersion(scope: Scope, functionName: string, version: number): Promise<void> {
    await this.db.deleteFrom("lambda_versions").where("account_id", "=", scope.accountId).where("region", "=", scope.region)
      .where("function_name", "=", functionName).where("version", "=", version).execute();
    this.changed();
  }

  async listVersions(scope: Scope, functionName: string): Promise<VersionRecord[]> {
    const rows = await this.db.selectFrom("lambda_versions").select("config_json").where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region).where("function_name", "=", functionName).orderBy("version").execute();
    return rows.map((r) => JSON.parse(r.config_json) as VersionRecord);
  }

  // ---- aliases ----

  async getAlias(scope: Scope, functionName: string, alias: string): Promise<AliasRecord | undefined> {
    const row = await this.db.selectFrom("lambda_aliases").select("config_json").where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region).where("function_name", "=", functionName).where("name", "=", alias).executeTakeFirst();
    return row ? (JSON.parse(row.config_json) as AliasRecord) : undefined;
  }

  async insertAlias(scope: Scope, functionName: string, alias: AliasRecord): Promise<void> {
    await this.db.insertInto("lambda_aliases").values({ ...where(scope), function_name: functionName, name: alias.name, config_json: JSON.stringify(alias) }).execute();
    this.changed();
  }

  async saveAlias(scope: Scope, functionName: string, alias: AliasRecord): Promise<void> {
    await this.db.updateTable("lambda_aliases").set({ config_json: JSON.stringify(alias) }).where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region).where("function_name", "=", functionName).where("name", "=", alias.name).execute();
    this.changed();
  }

  async deleteAlias(scope: Scope, functionName: string, alias: string): Promise<void> {
    await this.db.deleteFrom("lambda_aliases").where("account_id", "=", scope.accountId).where("region", "=", scope.region)
      .where("function_name", "=", functionName).where("name", "=", alias).execute();
    this.changed();
  }

  async listAliases(scope: Scope, functionName: string): Promise<AliasRecord[]> {
    const rows = await this.db.selectFrom("lambda_aliases").select("config_json").where("account_id", "=", scope.accountId)
      .where("region", "=", scope.region).where("function_name", "=", functionName).orderBy("name").execute();
    return rows.map((r) => JSON.parse(r.config_json) as AliasRecord);
  }
}

type FunctionRow = LambdaDb["lambda_functions"];

function toFunction(row: FunctionRow): FunctionRecord {
  return {
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    latest: JSON.parse(row.latest_json) as VersionRecord,
    lastVersion: Number(row.last_version),
    tags: JSON.parse(row.tags_json) as Record<string, string>,
    reservedConcurrency: row.reserved_concurrency === null ? undefined : Number(row.reserved_concurrency),
    createdAt: Number(row.created_at),
  };
}

function fromFunction(fn: FunctionRecord): FunctionRow {
  return {
    account_id: fn.accountId,
    region: fn.region,
    name: fn.name,
    latest_json: JSON.stringify(fn.latest),
    revision_id: fn.latest.revisionId,
    code_sha256: fn.latest.code.sha256,
    code_size: fn.latest.code.size,
    last_version: fn.lastVersion,
    tags_json: JSON.stringify(fn.tags),
    reserved_concurrency: fn.reservedConcurrency ?? null,
    created_at: fn.createdAt,
  };
}
