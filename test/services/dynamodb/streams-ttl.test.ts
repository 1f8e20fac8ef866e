// DynamoDB Streams (the DynamoDB Streams API on the same endpoint) and TTL expiry driven by a
// fake clock, whose deletions appear in the stream as REMOVE records by the DynamoDB service
// principal. @aws-sdk/client-dynamodb-streams is not installed, so the Streams API is called with
// signed awsJson1_0 requests here; boto3's dynamodbstreams client covers it in clients.test.ts.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  DescribeTimeToLiveCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import type { DynamoDbProvider } from "../../../src/services/dynamodb/provider.js";
import { FakeClock } from "../../../src/shared/clock.js";
import type { NimbusNode } from "../../../src/nimbus.js";
import { compositeTable, createTable, type DynamoHarness, hashTable, rawCall, rejects, startDynamo } from "./helpers.js";

/** A DynamoDB Streams client over signed raw requests: answers the parsed body, throws AWS errors by name. */
function streamsClient(node: NimbusNode) {
  return {
    async send(operation: string, input: Record<string, unknown>): Promise<Record<string, any>> {
      const res = await rawCall(node, operation, input, "DynamoDBStreams_20120810");
      if (res.status !== 200) {
        const error = new Error(res.body.message ?? res.body.Message) as Error & Record<string, any>;
        error.name = String(res.body.__type).split("#").pop()!;
        error.$metadata = { httpStatusCode: res.status };
        throw error;
      }
      return res.body;
    },
    destroy() {},
  };
}
type StreamsClient = ReturnType<typeof streamsClient>;

async function firstIterator(streams: StreamsClient, arn: string, type: "TRIM_HORIZON" | "LATEST" = "TRIM_HORIZON") {
  const description = await streams.send("DescribeStream", { StreamArn: arn });
  const shardId = description.StreamDescription.Shards[0].ShardId;
  return (await streams.send("GetShardIterator", { StreamArn: arn, ShardId: shardId, ShardIteratorType: type })).ShardIterator as string;
}

