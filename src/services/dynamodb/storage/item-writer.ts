// Writes items inside a transaction and keeps everything derived from them in step: the
// secondary index entries (sparse: an item lacking an index key attribute has no entry) and the
// stream records. One entry point serves PutItem, UpdateItem, DeleteItem, BatchWriteItem and
// TransactWriteItems: a list of operations applied in order, in one transaction.
//
// Concurrency: on SQLite one connection runs one transaction at a time. On PostgreSQL, where
// several Nimbus nodes may write at once, a transaction first takes transaction-scoped advisory
// locks, always in the same order so two transactions cannot deadlock: the stream lock of each
// streamed table touched (so stream sequence numbers are assigned in commit order and a poller's
// "seq > checkpoint" never skips a record), then one lock per item key (so read-decide-write on
// an item, conditions included, is atomic even when the item does not exist yet).
import { Kysely, sql } from "kysely";
import type { Clock } from "../../../shared/clock.js";
import type { DirectSql, StoreDialect } from "../../../storage/types.js";
import type { Item } from "./attribute-value.js";
import { decodeItem, encodeItem } from "./item-codec.js";
import { itemsEqual } from "./item-equality.js";
import { type EncodedKey, indexKeyOfItem, pickKey, projectItem, sameKey, tableKeyOfItem, tableKeyOfKey } from "./item-keys.js";
import { assertItemSizeWithinLimit, itemSize } from "./item-size.js";
import type { ItemStatements } from "./item-statements.js";
import { partitionHash, segmentHashRange } from "./key-encoding.js";
import type { SqlRunner } from "./prepared-query.js";
import type { IndexLayout, StreamLayout, TableLayout } from "./table-layout.js";

/** The `userIdentity` of a stream record, e.g. TTL deletions: {type: "Service", principalId: "dynamodb.amazonaws.com"}. */
export interface StreamUserIdentity {
  type: string;
  principalId: string;
}

/**
 * One write. Callbacks run inside the transaction with the item as currently stored and may
 * throw (e.g. ConditionalCheckFailedException) to abort the whole transaction. They must not
 * mutate `current`.
 */
export type WriteOp =
  | { kind: "put"; table: TableLayout; item: Item; check?: (current: Item | undefined) => void }
  | {
      kind: "delete";
      table: TableLayout;
      key: Item;
      check?: (current: Item | undefined) => void;
      userIdentity?: StreamUserIdentity;
    }
  | {
      kind: "update";
      table: TableLayout;
      key: Item;
      /** Returns the item to store (its key must stay the same), or undefined to write nothing. */
      update: (current: Item | undefined) => Item | undefined;
    }
  | { kind: "check"; table: TableLayout; key: Item; check: (current: Item | undefined) => void };

export interface WriteResult {
  /** The item before the write, if there was one. */
  old?: Item;
  oldSize?: number;
  /** The item after the write, if there is one (after a check, the item as it is). */
  new?: Item;
  newSize?: number;
}

type Db = SqlRunner;

/** A write's result; `old` is decoded from the stored text on first read. */
class Outcome implements WriteResult {
  #old: Item | undefined;
  new?: Item;
  newSize?: number;

  constructor(
    private readonly oldText: string | undefined,
    readonly oldSize: number | undefined,
  ) {}

  get old(): Item | undefined {
    if (this.#old === undefined && this.oldText !== undefined) this.#old = decodeItem(this.oldText);
    return this.#old;
  }

  /** A check, or an update that writes nothing: the item stays as it was. */
  unchanged(): WriteResult {
    if (this.oldText !== undefined) {
      this.new = this.old;
      this.newSize = this.oldSize;
    }
    return this;
  }
}

const STREAM_LOCK_SPACE = 0x5354; // "ST": the first key of a stream's advisory lock
const BACKFILL_CHUNK = 500;

export class ItemWriter {
  constructor(
    private readonly statements: ItemStatements,
    private readonly dialect: StoreDialect,
    private readonly clock: Clock,
  ) {}

  /** Applies ops in order inside trx (the caller owns the transaction). */
  async apply(trx: Db, ops: readonly WriteOp[]): Promise<WriteResult[]> {
    const keys = ops.map((op) => (op.kind === "put" ? tableKeyOfItem(op.table.key, op.item) : tableKeyOfKey(op.table.key, op.key)));
    if (this.dialect === "postgres") await this.lock(trx, ops, keys);
    const results: WriteResult[] = [];
    for (let i = 0; i < ops.length; i++) results.push(await this.applyOne(trx, ops[i]!, keys[i]!));
    return results;
  }

