// API Gateway execution logging to CloudWatch Logs, end to end through the SDK v3: a stage whose
// methodSettings set loggingLevel writes each request's execution trace to
// API-Gateway-Execution-Logs_{apiId}/{stage}, one "({requestId}) ..." event per line; INFO logs
// the trace, ERROR only failed requests, dataTraceEnabled adds headers and bodies (secrets
// redacted); a per-method setting overrides "*/*"; turning logging on needs the account's
// CloudWatch role, as on AWS.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { UpdateStageCommand, type PatchOperation } from "@aws-sdk/client-api-gateway";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { NimbusNode } from "../../src/nimbus.js";
import { ACCOUNT, addPetsMock, apiGatewayClient, callApi, RestApiBuilder, startLoggingNode } from "../helpers/rest-api.js";

describe("API Gateway execution logs in CloudWatch Logs", () => {
  let node: NimbusNode;
  let logs: CloudWatchLogsClient;

  before(async () => {
    ({ node, logs } = await startLoggingNode());
  });
  after(async () => {
    logs.destroy();
    await node.stop();
  });

  /** GET /pets/{id} (MOCK) and GET /broken (a proxy integration to a function that does not exist). */
  async function api(stage: string): Promise<RestApiBuilder> {
    const builder = await RestApiBuilder.create(apiGatewayClient(node));
    await addPetsMock(builder);
    await builder.method("/broken", "GET", {
      type: "AWS_PROXY",
      integrationHttpMethod: "POST",
      uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:${ACCOUNT}:function:no-such-function/invocations`,
    });
    await builder.deploy(stage);
    return builder;
  }

  const updateStage = (builder: RestApiBuilder, stage: string, ops: PatchOperation[]) =>
    builder.client.send(new UpdateStageCommand({ restApiId: builder.apiId, stageName: stage, patchOperations: ops }));

  /** The messages of one request in the stage's execution log group, once its last line has arrived. */
  async function requestLines(builder: RestApiBuilder, stage: string, requestId: string, last = "Method completed with status"): Promise<string[]> {
    const group = `API-Gateway-Execution-Logs_${builder.apiId}/${stage}`;
    for (let i = 0; i < 200; i++) {
      const out = await logs.send(new FilterLogEventsCommand({ logGroupName: group })).catch((err: Error) => {
        if (err.name === "ResourceNotFoundException") return { events: [] };
        throw err;
      });
      const mine = (out.events ?? []).map((e) => e.message!).filter((m) => m.startsWith(`(${requestId}) `));
      if (mine.some((m) => m.includes(last))) return mine.map((m) => m.slice(requestId.length + 3));
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no execution log for ${requestId} in ${group}`);
  }

  it("INFO writes the execution trace, without headers or bodies", async () => {
    const builder = await api("info");
    await updateStage(builder, "info", [{ op: "replace", path: "/*/*/logging/loglevel", value: "INFO" }]);
    const res = await callApi(node, builder.apiId, "info", "/pets/7?q=1");
    assert.equal(res.status, 200);
    const lines = await requestLines(builder, "info", res.headers["x-amzn-requestid"]!);
    const requestId = res.headers["x-amzn-requestid"]!;
    assert.deepEqual(lines, [
      `Extended Request Id: ${res.headers["x-amz-apigw-id"]}`,
      // A method without API key still goes through the usage plan check, with an empty key.
      `Verifying Usage Plan for request: ${requestId}. API Key:  API Stage: ${builder.apiId}/info`,
      "API Key  authorized because method 'GET /pets/{id}' does not require API Key. Request will not contribute to throttle or quota limits",
      `Usage Plan check succeeded for API Key  and API Stage ${builder.apiId}/info`,
      `Starting execution for request: ${requestId}`,
      "HTTP Method: GET, Resource Path: /pets/7",
      "Method request path: {id=7}",
      "Method request query string: {q=1}",
      "Successfully completed execution",
      "Method completed with status: 200",
    ]);
  });

  it("data tracing adds headers and bodies, with secrets redacted", async () => {
    const builder = await api("trace");
    await updateStage(builder, "trace", [
      { op: "replace", path: "/*/*/logging/loglevel", value: "INFO" },
      { op: "replace", path: "/*/*/logging/dataTrace", value: "true" },
    ]);
    const res = await callApi(node, builder.apiId, "trace", "/pets/9", { headers: { "x-api-key": "abcdefghijklmnopqrstuvwxyz", "X-Custom": "seen" } });
    const lines = await requestLines(builder, "trace", res.headers["x-amzn-requestid"]!);
    const headersLine = lines.find((l) => l.startsWith("Method request headers: "))!;
    assert.match(headersLine, /X-Custom=seen/);
    assert.match(headersLine, /x-api-key=\*+uvwxyz/);
    assert.doesNotMatch(headersLine, /abcdefghij/);
    assert.ok(lines.includes("Method request body before transformations: "));
    assert.ok(lines.includes('Method response body after transformations: {"pet":"9"}'), lines.join("\n"));
    assert.ok(lines.some((l) => l.startsWith("Method response headers: {")));
    assert.equal(lines.at(-1), "Method completed with status: 200");
    // Events are cut at 1 KB.
    const big = await callApi(node, builder.apiId, "trace", "/pets/10", { method: "GET", headers: { "X-Long": "y".repeat(3000) } });
    const bigLines = await requestLines(builder, "trace", big.headers["x-amzn-requestid"]!);
    const longHeaders = bigLines.find((l) => l.startsWith("Method request headers: "))!;
    assert.equal(Buffer.byteLength(`(${big.headers["x-amzn-requestid"]}) ${longHeaders}`), 1024);
  });

  it("ERROR writes only failed requests; a method's own setting overrides */*", async () => {
    const builder = await api("errors");
    await updateStage(builder, "errors", [
      { op: "replace", path: "/*/*/logging/loglevel", value: "ERROR" },
      { op: "replace", path: "/~1pets~1{id}/GET/logging/loglevel", value: "INFO" },
    ]);
    const failed = await callApi(node, builder.apiId, "errors", "/broken");
    assert.equal(failed.status, 500);
    const lines = await requestLines(builder, "errors", failed.headers["x-amzn-requestid"]!);
    assert.equal(lines.length, 2, lines.join("\n"));
    assert.match(lines[0]!, /^Execution failed due to configuration error: /);
    assert.equal(lines[1], "Method completed with status: 500");
    // The method with its own INFO setting logs its successful requests.
    const ok = await callApi(node, builder.apiId, "errors", "/pets/1");
    assert.equal(ok.status, 200);
    assert.equal((await requestLines(builder, "errors", ok.headers["x-amzn-requestid"]!)).at(-1), "Method completed with status: 200");
    // And with the override gone, a successful request leaves nothing at ERROR level.
    await updateStage(builder, "errors", [{ op: "replace", path: "/~1pets~1{id}/GET/logging/loglevel", value: "OFF" }]);
    const quiet = await callApi(node, builder.apiId, "errors", "/pets/2");
    const failedAgain = await callApi(node, builder.apiId, "errors", "/broken");
    await requestLines(builder, "errors", failedAgain.headers["x-amzn-requestid"]!);
    const all = await logs.send(new FilterLogEventsCommand({ logGroupName: `API-Gateway-Execution-Logs_${builder.apiId}/errors` }));
    assert.ok(all.events!.every((e) => !e.message!.startsWith(`(${quiet.headers["x-amzn-requestid"]}) `)));
  });

  it("turning logging on is refused until the account has a CloudWatch role", async () => {
    const other = apiGatewayClient(node, "222222222222");
    const builder = await RestApiBuilder.create(other);
    await builder.method("/", "GET", { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } });
    await builder.deploy("dev");
    await assert.rejects(updateStage(builder, "dev", [{ op: "replace", path: "/*/*/logging/loglevel", value: "INFO" }]), (err: Error) => {
      assert.equal(err.name, "BadRequestException");
      assert.equal(err.message, "CloudWatch Logs role ARN must be set in account settings to enable logging");
      return true;
    });
  });

  it("a stage without logging settings writes no execution log", async () => {
    const builder = await api("quiet");
    const res = await callApi(node, builder.apiId, "quiet", "/pets/3");
    assert.equal(res.status, 200);
    await new Promise((r) => setTimeout(r, 100));
    await assert.rejects(
      logs.send(new FilterLogEventsCommand({ logGroupName: `API-Gateway-Execution-Logs_${builder.apiId}/quiet` })),
      (err: Error) => err.name === "ResourceNotFoundException",
    );
  });
});
