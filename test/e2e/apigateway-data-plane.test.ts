// API Gateway's data plane end to end, built with the SDK and called with plain HTTP:
// - seed 003's student API: POST /addstudentdetails with a request validator and a body mapping
//   template, writing to DynamoDB through a Lambda function named by a stage variable alias, GET
//   /getstudentdetails reading it back, an API key and a usage plan (403 without key, 429 past limits);
// - AWS integrations straight to DynamoDB (PutItem, Query, Scan), compared with AWS's recorded
//   answers (test_apigateway_dynamodb.snapshot.json);
// - a custom domain name routed by its base path mappings; binary media types; the 10 MB limit.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateApiKeyCommand,
  CreateBasePathMappingCommand,
  CreateDomainNameCommand,
  CreateRequestValidatorCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
} from "@aws-sdk/client-api-gateway";
import { CreateTableCommand, DynamoDBClient, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { AddPermissionCommand, CreateAliasCommand, CreateFunctionCommand, LambdaClient, PublishVersionCommand, waitUntilFunctionActiveV2 } from "@aws-sdk/client-lambda";
import type { NimbusNode } from "../../src/nimbus.js";
import { apiGatewayRecordings } from "../helpers/conformance.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";
import { ACCOUNT, apiGatewayClient, callApi, RestApiBuilder } from "../helpers/rest-api.js";
import { makeZip } from "../services/lambda/harness.js";

const REGION = "us-east-1";
const RECORDED = apiGatewayRecordings<Record<string, { "recorded-content": Record<string, { content: unknown; status_code: number; headers: Record<string, string> }> }>>(
  "test_apigateway_dynamodb.snapshot.json",
);
const recorded = (action: string, entry: string) => RECORDED[Object.keys(RECORDED).find((k) => k.endsWith(`[${action}]`))!]!["recorded-content"][entry]!;
const lambdaUri = (arn: string) => `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn}/invocations`;

describe("API Gateway data plane, end to end", () => {
  let node: NimbusNode;
  let dynamodb: DynamoDBClient;
  let lambda: LambdaClient;

  before(async () => {
    node = await startTestNimbus({ lambda: { stateTransitionMs: 0 } });
    const creds = { accessKeyId: ACCOUNT, secretAccessKey: "test" };
    dynamodb = new DynamoDBClient(clientConfig(node, creds));
    lambda = new LambdaClient(clientConfig(node, creds));
  });
  after(async () => {
    dynamodb.destroy();
    lambda.destroy();
    await node.stop();
  });

  it("seed 003: the student API with validator, mapping template, Lambda alias, DynamoDB, API key and usage plan", async () => {
    await dynamodb.send(
      new CreateTableCommand({ TableName: "StudentDetails", KeySchema: [{ AttributeName: "Roll", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "Roll", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }),
    );
    const code = `
      const { DynamoDBClient, PutItemCommand, GetItemCommand } = require("@aws-sdk/client-dynamodb");
      const db = new DynamoDBClient({});
      exports.handler = async (event) => {
        if (event.action === "get") {
          const out = await db.send(new GetItemCommand({ TableName: "StudentDetails", Key: { Roll: { S: event.Roll } } }));
          return out.Item ? { Roll: out.Item.Roll.S, Name: out.Item.Name.S, Course: out.Item.Course.S } : { message: "no such student" };
        }
        await db.send(new PutItemCommand({ TableName: "StudentDetails", Item: { Roll: { S: event.Roll }, Name: { S: event.Name }, Course: { S: event.Course } } }));
        return { message: "Student details added", Roll: event.Roll };
      };`;
    await lambda.send(
      new CreateFunctionCommand({ FunctionName: "studentinfo", Runtime: "nodejs20.x", Role: `arn:aws:iam::${ACCOUNT}:role/student-role`, Handler: "index.handler", Code: { ZipFile: await makeZip({ "index.js": code }) } }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 20, minDelay: 1, maxDelay: 1 }, { FunctionName: "studentinfo" });
    const version = (await lambda.send(new PublishVersionCommand({ FunctionName: "studentinfo" }))).Version!;
    await lambda.send(new CreateAliasCommand({ FunctionName: "studentinfo", Name: "addstudentinfo", FunctionVersion: version }));

    const api = await RestApiBuilder.create(apiGatewayClient(node), { name: "StudentAPI" });
    const validator = await api.client.send(
      new CreateRequestValidatorCommand({ restApiId: api.apiId, name: "Validate query string parameters and headers", validateRequestParameters: true, validateRequestBody: false }),
    );
    const integration = (template: string) => ({
      type: "AWS" as const,
      integrationHttpMethod: "POST",
      uri: lambdaUri(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:studentinfo:\${stageVariables.collegealias}`),
      requestTemplates: { "application/json": template },
    });
    await api.method(
      "/addstudentdetails",
      "POST",
      integration(`{"Roll": "$input.params('Roll')", "Name": "$input.params('Name')", "Course": "$input.params('Course')"}`),
      { method: { apiKeyRequired: true, requestValidatorId: validator.id!, requestParameters: { "method.request.querystring.Roll": true, "method.request.querystring.Name": false, "method.request.querystring.Course": false } }, responses: [{ statusCode: "200" }] },
    );
    await api.method("/getstudentdetails", "GET", integration(`{"action": "get", "Roll": "$input.params('Roll')"}`), {
      method: { apiKeyRequired: true, requestValidatorId: validator.id!, requestParameters: { "method.request.querystring.Roll": true } },
      responses: [{ statusCode: "200" }],
    });
    await api.deploy("Dev", { collegealias: "addstudentinfo" });
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: "studentinfo",
        Qualifier: "addstudentinfo",
        StatementId: "apigateway-student-api",
        Action: "lambda:InvokeFunction",
        Principal: "apigateway.amazonaws.com",
        SourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${api.apiId}/*/*/*`,
      }),
    );
    const key = await api.client.send(new CreateApiKeyCommand({ name: "student-app", enabled: true }));
    const plan = await api.client.send(
      new CreateUsagePlanCommand({ name: "students", apiStages: [{ apiId: api.apiId, stage: "Dev" }], throttle: { rateLimit: 100, burstLimit: 50 }, quota: { limit: 10000, period: "MONTH" } }),
    );
    await api.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: "API_KEY" }));
    const withKey = { "x-api-key": key.value! };

    const noKey = await callApi(node, api.apiId, "Dev", "/addstudentdetails?Roll=1", { method: "POST" });
    assert.deepEqual([noKey.status, noKey.json()], [403, { message: "Forbidden" }]);
    const noRoll = await callApi(node, api.apiId, "Dev", "/addstudentdetails?Name=Ann", { method: "POST", headers: withKey });
    assert.deepEqual([noRoll.status, noRoll.json()], [400, { message: "Missing required request parameters: [Roll]" }]);
    const added = await callApi(node, api.apiId, "Dev", "/addstudentdetails?Roll=42&Name=Ann&Course=Physics", { method: "POST", headers: withKey, hostStyle: true });
    assert.deepEqual([added.status, added.json()], [200, { message: "Student details added", Roll: "42" }]);
    const stored = await dynamodb.send(new ScanCommand({ TableName: "StudentDetails" }));
    assert.deepEqual(stored.Items, [{ Roll: { S: "42" }, Name: { S: "Ann" }, Course: { S: "Physics" } }]);
    const read = await callApi(node, api.apiId, "Dev", "/getstudentdetails?Roll=42", { headers: withKey });
    assert.deepEqual([read.status, read.json()], [200, { Roll: "42", Name: "Ann", Course: "Physics" }]);

    // Past the limits: a second key in a plan with a quota of one request a day.
    const tight = await api.client.send(new CreateApiKeyCommand({ name: "tight", enabled: true }));
    const tightPlan = await api.client.send(new CreateUsagePlanCommand({ name: "tight", apiStages: [{ apiId: api.apiId, stage: "Dev" }], quota: { limit: 1, period: "DAY" } }));
    await api.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: tightPlan.id!, keyId: tight.id!, keyType: "API_KEY" }));
    assert.equal((await callApi(node, api.apiId, "Dev", "/getstudentdetails?Roll=42", { headers: { "x-api-key": tight.value! } })).status, 200);
    const limited = await callApi(node, api.apiId, "Dev", "/getstudentdetails?Roll=42", { headers: { "x-api-key": tight.value! } });
    assert.deepEqual([limited.status, limited.json()], [429, { message: "Limit Exceeded" }]);
  });

  for (const action of ["PutItem", "Query", "Scan"] as const) {
    it(`AWS integration to DynamoDB ${action} answers as AWS recorded`, async () => {
      const table = `apigw-${action.toLowerCase()}`;
      await dynamodb.send(new CreateTableCommand({ TableName: table, KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }));
      for (const id of ["test", "test2", "test 3"]) await dynamodb.send(new PutItemCommand({ TableName: table, Item: { id: { S: id } } }));
      const template =
        action === "PutItem"
          ? { TableName: table, Item: { id: { S: "$input.params('id')" } } }
          : action === "Query"
            ? { TableName: table, KeyConditionExpression: "id = :id", ExpressionAttributeValues: { ":id": { S: "$input.params('id')" } } }
            : { TableName: table };
      const api = await RestApiBuilder.create(apiGatewayClient(node));
      await api.method(
        "/test",
        "POST",
        { type: "AWS", integrationHttpMethod: "POST", uri: `arn:aws:apigateway:${REGION}:dynamodb:action/${action}`, credentials: `arn:aws:iam::${ACCOUNT}:role/apigw-ddb`, requestTemplates: { "application/json": JSON.stringify(template) } },
        { responses: [{ statusCode: "200" }] },
      );
      await api.deploy("dev");
      const invoke = async (id?: string) => {
        const res = await callApi(node, api.apiId, "dev", `/test?id=${id === undefined ? "None" : encodeURIComponent(id)}`, { method: "POST" });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.headers["content-type"], "application/json");
        assert.match(res.headers["x-amzn-trace-id"]!, /^Root=/);
        return res.json<{ Items?: Array<{ id: { S: string } }> }>();
      };
      if (action === "PutItem") {
        assert.deepEqual(await invoke("test-new"), recorded(action, "result-put-item").content);
        const scan = await dynamodb.send(new ScanCommand({ TableName: table }));
        const items = scan.Items!.sort((a, b) => a.id!.S!.localeCompare(b.id!.S!));
        const expected = recorded(action, "result-scan") as unknown as { Items: unknown[]; Count: number };
        assert.deepEqual([items, scan.Count], [expected.Items, expected.Count]);
      } else if (action === "Query") {
        for (const id of ["test", "test2", "test 3"]) assert.deepEqual(await invoke(id), recorded(action, `result-${id}`).content);
        assert.deepEqual(await invoke("test-invalid"), recorded(action, "result-invalid").content);
      } else {
        const out = await invoke();
        out.Items!.sort((a, b) => a.id.S.localeCompare(b.id.S));
        assert.deepEqual(out, recorded(action, "result-scan").content);
      }
    });
  }

  it("routes a custom domain name through its base path mappings", async () => {
    const api = await RestApiBuilder.create(apiGatewayClient(node));
    await api.method("/orders", "GET", { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }, {
      responses: [{ statusCode: "200", responseTemplates: { "application/json": '{"stage": "$context.stage", "path": "$context.path", "domain": "$context.domainName"}' } }],
    });
    await api.deploy("v1");
    await api.client.send(new CreateDomainNameCommand({ domainName: "api.example.test", regionalCertificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/abc`, endpointConfiguration: { types: ["REGIONAL"] } }));
    await api.client.send(new CreateBasePathMappingCommand({ domainName: "api.example.test", restApiId: api.apiId, basePath: "shop", stage: "v1" }));
    const res = await callApi(node, api.apiId, "v1", "/shop/orders", { host: "api.example.test" });
    assert.deepEqual([res.status, res.json()], [200, { stage: "v1", path: "/shop/orders", domain: "api.example.test" }]);
    const unmapped = await callApi(node, api.apiId, "v1", "/elsewhere/orders", { host: "api.example.test" });
    assert.equal(unmapped.status, 403);
  });

  it("passes binary payloads through for binary media types, and refuses payloads over 10 MB", async () => {
    const api = await RestApiBuilder.create(apiGatewayClient(node), { binaryMediaTypes: ["image/png"] });
    await api.method("/echo", "POST", { type: "MOCK", passthroughBehavior: "WHEN_NO_MATCH", requestTemplates: { "application/json": '{"statusCode": 200}' } }, {
      responses: [{ statusCode: "200", responseTemplates: { "application/json": '{"size": "$input.body.length()"}' } }],
    });
    await api.deploy("test");
    const big = await callApi(node, api.apiId, "test", "/echo", { method: "POST", headers: { "Content-Type": "application/json" }, body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) });
    assert.deepEqual([big.status, big.json()], [413, { message: "Request Too Long" }]);
    const ok = await callApi(node, api.apiId, "test", "/echo", { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"a": 1}' });
    assert.equal(ok.status, 200);
  });
});
