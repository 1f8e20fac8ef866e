// API Gateway execution logs of methods with an API key (usage plans) or a Lambda TOKEN authorizer,
// end to end through the SDK v3: the stage logs the usage plan check and the authorizer's steps in
// the wording and order of real AWS logs (sources in src/engines/apigw/rest/api-keys.ts and
// authorizers/authorizer-log.ts), keys, tokens and principals masked but for their last six
// characters; at ERROR level only the failure lines. The authorizer function is scripted through
// the data plane's LambdaInvoker port; the logs are read back with CloudWatch Logs' FilterLogEvents.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateApiKeyCommand,
  CreateAuthorizerCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  UpdateStageCommand,
  type PatchOperation,
} from "@aws-sdk/client-api-gateway";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { LambdaInvocation, LambdaInvoker, LambdaResult } from "../../src/engines/apigw/rest/index.js";
import type { NimbusNode } from "../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";
import { ACCOUNT, addPetsMock, allowCloudWatchLogging, apiGatewayClient, callApi, RestApiBuilder } from "../helpers/rest-api.js";

const AUTH_FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:authorizer`;
const AUTH_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${AUTH_FN}/invocations`;
const LAMBDA_URL = `https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/${AUTH_FN}/invocations`;
const MOCK = { type: "MOCK" as const, requestTemplates: { "application/json": '{"statusCode": 200}' } };
const OK = { responses: [{ statusCode: "200", responseTemplates: { "application/json": '{"ok":true}' } }] };
const KEY = "abcdefghijklmnopqrstuvwxyz0123456789KEY1";
const STRAY_KEY = "zyxwvutsrqponmlkjihgfedcba9876543210KEY2";
const PRINCIPAL = "user-principal-0042";

/** The authorizer function: its answer depends on the token. */
class ScriptedAuthorizer implements LambdaInvoker {
  async invoke(request: LambdaInvocation): Promise<LambdaResult> {
    const event = JSON.parse(request.payload.toString("utf8")) as { authorizationToken: string };
    const policy = (effect: string) => ({ Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: "*" }] });
    const ok = (body: unknown) => ({ statusCode: 200, payload: Buffer.from(JSON.stringify(body)) });
    if (event.authorizationToken.startsWith("allow-")) return ok({ principalId: PRINCIPAL, policyDocument: policy("Allow") });
    if (event.authorizationToken.startsWith("deny-")) return ok({ principalId: PRINCIPAL, policyDocument: policy("Deny") });
    return { statusCode: 200, functionError: "Unhandled", payload: Buffer.from(JSON.stringify({ errorType: "Error", errorMessage: "Unauthorized" })) };
  }
}

