// The parts of a table description the storage engine acts on: key schema, attribute types,
// secondary indexes with their projections, and the stream. Derived once per table version from
// the stored TableDescription
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html).
import type { KeyType } from "./attribute-value.js";

/** The subset of TableDescription the engine reads; everything else is stored untouched. */
export interface TableDescriptionDoc {
  TableName?: string;
  KeySchema?: KeySchemaElementDoc[];
  AttributeDefinitions?: { AttributeName: string; AttributeType: string }[];
  GlobalSecondaryIndexes?: IndexDescriptionDoc[];
  LocalSecondaryIndexes?: IndexDescriptionDoc[];
  StreamSpecification?: { StreamEnabled?: boolean; StreamViewType?: string };
  LatestStreamArn?: string;
  /**
   * A change log kept apart from the user-visible stream (point-in-time recovery replays it):
   * while present, every write also appends a NEW_IMAGE record under this ARN.
   */
  HistoryLogArn?: string;
  [member: string]: unknown;
}

export interface KeySchemaElementDoc {
  AttributeName: string;
  KeyType: string; // "HASH" | "RANGE"
}

export interface IndexDescriptionDoc {
  IndexName: string;
  KeySchema: KeySchemaElementDoc[];
  Projection?: { ProjectionType?: string; NonKeyAttributes?: string[] };
  [member: string]: unknown;
}

export interface KeyAttribute {
  name: string;
  type: KeyType;
}

export interface KeyLayout {
  partition: KeyAttribute;
  sort?: KeyAttribute;
}

export type ProjectionType = "ALL" | "KEYS_ONLY" | "INCLUDE";

export interface IndexLayout {
  /** The index's row id in dynamodb_indexes. */
  id: number;
  name: string;
  kind: "GSI" | "LSI";
  key: KeyLayout;
  projection: ProjectionType;
  /** Attributes an INCLUDE or KEYS_ONLY projection keeps: table keys, index keys, NonKeyAttributes. */
  projectedAttributes: string[];
}

export type StreamViewType = "KEYS_ONLY" | "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES";

export interface StreamLayout {
  arn: string;
  viewType: StreamViewType;
}

export interface TableLayout {
  tableId: number;
  key: KeyLayout;
  indexes: IndexLayout[];
  indexesByName: ReadonlyMap<string, IndexLayout>;
  /** Present while the table's stream is enabled. */
  stream?: StreamLayout;
  /** Present while a history log is kept (see TableDescriptionDoc.HistoryLogArn). */
  history?: StreamLayout;
}

function attributeType(description: TableDescriptionDoc, name: string): KeyType {
  const definition = description.AttributeDefinitions?.find((d) => d.AttributeName === name);
  const type = definition?.AttributeType;
  if (type !== "S" && type !== "N" && type !== "B") {
    throw new Error(`table description has no scalar AttributeDefinition for key attribute ${name}`);
  }
  return type;
}

export function keyLayoutOf(description: TableDescriptionDoc, keySchema: KeySchemaElementDoc[] | undefined): KeyLayout {
  const hash = keySchema?.find((k) => k.KeyType === "HASH");
  if (!hash) throw new Error("key schema has no HASH element");
  const range = keySchema?.find((k) => k.KeyType === "RANGE");
  const layout: KeyLayout = { partition: { name: hash.AttributeName, type: attributeType(description, hash.AttributeName) } };
  if (range) layout.sort = { name: range.AttributeName, type: attributeType(description, range.AttributeName) };
  return layout;
}

/** Names of the key attributes of a key layout, partition first. */
export function keyNames(key: KeyLayout): string[] {
  return key.sort ? [key.partition.name, key.sort.name] : [key.partition.name];
}

/**
 * The engine's view of a table. indexIds maps index names to their dynamodb_indexes row ids;
 * every index in the description must have one.
 */
export function buildTableLayout(
  tableId: number,
  description: TableDescriptionDoc,
  indexIds: ReadonlyMap<string, number>,
): TableLayout {
  const key = keyLayoutOf(description, description.KeySchema);
  const tableKeyNames = keyNames(key);
  const indexes: IndexLayout[] = [];
  const add = (doc: IndexDescriptionDoc, kind: "GSI" | "LSI") => {
    const id = indexIds.get(doc.IndexName);
    if (id === undefined) throw new Error(`index ${doc.IndexName} has no storage id`);
    const indexKey = keyLayoutOf(description, doc.KeySchema);
    const projection = (doc.Projection?.ProjectionType ?? "ALL") as ProjectionType;
    const projected = new Set([...tableKeyNames, ...keyNames(indexKey)]);
    if (projection === "INCLUDE") for (const name of doc.Projection?.NonKeyAttributes ?? []) projected.add(name);
    indexes.push({ id, name: doc.IndexName, kind, key: indexKey, projection, projectedAttributes: [...projected] });
  };
  for (const doc of description.GlobalSecondaryIndexes ?? []) add(doc, "GSI");
  for (const doc of description.LocalSecondaryIndexes ?? []) add(doc, "LSI");

  const layout: TableLayout = {
    tableId,
    key,
    indexes,
    indexesByName: new Map(indexes.map((i) => [i.name, i])),
  };
  const spec = description.StreamSpecification;
  if (spec?.StreamEnabled && description.LatestStreamArn) {
    layout.stream = { arn: description.LatestStreamArn, viewType: (spec.StreamViewType ?? "KEYS_ONLY") as StreamViewType };
  }
  if (description.HistoryLogArn) layout.history = { arn: description.HistoryLogArn, viewType: "NEW_IMAGE" };
  return layout;
}

/** Index names declared by a description, GSIs then LSIs. */
export function declaredIndexes(description: TableDescriptionDoc): { name: string; kind: "GSI" | "LSI" }[] {
  return [
    ...(description.GlobalSecondaryIndexes ?? []).map((d) => ({ name: d.IndexName, kind: "GSI" as const })),
    ...(description.LocalSecondaryIndexes ?? []).map((d) => ({ name: d.IndexName, kind: "LSI" as const })),
  ];
}
