// awsJson1_0 round trips with the real DynamoDB client: our parser reads what the SDK wrote,
// the SDK reads what our serializer wrote.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ResourceNotFoundException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  DescribeTableCommand,
} from "@aws-sdk/client-dynamodb";
import { ServiceError } from "../../../src/aws/errors.js";
import { getProtocol } from "../../../src/aws/protocol/index.js";
import { loadServiceSpec } from "../../../src/aws/spec/loader.js";
import { asParsed, InProcessService, TEST_CLIENT_CONFIG } from "./sdk-harness.js";

function setup() {
  const service = new InProcessService(loadServiceSpec("dynamodb"), getProtocol("json"));
  const client = new DynamoDBClient({ ...TEST_CLIENT_CONFIG, requestHandler: service.requestHandler });
  return { service, client };
}

const item = {
  pk: { S: "user#1" },
  n: { N: "42.5" },
  bin: { B: new Uint8Array([0, 1, 2, 250, 255]) },
  flag: { BOOL: true },
  nothing: { NULL: true },
  tags: { SS: ["a", "b"] },
  nums: { NS: ["1", "2.5"] },
  blobs: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] },
  nested: { M: { inner: { L: [{ S: "x" }, { M: { deep: { N: "1" } } }] } } },
};

describe("awsJson1_0 with DynamoDB", () => {
  it("parses PutItem with nested AttributeValues, binary and sets", async () => {
    const { service, client } = setup();
    service.handler = () => ({ Attributes: item, ConsumedCapacity: { TableName: "t", CapacityUnits: 1 } });
    const out = await client.send(new PutItemCommand({ TableName: "t", Item: item, ReturnValues: "ALL_OLD", ReturnConsumedCapacity: "TOTAL" }));
    assert.equal(service.inputs[0]!.operation, "PutItem");
    assert.deepEqual(service.lastInput, asParsed({ TableName: "t", Item: item, ReturnValues: "ALL_OLD", ReturnConsumedCapacity: "TOTAL" }));
    assert.deepEqual((service.lastInput!.Item as typeof item).bin.B, Buffer.from([0, 1, 2, 250, 255]));
    // The SDK read our bytes back into the same values.
    assert.deepEqual(out.Attributes!.bin!.B, new Uint8Array([0, 1, 2, 250, 255]));
    assert.deepEqual(out.Attributes!.nested, item.nested);
    assert.deepEqual(out.Attributes!.tags, item.tags);
    assert.equal(out.ConsumedCapacity!.CapacityUnits, 1);
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.equal(out.$metadata.requestId, service.requestId);
    const res = service.responses[0]!;
    assert.equal(res.headers["Content-Type"], "application/x-amz-json-1.0");
  });

  it("round-trips Query with key conditions, pagination keys and timestamps in DescribeTable", async () => {
    const { service, client } = setup();
    const lastKey = { pk: { S: "user#1" }, sk: { N: "7" } };
    service.handler = (op) =>
      op.name === "Query"
        ? { Items: [item], Count: 1, ScannedCount: 3, LastEvaluatedKey: lastKey }
        : { Table: { TableName: "t", CreationDateTime: new Date("2024-01-02T03:04:05.678Z"), ItemCount: 9, TableStatus: "ACTIVE" } };
    const params = {
      TableName: "t",
      KeyConditionExpression: "pk = :pk AND sk > :sk",
      ExpressionAttributeValues: { ":pk": { S: "user#1" }, ":sk": { N: "3" } },
      ExclusiveStartKey: lastKey,
      Limit: 10,
      ScanIndexForward: false,
      ConsistentRead: true,
    };
    const out = await client.send(new QueryCommand(params));
    assert.deepEqual(service.lastInput, params);
    assert.equal(out.Count, 1);
    assert.equal(out.ScannedCount, 3);
    assert.deepEqual(out.LastEvaluatedKey, lastKey);
    assert.deepEqual(out.Items![0]!.blobs!.BS, [new Uint8Array([1]), new Uint8Array([2, 3])]);
    const described = await client.send(new DescribeTableCommand({ TableName: "t" }));
    assert.deepEqual(described.Table!.CreationDateTime, new Date("2024-01-02T03:04:05.678Z"));
    assert.equal(described.Table!.ItemCount, 9);
  });

  it("writes modelled errors with DynamoDB's namespaced __type", async () => {
    const { service, client } = setup();
    service.handler = () => {
      throw new ServiceError("ResourceNotFoundException", "Requested resource not found");
    };
    const err = await client.send(new GetItemCommand({ TableName: "missing", Key: { pk: { S: "1" } } })).catch((e: unknown) => e);
    assert.ok(err instanceof ResourceNotFoundException);
    assert.equal(err.name, "ResourceNotFoundException");
    assert.equal(err.message, "Requested resource not found");
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.$metadata.requestId, service.requestId);
    const body = JSON.parse(String(service.responses[0]!.body));
    assert.equal(body.__type, "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
    assert.equal(body.message, "Requested resource not found");
  });

  it("writes an error's modelled extra fields (TransactionCanceledException.CancellationReasons)", async () => {
    const { service, client } = setup();
    service.handler = () => {
      throw new ServiceError("TransactionCanceledException", "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed]", undefined, {
        fields: { CancellationReasons: [{ Code: "ConditionalCheckFailed", Message: "The conditional request failed", Item: { pk: { S: "1" } } }] },
      });
    };
    const err = await client
      .send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: "t", Item: { pk: { S: "1" } } } }] }))
      .catch((e: unknown) => e);
    assert.ok(err instanceof TransactionCanceledException);
    assert.match(err.message, /^Transaction cancelled/);
    assert.deepEqual(err.CancellationReasons, [{ Code: "ConditionalCheckFailed", Message: "The conditional request failed", Item: { pk: { S: "1" } } }]);
  });

  it("names unmodelled framework errors as Coral does and the SDK still raises them by name", async () => {
    const { service, client } = setup();
    service.handler = () => {
      throw new ServiceError("ValidationException", "1 validation error detected");
    };
    const err = (await client.send(new GetItemCommand({ TableName: "t", Key: {} })).catch((e: unknown) => e)) as Error & { $metadata: { httpStatusCode: number } };
    assert.equal(err.name, "ValidationException");
    assert.equal(err.message, "1 validation error detected");
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(JSON.parse(String(service.responses[0]!.body)).__type, "com.amazon.coral.validate#ValidationException");
  });
});
