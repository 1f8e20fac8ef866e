// Seed 000's secondary-index scenarios through the SDK v3 client: the World Cup goals local
// secondary index, the TopScoreIndex global secondary index, sparse indexes, index key type
// validation, LSI fetches of non-projected attributes, consistent reads, item collections.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateTableCommand, PutItemCommand, QueryCommand, ScanCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { type DynamoHarness, rejects, startDynamo } from "./helpers.js";

const WORLD_CUP = "WorldCup";
const SCORES = "StudentScores";

const goals = [
  { Country: "France", Game: "FIFA-2022", Goals: 16, Matches: 7, Venue: "Qatar" },
  { Country: "France", Game: "FIFA-2018", Goals: 14, Matches: 7, Venue: "Russia" },
  { Country: "France", Game: "FIFA-2014", Goals: 10, Matches: 5, Venue: "Brazil" },
  { Country: "Brazil", Game: "FIFA-2022", Goals: 8, Matches: 5, Venue: "Qatar" },
];

describe("Local secondary index: World Cup goals (seed 000)", () => {
  let h: DynamoHarness;
  before(async () => {
    h = await startDynamo({ dynamodb: { itemCollectionLimitBytes: 4096 } });
    await h.ddb.send(
      new CreateTableCommand({
        TableName: WORLD_CUP,
        AttributeDefinitions: [
          { AttributeName: "Country", AttributeType: "S" },
          { AttributeName: "Game", AttributeType: "S" },
          { AttributeName: "Goals", AttributeType: "N" },
        ],
        KeySchema: [
          { AttributeName: "Country", KeyType: "HASH" },
          { AttributeName: "Game", KeyType: "RANGE" },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: "GoalsIndex",
            KeySchema: [
              { AttributeName: "Country", KeyType: "HASH" },
              { AttributeName: "Goals", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["Matches"] },
          },
        ],
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      }),
    );
    for (const g of goals) {
      await h.ddb.send(
        new PutItemCommand({
          TableName: WORLD_CUP,
          Item: { Country: { S: g.Country }, Game: { S: g.Game }, Goals: { N: String(g.Goals) }, Matches: { N: String(g.Matches) }, Venue: { S: g.Venue } },
        }),
      );
    }
  });
  after(() => h.stop());

  it("orders a country's games by goals, highest first with ScanIndexForward=false", async () => {
    const out = await h.ddb.send(
      new QueryCommand({
        TableName: WORLD_CUP,
        IndexName: "GoalsIndex",
        KeyConditionExpression: "Country = :c",
        ExpressionAttributeValues: { ":c": { S: "France" } },
        ScanIndexForward: false,
        ConsistentRead: true,
      }),
    );
    assert.deepEqual(
      out.Items!.map((i) => [i.Game!.S, i.Goals!.N]),
      [
        ["FIFA-2022", "16"],
        ["FIFA-2018", "14"],
        ["FIFA-2014", "10"],
      ],
    );
    // The default Select of an INCLUDE index is ALL_PROJECTED_ATTRIBUTES: keys, Goals, Matches; no Venue.
    assert.deepEqual(Object.keys(out.Items![0]!).sort(), ["Country", "Game", "Goals", "Matches"]);
  });

  it("fetches non-projected attributes from the table, charging for both reads", async () => {
    const out = await h.ddb.send(
      new QueryCommand({
        TableName: WORLD_CUP,
        IndexName: "GoalsIndex",
        KeyConditionExpression: "Country = :c AND Goals > :g",
        ExpressionAttributeValues: { ":c": { S: "France" }, ":g": { N: "12" } },
        ProjectionExpression: "Game, Venue",
        ReturnConsumedCapacity: "INDEXES",
      }),
    );
    assert.deepEqual(out.Items, [
      { Game: { S: "FIFA-2018" }, Venue: { S: "Russia" } },
      { Game: { S: "FIFA-2022" }, Venue: { S: "Qatar" } },
    ]);
    const c = out.ConsumedCapacity!;
    assert.equal(c.LocalSecondaryIndexes!.GoalsIndex!.CapacityUnits, 0.5);
    assert.equal(c.Table!.CapacityUnits, 0.5);
    assert.equal(c.CapacityUnits, 1);
    const all = await h.ddb.send(
      new QueryCommand({ TableName: WORLD_CUP, IndexName: "GoalsIndex", KeyConditionExpression: "Country = :c", ExpressionAttributeValues: { ":c": { S: "Brazil" } }, Select: "ALL_ATTRIBUTES" }),
    );
    assert.equal(all.Items![0]!.Venue!.S, "Qatar");
  });

  it("leaves items without the index sort key out of the index (sparse)", async () => {
    await h.ddb.send(new PutItemCommand({ TableName: WORLD_CUP, Item: { Country: { S: "Italy" }, Game: { S: "FIFA-2022" }, Matches: { N: "0" } } }));
    const index = await h.ddb.send(
      new QueryCommand({ TableName: WORLD_CUP, IndexName: "GoalsIndex", KeyConditionExpression: "Country = :c", ExpressionAttributeValues: { ":c": { S: "Italy" } } }),
    );
    assert.equal(index.Count, 0);
    const table = await h.ddb.send(new QueryCommand({ TableName: WORLD_CUP, KeyConditionExpression: "Country = :c", ExpressionAttributeValues: { ":c": { S: "Italy" } } }));
    assert.equal(table.Count, 1);
    // Giving the item Goals puts it in the index.
    await h.ddb.send(
      new UpdateItemCommand({ TableName: WORLD_CUP, Key: { Country: { S: "Italy" }, Game: { S: "FIFA-2022" } }, UpdateExpression: "SET Goals = :g", ExpressionAttributeValues: { ":g": { N: "1" } } }),
    );
    const after = await h.ddb.send(new ScanCommand({ TableName: WORLD_CUP, IndexName: "GoalsIndex" }));
    assert.equal(after.Count, 5);
  });

  it("refuses an index key of the wrong type with AWS's message", async () => {
    await rejects(
      h.ddb.send(new PutItemCommand({ TableName: WORLD_CUP, Item: { Country: { S: "Spain" }, Game: { S: "FIFA-2010" }, Goals: { S: "eight" } } })),
      "ValidationException",
      "One or more parameter values were invalid: Type mismatch for Index Key Goals Expected: N Actual: S IndexName: GoalsIndex",
    );
  });

  it("reports item collection metrics and enforces the collection size limit", async () => {
    const out = await h.ddb.send(
      new PutItemCommand({
        TableName: WORLD_CUP,
        Item: { Country: { S: "Germany" }, Game: { S: "FIFA-2014" }, Goals: { N: "18" } },
        ReturnItemCollectionMetrics: "SIZE",
      }),
    );
    assert.deepEqual(out.ItemCollectionMetrics, { ItemCollectionKey: { Country: { S: "Germany" } }, SizeEstimateRangeGB: [0, 1] });
    // This node's limit is 4 KB: a collection cannot grow past it.
    await h.ddb.send(new PutItemCommand({ TableName: WORLD_CUP, Item: { Country: { S: "Germany" }, Game: { S: "big-1" }, Goals: { N: "1" }, Pad: { S: "x".repeat(2100) } } }));
    await rejects(
      h.ddb.send(new PutItemCommand({ TableName: WORLD_CUP, Item: { Country: { S: "Germany" }, Game: { S: "big-2" }, Goals: { N: "2" }, Pad: { S: "x".repeat(2100) } } })),
      "ItemCollectionSizeLimitExceededException",
    );
    // Other collections are unaffected, and shrinking writes are allowed.
    await h.ddb.send(new PutItemCommand({ TableName: WORLD_CUP, Item: { Country: { S: "Germany" }, Game: { S: "big-1" }, Goals: { N: "1" } } }));
  });
});

