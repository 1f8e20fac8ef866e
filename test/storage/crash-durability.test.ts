// Acknowledged writes survive kill -9: a child process writes rows and blobs in a loop,
// printing each write once the store acknowledged it; after ~1.5 s it is SIGKILLed, and the
// reopened store must hold every acknowledged write, intact, and still work.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { sql } from "kysely";
import { openStore, type OpenStoreOptions } from "../../src/storage/open-store.js";
import { blobContent, blobVersion, crashMigrations } from "./fixtures/crash-schema.js";
import { createTestDatabase } from "./postgres-test-database.js";
import { freshService } from "./store-suite.js";

const WRITER = fileURLToPath(new URL("./fixtures/crash-writer.js", import.meta.url));
const RUN_MS = 1_500;
const START_TIMEOUT_MS = 15_000;

interface Acknowledged {
  rows: number[];
  blobs: number[];
  latest: number[];
}

/** Runs the writer, SIGKILLs it RUN_MS after its first acknowledged write, returns what it acknowledged. */
function runAndKill(config: { dataDir?: string; url?: string; service: string }): Promise<Acknowledged> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, JSON.stringify(config)], { stdio: ["ignore", "pipe", "pipe"] });
    const acknowledged: Acknowledged = { rows: [], blobs: [], latest: [] };
    let stdout = "";
    let stderr = "";
    let killTimer: NodeJS.Timeout | undefined;
    const startTimer = setTimeout(() => child.kill("SIGKILL"), START_TIMEOUT_MS);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      killTimer ??= setTimeout(() => child.kill("SIGKILL"), RUN_MS);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(startTimer);
      clearTimeout(killTimer);
      if (signal !== "SIGKILL" || killTimer === undefined) {
        reject(new Error(`writer ended by ${signal ?? `exit ${code}`} before it was killed: ${stderr}`));
        return;
      }
      // Every complete line is an acknowledgement; a torn last line (none expected) is not.
      for (const line of stdout.split("\n").slice(0, -1)) {
        const [kind, id] = line.split(" ") as [keyof Acknowledged | "row" | "blob", string];
        const list = kind === "row" ? acknowledged.rows : kind === "blob" ? acknowledged.blobs : acknowledged.latest;
        list.push(Number(id));
      }
      resolve(acknowledged);
    });
  });
}

async function assertAcknowledgedWritesSurvived(
  t: { diagnostic(message: string): void },
  options: OpenStoreOptions,
  service: string,
  acked: Acknowledged,
) {
  t.diagnostic(`acknowledged before kill: ${acked.rows.length} rows, ${acked.blobs.length + acked.latest.length} blob puts`);
  assert.ok(acked.rows.length > 0 && acked.latest.length > 0, "the writer acknowledged writes before it was killed");
  const store = await openStore(options);
  try {
    const sdb = await store.open<any>(service, crashMigrations(service));
    if (sdb.dialect === "sqlite") {
      const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(sdb.db);
      assert.deepEqual(check.rows, [{ integrity_check: "ok" }]);
    }
    const ids = new Set((await sdb.db.selectFrom(`${service}_writes`).select("id").execute()).map((r: any) => r.id));
    const missing = acked.rows.filter((id) => !ids.has(id));
    assert.deepEqual(missing, [], `${missing.length} of ${acked.rows.length} acknowledged rows are missing`);
    // Transactions are atomic: the counter matches the rows that made it, acknowledged or not.
    const { n } = await sdb.db.selectFrom(`${service}_counter`).select("n").executeTakeFirstOrThrow();
    assert.equal(n, Math.max(...ids));
    assert.equal(ids.size, n);

    const blobs = store.blobs(service);
    for (const i of acked.blobs) assert.deepEqual(await blobs.get(`each/${i}`), blobContent(i, 1024), `blob each/${i}`);
    const latest = await blobs.get("latest");
    assert.ok(latest, "the overwritten blob exists");
    const version = blobVersion(latest);
    assert.notEqual(version, undefined, "the overwritten blob is whole, not torn");
    assert.ok(version! >= Math.max(...acked.latest), `latest holds version ${version}, acknowledged ${Math.max(...acked.latest)}`);

    // The store still takes writes after the crash.
    await sdb.db.insertInto(`${service}_writes`).values({ id: -1, payload: "after crash" }).execute();
  } finally {
    await store.close();
  }
}

describe("crash durability", () => {
  it("sqlite: every acknowledged write survives kill -9 and the database is intact", async (t) => {
    const dataDir = await mkdtemp(join(tmpdir(), "nimbus-crash-"));
    try {
      const service = freshService();
      const acked = await runAndKill({ dataDir, service });
      await assertAcknowledgedWritesSurvived(t, { dataDir, inMemory: false }, service, acked);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("postgres: every acknowledged write survives kill -9", async (t) => {
    const database = await createTestDatabase();
    if ("skip" in database) {
      t.skip(database.skip);
      return;
    }
    after(() => database.drop());
    const service = freshService();
    const acked = await runAndKill({ url: database.url, service });
    await assertAcknowledgedWritesSurvived(t, { dataDir: "unused", inMemory: false, url: database.url }, service, acked);
  });
});
