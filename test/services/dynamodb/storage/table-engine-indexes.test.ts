// Secondary indexes stay in step with every write: membership (sparse), keys, projections,
// ordering with ties, index-key validation, and indexes added or removed later.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ServiceError } from "../../../../src/aws/errors.js";
import type { AttributeValue, Item } from "../../../../src/services/dynamodb/storage/attribute-value.js";
import type { TableRecord } from "../../../../src/services/dynamodb/storage/table-engine.js";
import { createTable, describeTable, type EngineFixture, openEngine, type TableSpec } from "./helpers/engine.js";
import { seededRandom, testSeed } from "./helpers/random.js";
import { compareKeyValues } from "./helpers/values.js";

const validation = (message: string) => (e: unknown) => e instanceof ServiceError && e.code === "ValidationException" && e.message === message;

const spec: TableSpec = {
  name: "orders",
  pk: ["pk", "S"],
  sk: ["sk", "N"],
  gsis: [
    { name: "byStatus", pk: ["status", "S"], sk: ["created", "N"] },
    { name: "byOwner", pk: ["owner", "S"], projection: "KEYS_ONLY" },
    { name: "byCategory", pk: ["cat", "S"], sk: ["title", "S"], projection: "INCLUDE", include: ["extra"] },
  ],
  lsis: [{ name: "byScore", pk: ["pk", "S"], sk: ["score", "N"] }],
};

async function allOf(fx: EngineFixture, table: TableRecord, indexName: string, partition: AttributeValue, limit = 1000): Promise<Item[]> {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await fx.engine.query(table, { indexName, partition, limit, exclusiveStartKey: start });
    out.push(...page.items);
    start = page.lastEvaluatedKey;
  } while (start);
  return out;
}

