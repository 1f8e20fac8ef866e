// The behaviour every Store backend must share, registered once per backend by
// sqlite-store.test.ts and postgres-store.test.ts.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { sql, type Kysely, type Migration } from "kysely";
import { addAutoIncrementId, binaryType, dialectOf, isUniqueViolation } from "../../src/storage/conventions.js";
import type { Store, StoreDialect } from "../../src/storage/types.js";
import { registerBlobSuite } from "./blob-suite.js";

export interface StoreHarness {
  dialect: StoreDialect;
  /** Opens a store over the same location every time, so a reopened store sees the data. */
  open(): Promise<Store>;
  /** Whether several stores may use the location at once (cluster nodes sharing PostgreSQL). */
  sharedByNodes: boolean;
}

/** A fresh service name per test, so tests sharing one database never meet. */
export const freshService = (): string => "t" + randomBytes(5).toString("hex");

/** Opens a store, runs fn, and closes the store whatever happens. */
export async function withStore<T>(harness: StoreHarness, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await harness.open();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Migrations that log, in a table, the order they ran in. */
function loggingMigrations(service: string, names: string[]): Record<string, Migration> {
  const migrations: Record<string, Migration> = {};
  for (const name of names) {
    migrations[name] = {
      async up(db: Kysely<any>) {
        if (name.startsWith("0001")) {
          await addAutoIncrementId(db.schema.createTable(`${service}_log`), "seq", db)
            .addColumn("name", "text", (c) => c.notNull())
            .execute();
        }
        await db.insertInto(`${service}_log`).values({ name }).execute();
      },
    };
  }
  return migrations;
}

const loggedMigrations = async (db: Kysely<any>, service: string): Promise<string[]> =>
  (await db.selectFrom(`${service}_log`).select("name").orderBy("seq").execute()).map((r) => r.name);

/** A parent/child schema with a RESTRICT foreign key, an identity column and every convention type. */
function itemMigrations(service: string): Record<string, Migration> {
  return {
    "0001_create_items": {
      async up(db: Kysely<any>) {
        await addAutoIncrementId(db.schema.createTable(`${service}_parents`), "id", db)
          .addColumn("name", "text", (c) => c.notNull().unique())
          .execute();
        await addAutoIncrementId(db.schema.createTable(`${service}_children`), "id", db)
          .addColumn("parent_id", "bigint", (c) => c.notNull().references(`${service}_parents.id`).onDelete("restrict"))
          .addColumn("created_ms", "bigint", (c) => c.notNull())
          .addColumn("doc_json", "text")
          .addColumn("bytes", binaryType(db))
          .addColumn("ratio", "double precision")
          .addColumn("flag", "integer")
          .execute();
        await db.schema.createIndex(`${service}_children_by_parent`).on(`${service}_children`).column("parent_id").execute();
        await db.schema
          .createTable(`${service}_counter`)
          .addColumn("name", "text", (c) => c.primaryKey())
          .addColumn("n", "bigint", (c) => c.notNull())
          .execute();
      },
    },
  };
}

export function registerStoreSuite(harness: StoreHarness): void {
  describe(`${harness.dialect} store: migrations`, () => {
    it("applies migrations once each, in the order their names sort", async () => {
      const service = freshService();
      await withStore(harness, async (store) => {
        const sdb = await store.open(service, loggingMigrations(service, ["0002_b", "0001_a", "0003_c"]));
        assert.equal(sdb.dialect, harness.dialect);
        assert.equal(dialectOf(sdb.db), harness.dialect);
        assert.deepEqual(await loggedMigrations(sdb.db, service), ["0001_a", "0002_b", "0003_c"]);
      });
      await withStore(harness, async (store) => {
        const sdb = await store.open(service, loggingMigrations(service, ["0001_a", "0002_b", "0003_c", "0004_d"]));
        assert.deepEqual(await loggedMigrations(sdb.db, service), ["0001_a", "0002_b", "0003_c", "0004_d"]);
      });
    });

    it("returns the same handle when a service is opened twice", async () => {
      const service = freshService();
      await withStore(harness, async (store) => {
        const migrations = loggingMigrations(service, ["0001_a"]);
        const [first, second] = await Promise.all([store.open(service, migrations), store.open(service, migrations)]);
        assert.equal(first, second);
        assert.deepEqual(await loggedMigrations(first.db, service), ["0001_a"]);
      });
    });

    it("keeps each service's migration history apart", async () => {
      const [a, b] = [freshService(), freshService()];
      await withStore(harness, async (store) => {
        await store.open(a, loggingMigrations(a, ["0001_init"]));
        const sdbB = await store.open(b, loggingMigrations(b, ["0001_init", "0002_more"]));
        assert.deepEqual(await loggedMigrations(sdbB.db, b), ["0001_init", "0002_more"]);
      });
    });

    it("fails the open, naming the migration, when a migration throws, and applies none of it", async () => {
      const service = freshService();
      await withStore(harness, async (store) => {
        const migrations = {
          ...loggingMigrations(service, ["0001_a"]),
          "0002_broken": {
            async up(db: Kysely<any>) {
              await db.schema.createTable(`${service}_half`).addColumn("x", "text").execute();
              throw new Error("boom");
            },
          },
        };
        await assert.rejects(store.open(service, migrations), /0002_broken failed: boom/);
        // A failed open is not cached; the fixed migration set applies from a clean state.
        const sdb = await store.open(service, loggingMigrations(service, ["0001_a", "0002_b"]));
        assert.deepEqual(await loggedMigrations(sdb.db, service), ["0001_a", "0002_b"]);
        const tables = await sdb.db.introspection.getTables();
        assert.ok(!tables.some((t) => t.name === `${service}_half`), "the failed migration's table was rolled back");
      });
    });

    if (harness.sharedByNodes) {
      it("applies each migration once when several nodes open a service at the same time", async () => {
        const service = freshService();
        const stores = await Promise.all([harness.open(), harness.open(), harness.open()]);
        try {
          const migrations = loggingMigrations(service, ["0001_a", "0002_b", "0003_c"]);
          const dbs = await Promise.all(stores.map((s) => s.open(service, migrations)));
          assert.deepEqual(await loggedMigrations(dbs[0]!.db, service), ["0001_a", "0002_b", "0003_c"]);
        } finally {
          await Promise.all(stores.map((s) => s.close()));
        }
      });
    }
  });

  describe(`${harness.dialect} store: data`, () => {
    it("keeps committed rows when the store is closed and reopened", async () => {
      const service = freshService();
      await withStore(harness, async (store) => {
        const { db } = await store.open<any>(service, itemMigrations(service));
        await db.insertInto(`${service}_parents`).values([{ name: "p1" }, { name: "p2" }]).execute();
      });
      await withStore(harness, async (store) => {
        const { db } = await store.open<any>(service, itemMigrations(service));
        const rows = await db.selectFrom(`${service}_parents`).select(["id", "name"]).orderBy("id").execute();
        assert.deepEqual(rows, [
          { id: 1, name: "p1" },
          { id: 2, name: "p2" },
        ]);
      });
    });

    it("reads bigint timestamps, JSON text, bytes, doubles and 0/1 flags back identically", async () => {
      const service = freshService();
      await withStore(harness, async (store) => {
        const { db } = await store.open<any>(service, itemMigrations(service));
        const [parent] = await db.insertInto(`${service}_parents`).values({ name: "p" }).returning("id").execute();
        assert.equal(parent.id, 1);
        const doc = { a: [1, "two", null], nested: { ok: true }, unicode: "é😀" };
        const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
        const createdMs = Date.UTC(2026, 0, 1, 12, 30, 15, 123);
        await db
          .insertInto(`${service}_children`)
          .values([
            { parent_id: parent.id, created_ms: createdMs, doc_json: JSON.stringify(doc), bytes, ratio: 0.1 + 0.2, flag: 1 },
            { parent_id: parent.id, created_ms: Number.MAX_SAFE_INTEGER, doc_json: null, bytes: null, ratio: null, flag: 0 },
          ])
          .execute();
        const rows = await db.selectFrom(`${service}_children`).selectAll().orderBy("id").execute();
        assert.equal(rows[0].created_ms, createdMs);
        assert.equal(rows[1].created_ms, Number.MAX_SAFE_INTEGER);
        assert.equal(rows[0].parent_id, 1);
        assert.deepEqual(JSON.parse(rows[0].doc_json), doc);
        assert.ok(Buffer.isBuffer(rows[0].bytes));
        assert.deepEqual(rows[0].bytes, bytes);
        assert.equal(rows[0].ratio, 0.1 + 0.2);
        assert.equal(rows[0].flag, 1);
        assert.equal(rows[1].flag, 0);
        const { n }: any = await db.selectFrom(`${service}_children`).select((eb: any) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
        assert.equal(n, 2, "count(*) is a number on both backends");
        const { total } = await db
          .selectFrom(`${service}_children`)
          .select(sql<number>`cast(sum(flag) as bigint)`.as("total"))
          .executeTakeFirstOrThrow();
        assert.equal(total, 1);
      });
    });

    it("recognises a unique violation on either backend", async () => {
      const service = freshService();
      await withStore(harness, async (store) => {
        const { db } = await store.open<any>(service, itemMigrations(service));
        await db.insertInto(`${service}_parents`).values({ name: "same" }).execute();
        const error = await db
          .insertInto(`${service}_parents`)
          .values({ name: "same" })
          .execute()
          .then(() => undefined, (e: unknown) => e);
        assert.ok(error, "the duplicate insert failed");
        assert.equal(isUniqueViolation(error), true);
        assert.equal(isUniqueViolation(new Error("other")), false);
      });
    });
  });

  describe(`${harness.dialect} store: transactions`, () => {
    it("commits every write of a transaction together", async () => {
      const service = freshService();
      await withStore(harness, async (store) => {
        const sdb = await store.open<any>(service, itemMigrations(service));
        const result = await sdb.transaction(async (trx) => {
          await trx.insertInto(`${service}_parents`).values({ name: "a" }).execute();
          await trx.insertInto(`${service}_counter`).values({ name: "c", n: 1 }).execute();
          return "done";
        });
        assert.equal(result, "done");
        assert.equal((await sdb.db.selectFrom(`${service}_parents`).selectAll().execute()).length, 1);
        assert.equal((await sdb.db.selectFrom(`${service}_counter`).selectAll().execute()).length, 1);
      });
    });

    it("rolls back every write when the transaction throws, and rethrows the error", async () => {
      const service = freshService();
      await withStore(harness, async (store) => {
        const sdb = await store.open<any>(service, itemMigrations(service));
        const failure = new Error("abort");
        await assert.rejects(
          sdb.transaction(async (trx) => {
            await trx.insertInto(`${service}_parents`).values({ name: "a" }).execute();
            await trx.insertInto(`${service}_counter`).values({ name: "c", n: 1 }).execute();
            throw failure;
          }),
          (e) => e === failure,
        );
        assert.equal((await sdb.db.selectFrom(`${service}_parents`).selectAll().execute()).length, 0);
        assert.equal((await sdb.db.selectFrom(`${service}_counter`).selectAll().execute()).length, 0);
      });
    });

    it("runs concurrent transactions without losing or mixing their writes", async () => {
      const service = freshService();
      await withStore(harness, async (store) => {
        const sdb = await store.open<any>(service, itemMigrations(service));
        await sdb.db.insertInto(`${service}_counter`).values({ name: "c", n: 0 }).execute();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 24 }, (_, t) =>
            sdb.transaction(async (trx) => {
              const [parent] = await trx.insertInto(`${service}_parents`).values({ name: `tx${t}` }).returning("id").execute();
              for (let k = 0; k < 4; k++) {
                await trx
                  .insertInto(`${service}_children`)
                  .values({ parent_id: parent.id, created_ms: t * 100 + k })
                  .execute();
              }
              await trx
                .updateTable(`${service}_counter`)
                .set((eb: any) => ({ n: eb("n", "+", 1) }))
                .where("name", "=", "c")
                .execute();
              if (t % 4 === 3) throw new Error(`abort ${t}`);
            }),
          ),
        );
        const committed = outcomes.map((o, t) => (o.status === "fulfilled" ? t : -1)).filter((t) => t >= 0);
        assert.equal(committed.length, 18);
        const { n } = await sdb.db.selectFrom(`${service}_counter`).select("n").executeTakeFirstOrThrow();
        assert.equal(n, committed.length);
        const parents = await sdb.db.selectFrom(`${service}_parents`).select(["id", "name"]).execute();
        assert.deepEqual(parents.map((p: any) => p.name).sort(), committed.map((t) => `tx${t}`).sort());
        for (const parent of parents) {
          const t = Number(parent.name.slice(2));
          const children = await sdb.db
            .selectFrom(`${service}_children`)
            .select("created_ms")
            .where("parent_id", "=", parent.id)
            .orderBy("created_ms")
            .execute();
          assert.deepEqual(children.map((c: any) => c.created_ms), [0, 1, 2, 3].map((k) => t * 100 + k));
        }
      });
    });
  });

  describe(`${harness.dialect} store: reset`, () => {
    it("deletes every row, despite foreign keys, and keeps the schema and migration history", async () => {
      const service = freshService();
      await withStore(harness, async (store) => {
        const sdb = await store.open<any>(service, itemMigrations(service));
        const [p] = await sdb.db.insertInto(`${service}_parents`).values([{ name: "a" }, { name: "b" }]).returning("id").execute();
        await sdb.db.insertInto(`${service}_children`).values({ parent_id: p.id, created_ms: 1 }).execute();
        await sdb.db.insertInto(`${service}_counter`).values({ name: "c", n: 5 }).execute();
        await sdb.reset();
        for (const table of ["parents", "children", "counter"]) {
          assert.deepEqual(await sdb.db.selectFrom(`${service}_${table}`).selectAll().execute(), [], table);
        }
        // Schema intact and identities restarted: a fresh insert works and numbers from 1.
        const [again] = await sdb.db.insertInto(`${service}_parents`).values({ name: "a" }).returning("id").execute();
        assert.equal(again.id, 1);
        // Foreign keys still enforced after the reset.
        await assert.rejects(sdb.db.insertInto(`${service}_children`).values({ parent_id: 999, created_ms: 1 }).execute());
      });
      // The migration history survived: reopening does not re-run 0001 (it would fail: tables exist).
      await withStore(harness, async (store) => {
        const sdb = await store.open<any>(service, itemMigrations(service));
        assert.equal((await sdb.db.selectFrom(`${service}_parents`).selectAll().execute()).length, 1);
      });
    });

    it("leaves other services' rows alone", async () => {
      const [a, b] = [freshService(), freshService()];
      await withStore(harness, async (store) => {
        const sdbA = await store.open<any>(a, itemMigrations(a));
        const sdbB = await store.open<any>(b, itemMigrations(b));
        await sdbA.db.insertInto(`${a}_parents`).values({ name: "x" }).execute();
        await sdbB.db.insertInto(`${b}_parents`).values({ name: "y" }).execute();
        await sdbA.reset();
        assert.deepEqual(await sdbA.db.selectFrom(`${a}_parents`).select("name").execute(), []);
        assert.deepEqual(await sdbB.db.selectFrom(`${b}_parents`).select("name").execute(), [{ name: "y" }]);
      });
    });
  });

  describe(`${harness.dialect} store: lifecycle`, () => {
    it("refuses to open a service with an invalid name or after close", async () => {
      const store = await harness.open();
      await assert.rejects(async () => store.open("Bad-Name", {}), /invalid store service name/);
      await assert.rejects(async () => store.open("a_b", {}), /invalid store service name/);
      await assert.rejects(async () => store.open("nimbus", {}), /reserved/);
      assert.throws(() => store.blobs("../x"), /invalid store service name/);
      const blobs = store.blobs(freshService());
      await store.close();
      await store.close(); // closing twice is harmless
      await assert.rejects(async () => store.open(freshService(), {}), /closed/);
      assert.throws(() => store.blobs(freshService()), /closed/);
      await assert.rejects(async () => blobs.put("k", Buffer.from("v")), /closed/);
      await assert.rejects(async () => blobs.list(""), /closed/);
    });
  });

  registerBlobSuite(harness);
}
