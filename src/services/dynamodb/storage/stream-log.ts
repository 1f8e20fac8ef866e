// Reading the change log that writes append to (./item-writer.ts). A poller (DynamoDB Streams
// GetRecords, a Lambda event source mapping) keeps the last sequence number it processed as its
// checkpoint and asks for what follows; sequence numbers only grow, and on PostgreSQL they are
// assigned in commit order, so nothing is skipped. DynamoDB keeps records for 24 hours
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html); trim() is
// how the owner enforces that.
import type { Kysely } from "kysely";
import type { Item } from "./attribute-value.js";
import { decodeItem } from "./item-codec.js";
import { param, PreparedQueryCache } from "./prepared-query.js";
import type { DynamoDbDatabase } from "./schema.js";
import type { StreamUserIdentity } from "./item-writer.js";

export interface StreamRecord {
  /** Monotonically increasing across the whole service; a poller's checkpoint. */
  sequence: number;
  tableId: number;
  streamArn: string;
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  keys: Item;
  oldImage?: Item;
  newImage?: Item;
  sizeBytes: number;
  /** Milliseconds since the epoch (ApproximateCreationDateTime). */
  createdAt: number;
  userIdentity?: StreamUserIdentity;
}

type Db = Kysely<DynamoDbDatabase>;

export class StreamLog {
  private readonly queries = new PreparedQueryCache();

  constructor(private readonly db: Db) {}

  /** Records of a stream after `afterSequence` (from the oldest kept when undefined), in order. */
  async read(streamArn: string, options: { afterSequence?: number; limit: number }): Promise<StreamRecord[]> {
    const rows = await this.queries
      .get("read", () =>
        this.db
          .selectFrom("dynamodb_stream_records")
          .selectAll()
          .where("stream_arn", "=", param<string>(0))
          .where("seq", ">", param<number>(1))
          .orderBy("seq")
          .limit(param<number>(2)),
      )
      .rows(this.db, [streamArn, options.afterSequence ?? 0, options.limit]);
    return rows.map((row) => {
      const record: StreamRecord = {
        sequence: Number(row.seq),
        tableId: row.table_id,
        streamArn: row.stream_arn,
        eventName: row.event_name as StreamRecord["eventName"],
        keys: decodeItem(row.keys),
        sizeBytes: row.size_bytes,
        createdAt: Number(row.created_at),
      };
      if (row.old_image !== null) record.oldImage = decodeItem(row.old_image);
      if (row.new_image !== null) record.newImage = decodeItem(row.new_image);
      if (row.user_identity !== null) record.userIdentity = JSON.parse(row.user_identity) as StreamUserIdentity;
      return record;
    });
  }

  /** The newest sequence number of a stream (for a LATEST iterator), or 0 when it has none. */
  async latestSequence(streamArn: string): Promise<number> {
    const row = await this.db
      .selectFrom("dynamodb_stream_records")
      .select((eb) => eb.fn.max("seq").as("latest"))
      .where("stream_arn", "=", streamArn)
      .executeTakeFirst();
    return row?.latest == null ? 0 : Number(row.latest);
  }

  /** Deletes records created before `before` (ms since the epoch); returns how many. */
  async trim(before: number): Promise<number> {
    const result = await this.db.deleteFrom("dynamodb_stream_records").where("created_at", "<", before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
