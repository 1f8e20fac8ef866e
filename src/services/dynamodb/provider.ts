// Amazon DynamoDB (API 2012-08-10, awsJson1_0) on Nimbus's own item engine.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html
//
// Known gaps (differences from AWS):
// - Global tables (replicas), Kinesis streaming destinations, exports, imports and resource
//   policies answer NotImplemented; Contributor Insights settings are kept but publish nothing.
// - Throughput is reported, never enforced: no ProvisionedThroughputExceededException, no
//   throttling; DescribeLimits reports the default quotas.
// - Streams have one shard per stream (AWS splits shards every few hours and on load).
// - ItemCount / TableSizeBytes are live figures (AWS refreshes them about every six hours).
// - TTL deletes expired items within one sweep interval (AWS: within days); the TTL cooldown
//   ("Time to live has been modified multiple times within a fixed interval") is not enforced.
// - Point-in-time recovery keeps its change history for as long as recovery stays enabled
//   (AWS trims to the recovery period); backups are full copies held in the blob store.
// - Transactions never conflict with each other (the store serialises writers), so
//   TransactionConflict cancellation reasons never occur.
// - Request validation follows AWS's order of stages (see validation.ts), but within one stage
//   the first problem reported can differ from AWS's when a request has several.
import type { DynamoDBOperations } from "../../aws/generated/dynamodb.js";
import type { ServiceDeps } from "../types.js";
import type { ServiceDefinition } from "../types.js";
import { DynamoDbBackend } from "./backend.js";
import { BackupOperations } from "./backups.js";
import { BatchOperations } from "./batch.js";
import { ContributorInsights } from "./contributor-insights.js";
import { PartiqlOperations } from "./partiql/operations.js";
import { PointInTimeRecovery } from "./point-in-time.js";
import { TimeToLive } from "./ttl.js";
import { ItemOperations } from "./items.js";
import { QueryScanOperations } from "./query-scan.js";
import { StreamCatalog } from "./stream-catalog.js";
import { TableRegistry } from "./table-registry.js";
import { TableUpdate } from "./table-update.js";
import { TableOperations } from "./tables.js";
import { TagOperations } from "./tags.js";
import { TransactionOperations } from "./transactions.js";
import { validateRequest } from "./validation.js";

type Api = Partial<DynamoDBOperations>;

/** The operation groups a provider delegates to; built once the store is open. */
interface Parts {
  backend: DynamoDbBackend;
  tables: TableOperations;
  update: TableUpdate;
  tags: TagOperations;
  items: ItemOperations;
  reads: QueryScanOperations;
  batch: BatchOperations;
  transactions: TransactionOperations;
  ttl: TimeToLive;
  backups: BackupOperations;
  pitr: PointInTimeRecovery;
  partiql: PartiqlOperations;
  insights: ContributorInsights;
}

export class DynamoDbProvider implements Api {
  private parts!: Parts;

  constructor(private readonly deps: ServiceDeps) {}

  async start(): Promise<void> {
    this.parts = await this.build();
    this.parts.ttl.start();
  }

  /** Opens the store and wires the operation groups (again after a reset, so no cache outlives the data). */
  private async build(): Promise<Parts> {
    const backend = await DynamoDbBackend.open(this.deps.store, this.deps.clock, this.deps.config);
    const registry = new TableRegistry(backend);
    const streams = new StreamCatalog(backend);
    const tables = new TableOperations(backend, registry, streams);
    const transactions = new TransactionOperations(backend, registry);
    return {
      backend,
      tables,
      update: new TableUpdate(backend, registry, streams, tables),
      tags: new TagOperations(backend, registry),
      items: new ItemOperations(backend, registry),
      reads: new QueryScanOperations(backend, registry),
      batch: new BatchOperations(backend, registry),
      transactions,
      ttl: new TimeToLive(backend, registry, streams, this.deps.logger),
      backups: new BackupOperations(backend, registry, tables),
      pitr: new PointInTimeRecovery(backend, registry, tables),
      partiql: new PartiqlOperations(backend, registry, transactions),
      insights: new ContributorInsights(backend, registry),
    };
  }

  async stop(): Promise<void> {
    await this.parts?.ttl.stop();
  }

  /** The TTL sweeper (tests move a fake clock, then await ttl.whenIdle()). */
  get ttl(): TimeToLive {
    return this.parts.ttl;
  }

  async reset(): Promise<void> {
    await this.parts.ttl.stop();
    await this.parts.backend.sdb.reset();
    await this.parts.backend.blobs.reset();
    // Table ids start again at 1 after a reset: a fresh engine has no cached table under an old id.
    this.parts = await this.build();
    this.parts.ttl.start();
  }

