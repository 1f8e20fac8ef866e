// The stored form of a table (the engine keeps it as the table's description document) and its
// rendering as the API's TableDescription
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html).
// The stored document holds every member DescribeTable reports that does not change by itself,
// plus a private "Nimbus" member (tags, TTL, PITR, when a status settles) that is never rendered.
// Live figures (ItemCount, TableSizeBytes, statuses) are filled in when rendering.
import type {
  GlobalSecondaryIndexDescription,
  LocalSecondaryIndexDescription,
  TableDescription,
  Tag,
} from "../../aws/generated/dynamodb.js";
import type { TableRecord } from "./storage/table-engine.js";
import type { TableDescriptionDoc } from "./storage/table-layout.js";

export interface ProvisionedThroughputDoc {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
  NumberOfDecreasesToday: number;
  LastIncreaseDateTime?: Date;
  LastDecreaseDateTime?: Date;
}

export interface GsiDoc {
  IndexName: string;
  KeySchema: { AttributeName: string; KeyType: string }[];
  Projection: { ProjectionType?: string; NonKeyAttributes?: string[] };
  IndexStatus: "CREATING" | "UPDATING" | "DELETING" | "ACTIVE";
  Backfilling?: boolean;
  ProvisionedThroughput: ProvisionedThroughputDoc;
  IndexArn: string;
  OnDemandThroughput?: { MaxReadRequestUnits?: number; MaxWriteRequestUnits?: number };
  WarmThroughput?: { ReadUnitsPerSecond?: number; WriteUnitsPerSecond?: number };
  [member: string]: unknown;
}

export interface LsiDoc {
  IndexName: string;
  KeySchema: { AttributeName: string; KeyType: string }[];
  Projection: { ProjectionType?: string; NonKeyAttributes?: string[] };
  IndexArn: string;
  [member: string]: unknown;
}

/** Provider bookkeeping stored with the table, never shown to clients. */
export interface NimbusTableState {
  /** When a CREATING / UPDATING / DELETING status (and index statuses) settle, in ms. */
  settlesAt?: number;
  tags: Tag[];
  ttl?: { AttributeName: string; Enabled: boolean };
  /** An SSE change in progress: the SSEDescription shows UPDATING until the table settles. */
  sse?: "ENABLING" | "DISABLING";
  /** Contributor Insights status of the table ("") and of each index, when ever enabled. */
  insights?: Record<string, { status: "ENABLED" | "DISABLED"; updatedAt: number }>;
  pitr?: {
    enabled: boolean;
    /** Earliest restorable time (ms): when recovery was (re-)enabled. */
    since: number;
    recoveryPeriodInDays: number;
  };
}

export interface StoredTableDoc extends TableDescriptionDoc {
  TableName: string;
  TableArn: string;
  TableId: string;
  CreationDateTime: Date;
  KeySchema: { AttributeName: string; KeyType: string }[];
  AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
  ProvisionedThroughput: ProvisionedThroughputDoc;
  BillingModeSummary?: { BillingMode: string; LastUpdateToPayPerRequestDateTime?: Date };
  GlobalSecondaryIndexes?: GsiDoc[];
  LocalSecondaryIndexes?: LsiDoc[];
  StreamSpecification?: { StreamEnabled: boolean; StreamViewType?: string };
  LatestStreamArn?: string;
  LatestStreamLabel?: string;
  SSEDescription?: TableDescription["SSEDescription"];
  TableClassSummary?: TableDescription["TableClassSummary"];
  DeletionProtectionEnabled: boolean;
  OnDemandThroughput?: TableDescription["OnDemandThroughput"];
  WarmThroughput?: { ReadUnitsPerSecond?: number; WriteUnitsPerSecond?: number };
  RestoreSummary?: TableDescription["RestoreSummary"];
  Nimbus: NimbusTableState;
}

export interface LiveFigures {
  itemCount: number;
  sizeBytes: number;
  indexes: Map<string, { itemCount: number; sizeBytes: number }>;
}

