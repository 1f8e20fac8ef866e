// BatchGetItem / BatchWriteItem and TransactWriteItems / TransactGetItems through the SDK v3
// client: unprocessed semantics, cancellation reasons, idempotent client tokens, capacity.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { FakeClock } from "../../../src/shared/clock.js";
import { compositeTable, createTable, type DynamoHarness, hashTable, rejects, startDynamo } from "./helpers.js";

const A = "batch-a";
const B = "batch-b";

describe("DynamoDB batches", () => {
  let h: DynamoHarness;
  before(async () => {
    h = await startDynamo();
    await createTable(h.ddb, hashTable(A));
    await createTable(h.ddb, compositeTable(B));
  });
  after(() => h.stop());

  it("BatchWriteItem puts and deletes across tables, answering empty UnprocessedItems", async () => {
    const out = await h.ddb.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [A]: [{ PutRequest: { Item: { pk: { S: "1" }, v: { S: "one" } } } }, { PutRequest: { Item: { pk: { S: "2" } } } }],
          [B]: [{ PutRequest: { Item: { pk: { S: "x" }, sk: { S: "y" } } } }],
        },
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    assert.deepEqual(out.UnprocessedItems, {});
    assert.deepEqual(out.ConsumedCapacity, [
      { TableName: A, CapacityUnits: 2 },
      { TableName: B, CapacityUnits: 1 },
    ]);
    await h.ddb.send(new BatchWriteItemCommand({ RequestItems: { [A]: [{ DeleteRequest: { Key: { pk: { S: "2" } } } }] } }));
    assert.equal((await h.ddb.send(new ScanCommand({ TableName: A }))).Count, 1);
  });

  it("BatchWriteItem validates as AWS does", async () => {
    await rejects(
      h.ddb.send(new BatchWriteItemCommand({ RequestItems: { [B]: [{ PutRequest: { Item: { pk: { S: "x" } } } }] } })),
      "ValidationException",
      "The provided key element does not match the schema",
    );
    await rejects(
      h.ddb.send(
        new BatchWriteItemCommand({
          RequestItems: { [A]: [{ PutRequest: { Item: { pk: { S: "d" } } } }, { DeleteRequest: { Key: { pk: { S: "d" } } } }] },
        }),
      ),
      "ValidationException",
      "Provided list of item keys contains duplicates",
    );
    await rejects(
      h.ddb.send(new BatchWriteItemCommand({ RequestItems: { "no-such-table": [{ PutRequest: { Item: { pk: { S: "d" } } } }] } })),
      "ResourceNotFoundException",
      "Requested resource not found",
    );
    const tooMany = Array.from({ length: 26 }, (_, i) => ({ PutRequest: { Item: { pk: { S: String(i) } } } }));
    await rejects(h.ddb.send(new BatchWriteItemCommand({ RequestItems: { [A]: tooMany } })), "ValidationException", /Member must have length less than or equal to 25/);
  });

  it("BatchGetItem reads from several tables, projecting, with an empty UnprocessedKeys", async () => {
    const out = await h.ddb.send(
      new BatchGetItemCommand({
        RequestItems: {
          [A]: { Keys: [{ pk: { S: "1" } }, { pk: { S: "missing" } }], ProjectionExpression: "v" },
          [B]: { Keys: [{ pk: { S: "x" }, sk: { S: "y" } }], ConsistentRead: true },
        },
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    assert.deepEqual(out.Responses![A], [{ v: { S: "one" } }]);
    assert.deepEqual(out.Responses![B], [{ pk: { S: "x" }, sk: { S: "y" } }]);
    assert.deepEqual(out.UnprocessedKeys, {});
    assert.deepEqual(out.ConsumedCapacity, [
      { TableName: A, CapacityUnits: 1 },
      { TableName: B, CapacityUnits: 1 },
    ]);
    await rejects(
      h.ddb.send(new BatchGetItemCommand({ RequestItems: { [A]: { Keys: [{ pk: { S: "1" } }, { pk: { S: "1" } }] } } })),
      "ValidationException",
      "Provided list of item keys contains duplicates",
    );
    const keys = Array.from({ length: 101 }, (_, i) => ({ pk: { S: String(i) } }));
    await rejects(h.ddb.send(new BatchGetItemCommand({ RequestItems: { [A]: { Keys: keys } } })), "ValidationException", /Member must have length less than or equal to 100/);
  });
});

describe("DynamoDB transactions", () => {
  let h: DynamoHarness;
  const clock = new FakeClock();
  before(async () => {
    h = await startDynamo({}, clock);
    await createTable(h.ddb, hashTable("tx-accounts"));
    await createTable(h.ddb, hashTable("tx-log"));
    await h.ddb.send(new PutItemCommand({ TableName: "tx-accounts", Item: { pk: { S: "alice" }, balance: { N: "100" } } }));
    await h.ddb.send(new PutItemCommand({ TableName: "tx-accounts", Item: { pk: { S: "bob" }, balance: { N: "0" } } }));
  });
  after(() => h.stop());

  const transfer = (amount: number, token?: string) =>
    new TransactWriteItemsCommand({
      ClientRequestToken: token,
      TransactItems: [
        {
          Update: {
            TableName: "tx-accounts",
            Key: { pk: { S: "alice" } },
            UpdateExpression: "SET balance = balance - :a",
            ConditionExpression: "balance >= :a",
            ExpressionAttributeValues: { ":a": { N: String(amount) } },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
        { Update: { TableName: "tx-accounts", Key: { pk: { S: "bob" } }, UpdateExpression: "SET balance = balance + :a", ExpressionAttributeValues: { ":a": { N: String(amount) } } } },
        { Put: { TableName: "tx-log", Item: { pk: { S: `transfer-${amount}-${token ?? "none"}` } } } },
      ],
      ReturnConsumedCapacity: "TOTAL",
    });

  const balance = async (pk: string) => (await h.ddb.send(new GetItemCommand({ TableName: "tx-accounts", Key: { pk: { S: pk } } }))).Item!.balance!.N;

  it("applies every action or none", async () => {
    const out = await h.ddb.send(transfer(30));
    assert.equal(await balance("alice"), "70");
    assert.equal(await balance("bob"), "30");
    assert.deepEqual(out.ConsumedCapacity, [
      { TableName: "tx-accounts", CapacityUnits: 4, WriteCapacityUnits: 4 },
      { TableName: "tx-log", CapacityUnits: 2, WriteCapacityUnits: 2 },
    ]);
    const error = await rejects(
      h.ddb.send(transfer(500)),
      "TransactionCanceledException",
      "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None, None]",
    );
    assert.deepEqual(error.CancellationReasons, [
      { Code: "ConditionalCheckFailed", Message: "The conditional request failed", Item: { pk: { S: "alice" }, balance: { N: "70" } } },
      { Code: "None" },
      { Code: "None" },
    ]);
    assert.equal(await balance("alice"), "70");
    assert.equal(await balance("bob"), "30");
    assert.equal((await h.ddb.send(new ScanCommand({ TableName: "tx-log" }))).Count, 1);
  });

  it("is idempotent per ClientRequestToken for 10 minutes", async () => {
    await h.ddb.send(transfer(10, "token-1"));
    await h.ddb.send(transfer(10, "token-1"));
    assert.equal(await balance("alice"), "60");
    await rejects(h.ddb.send(transfer(11, "token-1")), "IdempotentParameterMismatchException");
    clock.advance(10 * 60 * 1000 + 1);
    await h.ddb.send(transfer(10, "token-1"));
    assert.equal(await balance("alice"), "50");
  });

  it("refuses two actions on one item, and unknown tables", async () => {
    await rejects(
      h.ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { ConditionCheck: { TableName: "tx-accounts", Key: { pk: { S: "alice" } }, ConditionExpression: "attribute_exists(pk)" } },
            { Delete: { TableName: "tx-accounts", Key: { pk: { S: "alice" } } } },
          ],
        }),
      ),
      "ValidationException",
      "Transaction request cannot include multiple operations on one item",
    );
    await rejects(
      h.ddb.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: "tx-nothing", Item: { pk: { S: "a" } } } }] })),
      "ResourceNotFoundException",
      "Requested resource not found",
    );
  });

  it("reports runtime update errors as ValidationError reasons", async () => {
    const error = await rejects(
      h.ddb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Update: { TableName: "tx-accounts", Key: { pk: { S: "bob" } }, UpdateExpression: "SET balance = nothing + :n", ExpressionAttributeValues: { ":n": { N: "1" } } } },
            { ConditionCheck: { TableName: "tx-accounts", Key: { pk: { S: "alice" } }, ConditionExpression: "attribute_exists(pk)" } },
          ],
        }),
      ),
      "TransactionCanceledException",
      /\[ValidationError, None\]$/,
    );
    assert.equal(error.CancellationReasons[0].Message, "The provided expression refers to an attribute that does not exist in the item");
  });

  it("TransactGetItems reads a consistent set, charging two units per 4 KB", async () => {
    const out = await h.ddb.send(
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: "tx-accounts", Key: { pk: { S: "alice" } }, ProjectionExpression: "balance" } },
          { Get: { TableName: "tx-accounts", Key: { pk: { S: "nobody" } } } },
          { Get: { TableName: "arn:aws:dynamodb:us-east-1:000000000000:table/tx-accounts", Key: { pk: { S: "bob" } } } },
        ],
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    assert.deepEqual(out.Responses, [{ Item: { balance: { N: "50" } } }, {}, { Item: { pk: { S: "bob" }, balance: { N: "50" } } }]);
    assert.equal(out.ConsumedCapacity!.reduce((n, c) => n + (c.CapacityUnits ?? 0), 0), 6);
  });
});
