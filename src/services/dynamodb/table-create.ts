// CreateTable's semantic checks, in AWS's order with AWS's messages (dynalite's recordings,
// test/createTable.js), and the stored description of a new table.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
import { randomUUID } from "node:crypto";
import { partitionOf } from "../../aws/arn.js";
import type {
  AttributeDefinition,
  CreateTableInput,
  KeySchemaElement,
  ProvisionedThroughput,
  SSESpecification,
} from "../../aws/generated/dynamodb.js";
import { invalidParameter, validation } from "./errors.js";
import type { GsiDoc, LsiDoc, ProvisionedThroughputDoc, StoredTableDoc } from "./table-description.js";

/** AWS's per-table quotas (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html). */
export const MAX_GSIS = 20;
export const MAX_LSIS = 5;
export const MAX_PROJECTED_NON_KEY_ATTRIBUTES = 100;
const MAX_CAPACITY_UNITS = 1_000_000_000_000;

export function checkThroughputBounds(throughput: ProvisionedThroughput | undefined, indexName?: string): void {
  if (!throughput) return;
  const suffix = indexName ? ` for index ${indexName}` : "";
  if ((throughput.ReadCapacityUnits ?? 0) > MAX_CAPACITY_UNITS) {
    throw validation(`Given value ${throughput.ReadCapacityUnits} for ReadCapacityUnits is out of bounds${suffix}`);
  }
  if ((throughput.WriteCapacityUnits ?? 0) > MAX_CAPACITY_UNITS) {
    throw validation(`Given value ${throughput.WriteCapacityUnits} for WriteCapacityUnits is out of bounds${suffix}`);
  }
}

/** The table key schema rules shared by tables and indexes. */
function checkKeySchemaOrder(keySchema: KeySchemaElement[]): void {
  if (keySchema[1] && keySchema[0]!.AttributeName === keySchema[1].AttributeName) {
    throw validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
  }
  if (keySchema[0]!.KeyType !== "HASH") throw validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  if (keySchema[1] && keySchema[1].KeyType !== "RANGE") throw validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
}

function checkIndexKeysDefined(keySchema: KeySchemaElement[], definitions: string[]): void {
  const keys = keySchema.map((k) => k.AttributeName);
  if (keys.some((k) => !definitions.includes(k))) {
    throw invalidParameter(
      `Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(", ")}], AttributeDefinitions: [${definitions.join(", ")}]`,
    );
  }
}

