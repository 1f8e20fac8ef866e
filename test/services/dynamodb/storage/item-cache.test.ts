// Point reads are cached on SQLite while the database stands still; every change must still be
// seen at once, whichever way it came: a write through the same or another engine on the
// database (the dynamodb and dynamodbstreams providers share one), a rolled-back transaction,
// a deleted and recreated table, a reset, or a commit by another connection to the same file
// (another process), which SQLite's data_version reveals.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FakeClock } from "../../../../src/shared/clock.js";
import type { DynamoDbDatabase } from "../../../../src/services/dynamodb/storage/schema.js";
import { TableEngine } from "../../../../src/services/dynamodb/storage/table-engine.js";
import type { SqliteServiceDb } from "../../../../src/storage/sqlite/sqlite-service-db.js";
import { openTwoConnections, type TwoConnections } from "./helpers/sqlite-service-db.js";
import { createTable } from "./helpers/engine.js";

describe("table engine: item cache on SQLite", () => {
  let first: SqliteServiceDb<DynamoDbDatabase>;
  let second: SqliteServiceDb<DynamoDbDatabase>;
  let connections: TwoConnections;

  before(async () => {
    connections = await openTwoConnections("nimbus-item-cache-");
    ({ first, second } = connections);
  });
  after(() => connections.close());

  const key = (pk: string) => ({ pk: { S: pk } });
  const text = async (engine: TableEngine, table: Parameters<TableEngine["getItem"]>[0], pk: string) => (await engine.getItem(table, key(pk)))?.text;

  it("sees writes through the same and another engine, and not a rolled-back one", async () => {
    const a = new TableEngine(first, new FakeClock());
    const b = new TableEngine(first, new FakeClock());
    const table = await createTable(a, { name: "cached", pk: ["pk", "S"] });
    await a.putItem(table, { pk: { S: "k" }, v: { N: "1" } });
    assert.match((await text(a, table, "k"))!, /"1"/);
    assert.match((await text(a, table, "k"))!, /"1"/, "read again (from the cache)");
    assert.equal(await a.replaceItem(table, { pk: { S: "k" }, v: { N: "2" } }), true);
    assert.match((await text(a, table, "k"))!, /"2"/);
    await b.putItem(table, { pk: { S: "k" }, v: { N: "3" } });
    assert.match((await text(a, table, "k"))!, /"3"/);
    await assert.rejects(
      a.write([{ kind: "put", table: table.layout, item: { pk: { S: "k" }, v: { N: "4" } } }], {
        beforeCommit: () => {
          throw new Error("roll back");
        },
      }),
    );
    assert.match((await text(a, table, "k"))!, /"3"/);
    await b.deleteItem(table, key("k"));
    assert.equal(await text(a, table, "k"), undefined);
  });

  it("forgets the items of a deleted table, even when a new table reuses its id", async () => {
    const engine = new TableEngine(first, new FakeClock());
    const table = await createTable(engine, { name: "gone", pk: ["pk", "S"] });
    await engine.putItem(table, { pk: { S: "k" }, v: { S: "old" } });
    assert.match((await text(engine, table, "k"))!, /old/);
    await engine.deleteTable(table);
    const again = await createTable(engine, { name: "gone", pk: ["pk", "S"] });
    assert.equal(await text(engine, again, "k"), undefined);
  });

  it("forgets everything on a reset", async () => {
    const engine = new TableEngine(first, new FakeClock());
    const table = await createTable(engine, { name: "reset", pk: ["pk", "S"] });
    await engine.putItem(table, { pk: { S: "k" }, v: { S: "before" } });
    assert.match((await text(engine, table, "k"))!, /before/);
    await first.reset();
    assert.equal(await text(engine, table, "k"), undefined);
  });

  it("sees a commit by another connection to the file", async () => {
    const mine = new TableEngine(first, new FakeClock());
    const theirs = new TableEngine(second, new FakeClock());
    const table = await createTable(mine, { name: "elsewhere", pk: ["pk", "S"] });
    await mine.putItem(table, { pk: { S: "k" }, v: { S: "mine" } });
    assert.match((await text(mine, table, "k"))!, /mine/);
    const theirTable = (await theirs.getTable("000000000000", "us-east-1", "elsewhere"))!;
    await theirs.putItem(theirTable, { pk: { S: "k" }, v: { S: "theirs" } });
    assert.match((await text(mine, table, "k"))!, /theirs/);
  });

  it("hands every reader its own decoded item", async () => {
    const engine = new TableEngine(first, new FakeClock());
    const table = await createTable(engine, { name: "copies", pk: ["pk", "S"] });
    await engine.putItem(table, { pk: { S: "k" }, v: { S: "x" } });
    const one = (await engine.getItem(table, key("k")))!.item;
    one.v = { S: "changed by a caller" };
    assert.deepEqual((await engine.getItem(table, key("k")))!.item, { pk: { S: "k" }, v: { S: "x" } });
  });
});
