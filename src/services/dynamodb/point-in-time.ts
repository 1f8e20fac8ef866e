// Point-in-time recovery: UpdateContinuousBackups, DescribeContinuousBackups,
// RestoreTableToPointInTime to any second of the recovery window.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html
//
// While recovery is enabled the item engine appends every change of the table to a history log
// (TableDescriptionDoc.HistoryLogArn, kept in the stream-records table under "history:..."),
// starting with a baseline copy of every item taken when recovery is enabled. Restoring to a time
// replays the log up to that time into a new table. The log is durable like every write.
import type { RequestContext } from "../../aws/context.js";
import type {
  ContinuousBackupsDescription,
  DescribeContinuousBackupsInput,
  DescribeContinuousBackupsOutput,
  RestoreTableToPointInTimeInput,
  RestoreTableToPointInTimeOutput,
  UpdateContinuousBackupsInput,
  UpdateContinuousBackupsOutput,
} from "../../aws/generated/dynamodb.js";
import {
  InvalidRestoreTimeException,
  PointInTimeRecoveryUnavailableException,
  TableNotFoundException,
} from "../../aws/generated/dynamodb.js";
import type { DynamoDbBackend } from "./backend.js";
import { validation } from "./errors.js";
import { restoredDoc, TableRestorer } from "./restore.js";
import type { TableRecord, WriteOp } from "./storage/table-engine.js";
import { copyDoc, storedDoc } from "./table-description.js";
import { tableRef, type TableRegistry } from "./table-registry.js";
import { awsManagedKeyId, type TableOperations } from "./tables.js";

const DEFAULT_RECOVERY_DAYS = 35;
const REPLAY_CHUNK = 500;

export class PointInTimeRecovery {
  private readonly restorer: TableRestorer;

  constructor(
    private readonly backend: DynamoDbBackend,
    private readonly tables: TableRegistry,
    private readonly operations: TableOperations,
  ) {
    this.restorer = new TableRestorer(backend, tables);
  }

  private async table(ctx: RequestContext, given: string): Promise<TableRecord> {
    const ref = tableRef(ctx, given);
    const table = await this.tables.find(ref);
    if (!table || table.status === "DELETING") throw new TableNotFoundException(`Table not found: ${ref.name}`);
    return table;
  }

