// Query against an independent oracle: for random data of each key type, every key condition,
// both directions and random page sizes, the concatenated pages must equal the oracle's
// filtered, sorted list, and paging must resume exactly where it stopped.
import assert from "node:assert/strict";
import { Decimal } from "decimal.js";
import { after, before, describe, it } from "node:test";
import { ServiceError } from "../../../../src/aws/errors.js";
import type { AttributeValue, Item, KeyType } from "../../../../src/services/dynamodb/storage/attribute-value.js";
import type { QueryRequest, SortCondition, TableRecord } from "../../../../src/services/dynamodb/storage/table-engine.js";
import { createTable, type EngineFixture, openEngine } from "./helpers/engine.js";
import { type Random, seededRandom, testSeed } from "./helpers/random.js";
import { compareKeyValues, randomKeyValue, startsWith } from "./helpers/values.js";

const validation = (message: string) => (e: unknown) => e instanceof ServiceError && e.code === "ValidationException" && e.message === message;

function matches(sk: AttributeValue, condition: SortCondition | undefined): boolean {
  if (!condition) return true;
  switch (condition.op) {
    case "=":
      return compareKeyValues(sk, condition.value) === 0;
    case "<":
      return compareKeyValues(sk, condition.value) < 0;
    case "<=":
      return compareKeyValues(sk, condition.value) <= 0;
    case ">":
      return compareKeyValues(sk, condition.value) > 0;
    case ">=":
      return compareKeyValues(sk, condition.value) >= 0;
    case "BETWEEN":
      return compareKeyValues(sk, condition.low) >= 0 && compareKeyValues(sk, condition.high) <= 0;
    case "begins_with":
      return startsWith(sk, condition.prefix);
  }
}

function randomCondition(r: Random, type: KeyType, existing: AttributeValue[]): SortCondition | undefined {
  // Operands are often existing values, so boundaries and equality are exercised.
  const operand = () => (r.next() < 0.6 ? r.pick(existing) : randomKeyValue(r, type));
  const ops: (SortCondition["op"] | "none")[] = ["none", "=", "<", "<=", ">", ">=", "BETWEEN"];
  if (type !== "N") ops.push("begins_with");
  const op = r.pick(ops);
  switch (op) {
    case "none":
      return undefined;
    case "BETWEEN": {
      const [low, high] = [operand(), operand()].sort(compareKeyValues);
      return { op, low: low!, high: high! };
    }
    case "begins_with": {
      const whole = operand();
      const prefix: AttributeValue =
        "S" in whole ? { S: Array.from(whole.S).slice(0, r.int(1, 2)).join("") } : { B: (whole as { B: Buffer }).B.subarray(0, r.int(1, 2)) };
      return { op, prefix };
    }
    default:
      return { op, value: operand() };
  }
}

async function queryAllPages(fx: EngineFixture, table: TableRecord, request: QueryRequest, pageLimit: number): Promise<Item[][]> {
  const pages: Item[][] = [];
  let start: Item | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await fx.engine.query(table, { ...request, limit: pageLimit, exclusiveStartKey: start });
    assert.ok(page.items.length <= pageLimit);
    pages.push(page.items);
    if (!page.lastEvaluatedKey) return pages;
    const last = page.items[page.items.length - 1]!;
    assert.deepEqual(page.lastEvaluatedKey, { pk: last.pk, sk: last.sk });
    start = page.lastEvaluatedKey;
  }
  throw new Error("pagination did not terminate");
}