describe("Global secondary index: TopScoreIndex (seed 000)", () => {
  let h: DynamoHarness;
  before(async () => {
    h = await startDynamo();
    await h.ddb.send(
      new CreateTableCommand({
        TableName: SCORES,
        AttributeDefinitions: [
          { AttributeName: "Student_Id", AttributeType: "N" },
          { AttributeName: "Subject", AttributeType: "S" },
          { AttributeName: "Score", AttributeType: "N" },
        ],
        KeySchema: [{ AttributeName: "Student_Id", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
        GlobalSecondaryIndexes: [
          {
            IndexName: "TopScoreIndex",
            KeySchema: [
              { AttributeName: "Subject", KeyType: "HASH" },
              { AttributeName: "Score", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "KEYS_ONLY" },
          },
        ],
      }),
    );
    const rows: [number, string, number | undefined, string][] = [
      [100, "DS&A", 92, "MIT"],
      [101, "DS&A", 92, "CMU"],
      [102, "DS&A", 78, "MIT"],
      [103, "OS", 88, "Stanford"],
      [200, "DS&A", undefined, "MIT"],
    ];
    for (const [id, subject, score, university] of rows) {
      const item: Record<string, { N: string } | { S: string }> = { Student_Id: { N: String(id) }, Subject: { S: subject }, University: { S: university } };
      if (score !== undefined) item.Score = { N: String(score) };
      await h.ddb.send(new PutItemCommand({ TableName: SCORES, Item: item }));
    }
  });
  after(() => h.stop());

  it("finds the top scores of a subject, with non-unique index keys, leaving out items without Score", async () => {
    const out = await h.ddb.send(
      new QueryCommand({
        TableName: SCORES,
        IndexName: "TopScoreIndex",
        KeyConditionExpression: "Subject = :s",
        ExpressionAttributeValues: { ":s": { S: "DS&A" } },
        ScanIndexForward: false,
        ReturnConsumedCapacity: "INDEXES",
      }),
    );
    assert.equal(out.Count, 3);
    assert.deepEqual(out.Items!.map((i) => i.Score!.N), ["92", "92", "78"]);
    assert.deepEqual(new Set(out.Items!.slice(0, 2).map((i) => i.Student_Id!.N)), new Set(["100", "101"]));
    // KEYS_ONLY: table key and index keys only.
    assert.deepEqual(Object.keys(out.Items![0]!).sort(), ["Score", "Student_Id", "Subject"]);
    assert.deepEqual(out.ConsumedCapacity, { TableName: SCORES, CapacityUnits: 0.5, Table: { CapacityUnits: 0 }, GlobalSecondaryIndexes: { TopScoreIndex: { CapacityUnits: 0.5 } } });
  });

  it("pages through the index with Limit and LastEvaluatedKey", async () => {
    const first = await h.ddb.send(
      new QueryCommand({ TableName: SCORES, IndexName: "TopScoreIndex", KeyConditionExpression: "Subject = :s", ExpressionAttributeValues: { ":s": { S: "DS&A" } }, Limit: 2 }),
    );
    assert.equal(first.Count, 2);
    assert.deepEqual(Object.keys(first.LastEvaluatedKey!).sort(), ["Score", "Student_Id", "Subject"]);
    const second = await h.ddb.send(
      new QueryCommand({
        TableName: SCORES,
        IndexName: "TopScoreIndex",
        KeyConditionExpression: "Subject = :s",
        ExpressionAttributeValues: { ":s": { S: "DS&A" } },
        Limit: 2,
        ExclusiveStartKey: first.LastEvaluatedKey,
      }),
    );
    assert.equal(second.Count, 1);
    assert.equal(second.LastEvaluatedKey, undefined);
  });

  it("refuses consistent reads, ALL_ATTRIBUTES and non-projected attributes on the GSI", async () => {
    const base = { TableName: SCORES, IndexName: "TopScoreIndex", KeyConditionExpression: "Subject = :s", ExpressionAttributeValues: { ":s": { S: "OS" } } };
    await rejects(h.ddb.send(new QueryCommand({ ...base, ConsistentRead: true })), "ValidationException", "Consistent reads are not supported on global secondary indexes");
    await rejects(
      h.ddb.send(new QueryCommand({ ...base, Select: "ALL_ATTRIBUTES" })),
      "ValidationException",
      "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index TopScoreIndex because its projection type is not ALL",
    );
    await rejects(
      h.ddb.send(new QueryCommand({ ...base, ProjectionExpression: "University" })),
      "ValidationException",
      "One or more parameter values were invalid: Global secondary index TopScoreIndex does not project [University]",
    );
    await rejects(h.ddb.send(new QueryCommand({ ...base, IndexName: "NoSuchIndex" })), "ValidationException", "The table does not have the specified index: NoSuchIndex");
  });

  it("validates the index key types on writes to the table", async () => {
    await rejects(
      h.ddb.send(new PutItemCommand({ TableName: SCORES, Item: { Student_Id: { N: "300" }, Subject: { S: "OS" }, Score: { S: "high" } } })),
      "ValidationException",
      "One or more parameter values were invalid: Type mismatch for Index Key Score Expected: N Actual: S IndexName: TopScoreIndex",
    );
  });

  it("charges index writes: the item entering, moving within and leaving the index", async () => {
    const put = await h.ddb.send(
      new PutItemCommand({ TableName: SCORES, Item: { Student_Id: { N: "400" }, Subject: { S: "OS" }, Score: { N: "50" } }, ReturnConsumedCapacity: "INDEXES" }),
    );
    assert.deepEqual(put.ConsumedCapacity, { TableName: SCORES, CapacityUnits: 2, Table: { CapacityUnits: 1 }, GlobalSecondaryIndexes: { TopScoreIndex: { CapacityUnits: 1 } } });
    // A changed index key is a delete and a put in the index.
    const moved = await h.ddb.send(
      new UpdateItemCommand({
        TableName: SCORES,
        Key: { Student_Id: { N: "400" } },
        UpdateExpression: "SET Score = :s",
        ExpressionAttributeValues: { ":s": { N: "99" } },
        ReturnConsumedCapacity: "INDEXES",
      }),
    );
    assert.equal(moved.ConsumedCapacity!.GlobalSecondaryIndexes!.TopScoreIndex!.CapacityUnits, 2);
    // A change to an attribute the index does not project costs the index nothing.
    const untouched = await h.ddb.send(
      new UpdateItemCommand({
        TableName: SCORES,
        Key: { Student_Id: { N: "400" } },
        UpdateExpression: "SET University = :u",
        ExpressionAttributeValues: { ":u": { S: "MIT" } },
        ReturnConsumedCapacity: "INDEXES",
      }),
    );
    assert.equal(untouched.ConsumedCapacity!.GlobalSecondaryIndexes, undefined);
  });
});
