// AWS service integrations calling Nimbus's own services in-process: action style on a JSON
// service (CloudWatch Logs) and a query service (STS), as the integration's role.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { NimbusNode } from "../../../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "../../../helpers/nimbus.js";
import { ACCOUNT, apiGatewayClient, callApi, RestApiBuilder } from "../../../helpers/rest-api.js";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/apigw-service-role`;

describe("AWS service integrations", () => {
  let node: NimbusNode;
  let api: RestApiBuilder;

  before(async () => {
    node = await startTestNimbus();
    api = await RestApiBuilder.create(apiGatewayClient(node));
    await api.method(
      "/groups",
      "POST",
      {
        type: "AWS",
        integrationHttpMethod: "POST",
        uri: "arn:aws:apigateway:eu-west-1:logs:action/CreateLogGroup",
        credentials: ROLE,
        requestTemplates: { "application/json": '{"logGroupName": "$input.path(\'$.name\')"}' },
      },
      {
        responses: [
          { statusCode: "200", responseTemplates: { "application/json": '{"created": true}' } },
          { statusCode: "400", selectionPattern: "4\\d\\d", responseTemplates: { "application/json": '{"error": "$input.path(\'$.__type\')", "message": "$input.path(\'$.message\')"}' } },
        ],
      },
    );
    await api.method(
      "/whoami",
      "GET",
      {
        type: "AWS",
        integrationHttpMethod: "POST",
        uri: "arn:aws:apigateway:us-east-1:sts:action/GetCallerIdentity",
        credentials: ROLE,
        requestParameters: { "integration.request.querystring.Version": "'2011-06-15'" },
      },
      { responses: [{ statusCode: "200" }] },
    );
    await api.deploy("prod");
  });
  after(() => node.stop());

  it("calls a JSON service's action with the mapped body, in the URI's region", async () => {
    const res = await callApi(node, api.apiId, "prod", "/groups", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: "/from/apigw" }) });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), { created: true });
    const logs = new CloudWatchLogsClient({ ...clientConfig(node, { accessKeyId: ACCOUNT, secretAccessKey: "x" }), region: "eu-west-1" });
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/from/" }));
    assert.deepEqual(groups.logGroups?.map((g) => g.logGroupName), ["/from/apigw"]);
  });

  it("selects the integration response by the service's error status", async () => {
    const res = await callApi(node, api.apiId, "prod", "/groups", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: "/from/apigw" }) });
    assert.equal(res.status, 400, res.text);
    assert.deepEqual(res.json(), { error: "ResourceAlreadyExistsException", message: "The specified log group already exists" });
  });

  it("calls a query service as the integration's assumed role", async () => {
    const res = await callApi(node, api.apiId, "prod", "/whoami");
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /<Arn>arn:aws:sts::111111111111:assumed-role\/apigw-service-role\/BackplaneAssumeRoleSession<\/Arn>/);
    assert.match(res.text, /<Account>111111111111<\/Account>/);
  });
});