export function storedDoc(record: TableRecord): StoredTableDoc {
  return record.description as StoredTableDoc;
}

/** A deep copy to edit and store back (the engine's cached description must stay untouched). */
export function copyDoc(record: TableRecord): StoredTableDoc {
  return structuredClone(storedDoc(record));
}

function isPayPerRequest(doc: StoredTableDoc): boolean {
  return doc.BillingModeSummary?.BillingMode === "PAY_PER_REQUEST";
}

function throughputOf(doc: ProvisionedThroughputDoc): ProvisionedThroughputDoc {
  const out: ProvisionedThroughputDoc = {
    NumberOfDecreasesToday: doc.NumberOfDecreasesToday,
    ReadCapacityUnits: doc.ReadCapacityUnits,
    WriteCapacityUnits: doc.WriteCapacityUnits,
  };
  if (doc.LastIncreaseDateTime) out.LastIncreaseDateTime = doc.LastIncreaseDateTime;
  if (doc.LastDecreaseDateTime) out.LastDecreaseDateTime = doc.LastDecreaseDateTime;
  return out;
}

/**
 * Warm throughput as DescribeTable reports it once a table is ACTIVE: the provisioned figures,
 * or on-demand defaults of 12,000 reads / 4,000 writes per second (LocalStack's AWS recordings).
 */
function warmThroughput(doc: { WarmThroughput?: { ReadUnitsPerSecond?: number; WriteUnitsPerSecond?: number } }, payPerRequest: boolean, provisioned: ProvisionedThroughputDoc, status: string) {
  const read = doc.WarmThroughput?.ReadUnitsPerSecond ?? (payPerRequest ? 12000 : provisioned.ReadCapacityUnits);
  const write = doc.WarmThroughput?.WriteUnitsPerSecond ?? (payPerRequest ? 4000 : provisioned.WriteCapacityUnits);
  return { ReadUnitsPerSecond: read, WriteUnitsPerSecond: write, Status: status };
}

