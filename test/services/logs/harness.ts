// Drives the CloudWatch Logs provider directly (no HTTP), on each store backend: SQLite in a
// temporary folder, and PostgreSQL when a server is reachable (see test/storage).
import { after, before, beforeEach, describe } from "node:test";
import type { RequestContext } from "../../../src/aws/context.js";
import { parseConfig } from "../../../src/config/schema.js";
import { LogsProvider } from "../../../src/services/logs/provider.js";
import { FakeClock } from "../../../src/shared/clock.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { openStore } from "../../../src/storage/open-store.js";
import type { Store } from "../../../src/storage/types.js";
import { createTestDatabase } from "../../storage/postgres-test-database.js";

export interface Backend {
  name: string;
  skip?: string;
  open(): Promise<Store>;
}

/**
 * SQLite always; PostgreSQL when reachable (skipped with the reason otherwise), in a throw-away
 * database dropped when the test file ends. Call once per file, at its top level.
 */
export async function backends(): Promise<Backend[]> {
  const sqlite: Backend = { name: "sqlite", open: () => openStore({ dataDir: "unused", inMemory: true }) };
  const pg = await createTestDatabase();
  if ("skip" in pg) return [sqlite, { name: "postgres", skip: pg.skip, open: () => Promise.reject(new Error(pg.skip)) }];
  after(() => pg.drop());
  return [sqlite, { name: "postgres", open: () => openStore({ dataDir: "unused", inMemory: false, url: pg.url }) }];
}

export function fakeContext(accountId = "000000000000", region = "us-east-1"): RequestContext {
  return {
    requestId: "00000000-0000-0000-0000-000000000000",
    service: "logs",
    operation: "Test",
    protocol: "json",
    accountId,
    region,
    caller: { accountId, accessKeyId: "test", arn: `arn:aws:iam::${accountId}:root`, userId: accountId },
    receivedAt: 0,
    endpoint: "http://localhost:4566",
    http: { method: "POST", path: "/", rawQuery: "", query: {}, headers: {}, body: Buffer.alloc(0) },
  };
}

export async function startProvider(store: Store, clock: FakeClock): Promise<LogsProvider> {
  const provider = new LogsProvider({ config: parseConfig({}), store, clock, logger: silentLogger });
  await provider.start();
  return provider;
}

/** Asserts that a call fails with the given AWS error code and message. */
export const failsWith = (code: string, message: string | RegExp) => (err: Error) => {
  if (err.name !== code) throw new Error(`expected ${code}, got ${err.name}: ${err.message}`);
  if (typeof message === "string" ? err.message !== message : !message.test(err.message)) {
    throw new Error(`expected message ${String(message)}, got: ${err.message}`);
  }
  return true;
};

export interface Fixture {
  provider: LogsProvider;
  clock: FakeClock;
  store: Store;
  ctx: RequestContext;
}

/**
 * Registers `body` once per backend. Each test starts from an empty store (provider.reset());
 * the fake clock only moves forward, so tests write times relative to clock.now().
 */
export function describeOnBackends(title: string, all: Backend[], body: (f: Fixture) => void): void {
  for (const backend of all) {
    describe(`${title} (${backend.name})`, { skip: backend.skip ?? false }, () => {
      const f = { ctx: fakeContext() } as Fixture;
      before(async () => {
        f.clock = new FakeClock();
        f.store = await backend.open();
        f.provider = await startProvider(f.store, f.clock);
      });
      beforeEach(() => f.provider.reset());
      after(async () => {
        await f.provider?.stop();
        await f.store?.close();
      });
      body(f);
    });
  }
}