describe("table engine: secondary indexes", () => {
  let fx: EngineFixture;
  let table: TableRecord;
  before(async () => {
    fx = await openEngine();
    table = await createTable(fx.engine, spec);
  });
  after(() => fx.close());

  it("indexes an item only when it has every key attribute of the index (sparse)", async () => {
    await fx.engine.putItem(table, { pk: { S: "u1" }, sk: { N: "1" }, status: { S: "open" }, created: { N: "10" } });
    await fx.engine.putItem(table, { pk: { S: "u1" }, sk: { N: "2" }, status: { S: "open" } }); // no sort key attribute
    await fx.engine.putItem(table, { pk: { S: "u1" }, sk: { N: "3" }, created: { N: "5" } }); // no partition key attribute
    const open = await allOf(fx, table, "byStatus", { S: "open" });
    assert.deepEqual(open.map((i) => i.sk), [{ N: "1" }]);
    const stats = await fx.engine.indexStats(table, "byStatus");
    assert.equal(stats.itemCount, 1);
  });

  it("moves, keeps and drops index entries as updates change index keys", async () => {
    const key: Item = { pk: { S: "u2" }, sk: { N: "1" } };
    await fx.engine.putItem(table, { ...key, status: { S: "open" }, created: { N: "1" }, owner: { S: "ann" } });
    await fx.engine.updateItem(table, key, (c) => ({ ...c!, status: { S: "closed" } }));
    assert.equal((await allOf(fx, table, "byStatus", { S: "open" })).some((i) => i.pk?.["S" as never] === "u2"), false);
    assert.deepEqual((await allOf(fx, table, "byStatus", { S: "closed" })).map((i) => i.pk), [{ S: "u2" }]);

    await fx.engine.updateItem(table, key, (c) => {
      const { owner: _dropped, ...rest } = c!;
      return rest;
    });
    assert.deepEqual(await allOf(fx, table, "byOwner", { S: "ann" }), []);

    await fx.engine.deleteItem(table, key);
    assert.deepEqual(await allOf(fx, table, "byStatus", { S: "closed" }), []);
  });

  it("projects ALL (current item), KEYS_ONLY and INCLUDE as declared", async () => {
    const item: Item = {
      pk: { S: "u3" },
      sk: { N: "7" },
      owner: { S: "bob" },
      cat: { S: "books" },
      title: { S: "Dune" },
      extra: { S: "kept" },
      other: { S: "dropped" },
      status: { S: "proj" },
      created: { N: "1" },
    };
    await fx.engine.putItem(table, item);
    assert.deepEqual(await allOf(fx, table, "byOwner", { S: "bob" }), [{ pk: { S: "u3" }, sk: { N: "7" }, owner: { S: "bob" } }]);
    assert.deepEqual(await allOf(fx, table, "byCategory", { S: "books" }), [
      { pk: { S: "u3" }, sk: { N: "7" }, cat: { S: "books" }, title: { S: "Dune" }, extra: { S: "kept" } },
    ]);
    await fx.engine.putItem(table, { ...item, other: { S: "changed" } });
    assert.deepEqual(await allOf(fx, table, "byStatus", { S: "proj" }), [{ ...item, other: { S: "changed" } }]);
    await fx.engine.putItem(table, { ...item, extra: { S: "changed too" } });
    assert.deepEqual((await allOf(fx, table, "byCategory", { S: "books" }))[0]!.extra, { S: "changed too" });
  });

  it("orders ties on the index key by table key and pages through them exactly once", async () => {
    for (let i = 0; i < 25; i++) {
      await fx.engine.putItem(table, { pk: { S: `tie${i % 5}` }, sk: { N: String(i) }, status: { S: "tie" }, created: { N: "42" } });
    }
    const everything = await allOf(fx, table, "byStatus", { S: "tie" });
    assert.equal(everything.length, 25);
    for (const limit of [1, 2, 7]) {
      const paged = await allOf(fx, table, "byStatus", { S: "tie" }, limit);
      assert.deepEqual(paged, everything, `limit ${limit}`);
    }
    const page = await fx.engine.query(table, { indexName: "byStatus", partition: { S: "tie" }, limit: 1 });
    const first = everything[0]!;
    assert.deepEqual(page.lastEvaluatedKey, { pk: first.pk, sk: first.sk, status: { S: "tie" }, created: { N: "42" } });
    const backwards = await fx.engine.query(table, { indexName: "byStatus", partition: { S: "tie" }, forward: false });
    assert.deepEqual(backwards.items, [...everything].reverse());
  });

  it("queries a local secondary index within the table's partition", async () => {
    for (const [sk, score] of [["1", "30"], ["2", "-5"], ["3", "12.5"], ["4", undefined]] as const) {
      const item: Item = { pk: { S: "lsi" }, sk: { N: sk } };
      if (score) item.score = { N: score };
      await fx.engine.putItem(table, item);
    }
    const page = await fx.engine.query(table, { indexName: "byScore", partition: { S: "lsi" }, sort: { op: ">", value: { N: "0" } } });
    assert.deepEqual(page.items.map((i) => i.score), [{ N: "12.5" }, { N: "30" }]);
  });

  it("rejects index key values of the wrong type or empty, writing nothing", async () => {
    await assert.rejects(
      fx.engine.putItem(table, { pk: { S: "bad" }, sk: { N: "1" }, status: { N: "1" } }),
      validation("One or more parameter values were invalid: Type mismatch for Index Key status Expected: S Actual: N IndexName: byStatus"),
    );
    await assert.rejects(
      fx.engine.putItem(table, { pk: { S: "bad" }, sk: { N: "1" }, owner: { S: "" } }),
      validation(
        "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: byOwner, IndexKey: owner",
      ),
    );
    assert.equal(await fx.engine.getItem(table, { pk: { S: "bad" }, sk: { N: "1" } }), undefined);
  });

  it("validates an index query's start key", async () => {
    await assert.rejects(
      fx.engine.query(table, { indexName: "byStatus", partition: { S: "open" }, exclusiveStartKey: { pk: { S: "u1" }, sk: { N: "1" } } }),
      validation("The provided starting key is invalid"),
    );
  });

  it("backfills an index added later and forgets one removed", async () => {
    const description = describeTable({ ...spec, gsis: [...spec.gsis!, { name: "byColour", pk: ["colour", "S"] }] });
    for (let i = 0; i < 30; i++) await fx.engine.putItem(table, { pk: { S: "paint" }, sk: { N: String(i) }, colour: { S: i % 3 ? "red" : "blue" } });
    await fx.engine.putItem(table, { pk: { S: "paint" }, sk: { N: "99" }, colour: { N: "7" } }); // not an S: left out by the backfill
    table = await fx.engine.updateTable(table, { description });
    assert.equal((await allOf(fx, table, "byColour", { S: "red" })).length, 20);
    assert.equal((await allOf(fx, table, "byColour", { S: "blue" })).length, 10);

    table = await fx.engine.updateTable(table, { description: describeTable(spec) });
    await assert.rejects(fx.engine.query(table, { indexName: "byColour", partition: { S: "red" } }), validation("The table does not have the specified index: byColour"));
    const leftovers = await fx.sdb.db.selectFrom("dynamodb_index_entries").select("index_id").execute();
    assert.ok(leftovers.every((r) => table.layout.indexes.some((i) => i.id === r.index_id)));
  });
});

