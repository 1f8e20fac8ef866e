// Single-row inserts/s and point reads/s through Kysely, per store backend.
// Usage: node dist/bench/storage-throughput.js [count] [postgres-url]
// (PostgreSQL is measured only when a URL is given; use a throw-away database.)
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../src/storage/open-store.js";
import type { Store } from "../src/storage/types.js";

const count = Number(process.argv[2] ?? 5000);
const postgresUrl = process.argv[3];

async function measure(label: string, store: Store): Promise<void> {
  const service = "bench" + randomBytes(4).toString("hex");
  const { db } = await store.open<any>(service, {
    "0001": {
      async up(db) {
        await db.schema
          .createTable(`${service}_items`)
          .addColumn("id", "bigint", (c) => c.primaryKey())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("updated_ms", "bigint", (c) => c.notNull())
          .execute();
      },
    },
  });
  const table = `${service}_items`;
  let start = performance.now();
  for (let i = 0; i < count; i++) {
    await db.insertInto(table).values({ id: i, name: `item-${i}`, updated_ms: Date.now() }).execute();
  }
  const insertsPerSecond = count / ((performance.now() - start) / 1000);
  start = performance.now();
  for (let i = 0; i < count; i++) {
    await db.selectFrom(table).selectAll().where("id", "=", (i * 7919) % count).executeTakeFirstOrThrow();
  }
  const readsPerSecond = count / ((performance.now() - start) / 1000);
  console.log(`${label.padEnd(24)} ${Math.round(insertsPerSecond).toString().padStart(7)} inserts/s ${Math.round(readsPerSecond).toString().padStart(7)} point reads/s`);
}

const dataDir = await mkdtemp(join(tmpdir(), "nimbus-bench-"));
try {
  for (const [label, options] of [
    ["sqlite (durable)", { dataDir, inMemory: false }],
    ["sqlite (in-memory mode)", { dataDir, inMemory: true }],
    ...(postgresUrl ? [["postgres", { dataDir, inMemory: false, url: postgresUrl }] as const] : []),
  ] as const) {
    const store = await openStore(options);
    try {
      await measure(label, store);
    } finally {
      await store.close();
    }
  }
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
