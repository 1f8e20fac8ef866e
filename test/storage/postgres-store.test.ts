// The shared store suite against PostgreSQL (skipped, saying why, when no server is reachable).
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { sql } from "kysely";
import { openStore } from "../../src/storage/open-store.js";
import { createTestDatabase } from "./postgres-test-database.js";
import { freshService, registerStoreSuite, withStore, type StoreHarness } from "./store-suite.js";

const database = await createTestDatabase();

if ("skip" in database) {
  it("PostgreSQL store", { skip: database.skip }, () => {});
} else {
  after(() => database.drop());
  const harness: StoreHarness = {
    dialect: "postgres",
    sharedByNodes: true,
    open: () => openStore({ dataDir: "unused", inMemory: false, url: database.url }),
  };
  registerStoreSuite(harness);

  describe("postgres store: specifics", () => {
    it("redacts the password from its location", async () => {
      const url = new URL(database.url);
      url.password = "s3cret";
      // trust authentication ignores the password, so this connects.
      const store = await openStore({ dataDir: "unused", inMemory: false, url: url.toString() });
      try {
        assert.ok(!store.location.includes("s3cret"));
        assert.match(store.location, /\*\*\*/);
      } finally {
        await store.close();
      }
    });

    it("resets only tables with the service's prefix and keeps its migration tables", async () => {
      const service = freshService();
      await withStore(harness, async (store) => {
        const sdb = await store.open<any>(service, {
          "0001": {
            async up(db) {
              await db.schema.createTable(`${service}_t`).addColumn("x", "integer").execute();
            },
          },
        });
        // A table of the same name but another prefix, as a neighbour service would have.
        await sql`create table ${sql.table(`o${service}_t`)} (x integer)`.execute(sdb.db);
        await sql`insert into ${sql.table(`o${service}_t`)} values (1)`.execute(sdb.db);
        await sdb.db.insertInto(`${service}_t`).values({ x: 1 }).execute();
        await sdb.reset();
        assert.equal((await sdb.db.selectFrom(`${service}_t`).selectAll().execute()).length, 0);
        assert.equal((await sql`select * from ${sql.table(`o${service}_t`)}`.execute(sdb.db)).rows.length, 1);
        const history = await sql`select name from ${sql.table(`${service}_migrations`)}`.execute(sdb.db);
        assert.deepEqual(history.rows, [{ name: "0001" }]);
      });
    });

    it("parses int8 as a number on its own pool only", async () => {
      await withStore(harness, async (store) => {
        const { db } = await store.open<any>(freshService(), {});
        const { rows } = await sql<{ v: unknown }>`select 9007199254740991::int8 as v`.execute(db);
        assert.equal(rows[0]!.v, 9007199254740991);
        await assert.rejects(sql`select 9007199254740993::int8 as v`.execute(db), /does not fit a JavaScript number/);
        const pg = (await import("pg")).default;
        assert.equal(typeof pg.types.getTypeParser(20, "text")("1"), "string", "pg's global parser is untouched");
      });
    });
  });
}