/** Renders the TableDescription of a table as DescribeTable (and CreateTable/UpdateTable) answer it. */
export function renderTableDescription(record: TableRecord, live: LiveFigures, status = record.status): TableDescription {
  const doc = storedDoc(record);
  const payPerRequest = isPayPerRequest(doc);
  const out: TableDescription = {
    AttributeDefinitions: doc.AttributeDefinitions.map((d) => ({ AttributeName: d.AttributeName, AttributeType: d.AttributeType as "S" })),
    TableName: doc.TableName,
    KeySchema: doc.KeySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType as "HASH" })),
    TableStatus: status as TableDescription["TableStatus"],
    CreationDateTime: doc.CreationDateTime,
    ProvisionedThroughput: throughputOf(doc.ProvisionedThroughput),
    TableSizeBytes: live.sizeBytes,
    ItemCount: live.itemCount,
    TableArn: doc.TableArn,
    TableId: doc.TableId,
  };
  if (doc.BillingModeSummary) {
    const summary = { ...doc.BillingModeSummary };
    // AWS stamps the switch to on-demand once the table is created.
    if (status === "CREATING") delete summary.LastUpdateToPayPerRequestDateTime;
    out.BillingModeSummary = summary as TableDescription["BillingModeSummary"];
  }
  if (doc.LocalSecondaryIndexes?.length) {
    out.LocalSecondaryIndexes = doc.LocalSecondaryIndexes.map((lsi): LocalSecondaryIndexDescription => {
      const figures = live.indexes.get(lsi.IndexName) ?? { itemCount: 0, sizeBytes: 0 };
      return {
        IndexName: lsi.IndexName,
        KeySchema: lsi.KeySchema as LocalSecondaryIndexDescription["KeySchema"],
        Projection: lsi.Projection as LocalSecondaryIndexDescription["Projection"],
        IndexSizeBytes: figures.sizeBytes,
        ItemCount: figures.itemCount,
        IndexArn: lsi.IndexArn,
      };
    });
  }
  if (doc.GlobalSecondaryIndexes?.length) {
    out.GlobalSecondaryIndexes = doc.GlobalSecondaryIndexes.map((gsi): GlobalSecondaryIndexDescription => {
      const figures = live.indexes.get(gsi.IndexName) ?? { itemCount: 0, sizeBytes: 0 };
      const rendered: GlobalSecondaryIndexDescription = {
        IndexName: gsi.IndexName,
        KeySchema: gsi.KeySchema as GlobalSecondaryIndexDescription["KeySchema"],
        Projection: gsi.Projection as GlobalSecondaryIndexDescription["Projection"],
        IndexStatus: gsi.IndexStatus,
        ProvisionedThroughput: throughputOf(gsi.ProvisionedThroughput),
        IndexSizeBytes: figures.sizeBytes,
        ItemCount: figures.itemCount,
        IndexArn: gsi.IndexArn,
      };
      // Indexes created with their table report no Backfilling (AWS recordings); added ones do.
      if (gsi.IndexStatus === "CREATING" && gsi.Backfilling !== undefined) rendered.Backfilling = gsi.Backfilling;
      if (gsi.OnDemandThroughput) rendered.OnDemandThroughput = gsi.OnDemandThroughput;
      if (gsi.IndexStatus === "ACTIVE" && status !== "CREATING") {
        rendered.WarmThroughput = warmThroughput(gsi, payPerRequest, gsi.ProvisionedThroughput, "ACTIVE") as GlobalSecondaryIndexDescription["WarmThroughput"];
      }
      return rendered;
    });
  }
  if (doc.StreamSpecification) out.StreamSpecification = { ...doc.StreamSpecification } as TableDescription["StreamSpecification"];
  if (doc.LatestStreamLabel) out.LatestStreamLabel = doc.LatestStreamLabel;
  if (doc.LatestStreamArn) out.LatestStreamArn = doc.LatestStreamArn;
  if (doc.RestoreSummary) out.RestoreSummary = doc.RestoreSummary;
  if (doc.SSEDescription) out.SSEDescription = doc.SSEDescription;
  if (doc.TableClassSummary) out.TableClassSummary = doc.TableClassSummary;
  out.DeletionProtectionEnabled = doc.DeletionProtectionEnabled;
  if (doc.OnDemandThroughput) out.OnDemandThroughput = doc.OnDemandThroughput;
  if (status === "ACTIVE" || status === "UPDATING") {
    out.WarmThroughput = warmThroughput(doc, payPerRequest, doc.ProvisionedThroughput, "ACTIVE") as TableDescription["WarmThroughput"];
  } else if (status === "CREATING" && doc.WarmThroughput) {
    out.WarmThroughput = warmThroughput(doc, payPerRequest, doc.ProvisionedThroughput, "UPDATING") as TableDescription["WarmThroughput"];
  }
  return out;
}

/** DeleteTable's answer: AWS leaves out the schema members (LocalStack's recording of AWS). */
export function renderDeletingDescription(record: TableRecord, live: LiveFigures): TableDescription {
  const full = renderTableDescription(record, live, "DELETING");
  const out: TableDescription = {
    TableName: full.TableName,
    TableStatus: "DELETING",
    ProvisionedThroughput: full.ProvisionedThroughput,
    TableSizeBytes: full.TableSizeBytes,
    ItemCount: full.ItemCount,
    TableArn: full.TableArn,
    TableId: full.TableId,
    DeletionProtectionEnabled: full.DeletionProtectionEnabled,
  };
  if (full.BillingModeSummary) out.BillingModeSummary = full.BillingModeSummary;
  if (full.StreamSpecification) out.StreamSpecification = full.StreamSpecification;
  if (full.LatestStreamArn) out.LatestStreamArn = full.LatestStreamArn;
  if (full.LatestStreamLabel) out.LatestStreamLabel = full.LatestStreamLabel;
  if (full.SSEDescription) out.SSEDescription = full.SSEDescription;
  return out;
}
