// On-demand backups: CreateBackup, DescribeBackup, ListBackups, DeleteBackup,
// RestoreTableFromBackup. A backup is a row in dynamodb_backups (its description) plus a blob
// holding the table's items as JSON lines (storage/item-codec.ts), so backups never weigh on the
// item tables. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/BackupRestore.html
import { createHash, randomBytes } from "node:crypto";
import type { RequestContext } from "../../aws/context.js";
import type {
  BackupDescription,
  BackupSummary,
  CreateBackupInput,
  CreateBackupOutput,
  DeleteBackupInput,
  DeleteBackupOutput,
  DescribeBackupInput,
  DescribeBackupOutput,
  ListBackupsInput,
  ListBackupsOutput,
  RestoreTableFromBackupInput,
  RestoreTableFromBackupOutput,
} from "../../aws/generated/dynamodb.js";
import { BackupNotFoundException, TableNotFoundException } from "../../aws/generated/dynamodb.js";
import type { DynamoDbBackend } from "./backend.js";
import { validation } from "./errors.js";
import { decodeItem, encodeItem } from "./storage/item-codec.js";
import { decodeDocument, encodeDocument } from "./storage/json-document.js";
import type { TableRecord } from "./storage/table-engine.js";
import { restoredDoc, TableRestorer } from "./restore.js";
import { storedDoc, type StoredTableDoc } from "./table-description.js";
import type { TableRegistry } from "./table-registry.js";
import { tableRef } from "./table-registry.js";
import { awsManagedKeyId, type TableOperations } from "./tables.js";
import type { Item } from "./values/attribute-value.js";

/** What a backup row's description column holds. */
interface StoredBackup {
  details: { BackupArn: string; BackupName: string; BackupSizeBytes: number; BackupType: "USER"; BackupCreationDateTime: Date };
  itemCount: number;
  table: StoredTableDoc;
}

const SCAN_CHUNK = 1000;
const BACKUP_ARN = /^arn:[^:]+:dynamodb:[^:]*:\d{12}:table\/[^/]+\/backup\/\d{17}-[0-9a-f]{8}$/;

function blobKey(arn: string): string {
  return `backups/${createHash("sha256").update(arn).digest("hex")}`;
}

export class BackupOperations {
  private readonly restorer: TableRestorer;

  constructor(
    private readonly backend: DynamoDbBackend,
    private readonly tables: TableRegistry,
    private readonly operations: TableOperations,
  ) {
    this.restorer = new TableRestorer(backend, tables);
  }

  async CreateBackup(ctx: RequestContext, input: CreateBackupInput): Promise<CreateBackupOutput> {
    const ref = tableRef(ctx, input.TableName);
    const table = await this.tables.find(ref);
    if (!table || table.status === "DELETING") throw new TableNotFoundException(`Table not found: ${ref.name}`);
    if (table.status === "CREATING") throw validation(`Table is being created: ${ref.name}. Please retry later`);
    const now = this.backend.now();
    const doc = storedDoc(table);
    const arn = `${doc.TableArn}/backup/${String(now).padStart(17, "0")}-${randomBytes(4).toString("hex")}`;
    const { lines, count, bytes } = await this.snapshot(table);
    await this.backend.blobs.put(blobKey(arn), Buffer.from(lines.join("\n"), "utf8"));
    const stored: StoredBackup = {
      details: { BackupArn: arn, BackupName: input.BackupName, BackupSizeBytes: bytes, BackupType: "USER", BackupCreationDateTime: new Date(now) },
      itemCount: count,
      table: doc,
    };
    await this.backend.db
      .insertInto("dynamodb_backups")
      .values({
        arn,
        account: table.account,
        region: table.region,
        table_name: table.name,
        status: "AVAILABLE",
        description: encodeDocument(stored),
        created_at: now,
      })
      .execute();
    // AWS answers CREATING; the copy is complete by the time anyone can ask again.
    return { BackupDetails: { ...stored.details, BackupStatus: "CREATING" } };
  }

  async DescribeBackup(ctx: RequestContext, input: DescribeBackupInput): Promise<DescribeBackupOutput> {
    const backup = await this.backup(ctx, input.BackupArn);
    return { BackupDescription: this.describe(backup, "AVAILABLE") };
  }

  async DeleteBackup(ctx: RequestContext, input: DeleteBackupInput): Promise<DeleteBackupOutput> {
    const backup = await this.backup(ctx, input.BackupArn);
    await this.backend.db.deleteFrom("dynamodb_backups").where("arn", "=", backup.details.BackupArn).execute();
    await this.backend.blobs.delete(blobKey(backup.details.BackupArn));
    return { BackupDescription: this.describe(backup, "DELETED") };
  }

