// Acknowledged DynamoDB writes survive kill -9: a child Nimbus node on a data folder answers
// PutItem (and a table with a stream and a GSI) in a loop; the test SIGKILLs it mid-stream,
// starts a new node on the same folder and finds every acknowledged item, index entry and
// stream record.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import { clientConfig, startTestNimbus } from "../../helpers/nimbus.js";
import { rawCall } from "./helpers.js";

const NIMBUS = new URL("../../../src/nimbus.js", import.meta.url).href;

/** A child Nimbus node on dataDir (to be SIGKILLed), and a client without retries. */
async function spawnNode(dataDir: string): Promise<{ child: ChildProcess; exited: Promise<unknown>; ddb: DynamoDBClient }> {
  const script = `
    const { startNimbus } = await import(${JSON.stringify(NIMBUS)});
    const node = await startNimbus({ port: 0, dataDir: ${JSON.stringify(dataDir)}, logLevel: "silent" });
    console.log(node.endpoint);
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  // Listen before killing: the exit may come before the writer loop notices the kill.
  const exited = new Promise((r) => child.once("exit", r));
  const endpoint = await new Promise<string>((resolve) => child.stdout!.once("data", (c: Buffer) => resolve(c.toString().trim())));
  const ddb = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
  return { child, exited, ddb };
}

/**
 * Lets `writes` (a loop of calls that ends at its first failure) run until 50 writes are
 * acknowledged (at most 15 s: a fixed delay left a loaded machine with too few writes to test),
 * then SIGKILLs the node and waits for the loop and the process to end.
 */
async function killDuringWrites(node: { child: ChildProcess; exited: Promise<unknown>; ddb: DynamoDBClient }, writes: Promise<void>, acknowledged: () => number): Promise<void> {
  for (const until = Date.now() + 15_000; acknowledged() < 50 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 10));
  node.child.kill("SIGKILL");
  await writes;
  await node.exited;
  node.ddb.destroy();
  assert.ok(acknowledged() > 10, `only ${acknowledged()} writes before the kill`);
}

describe("DynamoDB durability", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "nimbus-ddb-crash-"));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it("keeps every acknowledged write after kill -9", async () => {
    const { child, exited, ddb } = await spawnNode(dataDir);
    await ddb.send(
      new CreateTableCommand({
        TableName: "durable",
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "colour", AttributeType: "S" },
        ],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        GlobalSecondaryIndexes: [{ IndexName: "by-colour", KeySchema: [{ AttributeName: "colour", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
        BillingMode: "PAY_PER_REQUEST",
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
      }),
    );
    let acknowledged = 0;
    const writer = (async () => {
      for (let i = 0; ; i++) {
        try {
          await ddb.send(new PutItemCommand({ TableName: "durable", Item: { pk: { S: `item-${i}` }, colour: { S: "red" } } }));
          acknowledged = i + 1;
        } catch {
          return;
        }
      }
    })();
    await killDuringWrites({ child, exited, ddb }, writer, () => acknowledged);

    const node = await startTestNimbus({ inMemory: false, dataDir });
    const again = new DynamoDBClient(clientConfig(node));
    try {
      for (const i of [0, Math.floor(acknowledged / 2), acknowledged - 1]) {
        const got = await again.send(new GetItemCommand({ TableName: "durable", Key: { pk: { S: `item-${i}` } } }));
        assert.ok(got.Item, `acknowledged item-${i} lost`);
      }
      const indexed = await again.send(
        new QueryCommand({ TableName: "durable", IndexName: "by-colour", KeyConditionExpression: "colour = :c", ExpressionAttributeValues: { ":c": { S: "red" } }, Select: "COUNT" }),
      );
      assert.ok(indexed.Count! >= acknowledged, `index holds ${indexed.Count} of ${acknowledged}`);
      const streams = await rawCall(node, "ListStreams", { TableName: "durable" }, "DynamoDBStreams_20120810");
      const arn = streams.body.Streams[0].StreamArn;
      const shard = (await rawCall(node, "DescribeStream", { StreamArn: arn }, "DynamoDBStreams_20120810")).body.StreamDescription.Shards[0].ShardId;
      let iterator = (await rawCall(node, "GetShardIterator", { StreamArn: arn, ShardId: shard, ShardIteratorType: "TRIM_HORIZON" }, "DynamoDBStreams_20120810")).body.ShardIterator;
      let records = 0;
      for (;;) {
        const page = (await rawCall(node, "GetRecords", { ShardIterator: iterator }, "DynamoDBStreams_20120810")).body;
        records += page.Records.length;
        if (page.Records.length === 0) break;
        iterator = page.NextShardIterator;
      }
      assert.ok(records >= acknowledged, `stream holds ${records} of ${acknowledged} records`);
    } finally {
      again.destroy();
      await node.stop();
    }
  });

  // A plain table (no index, stream or history) takes the put path that writes without reading
  // the stored item first (one upsert statement, no explicit transaction): new keys and
  // overwrites of one key must survive the kill just the same.
  it("keeps every acknowledged put into a plain table after kill -9", async () => {
    const plainDir = mkdtempSync(join(tmpdir(), "nimbus-ddb-crash-plain-"));
    try {
      const { child, exited, ddb } = await spawnNode(plainDir);
      await ddb.send(
        new CreateTableCommand({
          TableName: "plain",
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
      let acknowledged = 0;
      let hot = -1;
      const writer = (async () => {
        for (let i = 0; ; i++) {
          try {
            await ddb.send(new PutItemCommand({ TableName: "plain", Item: { pk: { S: `item-${i}` }, n: { N: String(i) } } }));
            acknowledged = i + 1;
            await ddb.send(new PutItemCommand({ TableName: "plain", Item: { pk: { S: "hot" }, n: { N: String(i) } } }));
            hot = i;
          } catch {
            return;
          }
        }
      })();
      await killDuringWrites({ child, exited, ddb }, writer, () => acknowledged);

      const node = await startTestNimbus({ inMemory: false, dataDir: plainDir });
      const again = new DynamoDBClient(clientConfig(node));
      try {
        for (let i = 0; i < acknowledged; i++) {
          const got = await again.send(new GetItemCommand({ TableName: "plain", Key: { pk: { S: `item-${i}` } } }));
          assert.equal(got.Item?.n?.N, String(i), `acknowledged item-${i} lost`);
        }
        const last = await again.send(new GetItemCommand({ TableName: "plain", Key: { pk: { S: "hot" } } }));
        assert.ok(Number(last.Item?.n?.N) >= hot, `overwritten item holds ${last.Item?.n?.N}, acknowledged ${hot}`);
      } finally {
        again.destroy();
        await node.stop();
      }
    } finally {
      rmSync(plainDir, { recursive: true, force: true });
    }
  });
});
