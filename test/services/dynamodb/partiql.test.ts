// PartiQL through the SDK v3 client: ExecuteStatement (SELECT / INSERT / UPDATE / DELETE),
// BatchExecuteStatement and ExecuteTransaction, with parameters, paging and AWS's errors.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  BatchExecuteStatementCommand,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  GetItemCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { compositeTable, createTable, type DynamoHarness, hashTable, rejects, startDynamo } from "./helpers.js";

describe("DynamoDB PartiQL", () => {
  let h: DynamoHarness;
  const run = (Statement: string, extra: Record<string, unknown> = {}) => h.ddb.send(new ExecuteStatementCommand({ Statement, ...extra }));
  before(async () => {
    h = await startDynamo();
    await createTable(h.ddb, hashTable("users", { AttributeDefinitions: [{ AttributeName: "Username", AttributeType: "S" }], KeySchema: [{ AttributeName: "Username", KeyType: "HASH" }] }));
    await createTable(h.ddb, compositeTable("orders"));
  });
  after(() => h.stop());

  it("INSERT, SELECT with IS [NOT] MISSING, UPDATE and DELETE", async () => {
    await run("INSERT INTO users VALUE {'Username': 'Alice123', 'FirstName': 'Alice', 'Tags': <<'a', 'b'>>, 'Meta': {'age': 30, 'pets': ['cat']}}");
    await run("INSERT INTO \"users\" VALUE {'Username': 'Bob'}");
    const present = await run("SELECT * FROM users WHERE FirstName IS NOT MISSING");
    assert.deepEqual(present.Items, [
      { Username: { S: "Alice123" }, FirstName: { S: "Alice" }, Tags: { SS: ["a", "b"] }, Meta: { M: { age: { N: "30" }, pets: { L: [{ S: "cat" }] } } } },
    ]);
    const missing = await run("SELECT Username FROM users WHERE FirstName IS MISSING");
    assert.deepEqual(missing.Items, [{ Username: { S: "Bob" } }]);

    const updated = await run("UPDATE users SET Age = 20 SET Meta.age = Meta.age + 1 REMOVE FirstName WHERE Username = 'Alice123' RETURNING ALL NEW *");
    assert.equal(updated.Items![0]!.Age!.N, "20");
    assert.equal(updated.Items![0]!.Meta!.M!.age!.N, "31");
    assert.equal(updated.Items![0]!.FirstName, undefined);
    const setAdd = await run("UPDATE users SET Tags = set_add(Tags, <<'c'>>) WHERE Username = ? RETURNING MODIFIED NEW *", { Parameters: [{ S: "Alice123" }] });
    assert.deepEqual(setAdd.Items, [{ Tags: { SS: ["a", "b", "c"] } }]);

    const deleted = await run("DELETE FROM users WHERE Username = 'Bob' RETURNING ALL OLD *");
    assert.deepEqual(deleted.Items, [{ Username: { S: "Bob" } }]);
    // Deleting what is not there is not an error.
    await run("DELETE FROM users WHERE Username = 'Bob'");
  });

  it("refuses duplicate inserts, updates of missing items and incomplete keys", async () => {
    await rejects(run("INSERT INTO users VALUE {'Username': 'Alice123'}"), "DuplicateItemException", "Duplicate primary key exists in table");
    await rejects(run("UPDATE users SET a = 1 WHERE Username = 'nobody'"), "ConditionalCheckFailedException", "The conditional request failed");
    await rejects(run("UPDATE orders SET a = 1 WHERE pk = 'x'"), "ValidationException", "Where clause does not contain a mandatory equality on all key attributes");
    await rejects(run("SELECT * FROM users WHERE Username = ?"), "ValidationException", "Number of parameters in request and statement don't match.");
    await rejects(run("SELECT * FROM"), "ValidationException", /^Statement wasn't well formed, can't be processed: /);
    await rejects(run("SELECT * FROM missing_table"), "ResourceNotFoundException");
    await rejects(run("SELECT * FROM users", { Parameters: [] }), "ValidationException", "1 validation error detected: Value '[]' at 'parameters' failed to satisfy constraint: Member must have length greater than or equal to 1");
  });

  it("SELECT with a partition key queries, in sort order, with ORDER BY, paging and filters", async () => {
    for (let i = 1; i <= 5; i++) {
      await run("INSERT INTO orders VALUE {'pk': 'cust', 'sk': ?, 'total': ?}", { Parameters: [{ S: `order#${i}` }, { N: String(i * 10) }] });
    }
    await run("INSERT INTO orders VALUE {'pk': 'other', 'sk': 'order#9', 'total': 1}");
    const all = await run("SELECT sk FROM orders WHERE pk = 'cust' AND sk BETWEEN 'order#2' AND 'order#4' ORDER BY sk DESC");
    assert.deepEqual(all.Items!.map((i) => i.sk!.S), ["order#4", "order#3", "order#2"]);
    const filtered = await run("SELECT sk, total FROM orders WHERE pk = 'cust' AND total > 25 AND begins_with(sk, 'order#')");
    assert.deepEqual(filtered.Items!.map((i) => i.total!.N), ["30", "40", "50"]);
    const first = await run("SELECT * FROM orders WHERE pk = 'cust'", { Limit: 2 });
    assert.equal(first.Items!.length, 2);
    assert.ok(first.NextToken);
    const second = await run("SELECT * FROM orders WHERE pk = 'cust'", { Limit: 2, NextToken: first.NextToken });
    assert.deepEqual(second.Items!.map((i) => i.sk!.S), ["order#3", "order#4"]);
    const scan = await run("SELECT pk FROM orders WHERE total IN [1, 50]");
    assert.deepEqual(scan.Items!.map((i) => i.pk!.S).sort(), ["cust", "other"]);
  });

  it("BatchExecuteStatement runs each statement, reporting failures per statement", async () => {
    await run("INSERT INTO users VALUE {'Username': 'user02'}");
    const out = await h.ddb.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: "INSERT INTO users VALUE {'Username': 'user01'}" },
          { Statement: "UPDATE users SET Age=20 WHERE Username='user02'" },
          { Statement: "INSERT INTO users VALUE {'Username': 'user02'}" },
        ],
      }),
    );
    assert.deepEqual(out.Responses![0], { TableName: "users" });
    assert.deepEqual(out.Responses![1], { TableName: "users" });
    assert.deepEqual(out.Responses![2], { Error: { Code: "DuplicateItem", Message: "Duplicate primary key exists in table" } });
    const item = await h.ddb.send(new GetItemCommand({ TableName: "users", Key: { Username: { S: "user02" } } }));
    assert.deepEqual(item.Item, { Username: { S: "user02" }, Age: { N: "20" } });
    const reads = await h.ddb.send(
      new BatchExecuteStatementCommand({ Statements: [{ Statement: "SELECT * FROM users WHERE Username = 'user01'" }, { Statement: "SELECT * FROM users WHERE Username = 'nobody'" }] }),
    );
    assert.deepEqual(reads.Responses, [{ TableName: "users", Item: { Username: { S: "user01" } } }, { TableName: "users" }]);
  });

  it("ExecuteTransaction writes all or nothing", async () => {
    const out = await h.ddb.send(
      new ExecuteTransactionCommand({
        TransactStatements: [{ Statement: "INSERT INTO users VALUE {'Username': 'tx1'}" }, { Statement: "INSERT INTO users VALUE {'Username': 'tx2'}" }],
      }),
    );
    assert.deepEqual(out.Responses, []);
    const error = await rejects(
      h.ddb.send(
        new ExecuteTransactionCommand({
          TransactStatements: [{ Statement: "INSERT INTO users VALUE {'Username': 'tx3'}" }, { Statement: "INSERT INTO users VALUE {'Username': 'tx1'}" }],
        }),
      ),
      "TransactionCanceledException",
      "Transaction cancelled, please refer cancellation reasons for specific reasons [None, DuplicateItem]",
    );
    assert.equal(error.CancellationReasons[1].Code, "DuplicateItem");
    const names = ((await h.ddb.send(new ScanCommand({ TableName: "users" }))).Items ?? []).map((i) => i.Username!.S);
    assert.ok(names.includes("tx1") && names.includes("tx2") && !names.includes("tx3"));
    const reads = await h.ddb.send(new ExecuteTransactionCommand({ TransactStatements: [{ Statement: "SELECT Username FROM users WHERE Username = 'tx2'" }] }));
    assert.deepEqual(reads.Responses, [{ Item: { Username: { S: "tx2" } } }]);
  });
});
