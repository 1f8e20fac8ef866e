// The DynamoDB Streams API (dynamodbstreams, API 2012-08-10): ListStreams, DescribeStream,
// GetShardIterator, GetRecords over the change log the item engine appends to.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB_Streams.html
//
// Each stream has one shard. Sequence numbers are the change log's own (they only grow, and on
// PostgreSQL follow commit order), printed as 21-digit decimal strings; a shard iterator encodes
// the stream, the shard and the sequence number it reads after, so a poller can resume from any
// checkpoint with AFTER_SEQUENCE_NUMBER. Iterators expire after 15 minutes, as AWS's do.
import { createHash } from "node:crypto";
import type { RequestContext } from "../../aws/context.js";
import type {
  DescribeStreamInput,
  DescribeStreamOutput,
  GetRecordsInput,
  GetRecordsOutput,
  GetShardIteratorInput,
  GetShardIteratorOutput,
  ListStreamsInput,
  ListStreamsOutput,
  _Record,
} from "../../aws/generated/dynamodbstreams.js";
import { ExpiredIteratorException, ResourceNotFoundException } from "../../aws/generated/dynamodbstreams.js";
import type { DynamoDbBackend, StreamsRow } from "./backend.js";
import { validation } from "./errors.js";
import type { StreamCatalog } from "./stream-catalog.js";

/** Shard iterators are valid for 15 minutes (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html). */
export const ITERATOR_LIFETIME_MS = 15 * 60 * 1000;
const MAX_RECORDS = 1000;
const SEQUENCE_BASE = 100000000000000000000n;

export function formatSequence(seq: number): string {
  return (SEQUENCE_BASE + BigInt(seq)).toString();
}

function parseSequence(text: string): number | undefined {
  if (!/^\d{1,40}$/.test(text)) return undefined;
  const value = BigInt(text) - SEQUENCE_BASE;
  return value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(value);
}

/** shardId-<20-digit creation ms>-<8 hex>, the shape of AWS's shard ids. */
export function shardIdOf(stream: StreamsRow): string {
  const created = String(Number(stream.created_at)).padStart(20, "0");
  return `shardId-${created}-${createHash("sha256").update(stream.arn).digest("hex").slice(0, 8)}`;
}

interface IteratorState {
  arn: string;
  shard: string;
  /** Records after this sequence number are next. */
  after: number;
  issuedAt: number;
}

function encodeIterator(state: IteratorState): string {
  const payload = Buffer.from(JSON.stringify([state.shard, state.after, state.issuedAt])).toString("base64url");
  return `${state.arn}|1|${payload}`;
}

function decodeIterator(iterator: string): IteratorState | undefined {
  const parts = iterator.split("|");
  if (parts.length !== 3 || parts[1] !== "1") return undefined;
  try {
    const [shard, after, issuedAt] = JSON.parse(Buffer.from(parts[2]!, "base64url").toString("utf8")) as [string, number, number];
    if (typeof shard !== "string" || !Number.isInteger(after) || !Number.isInteger(issuedAt)) return undefined;
    return { arn: parts[0]!, shard, after, issuedAt };
  } catch {
    return undefined;
  }
}

const streamNotFound = (arn: string) => new ResourceNotFoundException(`Requested resource not found: Stream: ${arn} not found`);

export class StreamOperations {
  constructor(
    private readonly backend: DynamoDbBackend,
    private readonly catalog: StreamCatalog,
  ) {}

  private async stream(ctx: RequestContext, arn: string): Promise<StreamsRow> {
    const row = await this.catalog.get(arn);
    if (!row || row.account !== ctx.accountId) throw streamNotFound(arn);
    return row;
  }

  /** The last sequence number of a disabled stream's (closed) shard. */
  private async endingSequence(stream: StreamsRow): Promise<number | undefined> {
    if (stream.disabled_at === null) return undefined;
    const row = await this.backend.db
      .selectFrom("dynamodb_stream_records")
      .select((eb) => eb.fn.max("seq").as("last"))
      .where("stream_arn", "=", stream.arn)
      .executeTakeFirst();
    return row?.last == null ? Number(stream.start_seq) : Number(row.last);
  }

  async ListStreams(ctx: RequestContext, input: ListStreamsInput): Promise<ListStreamsOutput> {
    let streams = await this.catalog.list(ctx.accountId, ctx.region, input.TableName);
    if (input.ExclusiveStartStreamArn) {
      const at = streams.findIndex((s) => s.arn === input.ExclusiveStartStreamArn);
      streams = at === -1 ? [] : streams.slice(at + 1);
    }
    const limit = input.Limit ?? 100;
    const page = streams.slice(0, limit);
    const out: ListStreamsOutput = {
      Streams: page.map((s) => ({ StreamArn: s.arn, TableName: s.table_name, StreamLabel: s.arn.split("/stream/")[1] })),
    };
    if (streams.length > limit) out.LastEvaluatedStreamArn = page[page.length - 1]!.arn;
    return out;
  }

