// Stream records follow writes in the same transaction: event names, images per view type, no
// record for writes that change nothing, monotonically increasing sequence numbers a poller can
// checkpoint on, and trimming by age.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Item } from "../../../../src/services/dynamodb/storage/attribute-value.js";
import type { TableRecord } from "../../../../src/services/dynamodb/storage/table-engine.js";
import { createTable, type EngineFixture, openEngine } from "./helpers/engine.js";

describe("table engine: streams", () => {
  let fx: EngineFixture;
  let table: TableRecord;
  let arn: string;
  const key: Item = { pk: { S: "a" }, sk: { N: "1" } };

  before(async () => {
    fx = await openEngine();
    table = await createTable(fx.engine, { name: "streamed", pk: ["pk", "S"], sk: ["sk", "N"], stream: "NEW_AND_OLD_IMAGES" });
    arn = table.layout.stream!.arn;
  });
  after(() => fx.close());

  it("records INSERT, MODIFY and REMOVE with both images, and nothing for no-op writes", async () => {
    const v1: Item = { ...key, v: { N: "1" }, s: { SS: ["x", "y"] }, b: { B: Buffer.from([0, 255]) } };
    const v2: Item = { ...key, v: { N: "2" }, s: { SS: ["x", "y"] }, b: { B: Buffer.from([0, 255]) } };
    await fx.engine.putItem(table, v1);
    fx.clock.advance(1000);
    // The same data again, differently ordered and spelled: stored, but not a change.
    const same: Item = { b: { B: Buffer.from([0, 255]) }, s: { SS: ["y", "x"] }, v: { N: "1.0" }, ...key };
    await fx.engine.putItem(table, same);
    await fx.engine.updateItem(table, key, (current) => ({ ...current! }));
    await fx.engine.putItem(table, v2);
    await fx.engine.deleteItem(table, key);
    await fx.engine.deleteItem(table, key); // nothing to delete: no record

    const records = await fx.engine.streams.read(arn, { limit: 100 });
    assert.deepEqual(
      records.map((r) => r.eventName),
      ["INSERT", "MODIFY", "REMOVE"],
    );
    const [insert, modify, remove] = records;
    assert.deepEqual(insert!.keys, key);
    assert.deepEqual(insert!.newImage, v1);
    assert.equal(insert!.oldImage, undefined);
    assert.deepEqual(modify!.oldImage, same);
    assert.deepEqual(modify!.newImage, v2);
    assert.deepEqual(remove!.oldImage, v2);
    assert.equal(remove!.newImage, undefined);
    assert.equal(insert!.createdAt, Date.UTC(2026, 0, 1));
    assert.equal(modify!.createdAt, Date.UTC(2026, 0, 1) + 1000);
    assert.ok(insert!.sequence < modify!.sequence && modify!.sequence < remove!.sequence);
    assert.ok(insert!.sizeBytes > 0);
  });

  it("lets a poller follow from its checkpoint", async () => {
    const checkpoint = await fx.engine.streams.latestSequence(arn);
    for (let i = 0; i < 5; i++) await fx.engine.putItem(table, { pk: { S: "poll" }, sk: { N: String(i) } });
    const first = await fx.engine.streams.read(arn, { afterSequence: checkpoint, limit: 3 });
    assert.equal(first.length, 3);
    const rest = await fx.engine.streams.read(arn, { afterSequence: first[2]!.sequence, limit: 10 });
    assert.deepEqual(
      [...first, ...rest].map((r) => r.keys.sk),
      [0, 1, 2, 3, 4].map((i) => ({ N: String(i) })),
    );
  });

  it("writes no record when the transaction rolls back", async () => {
    const before = await fx.engine.streams.latestSequence(arn);
    await assert.rejects(
      fx.engine.write(
        [{ kind: "put", table: table.layout, item: { pk: { S: "rollback" }, sk: { N: "1" } } }],
        {
          beforeCommit: () => {
            throw new Error("cancel");
          },
        },
      ),
      /cancel/,
    );
    assert.equal(await fx.engine.streams.latestSequence(arn), before);
  });

  it("stores only keys for KEYS_ONLY streams and marks TTL deletions", async () => {
    const keysOnly = await createTable(fx.engine, { name: "keys-only", pk: ["pk", "S"], stream: "KEYS_ONLY" });
    const keysArn = keysOnly.layout.stream!.arn;
    await fx.engine.putItem(keysOnly, { pk: { S: "k" }, secret: { S: "not in the stream" } });
    await fx.engine.deleteItem(keysOnly, { pk: { S: "k" } }, undefined, { type: "Service", principalId: "dynamodb.amazonaws.com" });
    const records = await fx.engine.streams.read(keysArn, { limit: 10 });
    assert.deepEqual(
      records.map((r) => [r.eventName, r.keys, r.oldImage, r.newImage, r.userIdentity]),
      [
        ["INSERT", { pk: { S: "k" } }, undefined, undefined, undefined],
        ["REMOVE", { pk: { S: "k" } }, undefined, undefined, { type: "Service", principalId: "dynamodb.amazonaws.com" }],
      ],
    );
  });

  it("writes no records for tables without a stream, and trims old records", async () => {
    const plain = await createTable(fx.engine, { name: "plain", pk: ["pk", "S"] });
    const count = async () => Number((await fx.sdb.db.selectFrom("dynamodb_stream_records").select((eb) => eb.fn.countAll().as("n")).executeTakeFirst())!.n);
    const total = await count();
    await fx.engine.putItem(plain, { pk: { S: "x" } });
    assert.equal(await count(), total);

    fx.clock.advance(24 * 3600 * 1000);
    await fx.engine.putItem(table, { pk: { S: "fresh" }, sk: { N: "1" } });
    const trimmed = await fx.engine.streams.trim(fx.clock.now() - 24 * 3600 * 1000 + 1);
    assert.equal(trimmed, total);
    const left = await fx.engine.streams.read(arn, { limit: 10 });
    assert.deepEqual(left.map((r) => r.keys.pk), [{ S: "fresh" }]);
  });
});
