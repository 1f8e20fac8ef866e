// API Gateway access logging to CloudWatch Logs, end to end through the SDK v3 and the AWS CLI:
// UpdateStage sets accessLogSettings (validated as AWS does), every execute-api request on the
// stage leaves one event in the log group with the format's $context variables substituted, and
// stages without settings leave nothing.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { UpdateStageCommand, type PatchOperation } from "@aws-sdk/client-api-gateway";
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogStreamsCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { NimbusNode } from "../../src/nimbus.js";
import { ACCOUNT, addPetsMock, apiGatewayClient, callApi, RestApiBuilder, startLoggingNode } from "../helpers/rest-api.js";

const REGION = "us-east-1";
const groupArn = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;

/** The formats the API Gateway console offers (set-up-access-logging.html). */
const CLF =
  '$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId $context.extendedRequestId';
const JSON_FORMAT =
  '{"requestId":"$context.requestId","extendedRequestId":"$context.extendedRequestId","ip":"$context.identity.sourceIp","caller":"$context.identity.caller","user":"$context.identity.user","requestTime":"$context.requestTime","requestTimeEpoch":$context.requestTimeEpoch,"httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","path":"$context.path","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength","stage":"$context.stage","apiId":"$context.apiId","userAgent":"$context.identity.userAgent","integrationStatus":"$context.integration.status","responseLatency":"$context.responseLatency","errorMessage":"$context.error.message","errorType":"$context.error.responseType"}';
const XML_FORMAT = '<request id="$context.requestId"> <ip>$context.identity.sourceIp</ip> <httpMethod>$context.httpMethod</httpMethod> <status>$context.status</status> </request>';
const CSV_FORMAT = "$context.identity.sourceIp,$context.requestTime,$context.httpMethod,$context.resourcePath,$context.status,$context.requestId";

