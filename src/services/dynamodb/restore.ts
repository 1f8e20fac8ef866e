// Creating a table from a saved description and filling it (RestoreTableFromBackup,
// RestoreTableToPointInTime). AWS restores the schema, indexes, billing and encryption but not
// streams, TTL, tags or recovery settings
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Restore.Tutorial.html), and
// the new table reports a RestoreSummary.
import { randomUUID } from "node:crypto";
import type {
  BillingMode,
  GlobalSecondaryIndex,
  LocalSecondaryIndex,
  ProvisionedThroughput,
  SSESpecification,
  TableDescription,
} from "../../aws/generated/dynamodb.js";
import { TableAlreadyExistsException } from "../../aws/generated/dynamodb.js";
import type { DynamoDbBackend } from "./backend.js";
import { validation } from "./errors.js";
import type { TableRecord, WriteOp } from "./storage/table-engine.js";
import { projectionDoc, sseDescription, tableArn, throughputDoc } from "./table-create.js";
import type { GsiDoc, LsiDoc, StoredTableDoc } from "./table-description.js";
import type { TableRegistry } from "./table-registry.js";
import type { Item } from "./values/attribute-value.js";

export interface RestoreOverrides {
  BillingModeOverride?: BillingMode;
  GlobalSecondaryIndexOverride?: GlobalSecondaryIndex[];
  LocalSecondaryIndexOverride?: LocalSecondaryIndex[];
  ProvisionedThroughputOverride?: ProvisionedThroughput;
  SSESpecificationOverride?: SSESpecification;
}

const WRITE_CHUNK = 500;

/** The description of a restored table: the source's schema under a new name, with overrides applied. */
export function restoredDoc(
  source: StoredTableDoc,
  target: { account: string; region: string; name: string },
  overrides: RestoreOverrides,
  summary: NonNullable<TableDescription["RestoreSummary"]>,
  now: number,
  awsManagedKeyId: () => string,
): StoredTableDoc {
  const arn = tableArn(target.region, target.account, target.name);
  const billing = overrides.BillingModeOverride ?? source.BillingModeSummary?.BillingMode ?? "PROVISIONED";
  const payPerRequest = billing === "PAY_PER_REQUEST";
  if (payPerRequest && overrides.ProvisionedThroughputOverride) {
    throw validation("Invalid Request: Cannot override ProvisionedThroughput if BillingMode is overridden to PAY_PER_REQUEST");
  }
  const doc: StoredTableDoc = {
    TableName: target.name,
    TableArn: arn,
    TableId: randomUUID(),
    CreationDateTime: new Date(now),
    AttributeDefinitions: source.AttributeDefinitions.map((d) => ({ ...d })),
    KeySchema: source.KeySchema.map((k) => ({ ...k })),
    ProvisionedThroughput: payPerRequest
      ? throughputDoc(undefined, true)
      : throughputDoc(overrides.ProvisionedThroughputOverride ?? source.ProvisionedThroughput, false),
    DeletionProtectionEnabled: false,
    RestoreSummary: summary,
    Nimbus: { tags: [] },
  };
  if (payPerRequest) doc.BillingModeSummary = { BillingMode: "PAY_PER_REQUEST", LastUpdateToPayPerRequestDateTime: new Date(now) };
  const lsis = overrides.LocalSecondaryIndexOverride
    ? overrides.LocalSecondaryIndexOverride.map((l): LsiDoc => ({ IndexName: l.IndexName, KeySchema: l.KeySchema, Projection: projectionDoc(l.Projection), IndexArn: "" }))
    : (source.LocalSecondaryIndexes ?? []).map((l): LsiDoc => ({ ...l }));
  const gsis = overrides.GlobalSecondaryIndexOverride
    ? overrides.GlobalSecondaryIndexOverride.map(
        (g): GsiDoc => ({
          IndexName: g.IndexName,
          KeySchema: g.KeySchema,
          Projection: projectionDoc(g.Projection),
          IndexStatus: "CREATING",
          ProvisionedThroughput: throughputDoc(g.ProvisionedThroughput, payPerRequest),
          IndexArn: "",
        }),
      )
    : (source.GlobalSecondaryIndexes ?? [])
        .filter((g) => g.IndexStatus !== "DELETING")
        .map((g): GsiDoc => ({ ...g, IndexStatus: "CREATING", ProvisionedThroughput: payPerRequest ? throughputDoc(undefined, true) : g.ProvisionedThroughput }));
  for (const index of [...lsis, ...gsis]) {
    index.IndexArn = `${arn}/index/${index.IndexName}`;
    for (const key of index.KeySchema) {
      if (!doc.AttributeDefinitions.some((d) => d.AttributeName === key.AttributeName)) {
        throw validation(
          `Invalid Request: Index ${index.IndexName} does not match a secondary index that existed in the source table and cannot be created during the restore operation`,
        );
      }
    }
  }
  if (lsis.length > 0) doc.LocalSecondaryIndexes = lsis;
  if (gsis.length > 0) doc.GlobalSecondaryIndexes = gsis;
  const sse = overrides.SSESpecificationOverride
    ? sseDescription(overrides.SSESpecificationOverride, target.region, target.account, awsManagedKeyId)
    : source.SSEDescription;
  if (sse) doc.SSEDescription = sse;
  if (source.TableClassSummary) doc.TableClassSummary = { TableClass: source.TableClassSummary.TableClass };
  return doc;
}

export class TableRestorer {
  constructor(
    private readonly backend: DynamoDbBackend,
    private readonly tables: TableRegistry,
  ) {}

  /** Creates the target table (CREATING); TableAlreadyExistsException if the name is taken. */
  async createTarget(account: string, region: string, doc: StoredTableDoc): Promise<TableRecord> {
    if (await this.tables.find({ account, region, name: doc.TableName })) {
      throw new TableAlreadyExistsException(`Table already exists: ${doc.TableName}`);
    }
    doc.Nimbus.settlesAt = this.tables.settlesAt();
    return this.backend.engine.createTable({ account, region, name: doc.TableName, status: "CREATING", description: doc });
  }

  /** Writes items into the target, in chunks of one transaction each. */
  async fill(table: TableRecord, items: AsyncIterable<Item[]> | Iterable<Item[]>): Promise<void> {
    for await (const chunk of items) {
      for (let i = 0; i < chunk.length; i += WRITE_CHUNK) {
        const ops: WriteOp[] = chunk.slice(i, i + WRITE_CHUNK).map((item) => ({ kind: "put", table: table.layout, item }));
        await this.backend.engine.write(ops);
      }
    }
  }

  /** Marks the restore finished (RestoreInProgress false) once the items are in. */
  async finish(table: TableRecord): Promise<TableRecord> {
    const doc = structuredClone(table.description) as StoredTableDoc;
    if (doc.RestoreSummary) doc.RestoreSummary.RestoreInProgress = false;
    return this.backend.engine.updateTable(table, { description: doc });
  }
}
