// UpdateTable: throughput and billing mode, global secondary indexes (create with backfill,
// update, delete), streams, SSE, table class and deletion protection.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
// Messages and their order as measured on AWS (dynalite's recordings; ack-api-quirks DDB-TABLE-442).
import type { RequestContext } from "../../aws/context.js";
import type { UpdateTableInput, UpdateTableOutput } from "../../aws/generated/dynamodb.js";
import { LimitExceededException, ResourceInUseException } from "../../aws/generated/dynamodb.js";
import type { DynamoDbBackend } from "./backend.js";
import { invalidParameter, tableInUse, validation } from "./errors.js";
import type { StreamCatalog } from "./stream-catalog.js";
import { checkProjection, checkThroughputBounds, MAX_GSIS, projectionDoc, sseDescription, throughputDoc } from "./table-create.js";
import { copyDoc, type GsiDoc, type ProvisionedThroughputDoc, type StoredTableDoc } from "./table-description.js";
import type { TableRegistry } from "./table-registry.js";
import { awsManagedKeyId, type TableOperations } from "./tables.js";

const NOTHING_TO_UPDATE =
  "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, " +
  "ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, " +
  "OnDemandThroughput, WarmThroughput or TableClass is required";

function checkRequestShape(input: UpdateTableInput): void {
  const changes =
    input.ProvisionedThroughput ??
    input.BillingMode ??
    input.StreamSpecification ??
    (input.GlobalSecondaryIndexUpdates?.length ? input.GlobalSecondaryIndexUpdates : undefined) ??
    input.SSESpecification ??
    input.ReplicaUpdates ??
    input.DeletionProtectionEnabled ??
    input.OnDemandThroughput ??
    input.WarmThroughput ??
    input.TableClass;
  if (changes === undefined) throw validation(NOTHING_TO_UPDATE);
  checkThroughputBounds(input.ProvisionedThroughput);
  const others = [
    input.ProvisionedThroughput,
    input.BillingMode,
    input.StreamSpecification,
    input.GlobalSecondaryIndexUpdates,
    input.DeletionProtectionEnabled,
    input.TableClass,
  ].filter((v) => v !== undefined).length;
  if (input.SSESpecification && others > 0) throw invalidParameter("Server-Side Encryption modification must be the only operation in the request");
  if (input.TableClass && others > 1) throw invalidParameter("TableClass modification must be the only operation in the request");
  if (input.DeletionProtectionEnabled !== undefined && others > 1) {
    throw invalidParameter("DeletionProtection modification must be the only operation in the request");
  }
  const names = new Set<string>();
  for (const update of input.GlobalSecondaryIndexUpdates ?? []) {
    const actions = [update.Create, update.Update, update.Delete].filter((a) => a !== undefined);
    if (actions.length === 0) {
      throw invalidParameter(
        "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null",
      );
    }
    if (actions.length > 1) throw invalidParameter("Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object");
    const name = actions[0]!.IndexName;
    if (names.has(name)) throw invalidParameter(`Only one global secondary index update per index is allowed simultaneously. Index: ${name}`);
    names.add(name);
    if (update.Update) checkThroughputBounds(update.Update.ProvisionedThroughput, name);
  }
  const indexChanges = input.GlobalSecondaryIndexUpdates?.some((u) => u.Create || u.Delete) ?? false;
  if (input.StreamSpecification && input.ProvisionedThroughput) {
    throw invalidParameter("You cannot modify stream status while updating table IOPS");
  }
  if (indexChanges && input.ProvisionedThroughput) throw invalidParameter("You cannot create or delete index while updating table IOPS");
  if (indexChanges && input.StreamSpecification) throw invalidParameter("You cannot create or delete index while changing stream status");
}

