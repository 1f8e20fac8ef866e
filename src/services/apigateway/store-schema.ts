// API Gateway's tables (service "apigateway"). Every primary key starts with account and
// region. Documents are JSON text (src/storage/conventions.ts); the columns beside them are
// the ones queries filter or order on.
//
// - rest_apis: one row per REST API; `attrs` (the RestApi fields) and `definition`
//   (resources/methods/integrations, models, validators, authorizers, gateway responses) are
//   separate so GetRestApis never parses definitions. `version` guards read-modify-write.
// - deployments: immutable frozen copies (`content`) of an API at deployment time.
// - stages: the stage document; `deployment_id` and `canary_deployment_id` are columns so
//   "which stages use this deployment" is a query.
// - api_keys (looked up by value on every data-plane call: indexed), usage_plans,
//   usage_plan_keys, and usage: one counter row per plan, key and UTC day. The data plane
//   adds to `used`; UpdateUsage grants extra quota through `granted`.
// - domain_names and base_path_mappings; account: the per-region account settings;
//   vpc_links: the VPC links HTTP integrations may go through.
import type { Kysely } from "kysely";
import type { Migrations } from "../../storage/conventions.js";

export interface ApiGatewayTables {
  apigateway_rest_apis: {
    account_id: string;
    region: string;
    api_id: string;
    name: string;
    created_at: number;
    version: number;
    attrs: string;
    definition: string;
  };
  apigateway_deployments: {
    account_id: string;
    region: string;
    api_id: string;
    deployment_id: string;
    created_at: number;
    description: string | null;
    content: string;
  };
  apigateway_stages: {
    account_id: string;
    region: string;
    api_id: string;
    stage_name: string;
    deployment_id: string;
    canary_deployment_id: string | null;
    created_at: number;
    doc: string;
  };
  apigateway_api_keys: {
    account_id: string;
    region: string;
    key_id: string;
    key_value: string;
    name: string | null;
    customer_id: string | null;
    created_at: number;
    /** Creation order (store-usage.ts nextSeq): keys list newest first, ties included. */
    seq: number;
    doc: string;
  };
  apigateway_usage_plans: {
    account_id: string;
    region: string;
    plan_id: string;
    created_at: number;
    doc: string;
  };
  apigateway_usage_plan_keys: {
    account_id: string;
    region: string;
    plan_id: string;
    key_id: string;
    key_type: string;
    created_at: number;
    seq: number;
  };
  apigateway_usage: {
    account_id: string;
    region: string;
    plan_id: string;
    key_id: string;
    /** The UTC day, YYYY-MM-DD. */
    day: string;
    used: number;
    granted: number;
  };
  apigateway_domain_names: {
    account_id: string;
    region: string;
    domain_name: string;
    created_at: number;
    doc: string;
  };
  apigateway_base_path_mappings: {
    account_id: string;
    region: string;
    domain_name: string;
    base_path: string;
    rest_api_id: string;
    stage: string | null;
  };
  apigateway_account: {
    account_id: string;
    region: string;
    doc: string;
  };
  apigateway_vpc_links: {
    account_id: string;
    region: string;
    link_id: string;
    created_at: number;
    doc: string;
  };
}

const scoped = (db: Kysely<any>, table: string) =>
  db.schema
    .createTable(table)
    .addColumn("account_id", "varchar(12)", (c) => c.notNull())
    .addColumn("region", "varchar(32)", (c) => c.notNull());

