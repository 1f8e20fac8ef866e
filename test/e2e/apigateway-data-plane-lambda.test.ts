// API Gateway REST APIs in front of real Lambda functions (the engine runs them), built with the
// SDK and called with plain HTTP: AWS_PROXY with the resource policy API Gateway needs, AWS
// (custom) integrations with mapping templates and selection patterns, and seed 002's DEV /
// TEST / PROD stages naming aliases through a stage variable with 95/5 weighted PROD traffic.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  LambdaClient,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from "@aws-sdk/client-lambda";
import { CreateStageCommand } from "@aws-sdk/client-api-gateway";
import type { NimbusNode } from "../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";
import { ACCOUNT, apiGatewayClient, callApi, RestApiBuilder } from "../helpers/rest-api.js";
import { makeZip } from "../services/lambda/harness.js";

const REGION = "us-east-1";
const LAMBDA_ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;
const WAIT = { maxWaitTime: 20, minDelay: 1, maxDelay: 1 };
const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const lambdaUri = (arn: string) => `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn}/invocations`;

describe("API Gateway to Lambda", () => {
  let node: NimbusNode;
  let lambda: LambdaClient;

  async function createFunction(name: string, code: string): Promise<void> {
    await lambda.send(
      new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Role: LAMBDA_ROLE, Handler: "index.handler", Code: { ZipFile: await makeZip({ "index.js": code }) } }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, ...WAIT }, { FunctionName: name });
  }

  const allowApiGateway = (name: string, apiId: string, qualifier?: string) =>
    lambda.send(
      new AddPermissionCommand({
        FunctionName: name,
        ...(qualifier ? { Qualifier: qualifier } : {}),
        StatementId: `apigw-${apiId}-${qualifier ?? "fn"}`,
        Action: "lambda:InvokeFunction",
        Principal: "apigateway.amazonaws.com",
        SourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/*/*/*`,
      }),
    );

  before(async () => {
    node = await startTestNimbus({ lambda: { stateTransitionMs: 0 } });
    lambda = new LambdaClient(clientConfig(node, { accessKeyId: ACCOUNT, secretAccessKey: "test" }));
  });
  after(async () => {
    lambda.destroy();
    await node.stop();
  });

  it("AWS_PROXY needs the function's resource policy, then answers what the function returns", async () => {
    await createFunction(
      "proxy-fn",
      `exports.handler = async (event) => ({
        statusCode: 201,
        headers: { "X-Fn": "yes" },
        multiValueHeaders: { "Set-Cookie": ["a=1", "b=2"] },
        body: JSON.stringify({ path: event.path, resource: event.resource, proxy: event.pathParameters.proxy, q: event.queryStringParameters, method: event.httpMethod, stage: event.requestContext.stage, body: event.body }),
      });`,
    );
    const api = await RestApiBuilder.create(apiGatewayClient(node));
    await api.method("/{proxy+}", "ANY", { type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(fnArn("proxy-fn")) });
    await api.deploy("prod");

    const denied = await callApi(node, api.apiId, "prod", "/a/b?x=1");
    assert.deepEqual([denied.status, denied.json()], [500, { message: "Internal server error" }]);

    await allowApiGateway("proxy-fn", api.apiId);
    const res = await callApi(node, api.apiId, "prod", "/a/b?x=1", { method: "POST", body: "payload" });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.headers["x-fn"], "yes");
    assert.deepEqual(res.json(), { path: "/a/b", resource: "/{proxy+}", proxy: "a/b", q: { x: "1" }, method: "POST", stage: "prod", body: "payload" });
  });

  it("a function error fails an AWS_PROXY integration with 502", async () => {
    await createFunction("proxy-throws", `exports.handler = async () => { throw new Error("boom"); };`);
    const api = await RestApiBuilder.create(apiGatewayClient(node));
    await api.method("/", "GET", { type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(fnArn("proxy-throws")) });
    await api.deploy("prod");
    await allowApiGateway("proxy-throws", api.apiId);
    const res = await callApi(node, api.apiId, "prod", "/");
    assert.deepEqual([res.status, res.json()], [502, { message: "Internal server error" }]);
  });

  it("a function slower than the integration timeout answers 504, and the route keeps working", async () => {
    await createFunction(
      "proxy-slow",
      `exports.handler = async (event) => { if (event.path === "/slow") await new Promise((r) => setTimeout(r, 1500)); return { statusCode: 200, body: "fast" }; };`,
    );
    const api = await RestApiBuilder.create(apiGatewayClient(node));
    await api.method("/{proxy+}", "GET", { type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(fnArn("proxy-slow")), timeoutInMillis: 300 });
    await api.deploy("prod");
    await allowApiGateway("proxy-slow", api.apiId);
    // The function would answer 200 after 1.5 s: a 504 means the timeout answered first.
    const slow = await callApi(node, api.apiId, "prod", "/slow");
    assert.deepEqual([slow.status, slow.json()], [504, { message: "Endpoint request timed out" }]);
    const fast = await callApi(node, api.apiId, "prod", "/fast");
    assert.deepEqual([fast.status, fast.text], [200, "fast"]);
  });

  it("AWS integrations map the request with a template and pick the response by errorMessage", async () => {
    await createFunction(
      "select-pattern",
      `exports.handler = async (event) => {
        if (event.statusCode === "400") throw new Error("Error: Raising 400 from within the Lambda function");
        if (event.statusCode === "500") throw new Error("Error: Raising 500 from within the Lambda function");
        return "Pass";
      };`,
    );
    const api = await RestApiBuilder.create(apiGatewayClient(node));
    await api.method(
      "/{statusCode}",
      "GET",
      {
        type: "AWS",
        integrationHttpMethod: "POST",
        uri: lambdaUri(fnArn("select-pattern")),
        credentials: `arn:aws:iam::${ACCOUNT}:role/apigw-invoke`,
        requestTemplates: { "application/json": '{"statusCode": "$input.params(\'statusCode\')"}' },
      },
      {
        responses: [
          { statusCode: "200" },
          { statusCode: "405", selectionPattern: ".*400.*" },
          { statusCode: "502", selectionPattern: ".*5\\d\\d.*" },
        ],
      },
    );
    await api.deploy("dev");
    const ok = await callApi(node, api.apiId, "dev", "/200");
    assert.deepEqual([ok.status, ok.json()], [200, "Pass"]);
    const four = await callApi(node, api.apiId, "dev", "/400");
    assert.equal(four.status, 405);
    assert.equal(four.json<{ errorMessage: string }>().errorMessage, "Error: Raising 400 from within the Lambda function");
    const five = await callApi(node, api.apiId, "dev", "/500");
    assert.equal(five.status, 502);
    assert.equal(five.json<{ errorType: string }>().errorType, "Error");
  });

  it("seed 002: DEV, TEST and PROD stages name aliases through ${stageVariables.lambdaAlias}, PROD split 95/5", async () => {
    const version = (n: string) => `exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ version: process.env.AWS_LAMBDA_FUNCTION_VERSION, code: "${n}" }) });`;
    await createFunction("staged-fn", version("one"));
    const publish = async (code: string) => {
      await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "staged-fn", ZipFile: await makeZip({ "index.js": version(code) }) }));
      await waitUntilFunctionUpdatedV2({ client: lambda, ...WAIT }, { FunctionName: "staged-fn" });
      return (await lambda.send(new PublishVersionCommand({ FunctionName: "staged-fn" }))).Version!;
    };
    const v1 = (await lambda.send(new PublishVersionCommand({ FunctionName: "staged-fn" }))).Version!;
    const v2 = await publish("two");
    const v3 = await publish("three");
    await lambda.send(new CreateAliasCommand({ FunctionName: "staged-fn", Name: "DEV", FunctionVersion: v1 }));
    await lambda.send(new CreateAliasCommand({ FunctionName: "staged-fn", Name: "TEST", FunctionVersion: v2 }));
    await lambda.send(new CreateAliasCommand({ FunctionName: "staged-fn", Name: "PROD", FunctionVersion: v3, RoutingConfig: { AdditionalVersionWeights: { [v2]: 0.05 } } }));

    const api = await RestApiBuilder.create(apiGatewayClient(node));
    await api.method("/", "GET", { type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(`${fnArn("staged-fn")}:\${stageVariables.lambdaAlias}`) });
    const deploymentId = await api.deploy("DEV", { lambdaAlias: "DEV" });
    for (const [stageName, alias] of [["TEST", "TEST"], ["PROD", "PROD"], ["BROKEN", "no-such-alias"], ["INVALID", "not:valid"]] as const) {
      await api.client.send(new CreateStageCommand({ restApiId: api.apiId, stageName, deploymentId, variables: { lambdaAlias: alias } }));
    }
    for (const alias of ["DEV", "TEST", "PROD"]) await allowApiGateway("staged-fn", api.apiId, alias);

    const versionOf = async (stage: string) => (await callApi(node, api.apiId, stage, "/")).json<{ version: string }>().version;
    assert.equal(await versionOf("DEV"), v1);
    assert.equal(await versionOf("TEST"), v2);
    const prod: string[] = [];
    for (let i = 0; i < 40; i++) prod.push(await versionOf("PROD"));
    assert.ok(prod.every((v) => v === v3 || v === v2), prod.join(","));
    assert.ok(prod.filter((v) => v === v3).length >= 30, `most PROD calls run version ${v3}: ${prod.join(",")}`);

    const missingAlias = await callApi(node, api.apiId, "BROKEN", "/");
    assert.deepEqual([missingAlias.status, missingAlias.json()], [500, { message: "Internal server error" }]);
    const invalid = await callApi(node, api.apiId, "INVALID", "/");
    assert.deepEqual([invalid.status, invalid.json()], [500, { message: "Internal server error" }]);
  });
});