  // Control plane
  CreateTable: Api["CreateTable"] = (ctx, input) => this.parts.tables.CreateTable(ctx, input);
  DescribeTable: Api["DescribeTable"] = (ctx, input) => this.parts.tables.DescribeTable(ctx, input);
  ListTables: Api["ListTables"] = (ctx, input) => this.parts.tables.ListTables(ctx, input);
  DeleteTable: Api["DeleteTable"] = (ctx, input) => this.parts.tables.DeleteTable(ctx, input);
  UpdateTable: Api["UpdateTable"] = (ctx, input) => this.parts.update.UpdateTable(ctx, input);
  DescribeLimits: Api["DescribeLimits"] = async () => this.parts.tables.DescribeLimits();
  DescribeEndpoints: Api["DescribeEndpoints"] = async (ctx) => this.parts.tables.DescribeEndpoints(ctx);
  TagResource: Api["TagResource"] = (ctx, input) => this.parts.tags.TagResource(ctx, input);
  UntagResource: Api["UntagResource"] = (ctx, input) => this.parts.tags.UntagResource(ctx, input);
  ListTagsOfResource: Api["ListTagsOfResource"] = (ctx, input) => this.parts.tags.ListTagsOfResource(ctx, input);
  UpdateTimeToLive: Api["UpdateTimeToLive"] = (ctx, input) => this.parts.ttl.UpdateTimeToLive(ctx, input);
  DescribeTimeToLive: Api["DescribeTimeToLive"] = (ctx, input) => this.parts.ttl.DescribeTimeToLive(ctx, input);

  DescribeContributorInsights: Api["DescribeContributorInsights"] = (ctx, input) => this.parts.insights.DescribeContributorInsights(ctx, input);
  UpdateContributorInsights: Api["UpdateContributorInsights"] = (ctx, input) => this.parts.insights.UpdateContributorInsights(ctx, input);
  ListContributorInsights: Api["ListContributorInsights"] = (ctx, input) => this.parts.insights.ListContributorInsights(ctx, input);

  // Backups and point-in-time recovery
  CreateBackup: Api["CreateBackup"] = (ctx, input) => this.parts.backups.CreateBackup(ctx, input);
  DescribeBackup: Api["DescribeBackup"] = (ctx, input) => this.parts.backups.DescribeBackup(ctx, input);
  ListBackups: Api["ListBackups"] = (ctx, input) => this.parts.backups.ListBackups(ctx, input);
  DeleteBackup: Api["DeleteBackup"] = (ctx, input) => this.parts.backups.DeleteBackup(ctx, input);
  RestoreTableFromBackup: Api["RestoreTableFromBackup"] = (ctx, input) => this.parts.backups.RestoreTableFromBackup(ctx, input);
  UpdateContinuousBackups: Api["UpdateContinuousBackups"] = (ctx, input) => this.parts.pitr.UpdateContinuousBackups(ctx, input);
  DescribeContinuousBackups: Api["DescribeContinuousBackups"] = (ctx, input) => this.parts.pitr.DescribeContinuousBackups(ctx, input);
  RestoreTableToPointInTime: Api["RestoreTableToPointInTime"] = (ctx, input) => this.parts.pitr.RestoreTableToPointInTime(ctx, input);

  // Items
  PutItem: Api["PutItem"] = (ctx, input) => this.parts.items.PutItem(ctx, input);
  GetItem: Api["GetItem"] = (ctx, input) => this.parts.items.GetItem(ctx, input);
  UpdateItem: Api["UpdateItem"] = (ctx, input) => this.parts.items.UpdateItem(ctx, input);
  DeleteItem: Api["DeleteItem"] = (ctx, input) => this.parts.items.DeleteItem(ctx, input);
  Query: Api["Query"] = (ctx, input) => this.parts.reads.Query(ctx, input);
  Scan: Api["Scan"] = (ctx, input) => this.parts.reads.Scan(ctx, input);
  BatchGetItem: Api["BatchGetItem"] = (ctx, input) => this.parts.batch.BatchGetItem(ctx, input);
  BatchWriteItem: Api["BatchWriteItem"] = (ctx, input) => this.parts.batch.BatchWriteItem(ctx, input);
  TransactWriteItems: Api["TransactWriteItems"] = (ctx, input) => this.parts.transactions.TransactWriteItems(ctx, input);
  TransactGetItems: Api["TransactGetItems"] = (ctx, input) => this.parts.transactions.TransactGetItems(ctx, input);

  // PartiQL
  ExecuteStatement: Api["ExecuteStatement"] = (ctx, input) => this.parts.partiql.ExecuteStatement(ctx, input);
  BatchExecuteStatement: Api["BatchExecuteStatement"] = (ctx, input) => this.parts.partiql.BatchExecuteStatement(ctx, input);
  ExecuteTransaction: Api["ExecuteTransaction"] = (ctx, input) => this.parts.partiql.ExecuteTransaction(ctx, input);
}

export const dynamodbService: ServiceDefinition = {
  name: "dynamodb",
  // Stages 1 and 2 of DynamoDB's validation run at the edge, before dispatch (validation.ts).
  validation: { validate: validateRequest },
  create: (deps) => new DynamoDbProvider(deps),
};
