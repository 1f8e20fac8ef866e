// Benchmark (not a test): DynamoDB storage engine latency on SQLite as the table grows.
// Loads 10,000 items, measures, grows the same table to 100,000 and measures again. A Query of
// 25 items is a B-tree seek plus 25 rows, so its latency should stay flat while the table
// grows tenfold.
//
//   npx tsc -b && node dist/bench/dynamodb-storage.js [--no-statement-cache] [--queries 2000]
// With NIMBUS_TEST_POSTGRES_URL set it runs on PostgreSQL instead (a throwaway schema).
//
// Measured on the shared 2-core dev box (noisy; p50 is the figure to read):
//   SQLite, 10k items:  Query(25) p50 91us, GSI Query(25) p50 92us, GetItem 13-21us, PutItem+GSI ~80us
//   SQLite, 100k items: Query(25) p50 89us, GSI Query(25) p50 93us   (flat: O(log n + k))
//   Load: ~30-38k items/s in 1,000-item transactions (~15k/s without the statement cache).
//   PostgreSQL 15 (local, fsync off), 100k items: Query(25) p50 194us, GetItem ~120us.
import { performance } from "node:perf_hooks";
import type { Item } from "../src/services/dynamodb/storage/attribute-value.js";
import type { TableEngine, TableRecord } from "../src/services/dynamodb/storage/table-engine.js";
import { createTable, openEngine } from "../test/services/dynamodb/storage/helpers/engine.js";

const args = process.argv.slice(2);
const cacheStatements = !args.includes("--no-statement-cache");
const queriesIndex = args.indexOf("--queries");
const QUERIES = queriesIndex >= 0 ? Number(args[queriesIndex + 1]) : 2000;
const PARTITIONS = 400; // 10,000 items -> 25 per partition; 100,000 -> 250
const BATCH = 1000;

function makeItem(i: number): Item {
  return {
    pk: { S: `user#${i % PARTITIONS}` },
    sk: { N: String(i) },
    status: { S: `status#${i % 97}` },
    created: { N: String(1_700_000_000 + i) },
    payload: { S: "x".repeat(100) },
    tags: { SS: ["a", "b", String(i % 7)] },
  };
}

async function load(engine: TableEngine, table: TableRecord, from: number, to: number): Promise<number> {
  const start = performance.now();
  for (let i = from; i < to; i += BATCH) {
    const ops = [];
    for (let j = i; j < Math.min(to, i + BATCH); j++) ops.push({ kind: "put" as const, table: table.layout, item: makeItem(j) });
    await engine.write(ops);
  }
  return performance.now() - start;
}

interface Stats {
  meanUs: number;
  p50Us: number;
  p99Us: number;
}

async function measure(runs: number, fn: (i: number) => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < Math.min(200, runs); i++) await fn(i); // warm up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    samples.push((performance.now() - t) * 1000);
  }
  samples.sort((a, b) => a - b);
  return {
    meanUs: Math.round(samples.reduce((s, x) => s + x, 0) / runs),
    p50Us: Math.round(samples[Math.floor(runs * 0.5)]!),
    p99Us: Math.round(samples[Math.floor(runs * 0.99)]!),
  };
}

async function report(engine: TableEngine, table: TableRecord, size: number, nextPut: () => number): Promise<void> {
  const query = await measure(QUERIES, async (i) => {
    const page = await engine.query(table, { partition: { S: `user#${(i * 7919) % PARTITIONS}` }, limit: 25 });
    if (page.items.length !== 25) throw new Error(`expected 25 items, got ${page.items.length}`);
  });
  const queryIndex = await measure(QUERIES, async (i) => {
    const page = await engine.query(table, { indexName: "byStatus", partition: { S: `status#${i % 97}` }, limit: 25, forward: false });
    if (page.items.length !== 25) throw new Error(`expected 25 index items, got ${page.items.length}`);
  });
  const get = await measure(QUERIES, async (i) => {
    const n = (i * 7919) % size;
    if (!(await engine.getItem(table, { pk: { S: `user#${n % PARTITIONS}` }, sk: { N: String(n) } }))) throw new Error("missing item");
  });
  const put = await measure(Math.min(QUERIES, 1000), async () => engine.putItem(table, makeItem(nextPut())));
  const statsStart = performance.now();
  const stats = await engine.tableStats(table);
  const statsMs = Math.round(performance.now() - statsStart);
  console.log(
    [
      `items=${stats.itemCount}`,
      `Query(25) mean=${query.meanUs}us p50=${query.p50Us}us p99=${query.p99Us}us`,
      `GSI Query(25) mean=${queryIndex.meanUs}us p50=${queryIndex.p50Us}us p99=${queryIndex.p99Us}us`,
      `GetItem mean=${get.meanUs}us p99=${get.p99Us}us`,
      `PutItem(+1 GSI) mean=${put.meanUs}us p99=${put.p99Us}us`,
      `tableStats=${statsMs}ms`,
    ].join("  |  "),
  );
}

async function main(): Promise<void> {
  const fx = await openEngine({ cacheStatements });
  try {
    const table = await createTable(fx.engine, {
      name: "bench",
      pk: ["pk", "S"],
      sk: ["sk", "N"],
      gsis: [{ name: "byStatus", pk: ["status", "S"], sk: ["created", "N"] }],
    });
    const backend = process.env.NIMBUS_TEST_POSTGRES_URL ? "PostgreSQL" : `SQLite, statement cache ${cacheStatements ? "on" : "off"}`;
    console.log(`DynamoDB storage benchmark (${backend}, ${QUERIES} queries per figure)`);
    let next = 100_000;
    const loadSmall = await load(fx.engine, table, 0, 10_000);
    console.log(`loaded 10,000 items in ${Math.round(loadSmall)}ms (${Math.round(10_000 / (loadSmall / 1000))} items/s, batches of ${BATCH})`);
    await report(fx.engine, table, 10_000, () => next++);
    const loadLarge = await load(fx.engine, table, 10_000, 100_000);
    console.log(`loaded 90,000 more in ${Math.round(loadLarge)}ms (${Math.round(90_000 / (loadLarge / 1000))} items/s)`);
    await report(fx.engine, table, 100_000, () => next++);
  } finally {
    await fx.close();
  }
}

await main();
