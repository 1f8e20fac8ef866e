// The streams a table has had. Enabling a stream gives it a new ARN labelled with its creation
// time (arn:...:table/Name/stream/2026-01-01T00:00:00.000); disabling keeps the stream readable,
// DISABLED, for 24 hours; a table's stream settings never reuse an ARN.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html#Streams.Enabling
import type { DynamoDbBackend, StreamsRow } from "./backend.js";

/** DynamoDB Streams keeps records (and disabled streams) for 24 hours. */
export const STREAM_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface NewStream {
  arn: string;
  label: string;
}

export class StreamCatalog {
  constructor(private readonly backend: DynamoDbBackend) {}

  /** Picks the ARN of a stream enabled now on a table (unique even when re-enabled within a millisecond). */
  async newStreamArn(tableArn: string): Promise<NewStream> {
    let at = this.backend.now();
    for (;;) {
      const label = new Date(at).toISOString().replace("Z", "");
      const arn = `${tableArn}/stream/${label}`;
      const taken = await this.backend.db.selectFrom("dynamodb_streams").select("arn").where("arn", "=", arn).executeTakeFirst();
      if (!taken) return { arn, label };
      at++;
    }
  }

  /** Records a stream as enabled; its records are those written from now on. */
  async register(stream: {
    arn: string;
    account: string;
    region: string;
    tableName: string;
    tableId: number;
    viewType: string;
    keySchema: unknown;
  }): Promise<void> {
    const startSeq = await this.latestSequence();
    await this.backend.db
      .insertInto("dynamodb_streams")
      .values({
        arn: stream.arn,
        account: stream.account,
        region: stream.region,
        table_name: stream.tableName,
        table_id: stream.tableId,
        view_type: stream.viewType,
        key_schema: JSON.stringify(stream.keySchema),
        start_seq: startSeq,
        created_at: this.backend.now(),
        disabled_at: null,
      })
      .execute();
  }

  async disable(arn: string): Promise<void> {
    await this.backend.db
      .updateTable("dynamodb_streams")
      .set({ disabled_at: this.backend.now() })
      .where("arn", "=", arn)
      .where("disabled_at", "is", null)
      .execute();
  }

  async get(arn: string): Promise<StreamsRow | undefined> {
    return this.backend.db.selectFrom("dynamodb_streams").selectAll().where("arn", "=", arn).executeTakeFirst();
  }

  /** Streams of an account and region (optionally of one table), oldest first, without those gone for 24 hours. */
  async list(account: string, region: string, tableName?: string): Promise<StreamsRow[]> {
    let query = this.backend.db
      .selectFrom("dynamodb_streams")
      .selectAll()
      .where("account", "=", account)
      .where("region", "=", region)
      .where((eb) => eb.or([eb("disabled_at", "is", null), eb("disabled_at", ">", this.backend.now() - STREAM_RETENTION_MS)]));
    if (tableName !== undefined) query = query.where("table_name", "=", tableName);
    return query.orderBy("created_at").orderBy("arn").execute();
  }

  /** The newest sequence number in the whole change log (0 when it is empty). */
  async latestSequence(): Promise<number> {
    const row = await this.backend.db
      .selectFrom("dynamodb_stream_records")
      .select((eb) => eb.fn.max("seq").as("latest"))
      .executeTakeFirst();
    return row?.latest == null ? 0 : Number(row.latest);
  }

  /** Deletes stream records older than 24 hours (history logs for point-in-time recovery are kept). */
  async trim(): Promise<void> {
    await this.backend.db
      .deleteFrom("dynamodb_stream_records")
      .where("created_at", "<", this.backend.now() - STREAM_RETENTION_MS)
      .where("stream_arn", "not like", "history:%")
      .execute();
    await this.backend.db
      .deleteFrom("dynamodb_streams")
      .where("disabled_at", "is not", null)
      .where("disabled_at", "<", this.backend.now() - STREAM_RETENTION_MS)
      .execute();
  }
}
