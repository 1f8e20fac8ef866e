// Item collections of tables with local secondary indexes: all items sharing a partition key
// value, with their LSI entries. ReturnItemCollectionMetrics=SIZE reports an estimate of the
// collection's size, and no collection may grow past 10 GB (ItemCollectionSizeLimitExceededException).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.ItemCollections
import type { ItemCollectionMetrics } from "../../aws/generated/dynamodb.js";
import { ItemCollectionSizeLimitExceededException } from "../../aws/generated/dynamodb.js";
import type { DynamoDbBackend } from "./backend.js";
import { encodeKeyValue, partitionHash } from "./storage/key-encoding.js";
import { projectItem } from "./storage/item-keys.js";
import { itemSize } from "./storage/item-size.js";
import type { TableRecord } from "./storage/table-engine.js";
import type { Item } from "./values/attribute-value.js";

const GB = 1024 * 1024 * 1024;

export function hasItemCollections(table: TableRecord): boolean {
  return table.layout.indexes.some((index) => index.kind === "LSI");
}

/** The bytes an item occupies in its collection: the item plus its projections in each LSI it is in. */
export function collectionBytesOf(table: TableRecord, item: Item | undefined): number {
  if (!item) return 0;
  let bytes = itemSize(item);
  for (const index of table.layout.indexes) {
    if (index.kind !== "LSI" || item[index.key.sort!.name] === undefined) continue;
    bytes += index.projection === "ALL" ? itemSize(item) : itemSize(projectItem(index, item));
  }
  return bytes;
}

export class ItemCollections {
  constructor(private readonly backend: DynamoDbBackend) {}

  /** The current size of the collection of a partition key value. */
  async size(table: TableRecord, partitionValue: Item[string]): Promise<number> {
    const partition = table.layout.key.partition;
    const pk = encodeKeyValue(partition.type, partitionValue!);
    if (!pk) return 0;
    const hash = partitionHash(pk);
    const db = this.backend.db;
    const items = await db
      .selectFrom("dynamodb_items")
      .select((eb) => eb.fn.sum<number | string | null>("size").as("bytes"))
      .where("table_id", "=", table.id)
      .where("pk_hash", "=", hash)
      .where("pk", "=", pk)
      .executeTakeFirst();
    let bytes = Number(items?.bytes ?? 0);
    for (const index of table.layout.indexes) {
      if (index.kind !== "LSI") continue;
      const entries = await db
        .selectFrom("dynamodb_index_entries")
        .select((eb) => eb.fn.sum<number | string | null>("size").as("bytes"))
        .where("index_id", "=", index.id)
        .where("pk_hash", "=", hash)
        .where("pk", "=", pk)
        .executeTakeFirst();
      bytes += Number(entries?.bytes ?? 0);
    }
    return bytes;
  }

  /** Throws ItemCollectionSizeLimitExceededException when a write would take a collection past the limit. */
  checkLimit(currentBytes: number, before: number, after: number): void {
    if (after > before && currentBytes - before + after > this.backend.settings.itemCollectionLimitBytes) {
      throw new ItemCollectionSizeLimitExceededException("Item collection size limit exceeded");
    }
  }

  /** ItemCollectionMetrics for a collection of `bytes`: the key and a 1 GB-wide estimate range. */
  metrics(table: TableRecord, item: Item, bytes: number): ItemCollectionMetrics {
    const name = table.layout.key.partition.name;
    const low = Math.floor(bytes / GB);
    return { ItemCollectionKey: { [name]: item[name]! }, SizeEstimateRangeGB: [low, low + 1] };
  }
}
