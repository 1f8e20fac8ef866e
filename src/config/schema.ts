// ONE configuration schema for all of Nimbus: CLI flags and NIMBUS_* environment variables
// are both parsed into it. Each service that needs settings gets its own block here.
import { z } from "zod";
import { LOG_LEVELS } from "../shared/logger.js";

export const configSchema = z.object({
  host: z.string().default("127.0.0.1"),
  port: z.coerce.number().int().min(0).max(65535).default(4566),
  /** Where SQLite databases and blobs live. */
  dataDir: z.string().default(".nimbus"),
  /** Keep state in a temporary folder that is removed on exit. */
  inMemory: z.boolean().default(false),
  /** A postgres:// URL: share state through PostgreSQL instead of SQLite. */
  store: z.string().optional(),
  logLevel: z.enum(LOG_LEVELS).default("info"),
  /** "dev" accepts any well-formed credentials; "strict" verifies SigV4 signatures. */
  auth: z.enum(["dev", "strict"]).default("dev"),
  /** Region used when a request carries none (unsigned requests). */
  defaultRegion: z.string().default("us-east-1"),
  /** Largest request body accepted before answering 413, for services without their own limit. */
  maxRequestBytes: z.number().int().positive().default(16 * 1024 * 1024),
  /** How long SIGINT/SIGTERM waits for in-flight requests before closing anyway. */
  shutdownGraceMs: z.number().int().nonnegative().default(10_000),
  /** DynamoDB (src/services/dynamodb). */
  dynamodb: z
    .object({
      /**
       * How long tables and indexes stay CREATING / UPDATING / DELETING before they settle.
       * AWS takes seconds; locally 0 means the next request already sees ACTIVE.
       */
      statusDelayMs: z.number().int().nonnegative().default(0),
      /** How often the TTL sweeper deletes expired items (AWS: within days; locally every second). */
      ttlSweepIntervalMs: z.number().int().positive().default(1000),
      /** The size an LSI item collection may reach; AWS's is 10 GB (lower it to exercise the limit). */
      itemCollectionLimitBytes: z.number().int().positive().default(10 * 1024 * 1024 * 1024),
    })
    .prefault({}),
  /** Lambda (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). */
  lambda: z
    .object({
      /** The account's concurrent executions limit (AWS default quota: 1000). */
      accountConcurrency: z.coerce.number().int().min(100).default(1000),
      /** How long a new function stays Pending and an update InProgress before Active/Successful. */
      stateTransitionMs: z.coerce.number().int().nonnegative().default(100),
      /** Idle execution environments are stopped after this long. */
      keepAliveMs: z.coerce.number().int().positive().default(5 * 60_000),
      /** Total code storage per account and region (AWS quota: 75 GB). */
      codeStorageBytes: z.coerce.number().int().positive().default(75 * 1024 ** 3),
    })
    .prefault({}),
});

export type NimbusConfig = z.infer<typeof configSchema>;

export function parseConfig(input: Partial<Record<keyof NimbusConfig, unknown>>): NimbusConfig {
  return configSchema.parse(input);
}
