// The DynamoDB workload every target gets, through one @aws-sdk/client-dynamodb client per target:
// a table keyed (pk HASH, sk RANGE), a 100-item partition to read from, and the measured
// operations. Items are ~200 bytes of strings, a number, a string set and a small map.
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { sleep } from "./processes.js";
import { BENCH_CREDENTIALS } from "./signed-request.js";

export const QUERY_PARTITION = "query";
export const QUERY_PARTITION_SIZE = 100;
export const QUERY_PAGE = 25;

export function dynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: BENCH_CREDENTIALS,
    maxAttempts: 1, // a failure is a finding, not something to retry away
    requestHandler: { httpAgent: { keepAlive: true, maxSockets: 64 } },
  });
}

export const sortKey = (n: number) => `s${String(n).padStart(7, "0")}`;

export function item(pk: string, sk: string, n: number): Record<string, AttributeValue> {
  return {
    pk: { S: pk },
    sk: { S: sk },
    title: { S: `item ${n} of the benchmark table, long enough to look like data` },
    count: { N: String(n) },
    tags: { SS: ["alpha", "beta", `t${n % 7}`] },
    meta: { M: { owner: { S: `user-${n % 1000}` }, active: { BOOL: n % 2 === 0 }, score: { N: String((n * 7919) % 10007) } } },
  };
}

/** Creates the table (on-demand) and waits, bounded, until it is ACTIVE. */
export async function createTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  const deadline = performance.now() + 30_000;
  while ((await client.send(new DescribeTableCommand({ TableName: name }))).Table?.TableStatus !== "ACTIVE") {
    if (performance.now() > deadline) throw new Error(`table ${name} not ACTIVE after 30 s`);
    await sleep(20);
  }
}

/** Writes up to 25 items; unprocessed items mean the measurement is wrong, so they fail it. */
export async function batchPut(client: DynamoDBClient, table: string, items: Array<Record<string, AttributeValue>>): Promise<void> {
  const requests: WriteRequest[] = items.map((Item) => ({ PutRequest: { Item } }));
  const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
  const left = out.UnprocessedItems?.[table]?.length ?? 0;
  if (left > 0) throw new Error(`BatchWriteItem left ${left} of ${items.length} items unprocessed`);
}

export async function seedQueryPartition(client: DynamoDBClient, table: string): Promise<void> {
  for (let start = 0; start < QUERY_PARTITION_SIZE; start += 25) {
    const batch = [];
    for (let n = start; n < Math.min(start + 25, QUERY_PARTITION_SIZE); n++) batch.push(item(QUERY_PARTITION, sortKey(n), n));
    await batchPut(client, table, batch);
  }
}

export type OperationName = "PutItem" | "GetItem" | "Query" | "BatchWriteItem";

/** Operation number i of each kind; every call is checked so a wrong answer cannot pass as fast. */
export function operation(client: DynamoDBClient, table: string, name: OperationName): (i: number) => Promise<void> {
  switch (name) {
    case "PutItem":
      return async (i) => {
        await client.send(new PutItemCommand({ TableName: table, Item: item(`put#${i % 1000}`, sortKey(0), i) }));
      };
    case "GetItem":
      return async (i) => {
        const out = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: QUERY_PARTITION }, sk: { S: sortKey(i % QUERY_PARTITION_SIZE) } } }));
        if (!out.Item) throw new Error("GetItem found no item");
      };
    case "Query":
      return async (i) => {
        const from = i % (QUERY_PARTITION_SIZE - QUERY_PAGE + 1);
        const out = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
            ExpressionAttributeValues: { ":pk": { S: QUERY_PARTITION }, ":from": { S: sortKey(from) }, ":to": { S: sortKey(from + QUERY_PAGE - 1) } },
          }),
        );
        if (out.Count !== QUERY_PAGE) throw new Error(`Query returned ${out.Count} items, not ${QUERY_PAGE}`);
      };
    case "BatchWriteItem":
      return async (i) => {
        const batch = [];
        for (let j = 0; j < 25; j++) batch.push(item(`batch#${i % 2000}`, sortKey(j), i));
        await batchPut(client, table, batch);
      };
  }
}

/** Grows a table with filler items (10 per partition, apart from the query partition) using
 *  BatchWriteItem at a small concurrency, from item number `from` up to `to` or until the deadline.
 *  Returns how many items it reached. */
export async function loadFiller(client: DynamoDBClient, table: string, from: number, to: number, deadline: number, concurrency = 4): Promise<number> {
  let next = from;
  let written = from;
  const worker = async () => {
    while (next < to && performance.now() < deadline) {
      const start = next;
      next = Math.min(to, next + 25);
      const batch = [];
      for (let n = start; n < next; n++) batch.push(item(`fill#${Math.floor(n / 10)}`, sortKey(n), n));
      await batchPut(client, table, batch);
      written += batch.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return written;
}