function changedThroughput(current: ProvisionedThroughputDoc, read: number, write: number, now: number): ProvisionedThroughputDoc {
  const next: ProvisionedThroughputDoc = { ...current, ReadCapacityUnits: read, WriteCapacityUnits: write };
  if (read > current.ReadCapacityUnits || write > current.WriteCapacityUnits) next.LastIncreaseDateTime = new Date(now);
  if (read < current.ReadCapacityUnits || write < current.WriteCapacityUnits) {
    next.LastDecreaseDateTime = new Date(now);
    next.NumberOfDecreasesToday = current.NumberOfDecreasesToday + 1;
  }
  return next;
}

export class TableUpdate {
  constructor(
    private readonly backend: DynamoDbBackend,
    private readonly tables: TableRegistry,
    private readonly streams: StreamCatalog,
    private readonly operations: TableOperations,
  ) {}

  async UpdateTable(ctx: RequestContext, input: UpdateTableInput): Promise<UpdateTableOutput> {
    checkRequestShape(input);
    const { table } = await this.tables.requireExisting(ctx, input.TableName);
    if (table.status !== "ACTIVE") {
      throw tableInUse(table.name, table.status === "CREATING" ? "created" : table.status === "DELETING" ? "deleted" : "updated");
    }
    const now = this.backend.now();
    const doc = copyDoc(table);
    this.applyBilling(doc, input, now);
    this.applyIndexUpdates(doc, input, now);
    const stream = await this.applyStream(doc, input);
    if (input.SSESpecification) this.applySse(doc, input, ctx);
    if (input.DeletionProtectionEnabled !== undefined) doc.DeletionProtectionEnabled = input.DeletionProtectionEnabled;
    if (input.TableClass) {
      if (input.TableClass === "STANDARD") delete doc.TableClassSummary;
      else doc.TableClassSummary = { TableClass: input.TableClass, LastUpdateDateTime: new Date(now) };
    }
    if (input.OnDemandThroughput) doc.OnDemandThroughput = { ...doc.OnDemandThroughput, ...input.OnDemandThroughput };
    if (input.WarmThroughput) doc.WarmThroughput = { ...doc.WarmThroughput, ...input.WarmThroughput };
    doc.Nimbus.settlesAt = this.tables.settlesAt();

    const updated = await this.backend.engine.updateTable(table, { status: "UPDATING", description: doc });
    if (stream.disabled) await this.streams.disable(stream.disabled);
    if (stream.enabled) {
      await this.streams.register({
        arn: stream.enabled,
        account: updated.account,
        region: updated.region,
        tableName: updated.name,
        tableId: updated.id,
        viewType: input.StreamSpecification!.StreamViewType!,
        keySchema: doc.KeySchema,
      });
    }
    return { TableDescription: await this.operations.describe(updated) };
  }

