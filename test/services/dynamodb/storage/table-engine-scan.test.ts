// Scan: parallel segments partition the table (every item in exactly one segment), pages resume
// exactly, and a start key must belong to the segment it is used with.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ServiceError } from "../../../../src/aws/errors.js";
import type { Item } from "../../../../src/services/dynamodb/storage/attribute-value.js";
import type { ScanRequest, TableRecord } from "../../../../src/services/dynamodb/storage/table-engine.js";
import { itemSize } from "../../../../src/services/dynamodb/storage/item-size.js";
import { createTable, type EngineFixture, openEngine } from "./helpers/engine.js";

async function scanAll(fx: EngineFixture, table: TableRecord, request: ScanRequest): Promise<{ items: Item[]; pages: number }> {
  const items: Item[] = [];
  let start: Item | undefined;
  let pages = 0;
  do {
    const page = await fx.engine.scan(table, { ...request, exclusiveStartKey: start });
    items.push(...page.items);
    start = page.lastEvaluatedKey;
    pages++;
  } while (start);
  return { items, pages };
}

const id = (item: Item) => `${(item.pk as { S: string }).S}|${(item.sk as { N: string }).N}`;

describe("table engine: scan", () => {
  let fx: EngineFixture;
  let table: TableRecord;
  const all = new Set<string>();

  before(async () => {
    fx = await openEngine();
    table = await createTable(fx.engine, {
      name: "scan",
      pk: ["pk", "S"],
      sk: ["sk", "N"],
      gsis: [{ name: "byGroup", pk: ["group", "N"], projection: "KEYS_ONLY" }],
    });
    const ops = [];
    for (let p = 0; p < 120; p++) {
      for (let s = 0; s < 4; s++) {
        const item: Item = { pk: { S: `user#${p}` }, sk: { N: String(s) } };
        if ((p + s) % 3 === 0) item.group = { N: String(p % 4) };
        ops.push({ kind: "put" as const, table: table.layout, item });
        all.add(id(item));
      }
    }
    await fx.engine.write(ops); // one transaction for the whole batch
  });
  after(() => fx.close());

  it("covers every item exactly once across segments, for any segment count and page size", async () => {
    for (const [totalSegments, limit] of [
      [1, undefined],
      [2, 17],
      [3, 1],
      [7, 50],
      [16, 9],
      [1000, undefined],
    ] as const) {
      const seen: string[] = [];
      for (let segment = 0; segment < totalSegments; segment++) {
        const { items } = await scanAll(fx, table, { segment, totalSegments, limit });
        seen.push(...items.map(id));
      }
      assert.equal(seen.length, all.size, `TotalSegments ${totalSegments}`);
      assert.deepEqual(new Set(seen), all);
    }
  });

  it("keeps a partition's items together in sort-key order, partitions in hash order", async () => {
    const { items } = await scanAll(fx, table, {});
    const partitions = items.map((i) => (i.pk as { S: string }).S);
    const firstSeen = [...new Set(partitions)];
    assert.equal(firstSeen.length, 120);
    for (let i = 1; i < items.length; i++) {
      if (partitions[i] === partitions[i - 1]) {
        assert.ok(Number((items[i]!.sk as { N: string }).N) > Number((items[i - 1]!.sk as { N: string }).N));
      }
    }
    // Hash order, not key order: DynamoDB scans do not return partitions sorted.
    assert.notDeepEqual(firstSeen, [...firstSeen].sort());
  });

  it("scans a sparse index by segments too", async () => {
    const expected = [...all].filter((k) => {
      const [p, s] = k.split("|");
      return (Number(p!.slice(5)) + Number(s)) % 3 === 0;
    });
    const seen: string[] = [];
    for (let segment = 0; segment < 4; segment++) {
      const { items } = await scanAll(fx, table, { indexName: "byGroup", segment, totalSegments: 4, limit: 11 });
      for (const item of items) assert.deepEqual(Object.keys(item).sort(), ["group", "pk", "sk"]);
      seen.push(...items.map(id));
    }
    assert.deepEqual(seen.sort(), expected.sort());
    // Without Limit the engine reads in growing chunks; resuming between chunks must not skip or repeat.
    const whole = await fx.engine.scan(table, { indexName: "byGroup" });
    assert.equal(whole.lastEvaluatedKey, undefined);
    assert.deepEqual(whole.items.map(id).sort(), expected.sort());
  });

  it("rejects a start key from another segment, naming the right one", async () => {
    const page = await fx.engine.scan(table, { segment: 0, totalSegments: 2, limit: 1 });
    assert.ok(page.lastEvaluatedKey);
    await assert.rejects(
      fx.engine.scan(table, { segment: 1, totalSegments: 2, exclusiveStartKey: page.lastEvaluatedKey }),
      (e: unknown) =>
        e instanceof ServiceError &&
        e.code === "ValidationException" &&
        e.message ===
          "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: 2 Segment: 0",
    );
    await assert.rejects(
      fx.engine.scan(table, { exclusiveStartKey: { pk: { S: "x" } } }),
      (e: unknown) => e instanceof ServiceError && e.message === "The provided starting key is invalid: The provided key element does not match the schema",
    );
  });

  it("reports bytes read for capacity", async () => {
    const page = await fx.engine.scan(table, { limit: 10 });
    assert.equal(page.bytesRead, page.items.reduce((sum, item) => sum + itemSize(item), 0));
    assert.equal((await fx.engine.tableStats(table)).itemCount, all.size);
  });
});