  async ListBackups(ctx: RequestContext, input: ListBackupsInput): Promise<ListBackupsOutput> {
    if (input.TimeRangeLowerBound && input.TimeRangeUpperBound && input.TimeRangeLowerBound > input.TimeRangeUpperBound) {
      throw validation("One or more parameter values were invalid: Time range lower bound must be less than or equal to upper bound");
    }
    let query = this.backend.db
      .selectFrom("dynamodb_backups")
      .select(["arn", "description", "created_at"])
      .where("account", "=", ctx.accountId)
      .where("region", "=", ctx.region)
      .orderBy("created_at")
      .orderBy("arn");
    if (input.TableName) query = query.where("table_name", "=", tableRef(ctx, input.TableName).name);
    if (input.TimeRangeLowerBound) query = query.where("created_at", ">=", input.TimeRangeLowerBound.getTime());
    if (input.TimeRangeUpperBound) query = query.where("created_at", "<", input.TimeRangeUpperBound.getTime());
    let rows = await query.execute();
    // Only user backups exist here: a SYSTEM or AWS_BACKUP filter finds none.
    if (input.BackupType && input.BackupType !== "USER" && input.BackupType !== "ALL") rows = [];
    if (input.ExclusiveStartBackupArn) {
      const at = rows.findIndex((r) => r.arn === input.ExclusiveStartBackupArn);
      rows = at === -1 ? [] : rows.slice(at + 1);
    }
    const limit = input.Limit ?? 100;
    const page = rows.slice(0, limit);
    const out: ListBackupsOutput = {
      BackupSummaries: page.map((row): BackupSummary => {
        const backup = decodeBackup(row.description);
        return {
          TableName: backup.table.TableName,
          TableId: backup.table.TableId,
          TableArn: backup.table.TableArn,
          BackupArn: backup.details.BackupArn,
          BackupName: backup.details.BackupName,
          BackupCreationDateTime: backup.details.BackupCreationDateTime,
          BackupStatus: "AVAILABLE",
          BackupType: "USER",
          BackupSizeBytes: backup.details.BackupSizeBytes,
        };
      }),
    };
    if (rows.length > limit) out.LastEvaluatedBackupArn = page[page.length - 1]!.arn;
    return out;
  }

  async RestoreTableFromBackup(ctx: RequestContext, input: RestoreTableFromBackupInput): Promise<RestoreTableFromBackupOutput> {
    const backup = await this.backup(ctx, input.BackupArn);
    const now = this.backend.now();
    const doc = restoredDoc(
      backup.table,
      { account: ctx.accountId, region: ctx.region, name: input.TargetTableName },
      input,
      { SourceBackupArn: backup.details.BackupArn, SourceTableArn: backup.table.TableArn, RestoreDateTime: new Date(now), RestoreInProgress: true },
      now,
      () => awsManagedKeyId(ctx.accountId, ctx.region),
    );
    const created = await this.restorer.createTarget(ctx.accountId, ctx.region, doc);
    const description = await this.operations.describe(created);
    const blob = await this.backend.blobs.get(blobKey(backup.details.BackupArn));
    const items = blob ? blob.toString("utf8").split("\n").filter((line) => line.length > 0).map(decodeItem) : [];
    await this.restorer.fill(created, [items]);
    await this.restorer.finish(created);
    return { TableDescription: description };
  }

  private async backup(ctx: RequestContext, arn: string): Promise<StoredBackup> {
    if (!BACKUP_ARN.test(arn)) throw validation("Invalid Backup ARN");
    const row = await this.backend.db
      .selectFrom("dynamodb_backups")
      .select("description")
      .where("arn", "=", arn)
      .where("account", "=", ctx.accountId)
      .executeTakeFirst();
    if (!row) throw new BackupNotFoundException(`Backup not found: ${arn}`);
    return decodeBackup(row.description);
  }

  private describe(backup: StoredBackup, status: "AVAILABLE" | "DELETED"): BackupDescription {
    const t = backup.table;
    const out: BackupDescription = {
      BackupDetails: { ...backup.details, BackupStatus: status },
      SourceTableDetails: {
        TableName: t.TableName,
        TableId: t.TableId,
        TableArn: t.TableArn,
        TableSizeBytes: backup.details.BackupSizeBytes,
        KeySchema: t.KeySchema as never,
        TableCreationDateTime: t.CreationDateTime,
        ProvisionedThroughput: { ReadCapacityUnits: t.ProvisionedThroughput.ReadCapacityUnits, WriteCapacityUnits: t.ProvisionedThroughput.WriteCapacityUnits },
        ItemCount: backup.itemCount,
        BillingMode: (t.BillingModeSummary?.BillingMode as "PAY_PER_REQUEST" | undefined) ?? "PROVISIONED",
      },
      SourceTableFeatureDetails: {},
    };
    const features = out.SourceTableFeatureDetails!;
    if (t.LocalSecondaryIndexes) {
      features.LocalSecondaryIndexes = t.LocalSecondaryIndexes.map((l) => ({ IndexName: l.IndexName, KeySchema: l.KeySchema as never, Projection: l.Projection as never }));
    }
    if (t.GlobalSecondaryIndexes) {
      features.GlobalSecondaryIndexes = t.GlobalSecondaryIndexes.map((g) => ({
        IndexName: g.IndexName,
        KeySchema: g.KeySchema as never,
        Projection: g.Projection as never,
        ProvisionedThroughput: { ReadCapacityUnits: g.ProvisionedThroughput.ReadCapacityUnits, WriteCapacityUnits: g.ProvisionedThroughput.WriteCapacityUnits },
      }));
    }
    if (t.StreamSpecification) features.StreamDescription = t.StreamSpecification as never;
    if (t.Nimbus.ttl?.Enabled) features.TimeToLiveDescription = { TimeToLiveStatus: "ENABLED", AttributeName: t.Nimbus.ttl.AttributeName };
    if (t.SSEDescription) features.SSEDescription = t.SSEDescription;
    return out;
  }

  /** Every item of a table as item-codec lines, with the total size. */
  private async snapshot(table: TableRecord): Promise<{ lines: string[]; count: number; bytes: number }> {
    const lines: string[] = [];
    let bytes = 0;
    let start: Item | undefined;
    for (;;) {
      const page = await this.backend.engine.scan(table, { limit: SCAN_CHUNK, exclusiveStartKey: start, maxPageBytes: Number.MAX_SAFE_INTEGER });
      bytes += page.bytesRead;
      for (const item of page.items) lines.push(encodeItem(item));
      if (!page.lastEvaluatedKey) break;
      start = page.lastEvaluatedKey;
    }
    return { lines, count: lines.length, bytes };
  }
}

function decodeBackup(text: string): StoredBackup {
  return decodeDocument<StoredBackup>(text);
}