  private applyBilling(doc: StoredTableDoc, input: UpdateTableInput, now: number): void {
    const current = doc.BillingModeSummary?.BillingMode ?? "PROVISIONED";
    const target = input.BillingMode ?? current;
    if (target === "PAY_PER_REQUEST") {
      if (input.ProvisionedThroughput) {
        throw invalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
      }
      if (current !== "PAY_PER_REQUEST") {
        doc.BillingModeSummary = { BillingMode: "PAY_PER_REQUEST", LastUpdateToPayPerRequestDateTime: new Date(now) };
        doc.ProvisionedThroughput = throughputDoc(undefined, true);
        for (const gsi of doc.GlobalSecondaryIndexes ?? []) gsi.ProvisionedThroughput = throughputDoc(undefined, true);
      }
      return;
    }
    const t = input.ProvisionedThroughput;
    if (current === "PAY_PER_REQUEST") {
      if (!t) throw invalidParameter("ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
      doc.BillingModeSummary = { BillingMode: "PROVISIONED" };
      doc.ProvisionedThroughput = throughputDoc(t, false);
      for (const update of doc.GlobalSecondaryIndexes ?? []) {
        const given = input.GlobalSecondaryIndexUpdates?.find((u) => u.Update?.IndexName === update.IndexName)?.Update?.ProvisionedThroughput;
        if (!given) throw invalidParameter(`ProvisionedThroughput must be specified for index: ${update.IndexName}`);
      }
      return;
    }
    if (!t) return;
    const p = doc.ProvisionedThroughput;
    if (p.ReadCapacityUnits === t.ReadCapacityUnits && p.WriteCapacityUnits === t.WriteCapacityUnits) {
      throw validation(
        "The provisioned throughput for the table will not change. The requested value equals the current value. " +
          `Current ReadCapacityUnits provisioned for the table: ${p.ReadCapacityUnits}. Requested ReadCapacityUnits: ${t.ReadCapacityUnits}. ` +
          `Current WriteCapacityUnits provisioned for the table: ${p.WriteCapacityUnits}. Requested WriteCapacityUnits: ${t.WriteCapacityUnits}. ` +
          "Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
      );
    }
    doc.ProvisionedThroughput = changedThroughput(p, t.ReadCapacityUnits, t.WriteCapacityUnits, now);
  }

  private applyIndexUpdates(doc: StoredTableDoc, input: UpdateTableInput, now: number): void {
    const payPerRequest = doc.BillingModeSummary?.BillingMode === "PAY_PER_REQUEST";
    for (const update of input.GlobalSecondaryIndexUpdates ?? []) {
      const gsis = (doc.GlobalSecondaryIndexes ??= []);
      if (update.Create) {
        const create = update.Create;
        if (gsis.some((g) => g.IndexName === create.IndexName) || doc.LocalSecondaryIndexes?.some((l) => l.IndexName === create.IndexName)) {
          throw validation("Attempting to create an index which already exists");
        }
        checkProjection(create.Projection);
        if (!payPerRequest && !create.ProvisionedThroughput) throw invalidParameter(`ProvisionedThroughput must be specified for index: ${create.IndexName}`);
        if (payPerRequest && create.ProvisionedThroughput) {
          throw invalidParameter(`Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: ${create.IndexName} when BillingMode is PAY_PER_REQUEST`);
        }
        checkThroughputBounds(create.ProvisionedThroughput, create.IndexName);
        for (const key of create.KeySchema) {
          if (doc.AttributeDefinitions.some((d) => d.AttributeName === key.AttributeName)) continue;
          const given = input.AttributeDefinitions?.find((d) => d.AttributeName === key.AttributeName);
          if (!given) throw invalidParameter(`AttributeDefinitions is not specified for index: ${create.IndexName}`);
          doc.AttributeDefinitions.push({ AttributeName: given.AttributeName, AttributeType: given.AttributeType });
        }
        if (create.KeySchema[0]?.KeyType !== "HASH") throw validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        if (create.KeySchema[1] && create.KeySchema[1].KeyType !== "RANGE") {
          throw validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        }
        if (gsis.length >= MAX_GSIS) {
          throw new LimitExceededException(`Subscriber limit exceeded: The maximum number of global secondary indexes for a table is ${MAX_GSIS}`);
        }
        const created: GsiDoc = {
          IndexName: create.IndexName,
          KeySchema: create.KeySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
          Projection: projectionDoc(create.Projection),
          IndexStatus: "CREATING",
          Backfilling: false,
          ProvisionedThroughput: throughputDoc(create.ProvisionedThroughput, payPerRequest),
          IndexArn: `${doc.TableArn}/index/${create.IndexName}`,
        };
        if (create.OnDemandThroughput) created.OnDemandThroughput = { ...create.OnDemandThroughput };
        gsis.push(created);
      } else if (update.Delete) {
        const index = gsis.find((g) => g.IndexName === update.Delete!.IndexName);
        if (!index) throw validation(`Cannot delete an index that is not a GlobalSecondaryIndex: ${update.Delete.IndexName}`);
        if (index.IndexStatus !== "ACTIVE") {
          throw new ResourceInUseException(`Attempt to change a resource which is still in use: Index is being ${index.IndexStatus.toLowerCase()}: ${index.IndexName}`);
        }
        index.IndexStatus = "DELETING";
      } else if (update.Update) {
        const change = update.Update;
        const index = gsis.find((g) => g.IndexName === change.IndexName);
        if (!index) throw validation(`Cannot update an index that is not a GlobalSecondaryIndex: ${change.IndexName}`);
        if (change.ProvisionedThroughput) {
          if (payPerRequest && input.BillingMode !== "PROVISIONED") {
            throw invalidParameter(`The only Updates for index: ${change.IndexName} when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput`);
          }
          const t = change.ProvisionedThroughput;
          const p = index.ProvisionedThroughput;
          if (p.ReadCapacityUnits === t.ReadCapacityUnits && p.WriteCapacityUnits === t.WriteCapacityUnits && !payPerRequest) {
            throw validation(
              `The provisioned throughput for the index ${change.IndexName} will not change. The requested value equals the current value. ` +
                `Current ReadCapacityUnits provisioned for the index: ${p.ReadCapacityUnits}. Requested ReadCapacityUnits: ${t.ReadCapacityUnits}. ` +
                `Current WriteCapacityUnits provisioned for the index: ${p.WriteCapacityUnits}. Requested WriteCapacityUnits: ${t.WriteCapacityUnits}. ` +
                "Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
            );
          }
          index.ProvisionedThroughput = changedThroughput(p, t.ReadCapacityUnits, t.WriteCapacityUnits, now);
        }
        if (change.OnDemandThroughput) index.OnDemandThroughput = { ...index.OnDemandThroughput, ...change.OnDemandThroughput };
        if (change.WarmThroughput) index.WarmThroughput = { ...index.WarmThroughput, ...change.WarmThroughput };
        index.IndexStatus = "UPDATING";
      }
    }
  }

  /** Returns the stream ARNs enabled and disabled by the update. */
  private async applyStream(doc: StoredTableDoc, input: UpdateTableInput): Promise<{ enabled?: string; disabled?: string }> {
    const spec = input.StreamSpecification;
    if (!spec) return {};
    const enabled = doc.StreamSpecification?.StreamEnabled === true;
    if (spec.StreamEnabled) {
      if (enabled) throw validation(`Table already has an enabled stream: TableName: ${doc.TableName}`);
      if (!spec.StreamViewType) throw invalidParameter("If stream is being enabled then UpdateViewType is required");
      const created = await this.streams.newStreamArn(doc.TableArn);
      doc.StreamSpecification = { StreamEnabled: true, StreamViewType: spec.StreamViewType };
      doc.LatestStreamArn = created.arn;
      doc.LatestStreamLabel = created.label;
      return { enabled: created.arn };
    }
    if (spec.StreamViewType) throw invalidParameter("If stream is being disabled, then UpdateViewType must not be specified");
    if (!enabled) throw validation(`Table has no stream to disable: TableName: ${doc.TableName}`);
    // After disabling, AWS shows no StreamSpecification but keeps LatestStreamArn/Label.
    delete doc.StreamSpecification;
    return { disabled: doc.LatestStreamArn };
  }

  private applySse(doc: StoredTableDoc, input: UpdateTableInput, ctx: RequestContext): void {
    const spec = input.SSESpecification!;
    // AWS answers UPDATING (with the key still shown when switching back to the AWS owned key)
    // and settles later (LocalStack's AWS recording test_dynamodb_create_table_with_partial_sse_specification).
    if (!spec.Enabled) {
      if (!doc.SSEDescription) throw invalidParameter("Table is already encrypted by default");
      doc.SSEDescription = { ...doc.SSEDescription, Status: "UPDATING" };
      doc.Nimbus.sse = "DISABLING";
      return;
    }
    const next = sseDescription(spec, ctx.region, ctx.accountId, () => awsManagedKeyId(ctx.accountId, ctx.region));
    if (doc.SSEDescription && next && doc.SSEDescription.KMSMasterKeyArn === next.KMSMasterKeyArn) {
      throw invalidParameter("Table is already encrypted with given KMSMasterKeyId. Use KMSMasterKeyId parameter if you want to change Master Key");
    }
    doc.SSEDescription = next ? { ...next, Status: "UPDATING" } : undefined;
    doc.Nimbus.sse = "ENABLING";
  }
}