describe("table engine: index maintenance under random writes", () => {
  it(`matches an oracle after random puts, updates and deletes (seed ${testSeed()})`, async () => {
    const fx = await openEngine();
    try {
      const r = seededRandom(testSeed() + 77);
      const table = await createTable(fx.engine, { ...spec, name: "random" });
      const model = new Map<string, Item>();
      const randomItem = (key: number): Item => {
        const item: Item = { pk: { S: `k${key % 10}` }, sk: { N: String(key) } };
        if (r.next() < 0.7) item.status = { S: r.pick(["a", "b", "c"]) };
        if (r.next() < 0.7) item.created = { N: String(r.int(-3, 3)) };
        if (r.next() < 0.5) item.owner = { S: r.pick(["x", "y"]) };
        if (r.next() < 0.5) item.cat = { S: "c" };
        if (r.next() < 0.5) item.title = { S: r.pick(["t1", "t2", "é"]) };
        if (r.next() < 0.5) item.score = { N: String(r.int(0, 5)) };
        if (r.next() < 0.5) item.extra = { S: "e" };
        return item;
      };
      for (let step = 0; step < 400; step++) {
        const key = r.int(0, 60);
        const id = `k${key % 10}/${key}`;
        const roll = r.next();
        if (roll < 0.55) {
          const item = randomItem(key);
          await fx.engine.putItem(table, item);
          model.set(id, item);
        } else if (roll < 0.8) {
          const next = randomItem(key);
          await fx.engine.updateItem(table, { pk: next.pk!, sk: next.sk! }, () => next);
          model.set(id, next);
        } else {
          await fx.engine.deleteItem(table, { pk: { S: `k${key % 10}` }, sk: { N: String(key) } });
          model.delete(id);
        }
      }
      for (const index of table.layout.indexes) {
        const expected = [...model.values()].filter((item) => item[index.key.partition.name] && (!index.key.sort || item[index.key.sort.name]));
        const scanned: Item[] = [];
        let start: Item | undefined;
        do {
          const page = await fx.engine.scan(table, { indexName: index.name, limit: 7, exclusiveStartKey: start });
          scanned.push(...page.items);
          start = page.lastEvaluatedKey;
        } while (start);
        const identity = (i: Item) => `${(i.pk as { S: string }).S}/${(i.sk as { N: string }).N}`;
        assert.deepEqual(scanned.map(identity).sort(), expected.map(identity).sort(), index.name);
        // Within each index partition, the order is the index sort key, then the table key.
        const byPartition = new Map<string, Item[]>();
        for (const item of scanned) {
          const p = JSON.stringify(item[index.key.partition.name]);
          byPartition.set(p, [...(byPartition.get(p) ?? []), item]);
        }
        for (const items of byPartition.values()) {
          for (let i = 1; i < items.length; i++) {
            const a = items[i - 1]!;
            const b = items[i]!;
            const bySort = index.key.sort ? compareKeyValues(a[index.key.sort.name]!, b[index.key.sort.name]!) : 0;
            assert.ok(bySort < 0 || (bySort === 0 && identity(a) !== identity(b)), `${index.name} order`);
          }
        }
      }
      assert.equal((await fx.engine.tableStats(table)).itemCount, model.size);
    } finally {
      await fx.close();
    }
  });
});