export const apiGatewayMigrations: Migrations = {
  "0001_control_plane": {
    async up(db: Kysely<any>) {
      await scoped(db, "apigateway_rest_apis")
        .addColumn("api_id", "varchar(16)", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("version", "bigint", (c) => c.notNull())
        .addColumn("attrs", "text", (c) => c.notNull())
        .addColumn("definition", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("apigateway_rest_apis_pk", ["account_id", "region", "api_id"])
        .execute();
      await scoped(db, "apigateway_deployments")
        .addColumn("api_id", "varchar(16)", (c) => c.notNull())
        .addColumn("deployment_id", "varchar(16)", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("description", "text")
        .addColumn("content", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("apigateway_deployments_pk", ["account_id", "region", "api_id", "deployment_id"])
        .execute();
      await scoped(db, "apigateway_stages")
        .addColumn("api_id", "varchar(16)", (c) => c.notNull())
        .addColumn("stage_name", "varchar(128)", (c) => c.notNull())
        .addColumn("deployment_id", "varchar(16)", (c) => c.notNull())
        .addColumn("canary_deployment_id", "varchar(16)")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("doc", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("apigateway_stages_pk", ["account_id", "region", "api_id", "stage_name"])
        .execute();
      await scoped(db, "apigateway_api_keys")
        .addColumn("key_id", "varchar(16)", (c) => c.notNull())
        .addColumn("key_value", "varchar(128)", (c) => c.notNull())
        .addColumn("name", "text")
        .addColumn("customer_id", "text")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("doc", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("apigateway_api_keys_pk", ["account_id", "region", "key_id"])
        .execute();
      await db.schema
        .createIndex("apigateway_api_keys_by_value")
        .on("apigateway_api_keys")
        .columns(["account_id", "region", "key_value"])
        .execute();
      await scoped(db, "apigateway_usage_plans")
        .addColumn("plan_id", "varchar(16)", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("doc", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("apigateway_usage_plans_pk", ["account_id", "region", "plan_id"])
        .execute();
      await scoped(db, "apigateway_usage_plan_keys")
        .addColumn("plan_id", "varchar(16)", (c) => c.notNull())
        .addColumn("key_id", "varchar(16)", (c) => c.notNull())
        .addColumn("key_type", "varchar(16)", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("apigateway_usage_plan_keys_pk", ["account_id", "region", "plan_id", "key_id"])
        .execute();
      await db.schema
        .createIndex("apigateway_usage_plan_keys_by_key")
        .on("apigateway_usage_plan_keys")
        .columns(["account_id", "region", "key_id"])
        .execute();
      await scoped(db, "apigateway_usage")
        .addColumn("plan_id", "varchar(16)", (c) => c.notNull())
        .addColumn("key_id", "varchar(16)", (c) => c.notNull())
        .addColumn("day", "varchar(10)", (c) => c.notNull())
        .addColumn("used", "bigint", (c) => c.notNull())
        .addColumn("granted", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("apigateway_usage_pk", ["account_id", "region", "plan_id", "key_id", "day"])
        .execute();
      await scoped(db, "apigateway_domain_names")
        .addColumn("domain_name", "varchar(256)", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("doc", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("apigateway_domain_names_pk", ["account_id", "region", "domain_name"])
        .execute();
      await scoped(db, "apigateway_base_path_mappings")
        .addColumn("domain_name", "varchar(256)", (c) => c.notNull())
        .addColumn("base_path", "varchar(256)", (c) => c.notNull())
        .addColumn("rest_api_id", "varchar(16)", (c) => c.notNull())
        .addColumn("stage", "varchar(128)")
        .addPrimaryKeyConstraint("apigateway_base_path_mappings_pk", ["account_id", "region", "domain_name", "base_path"])
        .execute();
      await scoped(db, "apigateway_account")
        .addColumn("doc", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("apigateway_account_pk", ["account_id", "region"])
        .execute();
    },
  },
  "0002_vpc_links": {
    async up(db: Kysely<any>) {
      await scoped(db, "apigateway_vpc_links")
        .addColumn("link_id", "varchar(16)", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("doc", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("apigateway_vpc_links_pk", ["account_id", "region", "link_id"])
        .execute();
    },
  },
  "0003_key_order": {
    async up(db: Kysely<any>) {
      for (const table of ["apigateway_api_keys", "apigateway_usage_plan_keys"]) {
        await db.schema.alterTable(table).addColumn("seq", "bigint", (c) => c.notNull().defaultTo(0)).execute();
      }
    },
  },
};
