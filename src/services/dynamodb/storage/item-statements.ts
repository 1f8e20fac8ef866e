// Every SQL statement the item engine runs, built once per engine with Kysely and reused
// (./prepared-query.ts). Range statements come in "shapes" (which bounds are present, direction,
// whether a start key applies); each shape is compiled on first use.
// Argument positions are documented next to each statement: param(i) is argument i.
import type { ExpressionBuilder, Kysely } from "kysely";
import { param, PreparedQueryCache } from "./prepared-query.js";
import type { DynamoDbDatabase, IndexEntriesRow } from "./schema.js";

export type LowerOp = ">" | ">=";
export type UpperOp = "<" | "<=";

export interface RangeShape {
  lower?: LowerOp;
  upper?: UpperOp;
  /** Whether an exclusive start position applies (ExclusiveStartKey, or the next chunk of a page). */
  after: boolean;
  forward: boolean;
}

export interface ItemRow {
  id: number | string;
  item: string;
  size: number;
}

/**
 * A row of a range read. Only the item travels back: key columns are not selected because every
 * BLOB costs a Buffer allocation per row, and the keys can be recomputed from the last item of a
 * chunk, the only one whose position is needed.
 */
export interface RangeRow {
  /** The base item's id. */
  id: number | string;
  item: string;
  size: number;
}

type Db = Kysely<DynamoDbDatabase>;

const entryColumns = ["e.item_id as id", "e.size"] as const;

/**
 * An entry's item: its stored projection, else (ALL projections) the base item. COALESCE
 * evaluates the subquery only when needed, on SQLite and PostgreSQL alike.
 */
const projectedItem = (eb: ExpressionBuilder<DynamoDbDatabase & { e: IndexEntriesRow }, "e">) =>
  eb.fn
    .coalesce("e.item", eb.selectFrom("dynamodb_items as i").select("i.item").whereRef("i.id", "=", "e.item_id"))
    .$castTo<string>()
    .as("item");

const shapeName = (s: RangeShape) => `${s.lower ?? "-"}${s.upper ?? "-"}${s.after ? "a" : ""}${s.forward ? "f" : "b"}`;

export class ItemStatements {
  private readonly cache = new PreparedQueryCache();

  constructor(private readonly db: Db) {}

  /** [table_id, pk_hash, pk, sk] -> the item row. */
  get selectItem() {
    return this.cache.get("selectItem", () =>
      this.db
        .selectFrom("dynamodb_items")
        .select(["id", "item", "size"])
        .where("table_id", "=", param<number>(0))
        .where("pk_hash", "=", param<number>(1))
        .where("pk", "=", param<Buffer>(2))
        .where("sk", "=", param<Buffer>(3)),
    );
  }

  /** [table_id, pk_hash, pk, sk, item, size] -> the new id. */
  get insertItem() {
    return this.cache.get("insertItem", () => this.itemRow().returning("id"));
  }

  /** INSERT of one item row from [table_id, pk_hash, pk, sk, item, size], the base of insertItem and upsertItem. */
  private itemRow() {
    return this.db
      .insertInto("dynamodb_items")
      .values({
        table_id: param<number>(0),
        pk_hash: param<number>(1),
        pk: param<Buffer>(2),
        sk: param<Buffer>(3),
        item: param<string>(4),
        size: param<number>(5),
      });
  }

  /**
   * [table_id, pk_hash, pk, sk, item, size]: stores the item whether or not one with its key
   * exists (an existing row keeps its id), in one statement; for writes that read nothing.
   */
  get upsertItem() {
    return this.cache.get("upsertItem", () =>
      this.itemRow()
        .onConflict((oc) =>
          oc.columns(["table_id", "pk_hash", "pk", "sk"]).doUpdateSet((eb) => ({ item: eb.ref("excluded.item"), size: eb.ref("excluded.size") })),
        ),
    );
  }

  /** [item, size, id] */
  get updateItem() {
    return this.cache.get("updateItem", () =>
      this.db
        .updateTable("dynamodb_items")
        .set({ item: param<string>(0), size: param<number>(1) })
        .where("id", "=", param<number | string>(2)),
    );
  }

  /** [id] */
  get deleteItem() {
    return this.cache.get("deleteItem", () => this.db.deleteFrom("dynamodb_items").where("id", "=", param<number | string>(0)));
  }

  /** [index_id, pk_hash, pk, sk, base_pk, base_sk, item_id, item, size] */
  get insertEntry() {
    return this.cache.get("insertEntry", () =>
      this.db.insertInto("dynamodb_index_entries").values({
        index_id: param<number>(0),
        pk_hash: param<number>(1),
        pk: param<Buffer>(2),
        sk: param<Buffer>(3),
        base_pk: param<Buffer>(4),
        base_sk: param<Buffer>(5),
        item_id: param<number>(6),
        item: param<string | null>(7),
        size: param<number>(8),
      }),
    );
  }

  /** [item, size, index_id, pk_hash, pk, sk, base_pk, base_sk] */
  get updateEntry() {
    return this.cache.get("updateEntry", () =>
      this.db
        .updateTable("dynamodb_index_entries")
        .set({ item: param<string | null>(0), size: param<number>(1) })
        .where("index_id", "=", param<number>(2))
        .where("pk_hash", "=", param<number>(3))
        .where("pk", "=", param<Buffer>(4))
        .where("sk", "=", param<Buffer>(5))
        .where("base_pk", "=", param<Buffer>(6))
        .where("base_sk", "=", param<Buffer>(7)),
    );
  }

