// Service names become SQLite file names, blob folder names and PostgreSQL table prefixes
// ("<service>_..."), so they are restricted to lower-case letters and digits: no "_" means no
// service's prefix can be the start of another's ("s3_" vs "s3_control_"), which keeps
// ServiceDb.reset() on PostgreSQL from truncating a neighbour's tables.

const SERVICE_NAME = /^[a-z][a-z0-9]{0,29}$/;

/** "nimbus" owns the store's own tables (nimbus_blobs, nimbus_migrations) on PostgreSQL. */
export const RESERVED_SERVICE = "nimbus";

export function assertServiceName(service: string): void {
  if (!SERVICE_NAME.test(service)) {
    throw new TypeError(
      `invalid store service name ${JSON.stringify(service)}: use 1-30 lower-case letters and digits, starting with a letter (e.g. "lambda", "cognitoidp")`,
    );
  }
  if (service === RESERVED_SERVICE) throw new TypeError(`store service name "${RESERVED_SERVICE}" is reserved`);
}

/** Where Kysely's Migrator records the migrations a service has run. */
export const migrationTableName = (service: string): string => `${service}_migrations`;
/** The Migrator's lock table (its row lock on SQLite; PostgreSQL also takes an advisory lock). */
export const migrationLockTableName = (service: string): string => `${service}_migrations_lock`;

export const isMigrationTable = (service: string, table: string): boolean =>
  table === migrationTableName(service) || table === migrationLockTableName(service);