  private describe(table: TableRecord): ContinuousBackupsDescription {
    const pitr = storedDoc(table).Nimbus.pitr;
    if (!pitr?.enabled) {
      return { ContinuousBackupsStatus: "ENABLED", PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: "DISABLED" } };
    }
    return {
      ContinuousBackupsStatus: "ENABLED",
      PointInTimeRecoveryDescription: {
        PointInTimeRecoveryStatus: "ENABLED",
        RecoveryPeriodInDays: pitr.recoveryPeriodInDays,
        EarliestRestorableDateTime: new Date(this.earliest(table)),
        LatestRestorableDateTime: new Date(this.backend.now()),
      },
    };
  }

  /** The start of the window: when recovery was enabled, or the recovery period ago. */
  private earliest(table: TableRecord): number {
    const pitr = storedDoc(table).Nimbus.pitr!;
    return Math.max(pitr.since, this.backend.now() - pitr.recoveryPeriodInDays * 24 * 60 * 60 * 1000);
  }

  async DescribeContinuousBackups(ctx: RequestContext, input: DescribeContinuousBackupsInput): Promise<DescribeContinuousBackupsOutput> {
    return { ContinuousBackupsDescription: this.describe(await this.table(ctx, input.TableName)) };
  }

  async UpdateContinuousBackups(ctx: RequestContext, input: UpdateContinuousBackupsInput): Promise<UpdateContinuousBackupsOutput> {
    const spec = input.PointInTimeRecoverySpecification;
    if (!spec.PointInTimeRecoveryEnabled && spec.RecoveryPeriodInDays !== undefined) {
      throw validation("Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.");
    }
    let table = await this.table(ctx, input.TableName);
    const doc = copyDoc(table);
    const current = doc.Nimbus.pitr;
    const now = this.backend.now();
    if (spec.PointInTimeRecoveryEnabled) {
      const days = spec.RecoveryPeriodInDays ?? current?.recoveryPeriodInDays ?? DEFAULT_RECOVERY_DAYS;
      if (current?.enabled) {
        doc.Nimbus.pitr = { ...current, recoveryPeriodInDays: days };
        table = await this.backend.engine.updateTable(table, { description: doc });
      } else {
        const arn = `history:${table.id}:${now}`;
        doc.HistoryLogArn = arn;
        doc.Nimbus.pitr = { enabled: true, since: now, recoveryPeriodInDays: days };
        table = await this.backend.engine.updateTable(table, { description: doc });
        await this.baseline(table, arn, now);
      }
    } else if (current?.enabled) {
      const arn = doc.HistoryLogArn;
      delete doc.HistoryLogArn;
      doc.Nimbus.pitr = { ...current, enabled: false };
      table = await this.backend.engine.updateTable(table, { description: doc });
      if (arn) await this.backend.db.deleteFrom("dynamodb_stream_records").where("stream_arn", "=", arn).execute();
    }
    return { ContinuousBackupsDescription: this.describe(table) };
  }

  /**
   * Copies every item into the history log. Writes from the moment recovery was switched on are
   * already logged (with smaller sequence numbers); the copy reflects them, so replaying the
   * log in sequence order always ends in the right state.
   */
  private async baseline(table: TableRecord, arn: string, now: number): Promise<void> {
    await this.backend.sdb.transaction(async (trx) => {
      await trx
        .insertInto("dynamodb_stream_records")
        .columns(["table_id", "stream_arn", "event_name", "keys", "old_image", "new_image", "size_bytes", "created_at", "user_identity"])
        .expression((eb) =>
          eb
            .selectFrom("dynamodb_items")
            .select((s) => [
              s.val(table.id).as("table_id"),
              s.val(arn).as("stream_arn"),
              s.val("INSERT").as("event_name"),
              "item as keys",
              s.val(null).as("old_image"),
              "item as new_image",
              "size as size_bytes",
              s.val(now).as("created_at"),
              s.val(null).as("user_identity"),
            ])
            .where("table_id", "=", table.id)
            .orderBy("id"),
        )
        .execute();
    });
  }

  async RestoreTableToPointInTime(ctx: RequestContext, input: RestoreTableToPointInTimeInput): Promise<RestoreTableToPointInTimeOutput> {
    if ((input.RestoreDateTime === undefined) === (input.UseLatestRestorableTime !== true)) {
      throw validation("Invalid Request: Either one of RestoreDateTime or UseLatestRestorableTime must be specified, but not both");
    }
    const sourceName = input.SourceTableArn ?? input.SourceTableName;
    if (!sourceName || (input.SourceTableArn && input.SourceTableName)) {
      throw validation("Invalid Request: Must provide exactly one of: sourceTableArn, sourceTableName");
    }
    const source = await this.table(ctx, sourceName);
    const doc = storedDoc(source);
    if (!doc.Nimbus.pitr?.enabled || !doc.HistoryLogArn) {
      throw new PointInTimeRecoveryUnavailableException(`Point in time recovery is not enabled for table '${source.name}'`);
    }
    const now = this.backend.now();
    const earliest = this.earliest(source);
    const at = input.UseLatestRestorableTime ? now : input.RestoreDateTime!.getTime();
    if (at < earliest || at > now) {
      throw new InvalidRestoreTimeException(
        `Restore time is invalid. Valid restore time range is from ${new Date(earliest).toISOString()} to ${new Date(now).toISOString()}`,
      );
    }
    const target = restoredDoc(
      doc,
      { account: ctx.accountId, region: ctx.region, name: input.TargetTableName },
      input,
      { SourceTableArn: doc.TableArn, RestoreDateTime: new Date(at), RestoreInProgress: true },
      now,
      () => awsManagedKeyId(ctx.accountId, ctx.region),
    );
    const created = await this.restorer.createTarget(ctx.accountId, ctx.region, target);
    const description = await this.operations.describe(created);
    await this.replay(created, doc.HistoryLogArn, at);
    await this.restorer.finish(created);
    return { TableDescription: description };
  }

  /** Applies the history log's changes made up to `until` (ms) to the target table. */
  private async replay(target: TableRecord, arn: string, until: number): Promise<void> {
    let after = 0;
    for (;;) {
      const records = await this.backend.engine.streams.read(arn, { afterSequence: after, limit: REPLAY_CHUNK });
      const due = records.filter((r) => r.createdAt <= until);
      if (due.length > 0) {
        const ops: WriteOp[] = due.map((r) =>
          r.eventName === "REMOVE" ? { kind: "delete", table: target.layout, key: r.keys } : { kind: "put", table: target.layout, item: r.newImage! },
        );
        await this.backend.engine.write(ops);
      }
      if (records.length < REPLAY_CHUNK || due.length < records.length) return;
      after = records[records.length - 1]!.sequence;
    }
  }
}