  private async lock(trx: Db, ops: readonly WriteOp[], keys: EncodedKey[]): Promise<void> {
    // PostgreSQL transactions always run through Kysely (the direct path is SQLite's).
    if (!(trx instanceof Kysely)) throw new Error("advisory locks need a Kysely transaction");
    const streamed = [...new Set(ops.filter((op) => op.table.stream || op.table.history).map((op) => op.table.tableId))].sort((a, b) => a - b);
    for (const tableId of streamed) await sql`select pg_advisory_xact_lock(${STREAM_LOCK_SPACE}, ${tableId})`.execute(trx);
    const itemLocks = ops
      .map((op, i) => [op.table.tableId, partitionHash(Buffer.concat([keys[i]!.pk, Buffer.from([0]), keys[i]!.sk]))] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [tableId, hash] of itemLocks) await sql`select pg_advisory_xact_lock(${tableId}, ${hash})`.execute(trx);
  }

  private async applyOne(trx: Db, op: WriteOp, key: EncodedKey): Promise<WriteResult> {
    const layout = op.table;
    const row = await this.statements.selectItem.first(trx, [layout.tableId, key.hash, key.pk, key.sk]);
    // The stored item is decoded only when something reads it (`result.old`): a PutItem without
    // condition, index, stream or ReturnValues never does.
    const result = new Outcome(row?.item, row?.size);
    // Old index keys are taken before any callback sees the current item. Stored items were valid
    // for every index when written, but an index added later may disagree with them: lenient.
    const oldIndexKeys = row && layout.indexes.length > 0 ? layout.indexes.map((ix) => indexKeyOfItem(ix, result.old!, true)) : undefined;

    let next: Item | undefined;
    switch (op.kind) {
      case "put":
        op.check?.(result.old);
        next = op.item;
        break;
      case "update":
        next = op.update(result.old);
        if (next === undefined) return result.unchanged();
        if (!sameKey(tableKeyOfItem(layout.key, next), key)) throw new Error("an update must not change the item's key");
        break;
      case "check":
        op.check(result.old);
        return result.unchanged();
      case "delete":
        op.check?.(result.old);
        if (!row) return result;
        await this.statements.deleteItem.run(trx, [row.id]);
        if (oldIndexKeys) await this.removeEntries(trx, layout.indexes, oldIndexKeys, key);
        if (layout.stream) await this.record(trx, layout, layout.stream, "REMOVE", result.old!, row.item, row.size, undefined, undefined, op.userIdentity);
        if (layout.history) await this.record(trx, layout, layout.history, "REMOVE", result.old!, row.item, row.size, undefined, undefined, op.userIdentity);
        return result;
    }

    const newIndexKeys = layout.indexes.map((ix) => indexKeyOfItem(ix, next));
    const size = itemSize(next);
    assertItemSizeWithinLimit(size, op.kind);
    const json = encodeItem(next);
    let itemId: number | string;
    if (row) {
      itemId = row.id;
      await this.statements.updateItem.run(trx, [json, size, itemId]);
    } else {
      const inserted = await this.statements.insertItem.first(trx, [layout.tableId, key.hash, key.pk, key.sk, json, size]);
      itemId = inserted!.id;
    }
    for (let i = 0; i < layout.indexes.length; i++) {
      await this.syncEntry(trx, layout.indexes[i]!, oldIndexKeys?.[i], newIndexKeys[i], key, itemId, next, size);
    }
    if ((layout.stream || layout.history) && !(row && (row.item === json || itemsEqual(decodeItem(row.item), next)))) {
      const eventName = row ? "MODIFY" : "INSERT";
      if (layout.stream) await this.record(trx, layout, layout.stream, eventName, next, row?.item, row?.size, json, size);
      if (layout.history) await this.record(trx, layout, layout.history, eventName, next, row?.item, row?.size, json, size);
    }
    result.new = next;
    result.newSize = size;
    return result;
  }

  /**
   * Whether a put into this table may skip reading the stored item (replace): nothing derived
   * from items has to follow the write (no secondary index entries to move, no stream or history
   * record to append, and so no old image to know).
   */
  static canReplace(layout: TableLayout): boolean {
    return layout.indexes.length === 0 && layout.stream === undefined && layout.history === undefined;
  }

  /**
   * Stores item in place of any item with its key, without reading the stored one: one upsert
   * statement, atomic on its own. Only for tables where canReplace holds and puts whose caller
   * needs nothing of the old item (no condition, ReturnValues, consumed capacity).
   */
  async replace(db: Db, layout: TableLayout, item: Item, size?: number): Promise<void> {
    await this.statements.upsertItem.run(db, this.replaceArguments(layout, item, size));
  }

  /** replace() on a held SQLite connection, synchronously. */
  replaceNow(sql: DirectSql, layout: TableLayout, item: Item, size?: number): void {
    this.statements.upsertItem.runNow(sql, this.replaceArguments(layout, item, size));
  }

