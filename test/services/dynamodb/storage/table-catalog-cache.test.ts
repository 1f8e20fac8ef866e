// Table lookups by name are cached on SQLite between catalog changes; every change must still be
// seen at once: one made through another engine on the same database (the dynamodb and
// dynamodbstreams providers share one), or by another connection to the same file (another
// process), which SQLite's data_version reveals.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FakeClock } from "../../../../src/shared/clock.js";
import type { DynamoDbDatabase } from "../../../../src/services/dynamodb/storage/schema.js";
import { TableEngine } from "../../../../src/services/dynamodb/storage/table-engine.js";
import type { SqliteServiceDb } from "../../../../src/storage/sqlite/sqlite-service-db.js";
import { openTwoConnections, type TwoConnections } from "./helpers/sqlite-service-db.js";
import { createTable, describeTable } from "./helpers/engine.js";

describe("table engine: catalog cache on SQLite", () => {
  let first: SqliteServiceDb<DynamoDbDatabase>;
  let second: SqliteServiceDb<DynamoDbDatabase>;
  let connections: TwoConnections;

  before(async () => {
    connections = await openTwoConnections("nimbus-catalog-");
    ({ first, second } = connections);
  });
  after(() => connections.close());

  const get = (engine: TableEngine, name: string) => engine.getTable("000000000000", "us-east-1", name);

  it("sees a change made through another engine on the same database", async () => {
    const a = new TableEngine(first, new FakeClock());
    const b = new TableEngine(first, new FakeClock());
    const created = await createTable(a, { name: "shared", pk: ["pk", "S"] });
    assert.equal((await get(a, "shared"))?.status, "ACTIVE");
    assert.equal(await get(a, "shared"), await get(a, "shared"), "the second lookup is served from the cache");
    await b.updateTable(created, { status: "UPDATING" });
    assert.equal((await get(a, "shared"))?.status, "UPDATING");
    await b.deleteTable((await get(b, "shared"))!);
    assert.equal(await get(a, "shared"), undefined);
  });

  it("sees a change committed by another connection to the file", async () => {
    const mine = new TableEngine(first, new FakeClock());
    const theirs = new TableEngine(second, new FakeClock());
    await createTable(mine, { name: "elsewhere", pk: ["pk", "S"] });
    const cached = await get(mine, "elsewhere");
    assert.equal(cached?.status, "ACTIVE");
    const description = { ...describeTable({ name: "elsewhere", pk: ["pk", "S"] }), TableClassSummary: { TableClass: "STANDARD_INFREQUENT_ACCESS" } };
    await theirs.updateTable((await get(theirs, "elsewhere"))!, { status: "UPDATING", description });
    const seen = await get(mine, "elsewhere");
    assert.equal(seen?.status, "UPDATING");
    assert.equal(seen?.version, cached!.version + 1);
    await theirs.deleteTable((await get(theirs, "elsewhere"))!);
    assert.equal(await get(mine, "elsewhere"), undefined);
  });
});
