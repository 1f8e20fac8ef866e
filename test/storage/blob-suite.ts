// BlobStore behaviour shared by the file-system (SQLite store) and PostgreSQL backends.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { freshService, withStore, type StoreHarness } from "./store-suite.js";

const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Keys chosen to break naive mappings: traversal, separators, case, reserved names, long, non-ASCII. */
const AWKWARD_KEYS = [
  "a",
  "a/",
  "a/b",
  "a//b",
  "a/b/c",
  "/leading",
  "ab",
  "A",
  "B",
  "..",
  ".",
  "../escape",
  "../../etc/passwd",
  "x/../y",
  "back\\slash",
  "under_score",
  "underXscore",
  "100%",
  "100x",
  "colon:star*?<>|",
  "CON",
  "con.txt",
  "dot.",
  "space ",
  "%41",
  "^a",
  "é",
  "\uFFFD",
  "😀",
  "\u{10FFFF}",
  "tab\tnew\nline",
  "",
  "l".repeat(1000),
  "ü".repeat(300) + "/tail",
  "ü".repeat(512),
];

export function registerBlobSuite(harness: StoreHarness): void {
  describe(`${harness.dialect} store: blobs`, () => {
    it("puts, gets, overwrites and deletes", async () => {
      await withStore(harness, async (store) => {
        const blobs = store.blobs(freshService());
        assert.equal(await blobs.get("k"), undefined);
        await blobs.put("k", Buffer.from("one"));
        assert.deepEqual(await blobs.get("k"), Buffer.from("one"));
        await blobs.put("k", Buffer.from("second"));
        assert.deepEqual(await blobs.get("k"), Buffer.from("second"));
        await blobs.put("empty", Buffer.alloc(0));
        assert.deepEqual(await blobs.get("empty"), Buffer.alloc(0));
        await blobs.delete("k");
        assert.equal(await blobs.get("k"), undefined);
        await blobs.delete("k"); // deleting a missing key is a no-op
        assert.deepEqual(await blobs.list(""), ["empty"]);
      });
    });

    it("returns exactly the bytes stored (every byte value, random data)", async () => {
      await withStore(harness, async (store) => {
        const blobs = store.blobs(freshService());
        const everyByte = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
        const random = randomBytes(1 << 20);
        await blobs.put("every-byte", everyByte);
        await blobs.put("random", random);
        assert.deepEqual(await blobs.get("every-byte"), everyByte);
        assert.deepEqual(await blobs.get("random"), random);
      });
    });

    it("stores a 20 MB blob", async () => {
      await withStore(harness, async (store) => {
        const blobs = store.blobs(freshService());
        const big = randomBytes(20 * 1024 * 1024);
        await blobs.put("big/object.bin", big);
        const back = await blobs.get("big/object.bin");
        assert.equal(back?.length, big.length);
        assert.equal(createHash("sha256").update(back!).digest("hex"), createHash("sha256").update(big).digest("hex"));
      });
    });

    it("keeps awkward keys distinct and lists them by prefix in UTF-8 byte order", async () => {
      const service = freshService();
      await withStore(harness, async (store) => {
        const blobs = store.blobs(service);
        for (const key of AWKWARD_KEYS) await blobs.put(key, Buffer.from(`value of ${key}`));
        for (const key of AWKWARD_KEYS) assert.deepEqual(await blobs.get(key), Buffer.from(`value of ${key}`), key);
        assert.deepEqual(await blobs.list(""), [...AWKWARD_KEYS].sort(byUtf8));
        for (const prefix of ["a", "a/", "a/b", "a//", "..", "../", "ü", "ü".repeat(300), "l".repeat(999), "%", "^", "zzz", "under_", "back\\", "100%"]) {
          const expected = AWKWARD_KEYS.filter((k) => k.startsWith(prefix)).sort(byUtf8);
          assert.deepEqual(await blobs.list(prefix), expected, `prefix ${JSON.stringify(prefix)}`);
        }
        await blobs.delete("a/b/c");
        await blobs.delete("../../etc/passwd");
        assert.deepEqual(await blobs.list("a/b"), ["a/b"]);
        assert.deepEqual(await blobs.list("../"), ["../escape"]);
      });
      // Keys stay inside their service: a traversal key of one is invisible to another.
      await withStore(harness, async (store) => {
        assert.deepEqual(await store.blobs(freshService()).list(""), []);
        assert.equal((await store.blobs(service).list("")).length, AWKWARD_KEYS.length - 2);
      });
    });

    it("keeps blobs when the store is reopened", async () => {
      const service = freshService();
      await withStore(harness, (store) => store.blobs(service).put("kept/1", Buffer.from("x")));
      await withStore(harness, async (store) => {
        assert.deepEqual(await store.blobs(service).get("kept/1"), Buffer.from("x"));
      });
    });

    it("keeps services' blobs apart, and reset deletes only the service's own", async () => {
      await withStore(harness, async (store) => {
        const [a, b] = [store.blobs(freshService()), store.blobs(freshService())];
        await a.put("same/key", Buffer.from("a"));
        await a.put("other", Buffer.from("a2"));
        await b.put("same/key", Buffer.from("b"));
        assert.deepEqual(await a.get("same/key"), Buffer.from("a"));
        assert.deepEqual(await b.get("same/key"), Buffer.from("b"));
        await a.reset();
        assert.deepEqual(await a.list(""), []);
        assert.equal(await a.get("same/key"), undefined);
        assert.deepEqual(await b.list(""), ["same/key"]);
        await a.put("after-reset", Buffer.from("works"));
        assert.deepEqual(await a.list(""), ["after-reset"]);
      });
    });

    it("leaves one whole value when puts and deletes on nearby keys race", async () => {
      await withStore(harness, async (store) => {
        const blobs = store.blobs(freshService());
        const values = Array.from({ length: 8 }, (_, i) => Buffer.alloc(64 * 1024, i + 1));
        await Promise.all([
          ...values.map((v) => blobs.put("race/key", v)),
          ...values.map((v, i) => blobs.put(`race/n${i}`, v).then(() => blobs.delete(`race/n${i}`))),
        ]);
        const final = await blobs.get("race/key");
        assert.ok(values.some((v) => v.equals(final!)), "the final value is one of the values put, not a mix");
        assert.deepEqual(await blobs.list("race/"), ["race/key"]);
      });
    });

    it("shows a reader during an overwrite the old value or the new one, never a mix", async () => {
      await withStore(harness, async (store) => {
        const blobs = store.blobs(freshService());
        const versions = [Buffer.alloc(4 << 20, 1), Buffer.alloc(4 << 20, 2)];
        await blobs.put("doc", versions[0]!);
        for (let round = 1; round <= 6; round++) {
          const next = versions[round % 2]!;
          const reads: Promise<Buffer | undefined>[] = [];
          const writing = blobs.put("doc", next);
          for (let r = 0; r < 6; r++) {
            reads.push(blobs.get("doc"));
            await new Promise((resolve) => setImmediate(resolve));
          }
          await writing;
          for (const read of await Promise.all(reads)) {
            assert.ok(versions.some((v) => v.equals(read!)), `round ${round}: read ${read?.length} bytes of a torn value`);
          }
        }
      });
    });

    it("rejects keys no backend can hold the same way", async () => {
      await withStore(harness, async (store) => {
        const blobs = store.blobs(freshService());
        await assert.rejects(blobs.put("nul\u0000", Buffer.alloc(1)), /NUL/);
        await assert.rejects(blobs.put("lone\uD800", Buffer.alloc(1)), /well-formed/);
        await assert.rejects(blobs.put("x".repeat(1025), Buffer.alloc(1)), /1025 bytes/);
        await assert.rejects(blobs.get("é".repeat(513)), /1026 bytes/);
      });
    });
  });
}
