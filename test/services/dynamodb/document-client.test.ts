// The SDK v3 DocumentClient (@aws-sdk/lib-dynamodb): native JavaScript values in and out.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { NimbusNode } from "../../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "../../helpers/nimbus.js";

describe("DynamoDB DocumentClient", () => {
  let node: NimbusNode;
  let doc: DynamoDBDocumentClient;
  before(async () => {
    node = await startTestNimbus();
    const ddb = new DynamoDBClient(clientConfig(node));
    await ddb.send(
      new CreateTableCommand({
        TableName: "Orders",
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          { AttributeName: "customer", AttributeType: "S" },
          { AttributeName: "orderId", AttributeType: "N" },
        ],
        KeySchema: [
          { AttributeName: "customer", KeyType: "HASH" },
          { AttributeName: "orderId", KeyType: "RANGE" },
        ],
      }),
    );
    doc = DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
  });
  after(async () => {
    doc.destroy();
    await node.stop();
  });

  it("round-trips nested native values, sets and binaries", async () => {
    const item = {
      customer: "ana",
      orderId: 1,
      total: 12.5,
      paid: true,
      note: null,
      lines: [{ sku: "A-1", qty: 2 }, { sku: "B-2", qty: 1 }],
      tags: new Set(["gift", "rush"]),
      blob: new Uint8Array([0, 1, 2, 255]),
    };
    await doc.send(new PutCommand({ TableName: "Orders", Item: item }));
    const got = (await doc.send(new GetCommand({ TableName: "Orders", Key: { customer: "ana", orderId: 1 } }))).Item!;
    assert.deepEqual({ ...got, blob: Array.from(got["blob"] as Uint8Array) }, { ...item, blob: [0, 1, 2, 255] });
  });

  it("updates with expressions and queries in sort-key order", async () => {
    for (const orderId of [3, 2, 10]) await doc.send(new PutCommand({ TableName: "Orders", Item: { customer: "bo", orderId, total: orderId } }));
    const updated = await doc.send(
      new UpdateCommand({
        TableName: "Orders",
        Key: { customer: "bo", orderId: 2 },
        // "total" and "status" are DynamoDB reserved words: they need placeholders.
        UpdateExpression: "SET #t = #t + :d, #s = :s",
        ExpressionAttributeNames: { "#t": "total", "#s": "status" },
        ExpressionAttributeValues: { ":d": 0.5, ":s": "shipped" },
        ReturnValues: "ALL_NEW",
      }),
    );
    assert.deepEqual(updated.Attributes, { customer: "bo", orderId: 2, total: 2.5, status: "shipped" });
    const page = await doc.send(
      new QueryCommand({ TableName: "Orders", KeyConditionExpression: "customer = :c AND orderId > :o", ExpressionAttributeValues: { ":c": "bo", ":o": 1 }, ScanIndexForward: false }),
    );
    assert.deepEqual(page.Items!.map((i) => i["orderId"]), [10, 3, 2]);
  });

  it("transactions and conditional deletes", async () => {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: "Orders", Item: { customer: "cy", orderId: 1 }, ConditionExpression: "attribute_not_exists(customer)" } },
          { Put: { TableName: "Orders", Item: { customer: "cy", orderId: 2 } } },
        ],
      }),
    );
    await assert.rejects(
      doc.send(new DeleteCommand({ TableName: "Orders", Key: { customer: "cy", orderId: 1 }, ConditionExpression: "#t > :t", ExpressionAttributeNames: { "#t": "total" }, ExpressionAttributeValues: { ":t": 0 } })),
      (err: Error) => err.name === "ConditionalCheckFailedException" && err.message === "The conditional request failed",
    );
  });
});
