// Lambda's tables. Every row says whose it is (account_id, region): Lambda resources are
// regional and per account. Configurations are JSON documents (types.ts); the columns beside
// them are what queries filter, order or sum on (code hashes for blob reference counting, code
// sizes for the account's TotalCodeSize). Names sort byte-wise on PostgreSQL too (collate "C"),
// as ListFunctions and ListLayers page in name order. See src/storage/conventions.ts.
import { sql, type Generated, type Kysely } from "kysely";
import { addAutoIncrementId, binaryType, dialectOf, type Migrations } from "../../storage/conventions.js";

export interface LambdaDb {
  lambda_functions: {
    account_id: string;
    region: string;
    name: string;
    latest_json: string;
    /** $LATEST's RevisionId: updates of $LATEST are conditional on it (optimistic concurrency). */
    revision_id: string;
    code_sha256: string;
    code_size: number;
    last_version: number;
    tags_json: string;
    reserved_concurrency: number | null;
    created_at: number;
  };
  lambda_versions: {
    account_id: string;
    region: string;
    function_name: string;
    version: number;
    config_json: string;
    code_sha256: string;
    code_size: number;
  };
  lambda_aliases: {
    account_id: string;
    region: string;
    function_name: string;
    name: string;
    config_json: string;
  };
  lambda_policies: {
    account_id: string;
    region: string;
    function_name: string;
    /** "" for the unqualified function. */
    qualifier: string;
    policy_json: string;
  };
  lambda_provisioned: {
    account_id: string;
    region: string;
    function_name: string;
    qualifier: string;
    config_json: string;
  };
  lambda_layers: {
    account_id: string;
    region: string;
    layer_name: string;
    last_version: number;
  };
  lambda_layer_versions: {
    account_id: string;
    region: string;
    layer_name: string;
    version: number;
    config_json: string;
    code_size: number;
    created_at: number;
  };
  lambda_event_queue: {
    id: Generated<number>;
    account_id: string;
    region: string;
    function_name: string;
    qualifier: string;
    request_id: string;
    payload: Buffer;
    client_context: string | null;
    attempts: number;
    available_at: number;
    claimed_until: number;
    enqueued_at: number;
    /** The node that claimed the event (a random id per process), "" when unclaimed. */
    claimed_by: string;
  };
}

export const lambdaMigrations: Migrations = {
  "0001_functions_versions_aliases_policies_layers_queue": {
    async up(db: Kysely<any>) {
      const name = dialectOf(db) === "postgres" ? sql`text collate "C"` : sql`text`;
      await db.schema
        .createTable("lambda_functions")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("name", name, (c) => c.notNull())
        .addColumn("latest_json", "text", (c) => c.notNull())
        .addColumn("revision_id", "text", (c) => c.notNull())
        .addColumn("code_sha256", "text", (c) => c.notNull())
        .addColumn("code_size", "bigint", (c) => c.notNull())
        .addColumn("last_version", "integer", (c) => c.notNull())
        .addColumn("tags_json", "text", (c) => c.notNull())
        .addColumn("reserved_concurrency", "integer")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("lambda_functions_pk", ["account_id", "region", "name"])
        .execute();
      await db.schema
        .createTable("lambda_versions")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("function_name", name, (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("config_json", "text", (c) => c.notNull())
        .addColumn("code_sha256", "text", (c) => c.notNull())
        .addColumn("code_size", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("lambda_versions_pk", ["account_id", "region", "function_name", "version"])
        .execute();
      await db.schema.createIndex("lambda_versions_by_code").on("lambda_versions").columns(["account_id", "region", "code_sha256"]).execute();
      await db.schema.createIndex("lambda_functions_by_code").on("lambda_functions").columns(["account_id", "region", "code_sha256"]).execute();
      await db.schema
        .createTable("lambda_aliases")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("function_name", name, (c) => c.notNull())
        .addColumn("name", name, (c) => c.notNull())
        .addColumn("config_json", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("lambda_aliases_pk", ["account_id", "region", "function_name", "name"])
        .execute();
      await db.schema
        .createTable("lambda_policies")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("function_name", "text", (c) => c.notNull())
        .addColumn("qualifier", "text", (c) => c.notNull())
        .addColumn("policy_json", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("lambda_policies_pk", ["account_id", "region", "function_name", "qualifier"])
        .execute();
      await db.schema
        .createTable("lambda_provisioned")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("function_name", name, (c) => c.notNull())
        .addColumn("qualifier", name, (c) => c.notNull())
        .addColumn("config_json", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("lambda_provisioned_pk", ["account_id", "region", "function_name", "qualifier"])
        .execute();
      await db.schema
        .createTable("lambda_layers")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("layer_name", name, (c) => c.notNull())
        .addColumn("last_version", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("lambda_layers_pk", ["account_id", "region", "layer_name"])
        .execute();
      await db.schema
        .createTable("lambda_layer_versions")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("layer_name", name, (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("config_json", "text", (c) => c.notNull())
        .addColumn("code_size", "bigint", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("lambda_layer_versions_pk", ["account_id", "region", "layer_name", "version"])
        .execute();
      await addAutoIncrementId(db.schema.createTable("lambda_event_queue"), "id", db)
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("function_name", "text", (c) => c.notNull())
        .addColumn("qualifier", "text", (c) => c.notNull())
        .addColumn("request_id", "text", (c) => c.notNull())
        .addColumn("payload", binaryType(db), (c) => c.notNull())
        .addColumn("client_context", "text")
        .addColumn("attempts", "integer", (c) => c.notNull())
        .addColumn("available_at", "bigint", (c) => c.notNull())
        .addColumn("claimed_until", "bigint", (c) => c.notNull())
        .addColumn("enqueued_at", "bigint", (c) => c.notNull())
        .addColumn("claimed_by", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("lambda_event_queue_due").on("lambda_event_queue").columns(["available_at", "id"]).execute();
    },
  },
};
