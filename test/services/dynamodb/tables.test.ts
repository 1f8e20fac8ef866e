// The DynamoDB control plane through the SDK v3 client: table lifecycle and statuses, AWS's
// validation messages (as recorded by dynalite's suite and the ack-api-quirks catalogue),
// UpdateTable index creation with backfill, streams settings, tags and limits.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeEndpointsCommand,
  DescribeLimitsCommand,
  DescribeTableCommand,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  QueryCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { FakeClock } from "../../../src/shared/clock.js";
import { compositeTable, createTable, type DynamoHarness, hashTable, rawCall, rejects, startDynamo } from "./helpers.js";

describe("DynamoDB tables", () => {
  let h: DynamoHarness;
  before(async () => {
    h = await startDynamo();
  });
  after(() => h.stop());

  it("CreateTable answers CREATING, DescribeTable then ACTIVE with AWS's members", async () => {
    const created = await h.ddb.send(
      new CreateTableCommand({
        TableName: "crud-table",
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      }),
    );
    const d = created.TableDescription!;
    assert.equal(d.TableStatus, "CREATING");
    assert.equal(d.TableArn, "arn:aws:dynamodb:us-east-1:000000000000:table/crud-table");
    assert.match(d.TableId!, /^[0-9a-f-]{36}$/);
    assert.deepEqual(d.ProvisionedThroughput, { NumberOfDecreasesToday: 0, ReadCapacityUnits: 5, WriteCapacityUnits: 5 });
    assert.equal(d.ItemCount, 0);
    assert.equal(d.DeletionProtectionEnabled, false);
    assert.equal(d.WarmThroughput, undefined);
    const described = (await h.ddb.send(new DescribeTableCommand({ TableName: "crud-table" }))).Table!;
    assert.equal(described.TableStatus, "ACTIVE");
    assert.deepEqual(described.WarmThroughput, { ReadUnitsPerSecond: 5, WriteUnitsPerSecond: 5, Status: "ACTIVE" });
    assert.ok(described.CreationDateTime instanceof Date);
  });

  it("refuses a second table of the same name and unknown tables", async () => {
    await createTable(h.ddb, hashTable("dup-table"));
    await rejects(h.ddb.send(new CreateTableCommand(hashTable("dup-table"))), "ResourceInUseException", "Table already exists: dup-table");
    await rejects(
      h.ddb.send(new DeleteTableCommand({ TableName: "non-existent" })),
      "ResourceNotFoundException",
      "Requested resource not found: Table: non-existent not found",
    );
    await rejects(
      h.ddb.send(new PutItemCommand({ TableName: "non-existent", Item: { pk: { S: "a" } } })),
      "ResourceNotFoundException",
      "Requested resource not found",
    );
  });

  it("validates CreateTable as AWS does, stage by stage", async () => {
    const create = (input: Record<string, unknown>) => rawCall(h.node, "CreateTable", input);
    let res = await create({});
    assert.deepEqual([res.status, res.body.message], [400, "The parameter 'TableName' is required but was not present in the request"]);
    res = await create({ TableName: "a;" });
    assert.equal(res.body.message, "TableName must be at least 3 characters long and at most 255 characters long");
    res = await create({ TableName: "abc;" });
    assert.match(res.body.message, /^3 validation errors detected: /);
    assert.match(res.body.message, /Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: \[a-zA-Z0-9_.-\]\+/);
    assert.match(res.body.message, /Value null at 'keySchema' failed to satisfy constraint: Member must not be null/);
    res = await create({
      TableName: "abc",
      AttributeDefinitions: [{ AttributeName: "b", AttributeType: "SS" }],
      KeySchema: [{ KeyType: "HASH", AttributeName: "a" }],
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
    });
    assert.equal(
      res.body.message,
      "1 validation error detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]",
    );
    const cases: [Record<string, unknown>, string][] = [
      [
        { AttributeDefinitions: [], KeySchema: [{ KeyType: "HASH", AttributeName: "a" }], ProvisionedThroughput: { ReadCapacityUnits: 1000000000001, WriteCapacityUnits: 1000000000001 } },
        "Given value 1000000000001 for ReadCapacityUnits is out of bounds",
      ],
      [
        { AttributeDefinitions: [{ AttributeName: "b", AttributeType: "S" }], KeySchema: [{ KeyType: "HASH", AttributeName: "a" }], ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
        "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [a], AttributeDefinitions: [b]",
      ],
      [
        { AttributeDefinitions: [{ AttributeName: "b", AttributeType: "S" }], KeySchema: [{ KeyType: "HASH", AttributeName: "a" }, { KeyType: "RANGE", AttributeName: "b" }], ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
        "Invalid KeySchema: Some index key attribute have no definition",
      ],
      [
        { AttributeDefinitions: [{ AttributeName: "a", AttributeType: "S" }, { AttributeName: "b", AttributeType: "S" }], KeySchema: [{ KeyType: "HASH", AttributeName: "a" }, { KeyType: "HASH", AttributeName: "a" }], ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
        "Both the Hash Key and the Range Key element in the KeySchema have the same name",
      ],
      [
        { AttributeDefinitions: [{ AttributeName: "a", AttributeType: "S" }, { AttributeName: "b", AttributeType: "S" }], KeySchema: [{ KeyType: "RANGE", AttributeName: "a" }, { KeyType: "HASH", AttributeName: "b" }], ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
      ],
      [
        { AttributeDefinitions: [{ AttributeName: "a", AttributeType: "S" }, { AttributeName: "b", AttributeType: "S" }], KeySchema: [{ KeyType: "HASH", AttributeName: "a" }], ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
        "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
      ],
      [
        { AttributeDefinitions: [{ AttributeName: "a", AttributeType: "S" }], KeySchema: [{ KeyType: "HASH", AttributeName: "a" }], BillingMode: "PAY_PER_REQUEST", ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
        "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
      ],
      [
        {
          AttributeDefinitions: [{ AttributeName: "a", AttributeType: "S" }, { AttributeName: "b", AttributeType: "S" }, { AttributeName: "c", AttributeType: "S" }],
          KeySchema: [{ KeyType: "HASH", AttributeName: "a" }],
          BillingMode: "PAY_PER_REQUEST",
          GlobalSecondaryIndexes: [{ IndexName: "gsi", KeySchema: [{ AttributeName: "b", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
        },
        "One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [a, b, c], keys used: [a, b]",
      ],
      [
        {
          AttributeDefinitions: [{ AttributeName: "a", AttributeType: "S" }, { AttributeName: "b", AttributeType: "S" }],
          KeySchema: [{ KeyType: "HASH", AttributeName: "a" }],
          BillingMode: "PAY_PER_REQUEST",
          LocalSecondaryIndexes: [{ IndexName: "lsi", KeySchema: [{ AttributeName: "a", KeyType: "HASH" }, { AttributeName: "b", KeyType: "RANGE" }], Projection: { ProjectionType: "ALL" } }],
        },
        "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex",
      ],
    ];
    for (const [input, message] of cases) {
      res = await create({ TableName: "abc", ...input });
      assert.equal(res.body.message, message, JSON.stringify(input));
      assert.equal(res.status, 400);
    }
  });

  it("ListTables pages in name order", async () => {
    for (const name of ["list-c", "list-a", "list-b"]) await createTable(h.ddb, hashTable(name));
    const first = await h.ddb.send(new ListTablesCommand({ ExclusiveStartTableName: "list", Limit: 2 }));
    assert.deepEqual(first.TableNames, ["list-a", "list-b"]);
    assert.equal(first.LastEvaluatedTableName, "list-b");
    const second = await h.ddb.send(new ListTablesCommand({ ExclusiveStartTableName: "list-b", Limit: 2 }));
    assert.deepEqual(second.TableNames?.[0], "list-c");
  });

  it("DeleteTable answers DELETING without the schema, and the table is gone", async () => {
    await createTable(h.ddb, hashTable("gone-table"));
    const out = await h.ddb.send(new DeleteTableCommand({ TableName: "gone-table" }));
    assert.equal(out.TableDescription!.TableStatus, "DELETING");
    assert.equal(out.TableDescription!.KeySchema, undefined);
    await rejects(h.ddb.send(new DescribeTableCommand({ TableName: "gone-table" })), "ResourceNotFoundException", "Requested resource not found: Table: gone-table not found");
  });

  it("deletion protection refuses DeleteTable until it is switched off", async () => {
    await createTable(h.ddb, hashTable("protected-table", { DeletionProtectionEnabled: true }));
    await rejects(
      h.ddb.send(new DeleteTableCommand({ TableName: "protected-table" })),
      "ValidationException",
      "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
    );
    await h.ddb.send(new UpdateTableCommand({ TableName: "protected-table", DeletionProtectionEnabled: false }));
    await h.ddb.send(new DeleteTableCommand({ TableName: "protected-table" }));
  });

  it("UpdateTable creates a GSI and backfills it from existing items", async () => {
    await createTable(h.ddb, hashTable("backfill-table"));
    for (let i = 0; i < 5; i++) {
      await h.ddb.send(new PutItemCommand({ TableName: "backfill-table", Item: { pk: { S: `p${i}` }, colour: { S: i % 2 ? "red" : "blue" } } }));
    }
    const updated = await h.ddb.send(
      new UpdateTableCommand({
        TableName: "backfill-table",
        AttributeDefinitions: [{ AttributeName: "colour", AttributeType: "S" }],
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: "by-colour", KeySchema: [{ AttributeName: "colour", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } } }],
      }),
    );
    assert.equal(updated.TableDescription!.TableStatus, "UPDATING");
    const gsi = updated.TableDescription!.GlobalSecondaryIndexes![0]!;
    assert.equal(gsi.IndexStatus, "CREATING");
    assert.equal(gsi.Backfilling, false);
    const red = await h.ddb.send(
      new QueryCommand({ TableName: "backfill-table", IndexName: "by-colour", KeyConditionExpression: "colour = :c", ExpressionAttributeValues: { ":c": { S: "red" } } }),
    );
    assert.equal(red.Count, 2);
    const described = (await h.ddb.send(new DescribeTableCommand({ TableName: "backfill-table" }))).Table!;
    assert.equal(described.GlobalSecondaryIndexes![0]!.IndexStatus, "ACTIVE");
    assert.equal(described.GlobalSecondaryIndexes![0]!.ItemCount, 5);
    await rejects(
      h.ddb.send(
        new UpdateTableCommand({
          TableName: "backfill-table",
          GlobalSecondaryIndexUpdates: [{ Create: { IndexName: "by-colour", KeySchema: [{ AttributeName: "colour", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } } }],
        }),
      ),
      "ValidationException",
      "Attempting to create an index which already exists",
    );
    await h.ddb.send(new UpdateTableCommand({ TableName: "backfill-table", GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "by-colour" } }] }));
    const after = (await h.ddb.send(new DescribeTableCommand({ TableName: "backfill-table" }))).Table!;
    assert.equal(after.GlobalSecondaryIndexes, undefined);
    assert.deepEqual(after.AttributeDefinitions, [{ AttributeName: "pk", AttributeType: "S" }]);
  });

  it("UpdateTable changes throughput and refuses a no-op with AWS's message", async () => {
    await createTable(h.ddb, {
      ...hashTable("throughput-table"),
      BillingMode: "PROVISIONED",
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    });
    const out = await h.ddb.send(new UpdateTableCommand({ TableName: "throughput-table", ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 2 } }));
    const t = out.TableDescription!.ProvisionedThroughput!;
    assert.equal(t.ReadCapacityUnits, 10);
    assert.equal(t.NumberOfDecreasesToday, 1);
    assert.ok(t.LastIncreaseDateTime instanceof Date && t.LastDecreaseDateTime instanceof Date);
    await rejects(
      h.ddb.send(new UpdateTableCommand({ TableName: "throughput-table", ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 2 } })),
      "ValidationException",
      /^The provisioned throughput for the table will not change\. The requested value equals the current value\. Current ReadCapacityUnits provisioned for the table: 10\./,
    );
    await rejects(
      h.ddb.send(new UpdateTableCommand({ TableName: "throughput-table" })),
      "ValidationException",
      /^At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates/,
    );
  });

  it("enabling a stream gives a new ARN each time; disabling keeps the latest one", async () => {
    await createTable(h.ddb, hashTable("stream-settings"));
    const enabled = await h.ddb.send(
      new UpdateTableCommand({ TableName: "stream-settings", StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" } }),
    );
    const first = enabled.TableDescription!.LatestStreamArn!;
    assert.match(first, /^arn:aws:dynamodb:us-east-1:000000000000:table\/stream-settings\/stream\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    assert.equal(enabled.TableDescription!.LatestStreamLabel, first.split("/stream/")[1]);
    await rejects(
      h.ddb.send(new UpdateTableCommand({ TableName: "stream-settings", StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" } })),
      "ValidationException",
      "Table already has an enabled stream: TableName: stream-settings",
    );
    const disabled = await h.ddb.send(new UpdateTableCommand({ TableName: "stream-settings", StreamSpecification: { StreamEnabled: false } }));
    assert.equal(disabled.TableDescription!.StreamSpecification, undefined);
    assert.equal(disabled.TableDescription!.LatestStreamArn, first);
    await rejects(
      h.ddb.send(new UpdateTableCommand({ TableName: "stream-settings", StreamSpecification: { StreamEnabled: false } })),
      "ValidationException",
      "Table has no stream to disable: TableName: stream-settings",
    );
    const again = await h.ddb.send(
      new UpdateTableCommand({ TableName: "stream-settings", StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" } }),
    );
    assert.notEqual(again.TableDescription!.LatestStreamArn, first);
  });

  it("tags a table, lists and removes tags", async () => {
    const created = await h.ddb.send(new CreateTableCommand({ ...hashTable("tagged-table"), Tags: [{ Key: "Name", Value: "test-table" }, { Key: "TestKey", Value: "true" }] }));
    const arn = created.TableDescription!.TableArn!;
    assert.deepEqual((await h.ddb.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags, [
      { Key: "Name", Value: "test-table" },
      { Key: "TestKey", Value: "true" },
    ]);
    await h.ddb.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "NewKey", Value: "TestValue" }] }));
    await h.ddb.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["Name"] }));
    const tags = (await h.ddb.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags!;
    assert.deepEqual(tags.map((t) => t.Key), ["TestKey", "NewKey"]);
    await rejects(
      h.ddb.send(new ListTagsOfResourceCommand({ ResourceArn: "arn:aws:dynamodb:us-east-1:000000000000:table/missing-table" })),
      "ResourceNotFoundException",
      "Requested resource not found: ResourceArn: arn:aws:dynamodb:us-east-1:000000000000:table/missing-table not found",
    );
  });

  it("accepts a table ARN wherever a table name is expected", async () => {
    await createTable(h.ddb, hashTable("arn-table"));
    const arn = "arn:aws:dynamodb:us-east-1:000000000000:table/arn-table";
    await h.ddb.send(new PutItemCommand({ TableName: arn, Item: { pk: { S: "x" } } }));
    const out = await h.ddb.send(new DescribeTableCommand({ TableName: arn }));
    assert.equal(out.Table!.ItemCount, 1);
  });

  it("POST /_nimbus/reset wipes DynamoDB, and tables made afterwards are new ones", async () => {
    await createTable(h.ddb, compositeTable("before-reset"));
    await h.ddb.send(new PutItemCommand({ TableName: "before-reset", Item: { pk: { S: "a" }, sk: { S: "b" } } }));
    const res = await fetch(`${h.node.endpoint}/_nimbus/reset?service=dynamodb`, { method: "POST" });
    assert.equal(res.status, 200);
    assert.deepEqual((await h.ddb.send(new ListTablesCommand({}))).TableNames, []);
    // The same id and version as the wiped table must not resurrect its schema.
    await createTable(h.ddb, hashTable("after-reset"));
    await h.ddb.send(new PutItemCommand({ TableName: "after-reset", Item: { pk: { S: "x" } } }));
    const described = (await h.ddb.send(new DescribeTableCommand({ TableName: "after-reset" }))).Table!;
    assert.deepEqual(described.KeySchema, [{ AttributeName: "pk", KeyType: "HASH" }]);
    assert.equal(described.ItemCount, 1);
  });

  it("DescribeLimits and DescribeEndpoints answer", async () => {
    const limits = await h.ddb.send(new DescribeLimitsCommand({}));
    assert.equal(limits.TableMaxReadCapacityUnits, 40000);
    const endpoints = await h.ddb.send(new DescribeEndpointsCommand({}));
    assert.equal(endpoints.Endpoints![0]!.CachePeriodInMinutes, 1440);
  });
});

describe("DynamoDB table statuses follow the clock", () => {
  let h: DynamoHarness;
  const clock = new FakeClock();
  before(async () => {
    h = await startDynamo({ dynamodb: { statusDelayMs: 5000 } }, clock);
  });
  after(() => h.stop());

  it("stays CREATING until its time, refusing data-plane calls meanwhile", async () => {
    await createTable(h.ddb, compositeTable("slow-table"));
    assert.equal((await h.ddb.send(new DescribeTableCommand({ TableName: "slow-table" }))).Table!.TableStatus, "CREATING");
    await rejects(h.ddb.send(new PutItemCommand({ TableName: "slow-table", Item: { pk: { S: "a" }, sk: { S: "b" } } })), "ResourceNotFoundException");
    await rejects(
      h.ddb.send(new DeleteTableCommand({ TableName: "slow-table" })),
      "ResourceInUseException",
      "Attempt to change a resource which is still in use: Table is being created: slow-table",
    );
    clock.advance(5000);
    assert.equal((await h.ddb.send(new DescribeTableCommand({ TableName: "slow-table" }))).Table!.TableStatus, "ACTIVE");
    await h.ddb.send(new DeleteTableCommand({ TableName: "slow-table" }));
    assert.equal((await h.ddb.send(new DescribeTableCommand({ TableName: "slow-table" }))).Table!.TableStatus, "DELETING");
    assert.deepEqual((await h.ddb.send(new ListTablesCommand({}))).TableNames, ["slow-table"]);
    clock.advance(5000);
    assert.deepEqual((await h.ddb.send(new ListTablesCommand({}))).TableNames, []);
  });
});
