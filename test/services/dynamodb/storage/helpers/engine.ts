// Builds a TableEngine on a temporary SQLite database and table descriptions shaped like
// CreateTable's, for the storage tests.
import { FakeClock } from "../../../../../src/shared/clock.js";
import type { KeyType } from "../../../../../src/services/dynamodb/storage/attribute-value.js";
import { DYNAMODB_TABLE_NAMES, type DynamoDbDatabase, dynamodbMigrations } from "../../../../../src/services/dynamodb/storage/schema.js";
import { TableEngine, type TableRecord } from "../../../../../src/services/dynamodb/storage/table-engine.js";
import type { IndexDescriptionDoc, TableDescriptionDoc } from "../../../../../src/services/dynamodb/storage/table-layout.js";
import { openPostgresServiceDb } from "./postgres-service-db.js";
import { openSqliteServiceDb, type TestServiceDb } from "./sqlite-service-db.js";

export interface EngineFixture {
  engine: TableEngine;
  sdb: TestServiceDb<DynamoDbDatabase>;
  clock: FakeClock;
  close(): Promise<void>;
}

/**
 * The engine on a temporary SQLite database, or on PostgreSQL when NIMBUS_TEST_POSTGRES_URL is
 * set (the same tests then prove the cluster backend).
 */
export async function openEngine(options: { cacheStatements?: boolean } = {}): Promise<EngineFixture> {
  const postgresUrl = process.env.NIMBUS_TEST_POSTGRES_URL;
  const sdb = postgresUrl
    ? await openPostgresServiceDb<DynamoDbDatabase>(postgresUrl, dynamodbMigrations("postgres"), DYNAMODB_TABLE_NAMES)
    : await openSqliteServiceDb<DynamoDbDatabase>(dynamodbMigrations("sqlite"), DYNAMODB_TABLE_NAMES, options);
  const clock = new FakeClock();
  return { engine: new TableEngine(sdb, clock), sdb, clock, close: () => sdb.close() };
}

export type KeySpec = [name: string, type: KeyType];

export interface IndexSpec {
  name: string;
  pk: KeySpec;
  sk?: KeySpec;
  projection?: "ALL" | "KEYS_ONLY" | "INCLUDE";
  include?: string[];
}

export interface TableSpec {
  name: string;
  pk: KeySpec;
  sk?: KeySpec;
  gsis?: IndexSpec[];
  lsis?: IndexSpec[];
  stream?: "KEYS_ONLY" | "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES";
}

function keySchema(pk: KeySpec, sk?: KeySpec) {
  return sk
    ? [
        { AttributeName: pk[0], KeyType: "HASH" },
        { AttributeName: sk[0], KeyType: "RANGE" },
      ]
    : [{ AttributeName: pk[0], KeyType: "HASH" }];
}

function indexDoc(spec: IndexSpec): IndexDescriptionDoc {
  const projection: IndexDescriptionDoc["Projection"] = { ProjectionType: spec.projection ?? "ALL" };
  if (spec.include) projection.NonKeyAttributes = spec.include;
  return { IndexName: spec.name, KeySchema: keySchema(spec.pk, spec.sk), Projection: projection };
}

export function describeTable(spec: TableSpec): TableDescriptionDoc {
  const definitions = new Map<string, string>();
  for (const [name, type] of [spec.pk, spec.sk, ...[...(spec.gsis ?? []), ...(spec.lsis ?? [])].flatMap((i) => [i.pk, i.sk])].filter(
    (k): k is KeySpec => k !== undefined,
  )) {
    definitions.set(name, type);
  }
  const description: TableDescriptionDoc = {
    TableName: spec.name,
    KeySchema: keySchema(spec.pk, spec.sk),
    AttributeDefinitions: [...definitions].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    CreationDateTime: new Date(Date.UTC(2026, 0, 1)),
  };
  if (spec.gsis) description.GlobalSecondaryIndexes = spec.gsis.map(indexDoc);
  if (spec.lsis) description.LocalSecondaryIndexes = spec.lsis.map(indexDoc);
  if (spec.stream) {
    description.StreamSpecification = { StreamEnabled: true, StreamViewType: spec.stream };
    description.LatestStreamArn = `arn:aws:dynamodb:us-east-1:000000000000:table/${spec.name}/stream/2026-01-01T00:00:00.000`;
  }
  return description;
}

export function createTable(engine: TableEngine, spec: TableSpec): Promise<TableRecord> {
  return engine.createTable({ account: "000000000000", region: "us-east-1", name: spec.name, status: "ACTIVE", description: describeTable(spec) });
}