  async DescribeStream(ctx: RequestContext, input: DescribeStreamInput): Promise<DescribeStreamOutput> {
    const stream = await this.stream(ctx, input.StreamArn);
    const shardId = shardIdOf(stream);
    const ending = await this.endingSequence(stream);
    const range: { StartingSequenceNumber: string; EndingSequenceNumber?: string } = {
      StartingSequenceNumber: formatSequence(Number(stream.start_seq) + 1),
    };
    if (ending !== undefined) range.EndingSequenceNumber = formatSequence(ending);
    const shards = input.ExclusiveStartShardId && input.ExclusiveStartShardId >= shardId ? [] : [{ ShardId: shardId, SequenceNumberRange: range }];
    return {
      StreamDescription: {
        StreamArn: stream.arn,
        StreamLabel: stream.arn.split("/stream/")[1],
        StreamStatus: stream.disabled_at === null ? "ENABLED" : "DISABLED",
        StreamViewType: stream.view_type as "KEYS_ONLY",
        CreationRequestDateTime: new Date(Number(stream.created_at)),
        TableName: stream.table_name,
        KeySchema: JSON.parse(stream.key_schema),
        Shards: shards,
      },
    };
  }

  async GetShardIterator(ctx: RequestContext, input: GetShardIteratorInput): Promise<GetShardIteratorOutput> {
    const stream = await this.stream(ctx, input.StreamArn);
    if (input.ShardId !== shardIdOf(stream)) throw new ResourceNotFoundException("Requested resource not found: Shard does not exist");
    const start = Number(stream.start_seq);
    let after: number;
    switch (input.ShardIteratorType) {
      case "TRIM_HORIZON":
        after = start;
        break;
      case "LATEST":
        after = Math.max(start, (await this.endingSequence(stream)) ?? (await this.catalog.latestSequence()));
        break;
      case "AT_SEQUENCE_NUMBER":
      case "AFTER_SEQUENCE_NUMBER": {
        if (input.SequenceNumber === undefined) {
          throw validation(`Must provide a SequenceNumber for ShardIteratorType ${input.ShardIteratorType}`);
        }
        const seq = parseSequence(input.SequenceNumber);
        if (seq === undefined || seq <= start) throw validation(`Invalid SequenceNumber: ${input.SequenceNumber}`);
        after = input.ShardIteratorType === "AT_SEQUENCE_NUMBER" ? seq - 1 : seq;
        break;
      }
    }
    return { ShardIterator: encodeIterator({ arn: stream.arn, shard: input.ShardId, after, issuedAt: this.backend.now() }) };
  }

  async GetRecords(ctx: RequestContext, input: GetRecordsInput): Promise<GetRecordsOutput> {
    const state = decodeIterator(input.ShardIterator);
    if (!state) throw validation("Invalid ShardIterator");
    const now = this.backend.now();
    if (now - state.issuedAt > ITERATOR_LIFETIME_MS) {
      throw new ExpiredIteratorException(
        `Iterator expired. The iterator was created at time ${new Date(state.issuedAt).toUTCString()} while right now it is ${new Date(now).toUTCString()} which is further in the future than the tolerated delay of ${ITERATOR_LIFETIME_MS} milliseconds.`,
      );
    }
    const stream = await this.stream(ctx, state.arn);
    const limit = Math.min(input.Limit ?? MAX_RECORDS, MAX_RECORDS);
    const records = await this.backend.engine.streams.read(stream.arn, { afterSequence: state.after, limit });
    const out: GetRecordsOutput = { Records: records.map((r) => this.render(stream, r)) };
    const last = records.length > 0 ? records[records.length - 1]!.sequence : state.after;
    const ending = await this.endingSequence(stream);
    // A closed shard read to its end has no next iterator.
    if (ending === undefined || last < ending) {
      out.NextShardIterator = encodeIterator({ ...state, after: last, issuedAt: now });
    }
    return out;
  }

  private render(stream: StreamsRow, record: Awaited<ReturnType<DynamoDbBackend["engine"]["streams"]["read"]>>[number]): _Record {
    const out: _Record = {
      eventID: createHash("md5").update(`${stream.arn}#${record.sequence}`).digest("hex"),
      eventName: record.eventName,
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: stream.region,
      dynamodb: {
        // AWS rounds down to the second.
        ApproximateCreationDateTime: new Date(Math.floor(record.createdAt / 1000) * 1000),
        Keys: record.keys as never,
        SequenceNumber: formatSequence(record.sequence),
        SizeBytes: record.sizeBytes,
        StreamViewType: stream.view_type as "KEYS_ONLY",
      },
    };
    if (record.newImage) out.dynamodb!.NewImage = record.newImage as never;
    if (record.oldImage) out.dynamodb!.OldImage = record.oldImage as never;
    if (record.userIdentity) out.userIdentity = { PrincipalId: record.userIdentity.principalId, Type: record.userIdentity.type };
    return out;
  }
}
