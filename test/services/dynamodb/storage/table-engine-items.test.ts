// Item writes and reads through the engine on a real SQLite database.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ServiceError } from "../../../../src/aws/errors.js";
import type { Item } from "../../../../src/services/dynamodb/storage/attribute-value.js";
import { decodeItem, encodeItem } from "../../../../src/services/dynamodb/storage/item-codec.js";
import type { TableRecord } from "../../../../src/services/dynamodb/storage/table-engine.js";
import { createTable, type EngineFixture, openEngine } from "./helpers/engine.js";

const validation = (message: string) => (e: unknown) =>
  e instanceof ServiceError && e.code === "ValidationException" && e.status === 400 && e.message === message;

describe("table engine: items", () => {
  let fx: EngineFixture;
  let table: TableRecord;

  before(async () => {
    fx = await openEngine();
    table = await createTable(fx.engine, { name: "items", pk: ["pk", "S"], sk: ["sk", "N"] });
  });
  after(() => fx.close());

  it("puts, gets and replaces an item, returning the old one", async () => {
    const first: Item = { pk: { S: "a" }, sk: { N: "1" }, v: { S: "one" } };
    const put1 = await fx.engine.putItem(table, first);
    assert.equal(put1.old, undefined);
    assert.deepEqual(put1.new, first);

    const second: Item = { pk: { S: "a" }, sk: { N: "1" }, v: { S: "two" }, n: { NULL: true } };
    const put2 = await fx.engine.putItem(table, second);
    assert.deepEqual(put2.old, first);
    assert.equal(put2.oldSize, 2 + 1 + (2 + 2) + (1 + 3));

    const got = await fx.engine.getItem(table, { pk: { S: "a" }, sk: { N: "1" } });
    assert.deepEqual(got?.item, second);
    assert.equal(got?.size, 2 + 1 + (2 + 2) + (1 + 3) + (1 + 1));
  });

  it("treats differently spelled equal numbers as the same key", async () => {
    await fx.engine.putItem(table, { pk: { S: "num" }, sk: { N: "1.50" }, v: { S: "x" } });
    const got = await fx.engine.getItem(table, { pk: { S: "num" }, sk: { N: "15e-1" } });
    assert.equal(got?.item.v && "S" in got.item.v ? got.item.v.S : undefined, "x");
  });

  it("deletes an item, returning what was removed, and deleting nothing is fine", async () => {
    const item: Item = { pk: { S: "del" }, sk: { N: "-7" }, v: { BOOL: false } };
    await fx.engine.putItem(table, item);
    const removed = await fx.engine.deleteItem(table, { pk: { S: "del" }, sk: { N: "-7" } });
    assert.deepEqual(removed.old, item);
    assert.equal(await fx.engine.getItem(table, { pk: { S: "del" }, sk: { N: "-7" } }), undefined);
    const again = await fx.engine.deleteItem(table, { pk: { S: "del" }, sk: { N: "-7" } });
    assert.equal(again.old, undefined);
  });

  it("round-trips binary values exactly, nested and in sets", async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const item: Item = {
      pk: { S: "bin" },
      sk: { N: "0" },
      b: { B: bytes },
      empty: { B: Buffer.alloc(0) },
      bs: { BS: [Buffer.from([0]), Buffer.from([255, 254])] },
      nested: { M: { B: { B: Buffer.from("hi") }, list: { L: [{ B: Buffer.from([1, 2]) }, { S: '"B":' }] } } },
    };
    await fx.engine.putItem(table, item);
    const got = (await fx.engine.getItem(table, { pk: { S: "bin" }, sk: { N: "0" } }))!.item;
    assert.deepEqual(got, item);
    assert.ok(Buffer.isBuffer((got.b as { B: Buffer }).B));
    // The stored text is DynamoDB JSON with base64 binaries, readable in any SQL console.
    assert.match(encodeItem(item), /"b":\{"B":"AAECAw/);
    assert.deepEqual(decodeItem(encodeItem(item)), item);
  });

  it("runs check inside the write and aborts when it throws", async () => {
    const key: Item = { pk: { S: "cond" }, sk: { N: "1" } };
    const failed = new ServiceError("ConditionalCheckFailedException", "The conditional request failed", 400);
    await fx.engine.putItem(table, { ...key, v: { N: "1" } }, (current) => {
      if (current) throw failed;
    });
    await assert.rejects(
      fx.engine.putItem(table, { ...key, v: { N: "2" } }, (current) => {
        if (current) throw failed;
      }),
      (e) => e === failed,
    );
    assert.deepEqual((await fx.engine.getItem(table, key))?.item.v, { N: "1" });
  });

  it("updates from the current item and refuses to change the key", async () => {
    const key: Item = { pk: { S: "upd" }, sk: { N: "1" } };
    const increment = (current: Item | undefined): Item => ({
      ...key,
      count: { N: String(Number(current?.count && "N" in current.count ? current.count.N : "0") + 1) },
    });
    await fx.engine.updateItem(table, key, increment);
    const result = await fx.engine.updateItem(table, key, increment);
    assert.deepEqual(result.old?.count, { N: "1" });
    assert.deepEqual(result.new?.count, { N: "2" });
    const none = await fx.engine.updateItem(table, key, () => undefined);
    assert.deepEqual(none.new?.count, { N: "2" });
    await assert.rejects(fx.engine.updateItem(table, key, () => ({ pk: { S: "upd" }, sk: { N: "2" } })), /must not change/);
  });

  it("commits a multi-write atomically, or rolls every op back", async () => {
    const a: Item = { pk: { S: "tx" }, sk: { N: "1" } };
    const b: Item = { pk: { S: "tx" }, sk: { N: "2" } };
    await fx.engine.write([
      { kind: "put", table: table.layout, item: { ...a, v: { S: "a" } } },
      { kind: "put", table: table.layout, item: { ...b, v: { S: "b" } } },
    ]);
    const cancelled = new ServiceError("TransactionCanceledException", "Transaction cancelled", 400);
    const reasons: string[] = [];
    await assert.rejects(
      fx.engine.write(
        [
          { kind: "delete", table: table.layout, key: a },
          {
            kind: "check",
            table: table.layout,
            key: b,
            check: (current) => reasons.push(current?.v && "S" in current.v && current.v.S === "zzz" ? "None" : "ConditionalCheckFailed"),
          },
        ],
        {
          beforeCommit: () => {
            if (reasons.some((r) => r !== "None")) throw cancelled;
          },
        },
      ),
      (e) => e === cancelled,
    );
    assert.ok(await fx.engine.getItem(table, a), "the delete was rolled back");

    // An op failing validation rolls back the ops before it.
    await assert.rejects(
      fx.engine.write([
        { kind: "delete", table: table.layout, key: a },
        { kind: "put", table: table.layout, item: { pk: { S: "tx" }, sk: { S: "not a number" } } },
      ]),
      validation("One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S"),
    );
    assert.ok(await fx.engine.getItem(table, a));
  });

  it("applies ops on the same key in order within one write", async () => {
    const key: Item = { pk: { S: "seq" }, sk: { N: "1" } };
    const results = await fx.engine.write([
      { kind: "put", table: table.layout, item: { ...key, v: { N: "1" } } },
      { kind: "update", table: table.layout, key, update: (c) => ({ ...c!, v: { N: "2" } }) },
      { kind: "delete", table: table.layout, key },
    ]);
    assert.deepEqual(results[1]!.old?.v, { N: "1" });
    assert.deepEqual(results[2]!.old?.v, { N: "2" });
    assert.equal(await fx.engine.getItem(table, key), undefined);
  });

  it("never loses a write when many writers update one item at once", async () => {
    // On PostgreSQL these transactions really run concurrently (several pooled connections).
    const key: Item = { pk: { S: "race" }, sk: { N: "1" } };
    const count = (item: Item | undefined) => Number(item?.n && "N" in item.n ? item.n.N : "0");
    await Promise.all(Array.from({ length: 20 }, () => fx.engine.updateItem(table, key, (c) => ({ ...key, n: { N: String(count(c) + 1) } }))));
    assert.equal(count((await fx.engine.getItem(table, key))?.item), 20);

    // Put-if-absent on a key that does not exist yet: exactly one writer wins.
    const fresh: Item = { pk: { S: "race" }, sk: { N: "2" } };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        fx.engine.putItem(table, { ...fresh, winner: { N: String(i) } }, (current) => {
          if (current) throw new ServiceError("ConditionalCheckFailedException", "The conditional request failed", 400);
        }),
      ),
    );
    assert.equal(outcomes.filter((o) => o.status === "fulfilled").length, 1);
  });

  it("rejects items over 400 KB", async () => {
    await assert.rejects(
      fx.engine.putItem(table, { pk: { S: "big" }, sk: { N: "1" }, data: { S: "x".repeat(400 * 1024) } }),
      validation("Item size has exceeded the maximum allowed size"),
    );
    await assert.rejects(
      fx.engine.updateItem(table, { pk: { S: "big" }, sk: { N: "1" } }, () => ({ pk: { S: "big" }, sk: { N: "1" }, data: { S: "x".repeat(400 * 1024) } })),
      validation("Item size to update has exceeded the maximum allowed size"),
    );
    // Exactly 400 KB: "pk"+"big" (5) + "sk"+1 (4) + "d" (1) + the string.
    const atLimit = await fx.engine.putItem(table, { pk: { S: "big" }, sk: { N: "1" }, d: { S: "x".repeat(400 * 1024 - 10) } });
    assert.equal(atLimit.newSize, 400 * 1024);
  });

  it("validates keys with DynamoDB's messages", async () => {
    await assert.rejects(fx.engine.putItem(table, { pk: { S: "a" } }), validation("One or more parameter values were invalid: Missing the key sk in the item"));
    await assert.rejects(
      fx.engine.putItem(table, { pk: { N: "1" }, sk: { N: "1" } }),
      validation("One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"),
    );
    await assert.rejects(
      fx.engine.putItem(table, { pk: { S: "" }, sk: { N: "1" } }),
      validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"),
    );
    await assert.rejects(
      fx.engine.putItem(table, { pk: { S: "x".repeat(2049) }, sk: { N: "1" } }),
      validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes"),
    );
    await assert.rejects(fx.engine.getItem(table, { pk: { S: "a" } }), validation("The provided key element does not match the schema"));
    await assert.rejects(
      fx.engine.getItem(table, { pk: { S: "a" }, sk: { N: "1" }, extra: { S: "x" } }),
      validation("The provided key element does not match the schema"),
    );
    await assert.rejects(fx.engine.getItem(table, { pk: { S: "a" }, sk: { S: "1" } }), validation("The provided key element does not match the schema"));
  });

  it("keeps tables apart and reports their count and size", async () => {
    const other = await createTable(fx.engine, { name: "other", pk: ["pk", "S"] });
    await fx.engine.putItem(other, { pk: { S: "a" }, v: { S: "only here" } });
    assert.equal(await fx.engine.getItem(other, { pk: { S: "b" } }), undefined);
    assert.deepEqual(await fx.engine.tableStats(other), { itemCount: 1, sizeBytes: 2 + 1 + 1 + 9 });
    await assert.rejects(createTable(fx.engine, { name: "other", pk: ["pk", "S"] }), (e) => e instanceof ServiceError && e.code === "ResourceInUseException");
    assert.deepEqual(await fx.engine.listTables("000000000000", "us-east-1"), ["items", "other"]);
    await fx.engine.deleteTable(other);
    assert.equal(await fx.engine.getTable("000000000000", "us-east-1", "other"), undefined);
    assert.deepEqual(await fx.engine.listTables("000000000000", "us-east-1"), ["items"]);
  });

  it("keeps the description's timestamps as Dates", async () => {
    const record = await fx.engine.getTable("000000000000", "us-east-1", "items");
    assert.ok(record?.description.CreationDateTime instanceof Date);
  });
});