describe("table engine: query", () => {
  let fx: EngineFixture;
  const seed = testSeed();
  before(async () => {
    fx = await openEngine();
  });
  after(() => fx.close());

  for (const type of ["S", "N", "B"] as const) {
    it(`returns exactly the oracle's items in order for sort keys of type ${type} (seed ${seed})`, async () => {
      const r = seededRandom(seed + type.charCodeAt(0));
      const table = await createTable(fx.engine, { name: `query-${type}`, pk: ["pk", "S"], sk: ["sk", type] });
      const bySk = new Map<string, Item>();
      for (let i = 0; i < 300; i++) {
        const sk = randomKeyValue(r, type);
        const item: Item = { pk: { S: "p" }, sk, i: { N: String(i) } };
        await fx.engine.putItem(table, item);
        bySk.set(JSON.stringify(compareKeyValuesKey(sk)), item); // a later put with an equal key replaces
        // Neighbouring partitions must never leak into the results.
        await fx.engine.putItem(table, { pk: { S: i % 2 ? "o" : "q" }, sk, i: { N: "-1" } });
      }
      const stored = [...bySk.values()].sort((a, b) => compareKeyValues(a.sk!, b.sk!));
      const values = stored.map((item) => item.sk!);

      for (let round = 0; round < 60; round++) {
        const sort = randomCondition(r, type, values);
        const forward = r.next() < 0.5;
        const expected = stored.filter((item) => matches(item.sk!, sort));
        if (!forward) expected.reverse();
        const pageLimit = r.pick([1, 3, 10, 50, 1000]);
        const pages = await queryAllPages(fx, table, { partition: { S: "p" }, sort, forward }, pageLimit);
        const label = `${JSON.stringify(sort)} forward=${forward} limit=${pageLimit}`;
        assert.deepEqual(
          pages.flat().map((item) => item.i),
          expected.map((item) => item.i),
          label,
        );
      }
    });
  }

  it("returns a LastEvaluatedKey when Limit stops the page exactly at the end, then an empty page", async () => {
    const table = await createTable(fx.engine, { name: "exact", pk: ["pk", "S"], sk: ["sk", "N"] });
    for (let i = 0; i < 3; i++) await fx.engine.putItem(table, { pk: { S: "p" }, sk: { N: String(i) } });
    const first = await fx.engine.query(table, { partition: { S: "p" }, limit: 3 });
    assert.equal(first.items.length, 3);
    assert.deepEqual(first.lastEvaluatedKey, { pk: { S: "p" }, sk: { N: "2" } });
    const second = await fx.engine.query(table, { partition: { S: "p" }, limit: 3, exclusiveStartKey: first.lastEvaluatedKey });
    assert.deepEqual({ items: second.items, bytesRead: second.bytesRead, lastEvaluatedKey: second.lastEvaluatedKey }, { items: [], bytesRead: 0, lastEvaluatedKey: undefined });
    const unlimited = await fx.engine.query(table, { partition: { S: "p" }, limit: 4 });
    assert.equal(unlimited.lastEvaluatedKey, undefined);
  });

  it("stops a page after the item that crosses 1 MB", async () => {
    const table = await createTable(fx.engine, { name: "megabyte", pk: ["pk", "S"], sk: ["sk", "N"] });
    const payload = "x".repeat(100 * 1024);
    for (let i = 0; i < 15; i++) await fx.engine.putItem(table, { pk: { S: "p" }, sk: { N: String(i) }, data: { S: payload } });
    // "pk"+"p", "sk" + a one-digit number (zero is 1 byte, others 2), "data" + the payload.
    const itemBytes = 2 + 1 + (2 + 2) + (4 + payload.length);
    const first = await fx.engine.query(table, { partition: { S: "p" } });
    // 10 items are 1,024,130 bytes (< 1 MiB); the 11th crosses it and is the last of the page.
    assert.equal(first.items.length, 11);
    assert.equal(first.bytesRead, 11 * itemBytes - 1);
    assert.deepEqual(first.lastEvaluatedKey, { pk: { S: "p" }, sk: { N: "10" } });
    const second = await fx.engine.query(table, { partition: { S: "p" }, exclusiveStartKey: first.lastEvaluatedKey });
    assert.equal(second.items.length, 4);
    assert.equal(second.lastEvaluatedKey, undefined);
    // Scans obey the same budget.
    const scanned = await fx.engine.scan(table, {});
    assert.equal(scanned.items.length, 11);
    assert.ok(scanned.lastEvaluatedKey);
  });

  it("validates key conditions and the start key with DynamoDB's messages", async () => {
    const table = await createTable(fx.engine, { name: "errors", pk: ["pk", "S"], sk: ["sk", "N"] });
    const hashOnly = await createTable(fx.engine, { name: "errors-hash", pk: ["pk", "S"] });
    await assert.rejects(
      fx.engine.query(table, { partition: { N: "1" } }),
      validation("One or more parameter values were invalid: Condition parameter type does not match schema type"),
    );
    await assert.rejects(
      fx.engine.query(table, { partition: { S: "p" }, sort: { op: ">", value: { S: "1" } } }),
      validation("One or more parameter values were invalid: Condition parameter type does not match schema type"),
    );
    await assert.rejects(
      fx.engine.query(table, { partition: { S: "p" }, sort: { op: "begins_with", prefix: { N: "1" } } }),
      validation("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
    );
    await assert.rejects(
      fx.engine.query(hashOnly, { partition: { S: "p" }, sort: { op: ">", value: { N: "1" } } }),
      validation("Query key condition not supported"),
    );
    await assert.rejects(
      fx.engine.query(table, { partition: { S: "p" }, exclusiveStartKey: { pk: { S: "other" }, sk: { N: "1" } } }),
      validation("The provided starting key is outside query boundaries based on provided conditions"),
    );
    await assert.rejects(
      fx.engine.query(table, { partition: { S: "p" }, sort: { op: ">", value: { N: "5" } }, exclusiveStartKey: { pk: { S: "p" }, sk: { N: "5" } } }),
      validation("The provided starting key does not match the range key predicate"),
    );
    await assert.rejects(
      fx.engine.query(table, { partition: { S: "p" }, exclusiveStartKey: { pk: { S: "p" } } }),
      validation("The provided starting key is invalid: The provided key element does not match the schema"),
    );
    await assert.rejects(
      fx.engine.query(table, { indexName: "nope", partition: { S: "p" } }),
      validation("The table does not have the specified index: nope"),
    );
    // An empty result for an impossible range, not an error (the expression layer rejects BETWEEN a > b first).
    const empty = await fx.engine.query(table, { partition: { S: "p" }, sort: { op: "BETWEEN", low: { N: "5" }, high: { N: "1" } } });
    assert.deepEqual(empty.items, []);
  });
});

/** A canonical identity for a key value (equal numbers spelled differently collide). */
function compareKeyValuesKey(value: AttributeValue): string {
  if ("N" in value) return "N:" + normaliseNumber(value.N);
  if ("B" in value) return "B:" + value.B.toString("hex");
  if ("S" in value) return "S:" + value.S;
  throw new TypeError("not a key value");
}

function normaliseNumber(text: string): string {
  // decimal.js's canonical string is exact for DynamoDB's range.
  return new Decimal(text).toString();
}