describe("API Gateway execution logs: usage plans and authorizers", () => {
  let node: NimbusNode;
  let logs: CloudWatchLogsClient;
  let builder: RestApiBuilder;
  let authorizerId: string;

  const updateStage = (stage: string, ops: PatchOperation[]) => builder.client.send(new UpdateStageCommand({ restApiId: builder.apiId, stageName: stage, patchOperations: ops }));
  const logAt = (level: string): PatchOperation[] => [{ op: "replace", path: "/*/*/logging/loglevel", value: level }];

  before(async () => {
    node = await startTestNimbus({}, { restApis: { lambda: new ScriptedAuthorizer() } });
    await allowCloudWatchLogging(node);
    logs = new CloudWatchLogsClient(clientConfig(node, { accessKeyId: ACCOUNT, secretAccessKey: "test" }));
    builder = await RestApiBuilder.create(apiGatewayClient(node));
    const client = builder.client;
    authorizerId = (await client.send(new CreateAuthorizerCommand({ restApiId: builder.apiId, name: "token", type: "TOKEN", authorizerUri: AUTH_URI, identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 0 }))).id!;
    await addPetsMock(builder);
    await builder.method("/keyed", "GET", MOCK, { ...OK, method: { apiKeyRequired: true } });
    await builder.method("/guarded", "GET", MOCK, { ...OK, method: { authorizationType: "CUSTOM", authorizerId } });
    for (const stage of ["info", "errors", "throttled"]) await builder.deploy(stage);
    const key = await client.send(new CreateApiKeyCommand({ name: "key", enabled: true, value: KEY }));
    await client.send(new CreateApiKeyCommand({ name: "stray", enabled: true, value: STRAY_KEY }));
    const plan = await client.send(new CreateUsagePlanCommand({ name: "plan", apiStages: ["info", "errors"].map((stage) => ({ apiId: builder.apiId, stage })) }));
    await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: "API_KEY" }));
    await updateStage("info", logAt("INFO"));
    await updateStage("errors", logAt("ERROR"));
    await updateStage("throttled", [...logAt("INFO"), { op: "replace", path: "/*/*/throttling/rateLimit", value: "1" }, { op: "replace", path: "/*/*/throttling/burstLimit", value: "0" }]);
  });
  after(async () => {
    logs.destroy();
    await node.stop();
  });

  /** The messages of one request in the stage's execution log group, once its last line has arrived. */
  async function requestLines(stage: string, requestId: string): Promise<string[]> {
    const group = `API-Gateway-Execution-Logs_${builder.apiId}/${stage}`;
    for (let i = 0; i < 200; i++) {
      const out = await logs.send(new FilterLogEventsCommand({ logGroupName: group })).catch((err: Error) => {
        if (err.name === "ResourceNotFoundException") return { events: [] };
        throw err;
      });
      const mine = (out.events ?? []).map((e) => e.message!).filter((m) => m.startsWith(`(${requestId}) `));
      if (mine.some((m) => m.includes("Method completed with status"))) return mine.map((m) => m.slice(requestId.length + 3));
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no execution log for ${requestId} in ${group}`);
  }

  const masked = (secret: string) => `${"*".repeat(secret.length - 6)}${secret.slice(-6)}`;

  it("a method with an API key: the usage plan check, and the key after the HTTP method, redacted", async () => {
    const res = await callApi(node, builder.apiId, "info", "/keyed", { headers: { "x-api-key": KEY } });
    assert.equal(res.status, 200, res.text);
    const id = res.headers["x-amzn-requestid"]!;
    assert.deepEqual(await requestLines("info", id), [
      `Extended Request Id: ${res.headers["x-amz-apigw-id"]}`,
      `Verifying Usage Plan for request: ${id}. API Key: ${masked(KEY)} API Stage: ${builder.apiId}/info`,
      `Usage Plan check succeeded for API Key ${masked(KEY)} and API Stage ${builder.apiId}/info`,
      `Starting execution for request: ${id}`,
      "HTTP Method: GET, Resource Path: /keyed",
      `API Key: ${masked(KEY)}`,
      "Method request path: {}",
      "Method request query string: {}",
      "Successfully completed execution",
      "Method completed with status: 200",
    ]);
  });

  it("a key in no usage plan of the stage: the refusal line; at ERROR level nothing else", async () => {
    const refused = await callApi(node, builder.apiId, "errors", "/keyed", { headers: { "x-api-key": STRAY_KEY } });
    assert.equal(refused.status, 403);
    assert.deepEqual(await requestLines("errors", refused.headers["x-amzn-requestid"]!), [
      `API Key ${masked(STRAY_KEY)} not authorized because method 'GET /keyed' requires API Key and API Key is not associated with a Usage Plan for API Stage ${builder.apiId}/errors: No Usage Plan found for key and API Stage`,
      "Method completed with status: 403",
    ]);
    // A request that succeeds leaves nothing at ERROR level.
    const ok = await callApi(node, builder.apiId, "errors", "/keyed", { headers: { "x-api-key": KEY } });
    assert.equal(ok.status, 200);
    const failedAgain = await callApi(node, builder.apiId, "errors", "/keyed", { headers: { "x-api-key": STRAY_KEY } });
    await requestLines("errors", failedAgain.headers["x-amzn-requestid"]!);
    const all = await logs.send(new FilterLogEventsCommand({ logGroupName: `API-Gateway-Execution-Logs_${builder.apiId}/errors` }));
    assert.ok(all.events!.every((e) => !e.message!.startsWith(`(${ok.headers["x-amzn-requestid"]}) `)));
  });

  it("the stage's method throttling: the key throttle line, then the status", async () => {
    const res = await callApi(node, builder.apiId, "throttled", "/pets/1");
    assert.equal(res.status, 429);
    const id = res.headers["x-amzn-requestid"]!;
    assert.deepEqual(await requestLines("throttled", id), [
      `Extended Request Id: ${res.headers["x-amz-apigw-id"]}`,
      `Verifying Usage Plan for request: ${id}. API Key:  API Stage: ${builder.apiId}/throttled`,
      `Key throttle limit exceeded for RestApi ${builder.apiId}, Stage throttled, Resource ${builder.resources.get("/pets/{id}")}, HttpMethod GET. Limit: 1.00 Burst: 0`,
      "Method completed with status: 429",
    ]);
  });

  it("a TOKEN authorizer that allows: its steps before the usage plan check, token and principal redacted", async () => {
    const token = "allow-0123456789-abcdef";
    const res = await callApi(node, builder.apiId, "info", "/guarded", { headers: { Authorization: token } });
    assert.equal(res.status, 200, res.text);
    const id = res.headers["x-amzn-requestid"]!;
    assert.deepEqual(await requestLines("info", id), [
      `Extended Request Id: ${res.headers["x-amz-apigw-id"]}`,
      `Starting authorizer: ${authorizerId} for request: ${id}`,
      `Incoming identity: ${masked(token)}`,
      `Endpoint request URI: ${LAMBDA_URL}`,
      `Sending request to ${LAMBDA_URL}`,
      `Using valid authorizer policy for principal: ${masked(PRINCIPAL)}`,
      "Successfully completed authorizer execution",
      `Verifying Usage Plan for request: ${id}. API Key:  API Stage: ${builder.apiId}/info`,
      "API Key  authorized because method 'GET /guarded' does not require API Key. Request will not contribute to throttle or quota limits",
      `Usage Plan check succeeded for API Key  and API Stage ${builder.apiId}/info`,
      `Starting execution for request: ${id}`,
      "HTTP Method: GET, Resource Path: /guarded",
      "Method request path: {}",
      "Method request query string: {}",
      "Successfully completed execution",
      "Method completed with status: 200",
    ]);
  });

  it("data tracing adds the authorizer's endpoint request and its result body", async () => {
    await updateStage("info", [{ op: "replace", path: "/~1guarded/GET/logging/loglevel", value: "INFO" }, { op: "replace", path: "/~1guarded/GET/logging/dataTrace", value: "true" }]);
    const res = await callApi(node, builder.apiId, "info", "/guarded", { headers: { Authorization: "allow-traced-token" } });
    assert.equal(res.status, 200, res.text);
    const lines = await requestLines("info", res.headers["x-amzn-requestid"]!);
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    assert.ok(at("Endpoint request headers: {") > at("Endpoint request URI: "), lines.join("\n"));
    assert.match(lines[at("Endpoint request body after transformations: ")]!, /"type":"TOKEN"/);
    assert.ok(at("Authorizer result body before parsing: {\"principalId\":\"user-principal-0042\"") > at("Sending request to "), lines.join("\n"));
    assert.ok(at("Using valid authorizer policy") > at("Authorizer result body before parsing"));
    assert.equal(at("Received response."), -1, "AWS logs no response line for an authorizer");
  });

  it("a TOKEN authorizer refusing: missing token, Unauthorized answer, Deny policy", async () => {
    const missing = await callApi(node, builder.apiId, "info", "/guarded");
    assert.equal(missing.status, 401);
    const missingId = missing.headers["x-amzn-requestid"]!;
    assert.deepEqual(await requestLines("info", missingId), [
      `Extended Request Id: ${missing.headers["x-amz-apigw-id"]}`,
      `Starting authorizer: ${authorizerId} for request: ${missingId}`,
      `Unauthorized request: ${missingId}`,
      "Method completed with status: 401",
    ]);

    const refused = await callApi(node, builder.apiId, "info", "/guarded", { headers: { Authorization: "nobody-0123456789" } });
    assert.equal(refused.status, 401);
    const refusedId = refused.headers["x-amzn-requestid"]!;
    const refusedLines = await requestLines("info", refusedId);
    assert.deepEqual(refusedLines.slice(-3), [`Sending request to ${LAMBDA_URL}`, `Unauthorized request: ${refusedId}`, "Method completed with status: 401"]);
    assert.equal(refusedLines.filter((l) => l.startsWith("Authorizer result body")).length, 0);

    const denied = await callApi(node, builder.apiId, "info", "/guarded", { headers: { Authorization: "deny-0123456789" } });
    assert.equal(denied.status, 403);
    const deniedLines = await requestLines("info", denied.headers["x-amzn-requestid"]!);
    // The policy is evaluated after the authorizer completed.
    assert.ok(deniedLines.includes("Successfully completed authorizer execution"), deniedLines.join("\n"));
    assert.equal(deniedLines.at(-1), "Method completed with status: 403");
    assert.ok(!deniedLines.some((l) => l.startsWith("Verifying Usage Plan") || l.startsWith("Starting execution")));
  });
});