describe("API Gateway access logs in CloudWatch Logs", () => {
  let node: NimbusNode;
  let logs: CloudWatchLogsClient;

  before(async () => {
    ({ node, logs } = await startLoggingNode());
  });
  after(async () => {
    logs.destroy();
    await node.stop();
  });

  async function mockApi(stage: string): Promise<RestApiBuilder> {
    const api = await RestApiBuilder.create(apiGatewayClient(node));
    await addPetsMock(api);
    await api.deploy(stage);
    return api;
  }

  const updateStage = (api: RestApiBuilder, stage: string, ops: PatchOperation[]) =>
    api.client.send(new UpdateStageCommand({ restApiId: api.apiId, stageName: stage, patchOperations: ops }));

  /** The group's events, once `count` have arrived (writes are batched). */
  async function events(group: string, count: number): Promise<string[]> {
    for (let i = 0; i < 200; i++) {
      // The group is created with the first batch when it does not exist yet.
      const out = await logs.send(new FilterLogEventsCommand({ logGroupName: group })).catch((err: Error) => {
        if (err.name === "ResourceNotFoundException") return { events: [] };
        throw err;
      });
      if ((out.events?.length ?? 0) >= count) return out.events!.map((e) => e.message!);
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`fewer than ${count} events arrived in ${group}`);
  }

  it("writes one event per request, the JSON format's $context variables substituted", async () => {
    const api = await mockApi("prod");
    await logs.send(new CreateLogGroupCommand({ logGroupName: "api-access-json" }));
    const stage = await updateStage(api, "prod", [
      { op: "replace", path: "/accessLogSettings/destinationArn", value: groupArn("api-access-json") },
      { op: "replace", path: "/accessLogSettings/format", value: JSON_FORMAT },
    ]);
    assert.deepEqual(stage.accessLogSettings, { destinationArn: groupArn("api-access-json"), format: JSON_FORMAT });

    const ok = await callApi(node, api.apiId, "prod", "/pets/7", { headers: { "User-Agent": "access-log-test" } });
    assert.equal(ok.status, 200);
    const missing = await callApi(node, api.apiId, "prod", "/nowhere");
    assert.equal(missing.status, 403);

    const lines = (await events("api-access-json", 2)).map((m) => JSON.parse(m) as Record<string, unknown>);
    const byId = new Map(lines.map((l) => [l["requestId"], l]));
    const first = byId.get(ok.headers["x-amzn-requestid"])!;
    assert.ok(first, "the 200's line carries its x-amzn-RequestId");
    assert.equal(first["extendedRequestId"], ok.headers["x-amz-apigw-id"]);
    assert.equal(first["ip"], "127.0.0.1");
    assert.equal(first["caller"], "-");
    assert.match(String(first["requestTime"]), /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    assert.equal(typeof first["requestTimeEpoch"], "number");
    assert.deepEqual(
      [first["httpMethod"], first["resourcePath"], first["path"], first["status"], first["protocol"], first["responseLength"], first["stage"], first["apiId"], first["userAgent"]],
      ["GET", "/pets/{id}", "/prod/pets/7", "200", "HTTP/1.1", String(ok.body.length), "prod", api.apiId, "access-log-test"],
    );
    assert.equal(first["errorMessage"], "-");
    assert.match(String(first["responseLatency"]), /^\d+$/);

    const second = byId.get(missing.headers["x-amzn-requestid"])!;
    assert.deepEqual([second["status"], second["resourcePath"], second["errorMessage"], second["errorType"]], ["403", "-", "Missing Authentication Token", "MISSING_AUTHENTICATION_TOKEN"]);

    // One stream per node and group, named as API Gateway names its access log streams.
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "api-access-json" }));
    assert.equal(streams.logStreams?.length, 1);
    assert.match(streams.logStreams![0]!.logStreamName!, /^[0-9a-f]{32}$/);
  });

  it("renders the console's CLF, XML and CSV formats", async () => {
    const api = await mockApi("dev");
    for (const [name, format] of [["clf", CLF], ["xml", XML_FORMAT], ["csv", CSV_FORMAT]] as const) {
      await updateStage(api, "dev", [
        { op: "replace", path: "/accessLogSettings/destinationArn", value: groupArn(`access-${name}`) },
        { op: "replace", path: "/accessLogSettings/format", value: format },
      ]);
      const res = await callApi(node, api.apiId, "dev", "/pets/1", { method: "GET" });
      const id = res.headers["x-amzn-requestid"];
      const [line] = await events(`access-${name}`, 1);
      if (name === "clf") assert.match(line!, new RegExp(`^127\\.0\\.0\\.1 - - \\[[^\\]]+\\] "GET /pets/\\{id\\} HTTP/1\\.1" 200 ${res.body.length} ${id} ${res.headers["x-amz-apigw-id"]!.replace(/[=+]/g, "\\$&")}$`));
      if (name === "xml") assert.equal(line, `<request id="${id}"> <ip>127.0.0.1</ip> <httpMethod>GET</httpMethod> <status>200</status> </request>`);
      if (name === "csv") assert.match(line!, new RegExp(`^127\\.0\\.0\\.1,[^,]+,GET,/pets/\\{id\\},200,${id}$`));
    }
  });

  it("a stage without access log settings writes nothing; removing the settings stops the lines", async () => {
    const api = await mockApi("quiet");
    await callApi(node, api.apiId, "quiet", "/pets/1");
    await updateStage(api, "quiet", [
      { op: "replace", path: "/accessLogSettings/destinationArn", value: groupArn("access-quiet") },
      { op: "replace", path: "/accessLogSettings/format", value: "$context.requestId" },
    ]);
    const logged = await callApi(node, api.apiId, "quiet", "/pets/2");
    await updateStage(api, "quiet", [{ op: "remove", path: "/accessLogSettings" }]);
    await callApi(node, api.apiId, "quiet", "/pets/3");
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await events("access-quiet", 1), [logged.headers["x-amzn-requestid"]]);
  });

  it("UpdateStage validates the destination ARN and the format as AWS does", async () => {
    const api = await mockApi("checks");
    const rejects = async (op: PatchOperation, message: string) => {
      await assert.rejects(updateStage(api, "checks", [op]), (err: Error & { name: string }) => {
        assert.equal(err.name, "BadRequestException");
        assert.equal(err.message, message);
        return true;
      });
    };
    await rejects({ op: "replace", path: "/accessLogSettings/destinationArn", value: "my-group" }, "Invalid ARN specified in the request. ARNs must start with 'arn:': my-group");
    await rejects(
      { op: "replace", path: "/accessLogSettings/destinationArn", value: `arn:aws:s3:::bucket` },
      "Invalid ARN specified in the request. The ARN must be a valid CloudWatch Logs log group or Kinesis Data Firehose delivery stream ARN.",
    );
    await rejects({ op: "replace", path: "/accessLogSettings/format", value: "$context.status $context.path" }, "Access Log format must include either $context.requestId or $context.extendedRequestId");
    await rejects({ op: "replace", path: "/accessLogSettings/format", value: "$context.requestId\n$context.status" }, "Access Log format must be single line, new line character is allowed only at end of the format");
    await rejects({ op: "replace", path: "/accessLogSettings/format", value: "" }, "Access Log value must not be empty");
    // Accepted: extendedRequestId alone, a trailing new line, a log group ARN with ":*", a Firehose stream named amazon-apigateway-*.
    await updateStage(api, "checks", [{ op: "replace", path: "/accessLogSettings/format", value: "$context.extendedRequestId $context.status\n" }]);
    await updateStage(api, "checks", [{ op: "replace", path: "/accessLogSettings/destinationArn", value: `${groupArn("g")}:*` }]);
    await updateStage(api, "checks", [{ op: "replace", path: "/accessLogSettings/destinationArn", value: `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/amazon-apigateway-logs` }]);
  });

  const AWS_CLI = "/usr/bin/aws";
  it("the AWS CLI turns access logging on with update-stage, and the lines arrive", { skip: !existsSync(AWS_CLI) && "the AWS CLI is not installed" }, async () => {
    const api = await mockApi("cli");
    const home = mkdtempSync(join(tmpdir(), "nimbus-apigw-cli-"));
    try {
      const env = {
        PATH: process.env.PATH,
        HOME: home,
        AWS_ACCESS_KEY_ID: ACCOUNT,
        AWS_SECRET_ACCESS_KEY: "test",
        AWS_DEFAULT_REGION: REGION,
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_PAGER: "",
      };
      const { stdout } = await promisify(execFile)(
        AWS_CLI,
        [
          "--endpoint-url", node.endpoint, "--output", "json", "apigateway", "update-stage",
          "--rest-api-id", api.apiId, "--stage-name", "cli", "--patch-operations",
          `op=replace,path=/accessLogSettings/destinationArn,value=${groupArn("access-cli")}`,
          "op=replace,path=/accessLogSettings/format,value=$context.requestId $context.httpMethod $context.status",
        ],
        { env },
      );
      assert.deepEqual(JSON.parse(stdout).accessLogSettings, { destinationArn: groupArn("access-cli"), format: "$context.requestId $context.httpMethod $context.status" });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
    const res = await callApi(node, api.apiId, "cli", "/pets/5");
    assert.deepEqual(await events("access-cli", 1), [`${res.headers["x-amzn-requestid"]} GET 200`]);
  });
});
