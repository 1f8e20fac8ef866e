// POST /_nimbus/reset wipes every service's state without a restart, so test suites can start
// clean; the services keep working afterwards.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { APIGatewayClient, CreateRestApiCommand, GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { NimbusNode } from "../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";

describe("reset", () => {
  let node: NimbusNode;
  before(async () => {
    node = await startTestNimbus();
  });
  after(() => node.stop());

  const createTable = (ddb: DynamoDBClient) =>
    ddb.send(
      new CreateTableCommand({
        TableName: "reset-me",
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      }),
    );

  it("wipes DynamoDB, API Gateway and Logs state, and each works again afterwards", async () => {
    const ddb = new DynamoDBClient(clientConfig(node));
    const apigw = new APIGatewayClient(clientConfig(node));
    const logs = new CloudWatchLogsClient(clientConfig(node));
    await createTable(ddb);
    await ddb.send(new PutItemCommand({ TableName: "reset-me", Item: { pk: { S: "a" } } }));
    await apigw.send(new CreateRestApiCommand({ name: "reset-api" }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/reset/me" }));

    const res = await fetch(`${node.endpoint}/_nimbus/reset`, { method: "POST" });
    assert.equal(res.status, 200);

    assert.deepEqual((await ddb.send(new ListTablesCommand({}))).TableNames, []);
    assert.deepEqual((await apigw.send(new GetRestApisCommand({}))).items ?? [], []);
    assert.deepEqual((await logs.send(new DescribeLogGroupsCommand({}))).logGroups, []);
    // The same names can be created again.
    await createTable(ddb);
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/reset/me" }));
    for (const c of [ddb, apigw, logs]) c.destroy();
  });
});
