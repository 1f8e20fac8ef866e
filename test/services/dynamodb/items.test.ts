// PutItem / GetItem / UpdateItem / DeleteItem through the SDK v3 client: expressions and
// legacy parameters, ReturnValues, conditional failures, limits and consumed capacity.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { compositeTable, createTable, type DynamoHarness, hashTable, rejects, startDynamo } from "./helpers.js";

const T = "items-table";
const C = "items-composite";

function deepMap(depth: number): AttributeValue {
  let value: AttributeValue = { S: "leaf" };
  for (let i = 0; i < depth; i++) value = { M: { n: value } };
  return value;
}

describe("DynamoDB items", () => {
  let h: DynamoHarness;
  before(async () => {
    h = await startDynamo();
    await createTable(h.ddb, hashTable(T));
    await createTable(h.ddb, compositeTable(C));
  });
  after(() => h.stop());

  it("stores numbers in AWS's canonical form and binary exactly", async () => {
    await h.ddb.send(
      new PutItemCommand({
        TableName: T,
        Item: { pk: { S: "num" }, a: { N: "1.50" }, b: { N: "-0" }, c: { N: "1e2" }, d: { NS: ["01", "2.0"] }, bin: { B: new Uint8Array([0, 255, 144]) }, e: { S: "" } },
      }),
    );
    const item = (await h.ddb.send(new GetItemCommand({ TableName: T, Key: { pk: { S: "num" } } }))).Item!;
    assert.deepEqual(item.a, { N: "1.5" });
    assert.deepEqual(item.b, { N: "0" });
    assert.deepEqual(item.c, { N: "100" });
    assert.deepEqual(item.d, { NS: ["1", "2"] });
    assert.deepEqual(item.bin, { B: new Uint8Array([0, 255, 144]) });
    assert.deepEqual(item.e, { S: "" });
  });

  it("ReturnValues on PutItem is ALL_OLD or NONE", async () => {
    const first = await h.ddb.send(new PutItemCommand({ TableName: T, Item: { pk: { S: "rv" }, data: { S: "foobar" } }, ReturnValues: "ALL_OLD" }));
    assert.equal(first.Attributes, undefined);
    const second = await h.ddb.send(new PutItemCommand({ TableName: T, Item: { pk: { S: "rv" }, data: { S: "baz" } }, ReturnValues: "ALL_OLD" }));
    assert.deepEqual(second.Attributes, { pk: { S: "rv" }, data: { S: "foobar" } });
    await rejects(
      h.ddb.send(new PutItemCommand({ TableName: T, Item: { pk: { S: "rv" } }, ReturnValues: "ALL_NEW" })),
      "ValidationException",
      "ReturnValues can only be ALL_OLD or NONE",
    );
  });

  it("UpdateItem: SET arithmetic, list_append, if_not_exists, REMOVE list elements, ADD and DELETE on sets", async () => {
    await h.ddb.send(new PutItemCommand({ TableName: T, Item: { pk: { S: "upd" }, n: { N: "5" }, things: { L: [{ S: "a" }] }, rm: { L: [{ S: "a" }, { S: "b" }, { S: "c" }] }, tags: { SS: ["x", "y"] } } }));
    const out = await h.ddb.send(
      new UpdateItemCommand({
        TableName: T,
        Key: { pk: { S: "upd" } },
        UpdateExpression: "SET n = n - :one, things = list_append(things, :more), fresh = if_not_exists(fresh, :zero) REMOVE rm[0] ADD hits :one DELETE tags :x",
        ExpressionAttributeValues: { ":one": { N: "1" }, ":more": { L: [{ S: "d" }] }, ":zero": { N: "0" }, ":x": { SS: ["x"] } },
        ReturnValues: "ALL_NEW",
      }),
    );
    assert.deepEqual(out.Attributes, {
      pk: { S: "upd" },
      n: { N: "4" },
      things: { L: [{ S: "a" }, { S: "d" }] },
      rm: { L: [{ S: "b" }, { S: "c" }] },
      fresh: { N: "0" },
      hits: { N: "1" },
      tags: { SS: ["y"] },
    });
    const updatedOld = await h.ddb.send(
      new UpdateItemCommand({ TableName: T, Key: { pk: { S: "upd" } }, UpdateExpression: "SET n = :v", ExpressionAttributeValues: { ":v": { N: "10" } }, ReturnValues: "UPDATED_OLD" }),
    );
    assert.deepEqual(updatedOld.Attributes, { n: { N: "4" } });
  });

  it("UpdateItem creates the item when it does not exist, and refuses key updates", async () => {
    const out = await h.ddb.send(
      new UpdateItemCommand({ TableName: T, Key: { pk: { S: "new" } }, UpdateExpression: "SET a = :a", ExpressionAttributeValues: { ":a": { S: "x" } }, ReturnValues: "ALL_NEW" }),
    );
    assert.deepEqual(out.Attributes, { pk: { S: "new" }, a: { S: "x" } });
    await rejects(
      h.ddb.send(new UpdateItemCommand({ TableName: T, Key: { pk: { S: "new" } }, UpdateExpression: "SET pk = :a", ExpressionAttributeValues: { ":a": { S: "x" } } })),
      "ValidationException",
      "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key",
    );
  });

  it("conditional writes fail with ConditionalCheckFailedException, returning the item when asked", async () => {
    await h.ddb.send(new PutItemCommand({ TableName: T, Item: { pk: { S: "cond" }, price: { N: "650" } } }));
    const error = await rejects(
      h.ddb.send(
        new UpdateItemCommand({
          TableName: T,
          Key: { pk: { S: "cond" } },
          UpdateExpression: "SET price = :p",
          ConditionExpression: "price < :max",
          ExpressionAttributeValues: { ":p": { N: "700" }, ":max": { N: "500" } },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      ),
      "ConditionalCheckFailedException",
      "The conditional request failed",
    );
    assert.deepEqual(error.Item, { pk: { S: "cond" }, price: { N: "650" } });
    const noItem = await rejects(
      h.ddb.send(new DeleteItemCommand({ TableName: T, Key: { pk: { S: "cond" } }, ConditionExpression: "attribute_not_exists(pk)" })),
      "ConditionalCheckFailedException",
    );
    assert.equal(noItem.Item, undefined);
    // Legacy Expected works too.
    await h.ddb.send(new DeleteItemCommand({ TableName: T, Key: { pk: { S: "cond" } }, Expected: { price: { Value: { N: "650" } } } }));
  });

  it("expression errors carry AWS's messages", async () => {
    await rejects(
      h.ddb.send(new PutItemCommand({ TableName: T, Item: { pk: { S: "e" } }, ConditionExpression: "a = :a", ExpressionAttributeValues: { ":a": { S: "x" }, ":b": { S: "y" } } })),
      "ValidationException",
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:b}",
    );
    await rejects(
      h.ddb.send(new PutItemCommand({ TableName: T, Item: { pk: { S: "e" } }, ConditionExpression: "a = :a", Expected: { a: { Exists: false } }, ExpressionAttributeValues: { ":a": { S: "x" } } })),
      "ValidationException",
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
    );
  });

  it("keys are checked against the schema with AWS's messages", async () => {
    await rejects(h.ddb.send(new GetItemCommand({ TableName: C, Key: { pk: { S: "a" } } })), "ValidationException", "The provided key element does not match the schema");
    await rejects(
      h.ddb.send(new PutItemCommand({ TableName: C, Item: { pk: { S: "a" } } })),
      "ValidationException",
      "One or more parameter values were invalid: Missing the key sk in the item",
    );
    await rejects(
      h.ddb.send(new PutItemCommand({ TableName: C, Item: { pk: { S: "a" }, sk: { N: "1" } } })),
      "ValidationException",
      "One or more parameter values were invalid: Type mismatch for key sk expected: S actual: N",
    );
    await rejects(
      h.ddb.send(new PutItemCommand({ TableName: C, Item: { pk: { S: "" }, sk: { S: "x" } } })),
      "ValidationException",
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
    );
  });

  it("enforces the limits: 400 KB items, 38 digits, empty and duplicate sets, 32 nesting levels", async () => {
    await rejects(
      h.ddb.send(new PutItemCommand({ TableName: T, Item: { pk: { S: "big" }, data: { S: "x".repeat(400 * 1024) } } })),
      "ValidationException",
      "Item size has exceeded the maximum allowed size",
    );
    await rejects(
      h.ddb.send(new PutItemCommand({ TableName: T, Item: { pk: { S: "n" }, n: { N: "1".repeat(39) } } })),
      "ValidationException",
      "Attempting to store more than 38 significant digits in a Number",
    );
    await rejects(
      h.ddb.send(new PutItemCommand({ TableName: T, Item: { pk: { S: "n" }, n: { N: "1e126" } } })),
      "ValidationException",
      "Number overflow. Attempting to store a number with magnitude larger than supported range",
    );
    await rejects(
      h.ddb.send(new PutItemCommand({ TableName: T, Item: { pk: { S: "s" }, s: { SS: [] } } })),
      "ValidationException",
      "One or more parameter values were invalid: An string set  may not be empty",
    );
    await rejects(
      h.ddb.send(new PutItemCommand({ TableName: T, Item: { pk: { S: "s" }, s: { SS: ["a", "a"] } } })),
      "ValidationException",
      "One or more parameter values were invalid: Input collection [a, a] contains duplicates.",
    );
    await h.ddb.send(new PutItemCommand({ TableName: T, Item: { pk: { S: "deep" }, data: deepMap(31) } }));
    await rejects(h.ddb.send(new PutItemCommand({ TableName: T, Item: { pk: { S: "deeper" }, data: deepMap(32) } })), "ValidationException", /Nesting Levels have exceeded supported limits/);
  });

  it("reports consumed capacity with AWS's arithmetic", async () => {
    const put = await h.ddb.send(
      new PutItemCommand({ TableName: T, Item: { pk: { S: "cap" }, data: { S: "x".repeat(1500) } }, ReturnConsumedCapacity: "TOTAL" }),
    );
    assert.deepEqual(put.ConsumedCapacity, { TableName: T, CapacityUnits: 2 });
    const eventual = await h.ddb.send(new GetItemCommand({ TableName: T, Key: { pk: { S: "cap" } }, ReturnConsumedCapacity: "TOTAL" }));
    assert.deepEqual(eventual.ConsumedCapacity, { TableName: T, CapacityUnits: 0.5 });
    const strong = await h.ddb.send(new GetItemCommand({ TableName: T, Key: { pk: { S: "cap" } }, ConsistentRead: true, ReturnConsumedCapacity: "INDEXES" }));
    assert.deepEqual(strong.ConsumedCapacity, { TableName: T, CapacityUnits: 1, Table: { CapacityUnits: 1 } });
  });

  it("GetItem projects nested paths and list elements", async () => {
    await h.ddb.send(
      new PutItemCommand({ TableName: T, Item: { pk: { S: "proj" }, a: { M: { b: { S: "x" }, c: { S: "y" } } }, l: { L: [{ S: "0" }, { S: "1" }, { S: "2" }] } } }),
    );
    const out = await h.ddb.send(
      new GetItemCommand({ TableName: T, Key: { pk: { S: "proj" } }, ProjectionExpression: "a.b, l[2], #missing", ExpressionAttributeNames: { "#missing": "nope" } }),
    );
    assert.deepEqual(out.Item, { a: { M: { b: { S: "x" } } }, l: { L: [{ S: "2" }] } });
  });
});
