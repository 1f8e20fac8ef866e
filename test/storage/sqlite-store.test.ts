// The shared store suite against SQLite, plus what only the SQLite store does: its file
// layout, pragmas, in-memory mode and the table-prefix check.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { sql } from "kysely";
import { openStore } from "../../src/storage/open-store.js";
import { freshService, registerStoreSuite, withStore, type StoreHarness } from "./store-suite.js";

const dataDir = await mkdtemp(join(tmpdir(), "nimbus-sqlite-test-"));
after(() => rm(dataDir, { recursive: true, force: true }));

const harness: StoreHarness = {
  dialect: "sqlite",
  sharedByNodes: false,
  open: () => openStore({ dataDir, inMemory: false }),
};
registerStoreSuite(harness);

const pragmas = async (db: any) => ({
  journal: (await sql<any>`pragma journal_mode`.execute(db)).rows[0].journal_mode,
  synchronous: (await sql<any>`pragma synchronous`.execute(db)).rows[0].synchronous,
  foreignKeys: (await sql<any>`pragma foreign_keys`.execute(db)).rows[0].foreign_keys,
  busyTimeout: (await sql<any>`pragma busy_timeout`.execute(db)).rows[0].timeout,
});

describe("sqlite store: specifics", () => {
  it("keeps one WAL database file per service and blob files under blobs/<service>", async () => {
    const service = freshService();
    await withStore(harness, async (store) => {
      assert.equal(store.location, dataDir);
      const { db } = await store.open(service, {});
      assert.deepEqual(await pragmas(db), { journal: "wal", synchronous: 1, foreignKeys: 1, busyTimeout: 5000 });
      await store.blobs(service).put("dir/file.txt", Buffer.from("x"));
    });
    assert.ok(existsSync(join(dataDir, "db", `${service}.sqlite`)));
    assert.deepEqual(await readdir(join(dataDir, "blobs", service)), ["ddir"]);
    assert.deepEqual(await readdir(join(dataDir, "blobs", service, "ddir")), ["ffile%2etxt"]);
  });

  it("refuses migrations that create tables or indexes without the service prefix", async () => {
    const service = freshService();
    await withStore(harness, async (store) => {
      await assert.rejects(
        store.open(service, {
          "0001": {
            async up(db) {
              await db.schema.createTable("functions").addColumn("x", "text").execute();
            },
          },
        }),
        new RegExp(`table "functions".*must start with "${service}_"`),
      );
    });
  });

  it("runs in memory: databases in memory (no file), blobs in a temporary folder that close() removes", async () => {
    const store = await openStore({ dataDir: "ignored", inMemory: true, url: undefined });
    const folder = store.location;
    const service = freshService();
    try {
      const { db } = await store.open(service, {
        "0001": {
          async up(db) {
            await db.schema.createTable(`${service}_t`).addColumn("x", "text").execute();
          },
        },
      });
      // SQLite's in-memory database: no file behind it, its journal in memory too.
      assert.equal((await sql<any>`pragma database_list`.execute(db)).rows[0].file, "");
      assert.equal((await pragmas(db)).journal, "memory");
      assert.equal((await pragmas(db)).foreignKeys, 1);
      await db.insertInto(`${service}_t` as never).values({ x: "a" } as never).execute();
      // Opening the service again returns the same connection, so the same data.
      const again = await store.open(service, {});
      assert.deepEqual((await sql<any>`select x from ${sql.table(`${service}_t`)}`.execute(again.db)).rows, [{ x: "a" }]);
      await store.blobs(service).put("k", Buffer.from("v"));
      assert.equal(existsSync(join(folder, "db")), false);
      assert.ok(existsSync(join(folder, "blobs", service)));
    } finally {
      await store.close();
    }
    assert.equal(existsSync(folder), false);
    await assert.rejects(async () => store.blobs(service).put("k", Buffer.from("v")), /closed/);
    assert.equal(existsSync(folder), false);
  });

  it("shares one connection lock between Kysely and the direct path: neither sees the other's open transaction", async () => {
    const service = freshService();
    const migrations = {
      "0001": {
        async up(db: any) {
          await db.schema.createTable(`${service}_rows`).addColumn("n", "integer").execute();
        },
      },
    };
    await withStore(harness, async (store) => {
      const sdb = await store.open<any>(service, migrations);
      const direct = sdb.direct!;
      const count = (s: { all<R>(q: string, p: readonly unknown[]): R[] }) => s.all<{ c: number }>(`select count(*) as c from ${service}_rows`, [])[0]!.c;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const writing = sdb.transaction(async (trx) => {
        await trx.insertInto(`${service}_rows`).values({ n: 1 }).execute();
        await held;
      });
      await new Promise((resolve) => setImmediate(resolve));
      let seen: number | undefined;
      const reading = direct.withConnection(async (s) => (seen = count(s)));
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(seen, undefined, "the direct read waits for the transaction");
      release();
      await writing;
      await reading;
      assert.equal(seen, 1, "and then sees its commit");

      // A direct transaction that fails rolls back and frees the connection.
      await assert.rejects(
        direct.transaction(async (s) => {
          s.run(`insert into ${service}_rows (n) values (?)`, [2]);
          throw new Error("abort");
        }),
        /abort/,
      );
      const rows = await sdb.db.selectFrom(`${service}_rows`).select("n").execute();
      assert.deepEqual(rows, [{ n: 1 }]);
      await direct.transaction(async (s) => s.run(`insert into ${service}_rows (n) values (?)`, [3]));
      assert.equal(await direct.withConnection(async (s) => count(s)), 2);
    });
  });

  it("rejects contradictory or malformed store options", async () => {
    await assert.rejects(openStore({ dataDir, inMemory: true, url: "postgres://x@127.0.0.1/db" }), /cannot be combined/);
    await assert.rejects(openStore({ dataDir, inMemory: false, url: "mysql://x@127.0.0.1/db" }), /postgres:\/\//);
  });
});
