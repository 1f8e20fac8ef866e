// A throw-away PostgreSQL database per test file: nimbus_test_<random>, dropped at the end.
// The server is postgres://postgres@127.0.0.1:5432/postgres unless NIMBUS_TEST_POSTGRES_URL
// says otherwise. Unreachable: the tests are skipped with a message saying so, except under
// CI=true, where an unreachable server is a failure.
import { randomBytes } from "node:crypto";
import pg from "pg";

export const ADMIN_URL = process.env.NIMBUS_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type TestDatabase = { url: string; drop(): Promise<void> } | { skip: string };

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `nimbus_test_${randomBytes(6).toString("hex")}`;
  try {
    await withAdmin((client) => client.query(`create database ${name}`));
  } catch (error) {
    const reason = `PostgreSQL unreachable at ${ADMIN_URL} (${(error as Error).message})`;
    if (process.env.CI === "true") throw new Error(`${reason}; CI=true requires it`, { cause: error });
    console.warn(`${reason}: skipping the PostgreSQL tests of this file`);
    return { skip: `${reason}: PostgreSQL tests skipped` };
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin((client) => client.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}
