// The pg connection pool behind the PostgreSQL store. Type parsing is configured on this pool
// only (pg's `types` option), never through the process-wide pg.types.setTypeParser, so other
// pg users in the process keep their own behaviour.
import pg from "pg";
import type { Logger } from "../../shared/logger.js";

const INT8_OID = 20;

/**
 * bigint (int8) columns come back as JavaScript numbers, as SQLite returns them, so epoch
 * milliseconds and count(*) read the same on both backends. A value beyond 2^53 would lose
 * digits silently; it fails the query instead.
 */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`store: bigint ${text} does not fit a JavaScript number`);
  return value;
}

const storeTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID && format !== "binary") return parseInt8;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface PoolOptions {
  url: string;
  /** Connections per Nimbus node. */
  max?: number;
  logger: Logger;
}

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    // An unreachable server fails the start-up (or a query) instead of hanging it.
    connectionTimeoutMillis: 10_000,
    application_name: "nimbus",
    types: storeTypes,
  });
  // Without a listener, an idle connection dropped by the server would crash the process.
  pool.on("error", (error) => options.logger.warn({ err: error }, "store: idle PostgreSQL connection failed"));
  return pool;
}

/** The URL without its password, for logs and Store.location. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://(unparseable url)";
  }
}