describe("DynamoDB Streams", () => {
  let h: DynamoHarness;
  let streams: StreamsClient;
  const clock = new FakeClock();
  before(async () => {
    h = await startDynamo({}, clock);
    streams = streamsClient(h.node);
  });
  after(async () => {
    streams.destroy();
    await h.stop();
  });

  it("records INSERT, MODIFY and REMOVE with the view type's images", async () => {
    await createTable(h.ddb, hashTable("streamed", { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" } }));
    const listed = await streams.send("ListStreams", { TableName: "streamed" });
    const arn = listed.Streams![0]!.StreamArn!;
    const description = (await streams.send("DescribeStream", { StreamArn: arn })).StreamDescription!;
    assert.equal(description.StreamStatus, "ENABLED");
    assert.equal(description.StreamViewType, "NEW_AND_OLD_IMAGES");
    assert.deepEqual(description.KeySchema, [{ AttributeName: "pk", KeyType: "HASH" }]);
    assert.match(description.Shards![0]!.ShardId!, /^shardId-\d{20}-[0-9a-f]{8}$/);

    await h.ddb.send(new PutItemCommand({ TableName: "streamed", Item: { pk: { S: "Fred" }, v: { N: "1" } } }));
    await h.ddb.send(new UpdateItemCommand({ TableName: "streamed", Key: { pk: { S: "Fred" } }, UpdateExpression: "SET v = :v", ExpressionAttributeValues: { ":v": { N: "2" } } }));
    // Writing an identical item changes nothing and records nothing.
    await h.ddb.send(new PutItemCommand({ TableName: "streamed", Item: { pk: { S: "Fred" }, v: { N: "2" } } }));
    await h.ddb.send(new DeleteItemCommand({ TableName: "streamed", Key: { pk: { S: "Fred" } } }));

    const iterator = await firstIterator(streams, arn);
    const out = await streams.send("GetRecords", { ShardIterator: iterator });
    assert.deepEqual(out.Records!.map((r: any) => r.eventName), ["INSERT", "MODIFY", "REMOVE"]);
    const [insert, modify, remove] = out.Records!;
    assert.equal(insert!.eventSource, "aws:dynamodb");
    assert.equal(insert!.eventVersion, "1.1");
    assert.equal(insert!.awsRegion, "us-east-1");
    assert.match(insert!.eventID!, /^[0-9a-f]{32}$/);
    assert.deepEqual(insert!.dynamodb!.Keys, { pk: { S: "Fred" } });
    assert.deepEqual(insert!.dynamodb!.NewImage, { pk: { S: "Fred" }, v: { N: "1" } });
    assert.equal(insert!.dynamodb!.OldImage, undefined);
    assert.deepEqual(modify!.dynamodb!.OldImage, { pk: { S: "Fred" }, v: { N: "1" } });
    assert.deepEqual(remove!.dynamodb!.OldImage, { pk: { S: "Fred" }, v: { N: "2" } });
    assert.ok(BigInt(insert!.dynamodb!.SequenceNumber!) < BigInt(modify!.dynamodb!.SequenceNumber!));
    assert.equal(insert!.dynamodb!.ApproximateCreationDateTime, clock.now() / 1000);
    // Keys (name + value bytes) plus the new image: "pk"+"Fred" = 6, then 6 + "v" + 1 (a number of 1 digit takes 2 bytes).
    assert.equal(insert!.dynamodb!.SizeBytes, 6 + 9);

    // The next iterator resumes after what was read; nothing new yet.
    const empty = await streams.send("GetRecords", { ShardIterator: out.NextShardIterator! });
    assert.deepEqual(empty.Records, []);
    await h.ddb.send(new PutItemCommand({ TableName: "streamed", Item: { pk: { S: "Alice" } } }));
    const more = await streams.send("GetRecords", { ShardIterator: empty.NextShardIterator! });
    assert.deepEqual(more.Records!.map((r: any) => r.dynamodb!.Keys!.pk!.S), ["Alice"]);

    // A poller's checkpoint: AFTER_SEQUENCE_NUMBER the MODIFY gives the REMOVE next.
    const resumed = await streams.send("GetShardIterator", { StreamArn: arn, ShardId: description.Shards[0].ShardId, ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: modify!.dynamodb!.SequenceNumber! });
    const afterModify = await streams.send("GetRecords", { ShardIterator: resumed.ShardIterator!, Limit: 1 });
    assert.deepEqual(afterModify.Records!.map((r: any) => r.eventName), ["REMOVE"]);
  });

  it("KEYS_ONLY records carry keys and their size only", async () => {
    await createTable(h.ddb, compositeTable("keys-only", { StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" } }));
    const arn = (await streams.send("ListStreams", { TableName: "keys-only" })).Streams![0]!.StreamArn!;
    await h.ddb.send(new PutItemCommand({ TableName: "keys-only", Item: { pk: { S: "a" }, sk: { S: "b" }, big: { S: "x".repeat(100) } } }));
    const out = await streams.send("GetRecords", { ShardIterator: await firstIterator(streams, arn) });
    const record = out.Records![0]!.dynamodb!;
    assert.deepEqual(record.Keys, { pk: { S: "a" }, sk: { S: "b" } });
    assert.equal(record.NewImage, undefined);
    assert.equal(record.SizeBytes, 6);
    assert.equal(record.StreamViewType, "KEYS_ONLY");
  });

  it("a disabled stream stays readable, its shard closed; iterators expire after 15 minutes", async () => {
    await createTable(h.ddb, hashTable("closing", { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" } }));
    const arn = (await streams.send("ListStreams", { TableName: "closing" })).Streams![0]!.StreamArn!;
    await h.ddb.send(new PutItemCommand({ TableName: "closing", Item: { pk: { S: "a" } } }));
    const iterator = await firstIterator(streams, arn);
    await h.ddb.send(new UpdateTableCommand({ TableName: "closing", StreamSpecification: { StreamEnabled: false } }));
    const description = (await streams.send("DescribeStream", { StreamArn: arn })).StreamDescription!;
    assert.equal(description.StreamStatus, "DISABLED");
    assert.ok(description.Shards![0]!.SequenceNumberRange!.EndingSequenceNumber);
    const out = await streams.send("GetRecords", { ShardIterator: iterator });
    assert.equal(out.Records!.length, 1);
    assert.equal(out.NextShardIterator, undefined);
    const stale = await firstIterator(streams, arn);
    clock.advance(15 * 60 * 1000 + 1);
    await rejects(streams.send("GetRecords", { ShardIterator: stale }), "ExpiredIteratorException", /^Iterator expired/);
    await rejects(
      streams.send("DescribeStream", { StreamArn: "arn:aws:dynamodb:us-east-1:000000000000:table/none/stream/2026-01-01T00:00:00.000" }),
      "ResourceNotFoundException",
    );
  });
});

describe("DynamoDB TTL", () => {
  let h: DynamoHarness;
  let streams: StreamsClient;
  const clock = new FakeClock();
  before(async () => {
    h = await startDynamo({ dynamodb: { ttlSweepIntervalMs: 1000 } }, clock);
    streams = streamsClient(h.node);
  });
  after(async () => {
    streams.destroy();
    await h.stop();
  });

  async function sweep(ms: number) {
    clock.advance(ms);
    const provider = (await h.node.services.get("dynamodb")) as DynamoDbProvider;
    await provider.ttl.whenIdle();
  }

  it("UpdateTimeToLive and DescribeTimeToLive answer as AWS does", async () => {
    await createTable(h.ddb, hashTable("ttl-settings"));
    assert.deepEqual((await h.ddb.send(new DescribeTimeToLiveCommand({ TableName: "ttl-settings" }))).TimeToLiveDescription, { TimeToLiveStatus: "DISABLED" });
    const out = await h.ddb.send(new UpdateTimeToLiveCommand({ TableName: "ttl-settings", TimeToLiveSpecification: { AttributeName: "expires", Enabled: true } }));
    assert.deepEqual(out.TimeToLiveSpecification, { AttributeName: "expires", Enabled: true });
    assert.deepEqual((await h.ddb.send(new DescribeTimeToLiveCommand({ TableName: "ttl-settings" }))).TimeToLiveDescription, {
      TimeToLiveStatus: "ENABLED",
      AttributeName: "expires",
    });
    await rejects(
      h.ddb.send(new UpdateTimeToLiveCommand({ TableName: "ttl-settings", TimeToLiveSpecification: { AttributeName: "expires", Enabled: true } })),
      "ValidationException",
      "TimeToLive is already enabled",
    );
    await rejects(
      h.ddb.send(new UpdateTimeToLiveCommand({ TableName: "ttl-settings", TimeToLiveSpecification: { AttributeName: "other", Enabled: true } })),
      "ValidationException",
      "TimeToLive is active on a different AttributeName: current AttributeName is expires",
    );
  });

  it("deletes expired items on the sweeper's schedule, recording REMOVE by the service principal", async () => {
    await createTable(h.ddb, hashTable("ttl-items", { StreamSpecification: { StreamEnabled: true, StreamViewType: "OLD_IMAGE" } }));
    await h.ddb.send(new UpdateTimeToLiveCommand({ TableName: "ttl-items", TimeToLiveSpecification: { AttributeName: "ttl", Enabled: true } }));
    const nowSeconds = Math.floor(clock.now() / 1000);
    await h.ddb.send(new PutItemCommand({ TableName: "ttl-items", Item: { pk: { S: "expired" }, ttl: { N: String(nowSeconds - 10) } } }));
    await h.ddb.send(new PutItemCommand({ TableName: "ttl-items", Item: { pk: { S: "later" }, ttl: { N: String(nowSeconds + 60) } } }));
    await h.ddb.send(new PutItemCommand({ TableName: "ttl-items", Item: { pk: { S: "ancient" }, ttl: { N: String(nowSeconds - 6 * 365 * 86400) } } }));
    await h.ddb.send(new PutItemCommand({ TableName: "ttl-items", Item: { pk: { S: "text" }, ttl: { S: "0" } } }));

    await sweep(1000);
    const get = (pk: string) => h.ddb.send(new GetItemCommand({ TableName: "ttl-items", Key: { pk: { S: pk } } }));
    assert.equal((await get("expired")).Item, undefined);
    assert.ok((await get("later")).Item);
    assert.ok((await get("ancient")).Item, "values more than five years old are left alone");
    assert.ok((await get("text")).Item, "only numbers expire");

    await sweep(61_000);
    assert.equal((await get("later")).Item, undefined);

    const arn = (await streams.send("ListStreams", { TableName: "ttl-items" })).Streams![0]!.StreamArn!;
    const records = (await streams.send("GetRecords", { ShardIterator: await firstIterator(streams, arn) })).Records!;
    const removes = records.filter((r: any) => r.eventName === "REMOVE");
    assert.deepEqual(removes.map((r: any) => r.dynamodb!.Keys!.pk!.S), ["expired", "later"]);
    for (const r of removes) assert.deepEqual(r.userIdentity, { PrincipalId: "dynamodb.amazonaws.com", Type: "Service" });
    // User deletions carry no userIdentity.
    await h.ddb.send(new DeleteItemCommand({ TableName: "ttl-items", Key: { pk: { S: "text" } } }));
    const last = (await streams.send("GetRecords", { ShardIterator: await firstIterator(streams, arn) })).Records!.at(-1)!;
    assert.equal(last.userIdentity, undefined);
  });
});