  /** [index_id, pk_hash, pk, sk, base_pk, base_sk] */
  get deleteEntry() {
    return this.cache.get("deleteEntry", () =>
      this.db
        .deleteFrom("dynamodb_index_entries")
        .where("index_id", "=", param<number>(0))
        .where("pk_hash", "=", param<number>(1))
        .where("pk", "=", param<Buffer>(2))
        .where("sk", "=", param<Buffer>(3))
        .where("base_pk", "=", param<Buffer>(4))
        .where("base_sk", "=", param<Buffer>(5)),
    );
  }

  /** [table_id, stream_arn, event_name, keys, old_image, new_image, size_bytes, created_at, user_identity] */
  get insertStreamRecord() {
    return this.cache.get("insertStreamRecord", () =>
      this.db.insertInto("dynamodb_stream_records").values({
        table_id: param<number>(0),
        stream_arn: param<string>(1),
        event_name: param<string>(2),
        keys: param<string>(3),
        old_image: param<string | null>(4),
        new_image: param<string | null>(5),
        size_bytes: param<number>(6),
        created_at: param<number>(7),
        user_identity: param<string | null>(8),
      }),
    );
  }

  /**
   * Items of one partition of a table, in sort-key order.
   * [table_id, pk_hash, pk, lower, upper, after_sk, limit]
   */
  tablePartition(shape: RangeShape) {
    return this.cache.get(`tablePartition:${shapeName(shape)}`, () => {
      let q = this.db
        .selectFrom("dynamodb_items")
        .select(["id", "item", "size"])
        .where("table_id", "=", param<number>(0))
        .where("pk_hash", "=", param<number>(1))
        .where("pk", "=", param<Buffer>(2));
      if (shape.lower) q = q.where("sk", shape.lower, param<Buffer>(3));
      if (shape.upper) q = q.where("sk", shape.upper, param<Buffer>(4));
      if (shape.after) q = q.where("sk", shape.forward ? ">" : "<", param<Buffer>(5));
      return q.orderBy("sk", shape.forward ? "asc" : "desc").limit(param<number>(6));
    });
  }

  /**
   * Entries of one partition of a secondary index in (sk, base key) order, with their item.
   * [index_id, pk_hash, pk, lower, upper, after_sk, after_base_pk, after_base_sk, limit]
   */
  indexPartition(shape: RangeShape) {
    return this.cache.get(`indexPartition:${shapeName(shape)}`, () => {
      const direction = shape.forward ? "asc" : "desc";
      let q = this.db
        .selectFrom("dynamodb_index_entries as e")
        .where("e.index_id", "=", param<number>(0))
        .where("e.pk_hash", "=", param<number>(1))
        .where("e.pk", "=", param<Buffer>(2));
      if (shape.lower) q = q.where("e.sk", shape.lower, param<Buffer>(3));
      if (shape.upper) q = q.where("e.sk", shape.upper, param<Buffer>(4));
      if (shape.after) {
        q = q.where(({ eb, refTuple, tuple }) =>
          eb(
            refTuple("e.sk", "e.base_pk", "e.base_sk"),
            shape.forward ? ">" : "<",
            tuple(param<Buffer>(5), param<Buffer>(6), param<Buffer>(7)),
          ),
        );
      }
      return q
        .select(entryColumns)
        .select(projectedItem)
        .orderBy("e.sk", direction)
        .orderBy("e.base_pk", direction)
        .orderBy("e.base_sk", direction)
        .limit(param<number>(8));
    });
  }

  /**
   * Items of a table in scan order (partition hash, pk, sk) within a hash range.
   * [table_id, hash_low, hash_high, after_hash, after_pk, after_sk, limit]
   */
  tableScan(after: boolean) {
    return this.cache.get(`tableScan:${after}`, () => {
      let q = this.db
        .selectFrom("dynamodb_items")
        .select(["id", "item", "size"])
        .where("table_id", "=", param<number>(0))
        .where("pk_hash", ">=", param<number>(1))
        .where("pk_hash", "<=", param<number>(2));
      if (after) {
        q = q.where(({ eb, refTuple, tuple }) =>
          eb(refTuple("pk_hash", "pk", "sk"), ">", tuple(param<number>(3), param<Buffer>(4), param<Buffer>(5))),
        );
      }
      return q.orderBy("pk_hash").orderBy("pk").orderBy("sk").limit(param<number>(6));
    });
  }

  /**
   * Entries of a secondary index in scan order within a hash range.
   * [index_id, hash_low, hash_high, after_hash, after_pk, after_sk, after_base_pk, after_base_sk, limit]
   */
  indexScan(after: boolean) {
    return this.cache.get(`indexScan:${after}`, () => {
      let q = this.db
        .selectFrom("dynamodb_index_entries as e")
        .where("e.index_id", "=", param<number>(0))
        .where("e.pk_hash", ">=", param<number>(1))
        .where("e.pk_hash", "<=", param<number>(2));
      if (after) {
        q = q.where(({ eb, refTuple, tuple }) =>
          eb(
            refTuple("e.pk_hash", "e.pk", "e.sk", "e.base_pk", "e.base_sk"),
            ">",
            tuple(param<number>(3), param<Buffer>(4), param<Buffer>(5), param<Buffer>(6), param<Buffer>(7)),
          ),
        );
      }
      return q
        .select(entryColumns)
        .select(projectedItem)
        .orderBy("e.pk_hash")
        .orderBy("e.pk")
        .orderBy("e.sk")
        .orderBy("e.base_pk")
        .orderBy("e.base_sk")
        .limit(param<number>(8));
    });
  }
}
