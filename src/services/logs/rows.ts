// The shapes the logs store hands out, the row mappers behind them, and the inserts shared by
// the group/stream statements and the ingest path.
import type { Kysely, Selectable } from "kysely";
import type { LogGroupClass } from "../../aws/generated/logs.js";
import type { LogsDb } from "./schema.js";

export interface LogGroup {
  id: number;
  name: string;
  creationTime: number;
  retentionDays: number | null;
  kmsKeyId: string | null;
  logGroupClass: LogGroupClass;
  deletionProtection: boolean;
}

export interface LogStream {
  id: number;
  groupId: number;
  name: string;
  creationTime: number;
  firstEventTime: number | null;
  lastEventTime: number | null;
  lastIngestionTime: number | null;
  /** The sequence number (events' id) of the last event stored, for sequence tokens. */
  lastSeq: number | null;
  storedBytes: number;
}

export interface StoredEvent {
  seq: number;
  streamId: number;
  time: number;
  ingestionTime: number;
  message: string;
}

export interface NewEvent {
  timestamp: number;
  message: string;
}

export interface NewGroup {
  accountId: string;
  region: string;
  name: string;
  creationTime: number;
  kmsKeyId?: string;
  logGroupClass: LogGroupClass;
  deletionProtection: boolean;
}

export const nullableNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function toGroup(row: Selectable<LogsDb["logs_groups"]>): LogGroup {
  return {
    id: Number(row.id),
    name: row.name,
    creationTime: Number(row.creation_time),
    retentionDays: nullableNumber(row.retention_days),
    kmsKeyId: row.kms_key_id,
    logGroupClass: row.log_group_class as LogGroupClass,
    deletionProtection: Number(row.deletion_protection) === 1,
  };
}

export function toStream(row: Selectable<LogsDb["logs_streams"]>): LogStream {
  return {
    id: Number(row.id),
    groupId: Number(row.group_id),
    name: row.name,
    creationTime: Number(row.creation_time),
    firstEventTime: nullableNumber(row.first_event_time),
    lastEventTime: nullableNumber(row.last_event_time),
    lastIngestionTime: nullableNumber(row.last_ingestion_time),
    lastSeq: nullableNumber(row.last_seq),
    storedBytes: Number(row.stored_bytes),
  };
}

export function toEvent(row: { id: number; stream_id: number; event_time: number; ingestion_time: number; message: string }): StoredEvent {
  return { seq: Number(row.id), streamId: Number(row.stream_id), time: Number(row.event_time), ingestionTime: Number(row.ingestion_time), message: row.message };
}

/** Inserts a group unless one of that name exists in the account and region; the new row, or undefined. */
export async function insertGroupIfMissing(db: Kysely<LogsDb>, g: NewGroup): Promise<LogGroup | undefined> {
  const row = await db
    .insertInto("logs_groups")
    .values({
      account_id: g.accountId,
      region: g.region,
      name: g.name,
      creation_time: g.creationTime,
      retention_days: null,
      kms_key_id: g.kmsKeyId ?? null,
      log_group_class: g.logGroupClass,
      deletion_protection: g.deletionProtection ? 1 : 0,
    })
    .onConflict((oc) => oc.columns(["account_id", "region", "name"]).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toGroup(row);
}

/** Inserts a stream unless the group has one of that name; the new row, or undefined. */
export async function insertStreamIfMissing(
  db: Kysely<LogsDb>,
  s: { groupId: number; accountId: string; region: string; name: string; creationTime: number },
): Promise<LogStream | undefined> {
  const row = await db
    .insertInto("logs_streams")
    .values({
      group_id: s.groupId,
      account_id: s.accountId,
      region: s.region,
      name: s.name,
      creation_time: s.creationTime,
      first_event_time: null,
      last_event_time: null,
      last_ingestion_time: null,
      last_seq: null,
      stored_bytes: 0,
    })
    .onConflict((oc) => oc.columns(["group_id", "name"]).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toStream(row);
}