export function checkProjection(projection: { ProjectionType?: string; NonKeyAttributes?: string[] }): void {
  if (projection.ProjectionType === undefined) throw invalidParameter("Unknown ProjectionType: null");
  if (projection.NonKeyAttributes && projection.ProjectionType !== "INCLUDE") {
    throw invalidParameter(`ProjectionType is ${projection.ProjectionType}, but NonKeyAttributes is specified`);
  }
  if (!projection.NonKeyAttributes && projection.ProjectionType === "INCLUDE") {
    throw invalidParameter("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
  }
  const seen = new Set<string>();
  for (const name of projection.NonKeyAttributes ?? []) {
    if (seen.has(name)) throw invalidParameter(`Duplicate element in NonKeyAttributes: ${name}`);
    seen.add(name);
  }
}

/**
 * Every attribute definition must be used by a key. Without indexes AWS words it as a count
 * mismatch; with indexes it lists both sides (quoted from AWS in aws-cloudformation/cfn-lint#1037).
 */
function checkDefinitionsUsed(input: ValidCreateTableInput, definitions: string[]): void {
  const used: string[] = [];
  const use = (name: string) => {
    if (!used.includes(name)) used.push(name);
  };
  for (const k of input.KeySchema) use(k.AttributeName);
  for (const index of [...(input.LocalSecondaryIndexes ?? []), ...(input.GlobalSecondaryIndexes ?? [])]) {
    for (const k of index.KeySchema) use(k.AttributeName);
  }
  if (definitions.length <= used.length) return;
  if (!input.LocalSecondaryIndexes && !input.GlobalSecondaryIndexes) {
    throw invalidParameter("Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
  }
  throw invalidParameter(`Some AttributeDefinitions are not used. AttributeDefinitions: [${definitions.join(", ")}], keys used: [${used.join(", ")}]`);
}

/** A CreateTableInput after validation stage 2 (which insists on AttributeDefinitions and KeySchema). */
export type ValidCreateTableInput = CreateTableInput & { AttributeDefinitions: AttributeDefinition[]; KeySchema: KeySchemaElement[] };

export function checkCreateTable(input: ValidCreateTableInput): void {
  const billing = input.BillingMode ?? "PROVISIONED";
  if (billing === "PAY_PER_REQUEST") {
    if (input.ProvisionedThroughput) {
      throw invalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }
  } else {
    const t = input.ProvisionedThroughput;
    if (!t || !t.ReadCapacityUnits || !t.WriteCapacityUnits) {
      throw invalidParameter("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
    }
    checkThroughputBounds(t);
  }

  const definitions = input.AttributeDefinitions.map((d) => d.AttributeName);
  const keys = input.KeySchema.map((k) => k.AttributeName);
  if (keys.length === 2) {
    if (keys.some((k) => !definitions.includes(k)) || (keys[0] === keys[1] && definitions.length === 1)) {
      throw validation("Invalid KeySchema: Some index key attribute have no definition");
    }
  } else if (keys.some((k) => !definitions.includes(k))) {
    throw invalidParameter(
      `Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(", ")}], AttributeDefinitions: [${definitions.join(", ")}]`,
    );
  }
  checkKeySchemaOrder(input.KeySchema);
  const duplicate = definitions.find((d, i) => definitions.indexOf(d) !== i);
  if (duplicate !== undefined) throw validation(`Attribute Name is duplicated: ${duplicate}`);
  if (!input.LocalSecondaryIndexes && !input.GlobalSecondaryIndexes) checkDefinitionsUsed(input, definitions);

  const indexNames = new Set<string>();
  if (input.LocalSecondaryIndexes) {
    const tableHash = input.KeySchema[0]!.AttributeName;
    if (input.LocalSecondaryIndexes.length === 0) throw invalidParameter("List of LocalSecondaryIndexes is empty");
    if (input.KeySchema.length !== 2) {
      throw invalidParameter("Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
    }
    for (const lsi of input.LocalSecondaryIndexes) {
      checkIndexKeysDefined(lsi.KeySchema, definitions);
      checkKeySchemaOrder(lsi.KeySchema);
      if (lsi.KeySchema.length !== 2) throw invalidParameter(`Index KeySchema does not have a range key for index: ${lsi.IndexName}`);
      const indexHash = lsi.KeySchema[0]!.AttributeName;
      if (indexHash !== tableHash) {
        throw invalidParameter(
          `Index KeySchema does not have the same leading hash key as table KeySchema for index: ${lsi.IndexName}. index hash key: ${indexHash}, table hash key: ${tableHash}`,
        );
      }
      checkProjection(lsi.Projection);
      if (indexNames.has(lsi.IndexName)) throw invalidParameter(`Duplicate index name: ${lsi.IndexName}`);
      indexNames.add(lsi.IndexName);
    }
    if (input.LocalSecondaryIndexes.length > MAX_LSIS) {
      throw invalidParameter(`Number of LocalSecondaryIndexes exceeds per-table limit of ${MAX_LSIS}`);
    }
  }
  if (input.GlobalSecondaryIndexes) {
    if (input.GlobalSecondaryIndexes.length === 0) throw invalidParameter("List of GlobalSecondaryIndexes is empty");
    for (const gsi of input.GlobalSecondaryIndexes) {
      checkIndexKeysDefined(gsi.KeySchema, definitions);
      checkKeySchemaOrder(gsi.KeySchema);
      checkProjection(gsi.Projection);
      if (billing === "PAY_PER_REQUEST" && gsi.ProvisionedThroughput) {
        throw invalidParameter(`ProvisionedThroughput should not be specified for index: ${gsi.IndexName} when BillingMode is PAY_PER_REQUEST`);
      }
      if (billing === "PROVISIONED" && !gsi.ProvisionedThroughput) {
        throw invalidParameter(`ProvisionedThroughput is not specified for index: ${gsi.IndexName}`);
      }
      checkThroughputBounds(gsi.ProvisionedThroughput, gsi.IndexName);
      if (indexNames.has(gsi.IndexName)) throw invalidParameter(`Duplicate index name: ${gsi.IndexName}`);
      indexNames.add(gsi.IndexName);
    }
    if (input.GlobalSecondaryIndexes.length > MAX_GSIS) {
      throw invalidParameter(`GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GSIS}`);
    }
  }
  if (input.LocalSecondaryIndexes || input.GlobalSecondaryIndexes) checkDefinitionsUsed(input, definitions);
  checkProjectedAttributeCount(input);
  // Both wordings recorded from AWS (ack-api-quirks DDB-TABLE-442), "UpdateViewType" and all.
  const stream = input.StreamSpecification;
  if (stream?.StreamEnabled && !stream.StreamViewType) {
    throw invalidParameter("Table is being created with a stream enabled, UpdateViewType is required");
  }
  if (stream && !stream.StreamEnabled && stream.StreamViewType) {
    throw invalidParameter("Table is being created with a stream disabled, UpdateViewType should not be specified");
  }
}

/** At most 100 NonKeyAttributes over all indexes of a table. */
function checkProjectedAttributeCount(input: { GlobalSecondaryIndexes?: { Projection: { NonKeyAttributes?: string[] } }[]; LocalSecondaryIndexes?: { Projection: { NonKeyAttributes?: string[] } }[] }): void {
  let total = 0;
  for (const index of [...(input.GlobalSecondaryIndexes ?? []), ...(input.LocalSecondaryIndexes ?? [])]) {
    total += index.Projection.NonKeyAttributes?.length ?? 0;
  }
  if (total > MAX_PROJECTED_NON_KEY_ATTRIBUTES) {
    throw invalidParameter(`ProjectionType is INCLUDE, but the number of NonKeyAttributes exceeds the limit of ${MAX_PROJECTED_NON_KEY_ATTRIBUTES}`);
  }
}

export function tableArn(region: string, account: string, name: string): string {
  return `arn:${partitionOf(region)}:dynamodb:${region}:${account}:table/${name}`;
}

export function throughputDoc(input: ProvisionedThroughput | undefined, payPerRequest: boolean): ProvisionedThroughputDoc {
  return {
    NumberOfDecreasesToday: 0,
    ReadCapacityUnits: payPerRequest ? 0 : (input?.ReadCapacityUnits ?? 0),
    WriteCapacityUnits: payPerRequest ? 0 : (input?.WriteCapacityUnits ?? 0),
  };
}

export function projectionDoc(projection: { ProjectionType?: string; NonKeyAttributes?: string[] }) {
  const out: { ProjectionType?: string; NonKeyAttributes?: string[] } = { ProjectionType: projection.ProjectionType };
  if (projection.NonKeyAttributes) out.NonKeyAttributes = [...projection.NonKeyAttributes];
  return out;
}

/** SSEDescription for an SSESpecification: KMS with the account's AWS-managed key unless a key is named. */
export function sseDescription(spec: SSESpecification | undefined, region: string, account: string, keyId: () => string): StoredTableDoc["SSEDescription"] {
  if (!spec?.Enabled) return undefined;
  const key = spec.KMSMasterKeyId;
  const arn = key?.startsWith("arn:") ? key : `arn:${partitionOf(region)}:kms:${region}:${account}:key/${key ?? keyId()}`;
  return { Status: "ENABLED", SSEType: "KMS", KMSMasterKeyArn: arn };
}

/** The stored description of a new table. */
export function newTableDoc(input: ValidCreateTableInput, account: string, region: string, now: number, awsManagedKeyId: () => string): StoredTableDoc {
  const payPerRequest = input.BillingMode === "PAY_PER_REQUEST";
  const arn = tableArn(region, account, input.TableName);
  const doc: StoredTableDoc = {
    TableName: input.TableName,
    TableArn: arn,
    TableId: randomUUID(),
    CreationDateTime: new Date(now),
    AttributeDefinitions: input.AttributeDefinitions.map((d: AttributeDefinition) => ({ AttributeName: d.AttributeName, AttributeType: d.AttributeType })),
    KeySchema: input.KeySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
    ProvisionedThroughput: throughputDoc(input.ProvisionedThroughput, payPerRequest),
    DeletionProtectionEnabled: input.DeletionProtectionEnabled ?? false,
    Nimbus: { tags: (input.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })) },
  };
  if (payPerRequest) doc.BillingModeSummary = { BillingMode: "PAY_PER_REQUEST", LastUpdateToPayPerRequestDateTime: new Date(now) };
  if (input.LocalSecondaryIndexes) {
    doc.LocalSecondaryIndexes = input.LocalSecondaryIndexes.map(
      (lsi): LsiDoc => ({
        IndexName: lsi.IndexName,
        KeySchema: lsi.KeySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
        Projection: projectionDoc(lsi.Projection),
        IndexArn: `${arn}/index/${lsi.IndexName}`,
      }),
    );
  }
  if (input.GlobalSecondaryIndexes) {
    doc.GlobalSecondaryIndexes = input.GlobalSecondaryIndexes.map((gsi): GsiDoc => {
      const out: GsiDoc = {
        IndexName: gsi.IndexName,
        KeySchema: gsi.KeySchema.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
        Projection: projectionDoc(gsi.Projection),
        IndexStatus: "CREATING",
        ProvisionedThroughput: throughputDoc(gsi.ProvisionedThroughput, payPerRequest),
        IndexArn: `${arn}/index/${gsi.IndexName}`,
      };
      if (gsi.OnDemandThroughput) out.OnDemandThroughput = { ...gsi.OnDemandThroughput };
      if (gsi.WarmThroughput) out.WarmThroughput = { ...gsi.WarmThroughput };
      return out;
    });
  }
  const sse = sseDescription(input.SSESpecification, region, account, awsManagedKeyId);
  if (sse) doc.SSEDescription = sse;
  if (input.TableClass && input.TableClass !== "STANDARD") doc.TableClassSummary = { TableClass: input.TableClass };
  if (input.OnDemandThroughput) doc.OnDemandThroughput = { ...input.OnDemandThroughput };
  if (input.WarmThroughput) doc.WarmThroughput = { ...input.WarmThroughput };
  return doc;
}