  /** The upsert's arguments; `knownSize` is itemSize(item) when the caller measured it already. */
  private replaceArguments(layout: TableLayout, item: Item, knownSize?: number): unknown[] {
    if (!ItemWriter.canReplace(layout)) throw new Error("replace needs a table without indexes, stream or history");
    const key = tableKeyOfItem(layout.key, item);
    const size = knownSize ?? itemSize(item);
    assertItemSizeWithinLimit(size, "put");
    return [layout.tableId, key.hash, key.pk, key.sk, encodeItem(item), size];
  }

  /**
   * Fills a new secondary index from the items already in the table (CreateTable's indexes start
   * empty; UpdateTable's Create action backfills). Items whose index key attributes have the
   * wrong type are left out, as DynamoDB's backfill leaves them out.
   */
  async backfill(trx: Db, layout: TableLayout, index: IndexLayout): Promise<number> {
    const full = segmentHashRange(0, 1);
    let after: EncodedKey | undefined;
    let added = 0;
    for (;;) {
      const rows = await this.statements
        .tableScan(after !== undefined)
        .rows(trx, [layout.tableId, full.low, full.high, after?.hash, after?.pk, after?.sk, BACKFILL_CHUNK]);
      for (const row of rows) {
        const item = decodeItem(row.item);
        after = tableKeyOfItem(layout.key, item);
        const key = indexKeyOfItem(index, item, true);
        if (!key) continue;
        await this.syncEntry(trx, index, undefined, key, after, row.id, item, row.size);
        added++;
      }
      if (rows.length < BACKFILL_CHUNK) return added;
    }
  }

  /** Brings one index entry from the old item's state to the new item's. */
  private async syncEntry(
    trx: Db,
    index: IndexLayout,
    before: EncodedKey | undefined,
    after: EncodedKey | undefined,
    base: EncodedKey,
    itemId: number | string,
    item: Item,
    itemSizeBytes: number,
  ): Promise<void> {
    const kept = before !== undefined && after !== undefined && sameKey(before, after);
    if (before && !kept) {
      await this.statements.deleteEntry.run(trx, [index.id, before.hash, before.pk, before.sk, base.pk, base.sk]);
    }
    if (!after) return;
    let projectedJson: string | null = null;
    let projectedSize = itemSizeBytes;
    if (index.projection !== "ALL") {
      const projected = projectItem(index, item);
      projectedJson = encodeItem(projected);
      projectedSize = itemSize(projected);
    }
    if (kept) {
      await this.statements.updateEntry.run(trx, [projectedJson, projectedSize, index.id, after.hash, after.pk, after.sk, base.pk, base.sk]);
    } else {
      await this.statements.insertEntry.run(trx, [
        index.id,
        after.hash,
        after.pk,
        after.sk,
        base.pk,
        base.sk,
        itemId,
        projectedJson,
        projectedSize,
      ]);
    }
  }

  private async removeEntries(trx: Db, indexes: IndexLayout[], keys: (EncodedKey | undefined)[], base: EncodedKey): Promise<void> {
    for (let i = 0; i < indexes.length; i++) {
      const k = keys[i];
      if (k) await this.statements.deleteEntry.run(trx, [indexes[i]!.id, k.hash, k.pk, k.sk, base.pk, base.sk]);
    }
  }

  /**
   * Appends a stream record. Images are stored as their item-codec JSON (the old one exactly as
   * it was stored) and only those the stream's view type asks for.
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_StreamRecord.html
   */
  private async record(
    trx: Db,
    layout: TableLayout,
    stream: StreamLayout,
    eventName: "INSERT" | "MODIFY" | "REMOVE",
    anyImage: Item,
    oldJson: string | undefined,
    oldSize: number | undefined,
    newJson: string | undefined,
    newSize: number | undefined,
    userIdentity?: StreamUserIdentity,
  ): Promise<void> {
    const keys = pickKey(layout.key, anyImage);
    const keepOld = stream.viewType === "OLD_IMAGE" || stream.viewType === "NEW_AND_OLD_IMAGES";
    const keepNew = stream.viewType === "NEW_IMAGE" || stream.viewType === "NEW_AND_OLD_IMAGES";
    const storedOld = keepOld && oldJson !== undefined ? oldJson : null;
    const storedNew = keepNew && newJson !== undefined ? newJson : null;
    const sizeBytes = itemSize(keys) + (storedOld ? oldSize! : 0) + (storedNew ? newSize! : 0);
    await this.statements.insertStreamRecord.run(trx, [
      layout.tableId,
      stream.arn,
      eventName,
      encodeItem(keys),
      storedOld,
      storedNew,
      sizeBytes,
      this.clock.now(),
      userIdentity ? JSON.stringify(userIdentity) : null,
    ]);
  }
}
