// Finding tables by name or ARN, and moving them through their statuses. A table is CREATING,
// UPDATING or DELETING until the time stored with it (settings.statusDelayMs after the change);
// the first request after that settles it (ACTIVE, indexes ACTIVE, deleted), so status changes
// need no timers and follow an injected clock exactly.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html (TableStatus)
import type { RequestContext } from "../../aws/context.js";
import type { DynamoDbBackend } from "./backend.js";
import { resourceNotFound, tableNotFound, validation } from "./errors.js";
import type { TableRecord } from "./storage/table-engine.js";
import { copyDoc, storedDoc } from "./table-description.js";

export interface TableRef {
  account: string;
  region: string;
  name: string;
  /** What the request said (a name or an ARN): ConsumedCapacity echoes it. */
  given: string;
}

/** A TableName parameter may be a table name or a table ARN (arn:aws:dynamodb:region:account:table/Name). */
export function tableRef(ctx: RequestContext, given: string): TableRef {
  if (!given.startsWith("arn:")) return { account: ctx.accountId, region: ctx.region, name: given, given };
  const parts = given.split(":");
  const resource = parts.slice(5).join(":");
  if (parts.length < 6 || parts[2] !== "dynamodb" || !resource.startsWith("table/") || resource.length <= 6) {
    throw validation(`Invalid TableArn: Invalid ResourceArn provided as input ${given}`);
  }
  const name = resource.slice(6).split("/")[0]!;
  return { account: parts[4] || ctx.accountId, region: parts[3] || ctx.region, name, given };
}

export class TableRegistry {
  constructor(private readonly backend: DynamoDbBackend) {}

  /** The table as it is now (statuses settled), or undefined. */
  async find(ref: Pick<TableRef, "account" | "region" | "name">): Promise<TableRecord | undefined> {
    const record = await this.backend.engine.getTable(ref.account, ref.region, ref.name);
    if (!record || record.status === "ACTIVE") return record;
    return this.settle(record);
  }

  /** For the data plane: the table must exist and be usable (ACTIVE or UPDATING). */
  async requireUsable(ctx: RequestContext, given: string): Promise<{ ref: TableRef; table: TableRecord }> {
    const ref = tableRef(ctx, given);
    const table = await this.find(ref);
    if (!table || table.status === "CREATING" || table.status === "DELETING") throw resourceNotFound();
    return { ref, table };
  }

  /**
   * requireUsable's answer when it is known without waiting (an ACTIVE table the catalog cache
   * holds), synchronously; undefined: call requireUsable. Throws what requireUsable throws first
   * (an invalid table ARN).
   */
  usableNow(ctx: RequestContext, given: string): { ref: TableRef; table: TableRecord } | undefined {
    const ref = tableRef(ctx, given);
    const table = this.backend.engine.cachedTable(ref.account, ref.region, ref.name);
    return table?.status === "ACTIVE" ? { ref, table } : undefined;
  }

  /** For the control plane: "Requested resource not found: Table: X not found". */
  async requireExisting(ctx: RequestContext, given: string): Promise<{ ref: TableRef; table: TableRecord }> {
    const ref = tableRef(ctx, given);
    const table = await this.find(ref);
    if (!table) throw tableNotFound(ref.name);
    return { ref, table };
  }

  /** When a status that began now should settle. */
  settlesAt(): number {
    return this.backend.now() + this.backend.settings.statusDelayMs;
  }

  /** Settles every table of an account and region whose status is due (before ListTables). */
  async settleAll(account: string, region: string): Promise<void> {
    const rows = await this.backend.db
      .selectFrom("dynamodb_tables")
      .select("name")
      .where("account", "=", account)
      .where("region", "=", region)
      .where("status", "<>", "ACTIVE")
      .execute();
    for (const row of rows) await this.find({ account, region, name: row.name });
  }

  /** Applies a due status change; returns the table as it now is (undefined once deleted). */
  async settle(record: TableRecord): Promise<TableRecord | undefined> {
    const due = storedDoc(record).Nimbus.settlesAt ?? 0;
    if (this.backend.now() < due) return record;
    if (record.status === "DELETING") {
      await this.backend.engine.deleteTable(record);
      // Point-in-time history goes with the table.
      const history = storedDoc(record).HistoryLogArn;
      if (history) await this.backend.db.deleteFrom("dynamodb_stream_records").where("stream_arn", "=", history).execute();
      return undefined;
    }
    const doc = copyDoc(record);
    delete doc.Nimbus.settlesAt;
    if (doc.Nimbus.sse === "DISABLING") delete doc.SSEDescription;
    else if (doc.Nimbus.sse === "ENABLING" && doc.SSEDescription) doc.SSEDescription.Status = "ENABLED";
    delete doc.Nimbus.sse;
    if (doc.GlobalSecondaryIndexes) {
      doc.GlobalSecondaryIndexes = doc.GlobalSecondaryIndexes.filter((gsi) => gsi.IndexStatus !== "DELETING");
      for (const gsi of doc.GlobalSecondaryIndexes) {
        gsi.IndexStatus = "ACTIVE";
        delete gsi.Backfilling;
      }
      if (doc.GlobalSecondaryIndexes.length === 0) delete doc.GlobalSecondaryIndexes;
    }
    // Definitions only a deleted index used go with it.
    const used = new Set(doc.KeySchema.map((k) => k.AttributeName));
    for (const index of [...(doc.GlobalSecondaryIndexes ?? []), ...(doc.LocalSecondaryIndexes ?? [])]) {
      for (const k of index.KeySchema) used.add(k.AttributeName);
    }
    doc.AttributeDefinitions = doc.AttributeDefinitions.filter((d) => used.has(d.AttributeName));
    return this.backend.engine.updateTable(record, { status: "ACTIVE", description: doc });
  }
}
