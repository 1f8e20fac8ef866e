// Request validation with the messages and order of checks AWS uses, as recorded against AWS by
// dynalite's test suite (test/query.js, test/scan.js, test/putItem.js, ...). The requests name a
// table that does not exist: AWS validates the whole request before looking for the table.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { NimbusNode } from "../../../src/nimbus.js";
import { startTestNimbus } from "../../helpers/nimbus.js";
import { rawCall } from "./helpers.js";

/** Asserts a ValidationException whose message is exactly `message`, or is these Coral sentences in any order. */
async function assertValidation(node: NimbusNode, operation: string, input: unknown, message: string | string[]): Promise<void> {
  const res = await rawCall(node, operation, input);
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.__type, "com.amazon.coral.validate#ValidationException");
  if (typeof message === "string") {
    assert.equal(res.body.message, message);
    return;
  }
  const prefix = `${message.length} validation error${message.length === 1 ? "" : "s"} detected: `;
  assert.ok(res.body.message.startsWith(prefix), res.body.message);
  assert.deepEqual(res.body.message.slice(prefix.length).split("; ").sort(), [...message].sort());
}

describe("DynamoDB request validation", () => {
  let node: NimbusNode;
  before(async () => {
    node = await startTestNimbus();
  });
  after(() => node.stop());

  it("PutItem: nulls, table names and item values", async () => {
    await assertValidation(node, "PutItem", {}, [
      "Value null at 'tableName' failed to satisfy constraint: Member must not be null",
      "Value null at 'item' failed to satisfy constraint: Member must not be null",
    ]);
    await assertValidation(node, "PutItem", { TableName: "a;", Item: {} }, [
      "Value 'a;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
      "Value 'a;' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    ]);
    await assertValidation(
      node,
      "PutItem",
      { TableName: "abc", Item: { a: { S: "a", N: "1" } } },
      "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
    );
    await assertValidation(node, "PutItem", { TableName: "abc", Item: { a: { NS: ["1", "b"] } } }, "The parameter cannot be converted to a numeric value: b");
    await assertValidation(node, "PutItem", { TableName: "abc", Item: { a: { S: "a" } }, ReturnValues: "UPDATED_OLD" }, "ReturnValues can only be ALL_OLD or NONE");
    await assertValidation(
      node,
      "PutItem",
      { TableName: "abc", Item: { a: {} }, Expected: { a: {} }, ConditionExpression: "" },
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
    );
  });

  it("Query: the mix of parameters is checked first, then filters, AttributesToGet, the start key, expressions", async () => {
    await assertValidation(
      node,
      "Query",
      {
        TableName: "abc",
        ExclusiveStartKey: { a: {} },
        Select: "SPECIFIC_ATTRIBUTES",
        AttributesToGet: ["a", "a"],
        QueryFilter: { a: { ComparisonOperator: "EQ", AttributeValueList: [{}] } },
        ConditionalOperator: "OR",
        KeyConditions: { a: { ComparisonOperator: "EQ", AttributeValueList: [{}] } },
        ProjectionExpression: "",
        FilterExpression: "",
        KeyConditionExpression: "",
        ExpressionAttributeNames: {},
        ExpressionAttributeValues: {},
      },
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet, QueryFilter, ConditionalOperator, KeyConditions} Expression parameters: {ProjectionExpression, FilterExpression, KeyConditionExpression}",
    );
    await assertValidation(
      node,
      "Query",
      { TableName: "abc", QueryFilter: {}, ExclusiveStartKey: { a: {} }, AttributesToGet: ["a", "a"] },
      "One or more parameter values were invalid: Duplicate value in attribute name: a",
    );
    await assertValidation(
      node,
      "Query",
      { TableName: "abc", KeyConditionExpression: "", ExpressionAttributeNames: {}, ExpressionAttributeValues: {}, ExclusiveStartKey: { a: { L: [{}] } } },
      "The provided starting key is invalid: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
    );
    await assertValidation(
      node,
      "Query",
      { TableName: "abc", QueryFilter: { a: { ComparisonOperator: "EQ" } }, KeyConditions: { a: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "a" }] } } },
      "One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator",
    );
    await assertValidation(node, "Query", { TableName: "abc" }, "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
    await assertValidation(
      node,
      "Query",
      { TableName: "abc", KeyConditionExpression: "a = :a AND b = :b AND c = :c", ExpressionAttributeValues: { ":a": { S: "a" }, ":b": { S: "b" }, ":c": { S: "c" } } },
      "Conditions can be of length 1 or 2 only",
    );
    await assertValidation(
      node,
      "Query",
      { TableName: "abc;", ReturnConsumedCapacity: "hi", AttributesToGet: [], IndexName: "abc;", Select: "hi", Limit: -1, ConditionalOperator: "AN" },
      [
        "Value 'hi' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]",
        "Value 'abc;' at 'indexName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]",
        "Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        "Value 'AN' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]",
        "Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1",
        "Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      ],
    );
    // Valid requests reach the table.
    const missing = await rawCall(node, "Query", { TableName: "abc", KeyConditionExpression: "a = :a", ExpressionAttributeValues: { ":a": { S: "a" } } });
    assert.deepEqual([missing.body.__type, missing.body.message], ["com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "Requested resource not found"]);
  });

  it("Scan: segments", async () => {
    await assertValidation(node, "Scan", { TableName: "abc", Segment: 1 }, "The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
    await assertValidation(node, "Scan", { TableName: "abc", TotalSegments: 2 }, "The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
    await assertValidation(
      node,
      "Scan",
      { TableName: "abc", Segment: 2, TotalSegments: 2 },
      "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 2 is not less than TotalSegments: 2",
    );
  });

  it("UpdateItem and DeleteItem check keys and legacy updates before the table", async () => {
    await assertValidation(node, "UpdateItem", { TableName: "abc", Key: { a: {} } }, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    await assertValidation(
      node,
      "UpdateItem",
      { TableName: "abc", Key: { a: { S: "a" } }, AttributeUpdates: { b: { Action: "DELETE", Value: { S: "x" } } } },
      "One or more parameter values were invalid: DELETE action with value is not supported for the type S",
    );
    await assertValidation(
      node,
      "DeleteItem",
      { TableName: "abc", Key: { a: { S: "a" } }, Expected: { a: { Exists: false, Value: { S: "a" } } } },
      "One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: a",
    );
  });

  it("finds an over-long attribute name anywhere in an item, in the model's member order", async () => {
    // Attribute values are walked only where a constraint can apply (map keys of M); the
    // messages and their order must be those of a full walk.
    const long = "k".repeat(65536);
    const tooLong = (path: string) => `Value '${long}' at '${path}' failed to satisfy constraint: Member must have length less than or equal to 65535`;
    await assertValidation(
      node,
      "PutItem",
      { TableName: "t", Item: { [long]: { S: "x" }, a: { S: "x", M: { [long]: { S: "x" } } }, b: { L: [{ M: { [long]: { N: "1" } } }] } }, ReturnValues: "BAD" },
      `5 validation errors detected: ${tooLong(`item.${long}.key`)}; ${tooLong(`item.a.member.m.${long}.key`)}; ${tooLong(`item.b.member.l.1.member.m.${long}.key`)}; ` +
        "Value 'BAD' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; " +
        "Value 't' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    );
  });

  it("answers malformed JSON with a SerializationException", async () => {
    const res = await rawCall(node, "GetItem", { TableName: 5, Key: {} });
    assert.equal(res.status, 400);
    assert.match(String(res.body.__type), /SerializationException$/);
  });
});
