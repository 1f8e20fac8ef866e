// The calls behind each recording in test_dynamodb.snapshot.json, re-enacted from LocalStack's
// tests/aws/services/dynamodb/test_dynamodb.py (the inputs the recordings were made with). Each
// scenario answers the values the Python test passed to snapshot.match, by key.
import { CallFailed, type ConformanceClient } from "./client.js";

export interface Scenario {
  run(c: ConformanceClient, name: (prefix: string) => string): Promise<Record<string, unknown>>;
  /** Paths left out of the comparison: what this harness cannot produce (another service's answers). */
  skip?: RegExp[];
}

const TAGS = [
  { Key: "Name", Value: "test-table" },
  { Key: "TestKey", Value: "true" },
];
const THROUGHPUT = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };

const hashTable = (TableName: string, key = "id", extra: Record<string, unknown> = {}) => ({
  TableName,
  KeySchema: [{ AttributeName: key, KeyType: "HASH" }],
  AttributeDefinitions: [{ AttributeName: key, AttributeType: "S" }],
  ProvisionedThroughput: THROUGHPUT,
  ...extra,
});

const sortBy = <T>(items: T[], key: (item: T) => string) => [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** Reads a stream from the first shard's start until `count` records arrived (or a page is empty). */
async function readStream(c: ConformanceClient, arn: string, count: number, type = "TRIM_HORIZON") {
  const described = await c.call("DescribeStream", { StreamArn: arn }, "dynamodbstreams");
  const shard = described.StreamDescription.Shards[0];
  const input: Record<string, unknown> = { StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: type };
  if (type === "AT_SEQUENCE_NUMBER") input.SequenceNumber = shard.SequenceNumberRange.StartingSequenceNumber;
  let iterator = (await c.call("GetShardIterator", input, "dynamodbstreams")).ShardIterator;
  const records: unknown[] = [];
  while (iterator && records.length < count) {
    const page = await c.call("GetRecords", { ShardIterator: iterator }, "dynamodbstreams");
    records.push(...page.Records);
    if (page.Records.length === 0) break;
    iterator = page.NextShardIterator;
  }
  return records;
}


export const SCENARIOS: Record<string, Scenario> = {
  test_table_crud: {
    async run(c, name) {
      const table = name("table");
      const out: Record<string, unknown> = {};
      out["create-table"] = await c.call("CreateTable", hashTable(table));
      out["describe-table"] = await c.call("DescribeTable", { TableName: table });
      out["delete-table"] = await c.call("DeleteTable", { TableName: table });
      out["delete-non-existent-table"] = (await c.failure("DeleteTable", { TableName: "non-existent" })).response;
      return out;
    },
  },
  test_table_warm_throughput: {
    async run(c, name) {
      const table = name("table");
      return {
        "create-table": await c.call("CreateTable", hashTable(table, "id", { WarmThroughput: { ReadUnitsPerSecond: 1000, WriteUnitsPerSecond: 1200 } })),
        "describe-table": await c.call("DescribeTable", { TableName: table }),
      };
    },
  },
  "test_gsi_with_billing_mode[PAY_PER_REQUEST]": gsiScenario("PAY_PER_REQUEST"),
  "test_gsi_with_billing_mode[PROVISIONED]": gsiScenario("PROVISIONED"),
  test_create_duplicate_table: {
    async run(c, name) {
      const table = name("test_table");
      await c.call("CreateTable", hashTable(table, "id", { Tags: TAGS }));
      return { Error: (await c.failure("CreateTable", hashTable(table, "id", { Tags: TAGS }))).message };
    },
  },
  test_dynamodb_pay_per_request: {
    async run(c, name) {
      return { Error: (await c.failure("CreateTable", hashTable(name("ddb-table"), "id", { BillingMode: "PAY_PER_REQUEST" }))).message };
    },
  },
  test_valid_local_secondary_index: {
    async run(c, name) {
      const table = name("test-table");
      await c.call("CreateTable", {
        TableName: table,
        KeySchema: [
          { AttributeName: "PK", KeyType: "HASH" },
          { AttributeName: "SK", KeyType: "RANGE" },
        ],
        AttributeDefinitions: [
          { AttributeName: "PK", AttributeType: "S" },
          { AttributeName: "SK", AttributeType: "S" },
          { AttributeName: "LSI1SK", AttributeType: "N" },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: "LSI1",
            KeySchema: [
              { AttributeName: "PK", KeyType: "HASH" },
              { AttributeName: "LSI1SK", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "ALL" },
          },
        ],
        ProvisionedThroughput: THROUGHPUT,
        Tags: TAGS,
      });
      await c.call("PutItem", { TableName: table, Item: { SK: { S: "hello" }, LSI1SK: { N: "123" }, PK: { S: "test one" } } });
      const result = await c.call("Query", {
        TableName: table,
        IndexName: "LSI1",
        KeyConditionExpression: "PK = :v1",
        ExpressionAttributeValues: { ":v1": { S: "test one" } },
        Select: "ALL_ATTRIBUTES",
      });
      return { Items: result };
    },
  },
  test_return_values_in_put_item: {
    async run(c, name) {
      const table = name("ddb-test-table");
      await c.call("CreateTable", hashTable(table));
      const item1 = { id: { S: "id1" }, data: { S: "foobar" } };
      const item1b = { id: { S: "id1" }, data: { S: "barfoo" } };
      return {
        PutFirstItem: await c.call("PutItem", { TableName: table, Item: item1, ReturnValues: "ALL_OLD" }),
        PutFirstItemOLD: await c.call("PutItem", { TableName: table, Item: item1, ReturnValues: "ALL_OLD" }),
        PutFirstItemB: await c.call("PutItem", { TableName: table, Item: item1b, ReturnValues: "ALL_OLD" }),
        PutSecondItem: await c.call("PutItem", { TableName: table, Item: item1 }),
        PutSecondItemReturnNone: await c.call("PutItem", { TableName: table, Item: item1 }),
      };
    },
  },
  test_empty_and_binary_values: {
    async run(c, name) {
      const table = name("table");
      await c.call("CreateTable", hashTable(table));
      return {
        PutFirstItem: await c.call("PutItem", { TableName: table, Item: { id: { S: "id1" }, data: { S: "" } } }),
        PutSecondItem: await c.call("PutItem", { TableName: table, Item: { id: { S: "id2" }, data: { B: Buffer.from([0x90]) } } }),
      };
    },
  },
  test_batch_write_binary: {
    async run(c, name) {
      const table = name("table_batch_binary");
      await c.call("CreateTable", {
        TableName: table,
        AttributeDefinitions: [
          { AttributeName: "PK", AttributeType: "S" },
          { AttributeName: "SK", AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: "PK", KeyType: "HASH" },
          { AttributeName: "SK", KeyType: "RANGE" },
        ],
        BillingMode: "PAY_PER_REQUEST",
      });
      await c.call("PutItem", { TableName: table, Item: { PK: { S: "hello" }, SK: { S: "user" }, data: { B: Buffer.from("test") } } });
      const response = await c.call("BatchWriteItem", {
        RequestItems: {
          [table]: [
            { PutRequest: { Item: { PK: { S: "hello-1" }, SK: { S: "user-1" }, data: { B: Buffer.from("test-1") } } } },
            { PutRequest: { Item: { PK: { S: "hello-2" }, SK: { S: "user-2" }, data: { B: Buffer.from([0x74, 0x65, 0x73, 0x74, 0x20, 0xc0, 0x20, 0xed]) } } } },
          ],
        },
      });
      return { Response: response };
    },
  },
  test_dynamodb_execute_transaction: {
    async run(c, name) {
      const table = name("table");
      await c.call("CreateTable", hashTable(table, "Username"));
      const executed = await c.call("ExecuteTransaction", {
        TransactStatements: [
          { Statement: `INSERT INTO ${table} VALUE {'Username': 'user01'}` },
          { Statement: `INSERT INTO ${table} VALUE {'Username': 'user02'}` },
        ],
      });
      const scan = await c.call("Scan", { TableName: table });
      scan.Items = sortBy(scan.Items, (i: any) => i.Username.S);
      return { ExecutedTransaction: executed, TableScan: scan };
    },
  },
  test_dynamodb_batch_execute_statement: {
    async run(c, name) {
      const table = name("test_table");
      await c.call("CreateTable", hashTable(table, "Username"));
      await c.call("PutItem", { TableName: table, Item: { Username: { S: "user02" } } });
      const result = await c.call("BatchExecuteStatement", {
        Statements: [{ Statement: `INSERT INTO ${table} VALUE {'Username': 'user01'}` }, { Statement: `UPDATE ${table} SET Age=20 WHERE Username='user02'` }],
      });
      result.Responses = sortBy(result.Responses, (r: any) => r.TableName);
      return {
        ExecutedStatement: result,
        ItemUser2: (await c.call("GetItem", { TableName: table, Key: { Username: { S: "user02" } } })).Item,
        ItemUser1: (await c.call("GetItem", { TableName: table, Key: { Username: { S: "user01" } } })).Item,
      };
    },
  },
  test_dynamodb_partiql_missing: {
    async run(c, name) {
      const table = name("table_with_stream");
      await c.call("CreateTable", hashTable(table, "Username"));
      await c.call("ExecuteStatement", { Statement: `INSERT INTO ${table} VALUE {'Username': 'Alice123', 'FirstName':'Alice'}` });
      const items = (await c.call("ExecuteStatement", { Statement: `SELECT * FROM ${table} WHERE FirstName IS NOT MISSING` })).Items;
      return { FirstNameNotMissing: items };
    },
  },
  test_dynamodb_execute_statement_empy_parameter: {
    async run(c, name) {
      const table = name("table");
      await c.call("CreateTable", hashTable(table, "Username"));
      const failure = await c.failure("ExecuteStatement", { Statement: `SELECT * FROM ${table}`, Parameters: [] });
      return { "invalid-param-error": failure.response };
    },
  },
  test_transaction_write_items: {
    async run(c, name) {
      const table = name("test-ddb-table");
      await c.call("CreateTable", hashTable(table, "id", { Tags: TAGS }));
      const items = (tableName: string) => [
        { ConditionCheck: { TableName: tableName, ConditionExpression: "attribute_not_exists(id)", Key: { id: { S: "test1" } } } },
        { Put: { TableName: tableName, Item: { id: { S: "test2" } } } },
        {
          Update: {
            TableName: tableName,
            Key: { id: { S: "test3" } },
            UpdateExpression: "SET attr1 = :v1, attr2 = :v2",
            ExpressionAttributeValues: { ":v1": { S: "value1" }, ":v2": { S: "value2" } },
          },
        },
        { Delete: { TableName: tableName, Key: { id: { S: "test4" } } } },
      ];
      const arn = (await c.call("DescribeTable", { TableName: table })).Table.TableArn;
      return {
        Response: await c.call("TransactWriteItems", { TransactItems: items(table) }),
        Response_using_table_arn: await c.call("TransactWriteItems", { TransactItems: items(arn) }),
      };
    },
  },
  test_transaction_write_canceled: {
    async run(c, name) {
      const table = name("table");
      await c.call("CreateTable", hashTable(table, "Username"));
      await c.call("PutItem", { TableName: table, Item: { Username: { S: "Fred" } } });
      const failure = await c.failure("TransactWriteItems", {
        TransactItems: [
          { ConditionCheck: { TableName: table, ConditionExpression: "attribute_not_exists(Username)", Key: { Username: { S: "Fred" } } } },
          { Delete: { TableName: table, Key: { Username: { S: "Bert" } } } },
        ],
      });
      return { Error: failure.message };
    },
  },
  test_transaction_write_binary_data: {
    async run(c, name) {
      const table = name("test-ddb-table");
      await c.call("CreateTable", hashTable(table, "id", { Tags: TAGS }));
      const write = await c.call("TransactWriteItems", {
        TransactItems: [{ Put: { TableName: table, Item: { id: { S: "someUser" }, binaryData: { B: Buffer.from("foobar") } } } }],
      });
      return { WriteResponse: write, GetItem: (await c.call("GetItem", { TableName: table, Key: { id: { S: "someUser" } } })).Item };
    },
  },
  test_transact_get_items: {
    async run(c, name) {
      const table = name("test-ddb-table");
      await c.call("CreateTable", hashTable(table));
      await c.call("PutItem", { TableName: table, Item: { id: { S: "John" } } });
      await c.call("PutItem", { TableName: table, Item: { id: { S: "Sarah" } } });
      const arn = (await c.call("DescribeTable", { TableName: table })).Table.TableArn;
      return {
        TransactGetItems: await c.call("TransactGetItems", { TransactItems: [{ Get: { Key: { id: { S: "John" } }, TableName: table } }] }),
        "TransactGetItems-with-TableArn": await c.call("TransactGetItems", { TransactItems: [{ Get: { Key: { id: { S: "Sarah" } }, TableName: arn } }] }),
      };
    },
  },
  test_batch_write_items: {
    async run(c, name) {
      const table = name("test-ddb-table");
      await c.call("CreateTable", hashTable(table, "id", { Tags: TAGS }));
      await c.call("PutItem", { TableName: table, Item: { id: { S: "Fred" } } });
      const response = await c.call("BatchWriteItem", {
        RequestItems: { [table]: [{ DeleteRequest: { Key: { id: { S: "Fred" } } } }, { PutRequest: { Item: { id: { S: "Bob" } } } }] },
      });
      return { BatchWriteResponse: response };
    },
  },
  test_dynamodb_get_batch_items: {
    async run(c, name) {
      const table = name("test_table");
      await c.call("CreateTable", { ...hashTable(table, "PK"), ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } });
      return { Response: await c.call("BatchGetItem", { RequestItems: { [table]: { Keys: [{ PK: { S: "test-key" } }] } } }) };
    },
  },
  test_dynamodb_idempotent_writing: {
    async run(c, name) {
      const table = name("ddb-table");
      await c.call("CreateTable", {
        TableName: table,
        KeySchema: [
          { AttributeName: "id", KeyType: "HASH" },
          { AttributeName: "name", KeyType: "RANGE" },
        ],
        AttributeDefinitions: [
          { AttributeName: "id", AttributeType: "S" },
          { AttributeName: "name", AttributeType: "S" },
        ],
        ProvisionedThroughput: THROUGHPUT,
      });
      const write = (item: Record<string, unknown>) =>
        c.call("TransactWriteItems", { ClientRequestToken: "dedupe_token", TransactItems: [{ Put: { TableName: table, Item: item } }] });
      return {
        Response1: await write({ id: { S: "id1" }, name: { S: "name1" } }),
        Response2: await write({ name: { S: "name1" }, id: { S: "id1" } }),
      };
    },
  },
  test_batch_write_not_matching_schema: {
    async run(c, name) {
      const table = name("ddb-table");
      await c.call("CreateTable", {
        TableName: table,
        KeySchema: [
          { AttributeName: "id", KeyType: "HASH" },
          { AttributeName: "sortKey", KeyType: "RANGE" },
        ],
        AttributeDefinitions: [
          { AttributeName: "id", AttributeType: "S" },
          { AttributeName: "sortKey", AttributeType: "S" },
        ],
        ProvisionedThroughput: THROUGHPUT,
      });
      const failure = await c.failure("BatchWriteItem", { RequestItems: { [table]: [{ PutRequest: { Item: { nonKey: { S: "hello" } } } }] } });
      return { ValidationException: failure.message };
    },
  },
  test_batch_write_not_existing_table: {
    async run(c) {
      const failure = await c.failure("TransactWriteItems", { TransactItems: [{ Put: { TableName: "non-existing-table", Item: {} } }] });
      return { "exc-not-found-transact-write-items": failure.response };
    },
  },
  test_return_values_on_conditions_check_failure: {
    async run(c, name) {
      const table = name("table");
      await c.call("CreateTable", hashTable(table));
      await c.call("PutItem", { TableName: table, Item: { id: { S: "456" }, price: { N: "650" }, product: { S: "sporting goods" } } });
      const failure = await c.failure("DeleteItem", {
        TableName: table,
        Key: { id: { S: "456" } },
        ConditionExpression: "price between :lo and :hi",
        ExpressionAttributeValues: { ":lo": { N: "500" }, ":hi": { N: "600" } },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      });
      return { items: failure.response };
    },
  },
  test_data_encoding_consistency: {
    async run(c, name) {
      const table = name("table");
      const created = await c.call("CreateTable", hashTable(table, "id", { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" } }));
      await c.call("PutItem", { TableName: table, Item: { id: { S: "id1" }, version: { N: "1" }, data: { B: Buffer.from([0x90]) } } });
      const out: Record<string, unknown> = {};
      out.GetItem = (await c.call("GetItem", { TableName: table, Key: { id: { S: "id1" } } })).Item;
      const arn = created.TableDescription.LatestStreamArn;
      out.GetRecords = ((await readStream(c, arn, 1, "AT_SEQUENCE_NUMBER"))[0] as any).dynamodb.NewImage;
      await c.call("UpdateItem", { TableName: table, Key: { id: { S: "id1" } }, UpdateExpression: "SET version=:v", ExpressionAttributeValues: { ":v": { N: "2" } } });
      out.GetItemAfterUpdate = (await c.call("GetItem", { TableName: table, Key: { id: { S: "id1" } } })).Item;
      out.GetRecordsAfterUpdate = ((await readStream(c, arn, 2, "AT_SEQUENCE_NUMBER"))[1] as any).dynamodb.NewImage;
      return out;
    },
  },
  test_continuous_backup_update: {
    async run(c, name) {
      const table = name("table");
      await c.call("CreateTable", hashTable(table));
      await c.call("UpdateContinuousBackups", { TableName: table, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
      return {
        "update-continuous-backup": await c.call("UpdateContinuousBackups", { TableName: table, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
        "describe-continuous-backup": await c.call("DescribeContinuousBackups", { TableName: table }),
      };
    },
  },
  test_dynamodb_create_table_with_partial_sse_specification: {
    async run(c, name) {
      const table = name("test_table");
      const created = await c.call("CreateTable", hashTable(table, "id", { SSESpecification: { Enabled: true }, Tags: TAGS }));
      const updated = await c.call("UpdateTable", { TableName: table, SSESpecification: { Enabled: false } });
      // KMSDescription needs the KMS service, which is not part of this harness.
      return { SSEDescription: created.TableDescription.SSEDescription, "update-table-disable-sse-spec": updated.TableDescription.SSEDescription };
    },
    skip: [/^\$\.KMSDescription/],
  },
  test_dynamodb_stream_stream_view_type: {
    async run(c, name) {
      const table = name("table_with_stream");
      const created = await c.call("CreateTable", hashTable(table, "Username", { StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" } }));
      const arn = created.TableDescription.LatestStreamArn;
      await c.call("PutItem", { TableName: table, Item: { Username: { S: "Fred" } } });
      await c.call("PutItem", { TableName: table, Item: { Username: { S: "Fred" } } });
      await c.call("UpdateItem", {
        TableName: table,
        Key: { Username: { S: "Fred" } },
        UpdateExpression: "set S=:r",
        ExpressionAttributeValues: { ":r": { S: "Fred_Modified" } },
        ReturnValues: "UPDATED_NEW",
      });
      await c.call("DeleteItem", { TableName: table, Key: { Username: { S: "Fred" } } });
      const described = await c.call("DescribeStream", { StreamArn: arn }, "dynamodbstreams");
      await c.call("ExecuteStatement", { Statement: `INSERT INTO ${table} VALUE {'Username': 'Alice'}` });
      await c.call("ExecuteStatement", { Statement: `UPDATE ${table} SET partiql=1 WHERE Username='Alice'` });
      await c.call("ExecuteStatement", { Statement: `DELETE FROM ${table} WHERE Username='Alice'` });
      const shard = described.StreamDescription.Shards[0];
      const iterator = await c.call(
        "GetShardIterator",
        { StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: "AT_SEQUENCE_NUMBER", SequenceNumber: shard.SequenceNumberRange.StartingSequenceNumber },
        "dynamodbstreams",
      );
      return {
        "create-table": created,
        "describe-stream": described,
        "get-shard-iterator": iterator,
        "get-records": { Records: await readStream(c, arn, 6, "AT_SEQUENCE_NUMBER") },
      };
    },
  },
  test_batch_write_items_streaming: {
    async run(c, name) {
      const table = name("test-ddb-table");
      const created = await c.call("CreateTable", hashTable(table, "id", { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" } }));
      const arn = created.TableDescription.LatestStreamArn;
      const out: Record<string, unknown> = { "create-table": created };
      out["describe-stream"] = await c.call("DescribeStream", { StreamArn: arn }, "dynamodbstreams");
      out["put-item-1"] = await c.call("PutItem", { TableName: table, Item: { id: { S: "Fred" } } });
      out["batch-write-response-overwrite-item-1"] = await c.call("BatchWriteItem", {
        RequestItems: { [table]: [{ PutRequest: { Item: { id: { S: "Fred" } } } }, { PutRequest: { Item: { id: { S: "NewKey" } } } }] },
      });
      out["batch-write-response-delete"] = await c.call("BatchWriteItem", {
        RequestItems: { [table]: [{ DeleteRequest: { Key: { id: { S: "NewKey" } } } }, { PutRequest: { Item: { id: { S: "Fred" }, name: { S: "Fred" } } } }] },
      });
      out["get-records"] = { Records: await readStream(c, arn, 4) };
      return out;
    },
  },
  test_transact_write_items_streaming: {
    async run(c, name) {
      const table = name("test-ddb-table");
      const created = await c.call("CreateTable", hashTable(table, "id", { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" } }));
      const arn = created.TableDescription.LatestStreamArn;
      const update = (key: string, expression: string, values: Record<string, unknown>) => ({
        Update: { TableName: table, Key: { id: { S: key } }, UpdateExpression: expression, ExpressionAttributeValues: values },
      });
      const out: Record<string, unknown> = { "create-table": created };
      out["describe-stream"] = await c.call("DescribeStream", { StreamArn: arn }, "dynamodbstreams");
      out["put-item-1"] = await c.call("PutItem", { TableName: table, Item: { id: { S: "Fred" } } });
      out["transact-write-response-overwrite"] = await c.call("TransactWriteItems", {
        TransactItems: [{ Put: { TableName: table, Item: { id: { S: "Fred" } } } }, { Put: { TableName: table, Item: { id: { S: "NewKey" } } } }],
      });
      out["transact-write-response-update"] = await c.call("TransactWriteItems", {
        TransactItems: [update("NewKey", "SET attr1 = :v1, attr2 = :v2", { ":v1": { S: "value1" }, ":v2": { S: "value2" } })],
      });
      out["transact-write-update-insert"] = await c.call("TransactWriteItems", { TransactItems: [update("NonExistentKey", "SET attr1 = :v1", { ":v1": { S: "value1" } })] });
      out["transact-write-response-delete"] = await c.call("TransactWriteItems", {
        TransactItems: [
          { Delete: { TableName: table, Key: { id: { S: "NewKey" } } } },
          { Put: { TableName: table, Item: { id: { S: "Fred" }, name: { S: "Fred" } } } },
          update("NonExistentKey", "SET attr1 = :v1", { ":v1": { S: "value1" } }),
        ],
      });
      out["get-records"] = { Records: await readStream(c, arn, 6) };
      return out;
    },
  },
  test_transact_write_items_streaming_for_different_tables: {
    async run(c, name) {
      const streamed = name("test-ddb-table");
      const plain = name("test-ddb-table");
      const out: Record<string, unknown> = {};
      out["create-table-stream"] = await c.call("CreateTable", hashTable(streamed, "id", { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" } }));
      out["create-table-no-stream"] = await c.call("CreateTable", hashTable(plain));
      const arn = (out["create-table-stream"] as any).TableDescription.LatestStreamArn;
      out["describe-stream"] = await c.call("DescribeStream", { StreamArn: arn }, "dynamodbstreams");
      out["transact-write-two-tables"] = await c.call("TransactWriteItems", {
        TransactItems: [{ Put: { TableName: plain, Item: { id: { S: "Fred" } } } }, { Put: { TableName: streamed, Item: { id: { S: "Fred" } } } }],
      });
      out["get-records"] = { Records: await readStream(c, arn, 1) };
      return out;
    },
  },
  test_dynamodb_stream_records_with_update_item: {
    async run(c, name) {
      const table = name("test-ddb-table");
      const created = await c.call("CreateTable", hashTable(table, "id", { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" } }));
      const arn = created.TableDescription.LatestStreamArn;
      const described = await c.call("DescribeStream", { StreamArn: arn }, "dynamodbstreams");
      const shard = described.StreamDescription.Shards[0];
      const iterator = await c.call("GetShardIterator", { StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }, "dynamodbstreams");
      const set = (v1: string, v2: string) =>
        c.call("UpdateItem", {
          TableName: table,
          Key: { id: { S: "my-item-id" } },
          UpdateExpression: "SET attr1 = :v1, attr2 = :v2",
          ExpressionAttributeValues: { ":v1": { S: v1 }, ":v2": { S: v2 } },
        });
      await set("value1", "value2");
      await set("value1", "value2");
      await set("value2", "value3");
      return { "create-table": created, "describe-stream": described, "get-shard-iterator": iterator, "get-records": { Records: await readStream(c, arn, 2) } };
    },
  },
  test_dynamodb_streams_describe_with_exclusive_start_shard_id: {
    // No recorded content: the test asserts the excluded shard is not listed again.
    async run(c, name) {
      const table = name("test-ddb-table");
      const created = await c.call("CreateTable", {
        ...hashTable(table),
        ProvisionedThroughput: undefined,
        BillingMode: "PAY_PER_REQUEST",
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      });
      const arn = created.TableDescription.LatestStreamArn;
      const first = await c.call("DescribeStream", { StreamArn: arn }, "dynamodbstreams");
      const shard = first.StreamDescription.Shards[0].ShardId;
      const next = await c.call("DescribeStream", { StreamArn: arn, ExclusiveStartShardId: shard }, "dynamodbstreams");
      if (next.StreamDescription.Shards.some((s: { ShardId: string }) => s.ShardId === shard)) throw new Error("the excluded shard was listed again");
      return {};
    },
  },
  test_dynamodb_update_table_without_sse_specification_change: {
    // Reconstructed (the test's source is not in the stored LocalStack revision): an UpdateTable
    // that does not touch SSE keeps the KMS description as it was.
    async run(c, name) {
      const table = name("test_table");
      const created = await c.call("CreateTable", hashTable(table, "id", { SSESpecification: { Enabled: true, SSEType: "KMS" } }));
      const updated = await c.call("UpdateTable", { TableName: table, ProvisionedThroughput: { ReadCapacityUnits: 6, WriteCapacityUnits: 6 } });
      return { create_table_sse_description: created.TableDescription.SSEDescription, update_table_sse_description: updated.TableDescription.SSEDescription };
    },
    skip: [/^\$\.describe_kms_key/],
  },
  test_dynamodb_describe_contributor_insights: {
    async run(c, name) {
      const table = name("table");
      await c.call("CreateTable", hashTable(table));
      return { "describe-contributor-insights-disabled": await c.call("DescribeContributorInsights", { TableName: table }) };
    },
  },
};

function gsiScenario(billing: "PAY_PER_REQUEST" | "PROVISIONED"): Scenario {
  return {
    async run(c, name) {
      const table = name("table");
      const gsi: Record<string, unknown> = {
        IndexName: "TransactionRecordID",
        KeySchema: [{ AttributeName: "TRID", KeyType: "HASH" }],
        Projection: { ProjectionType: "ALL" },
      };
      const input: Record<string, unknown> = {
        TableName: table,
        KeySchema: [{ AttributeName: "TID", KeyType: "HASH" }],
        AttributeDefinitions: [
          { AttributeName: "TID", AttributeType: "S" },
          { AttributeName: "TRID", AttributeType: "S" },
        ],
        GlobalSecondaryIndexes: [gsi],
        BillingMode: billing,
      };
      if (billing === "PROVISIONED") {
        input.ProvisionedThroughput = THROUGHPUT;
        gsi.ProvisionedThroughput = { ReadCapacityUnits: 1, WriteCapacityUnits: 1 };
      }
      return { "create-table-with-gsi": await c.call("CreateTable", input), "describe-table": await c.call("DescribeTable", { TableName: table }) };
    },
  };
}

export { CallFailed };
