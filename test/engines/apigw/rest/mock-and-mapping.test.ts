// MOCK integrations and mapping behaviour: the console's CORS OPTIONS method, passthrough
// behaviours (415), $context overrides, response parameter mapping and customised gateway responses.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PutGatewayResponseCommand } from "@aws-sdk/client-api-gateway";
import type { NimbusNode } from "../../../../src/nimbus.js";
import { startTestNimbus } from "../../../helpers/nimbus.js";
import { apiGatewayClient, callApi, RestApiBuilder } from "../../../helpers/rest-api.js";

const MOCK_200 = { type: "MOCK" as const, requestTemplates: { "application/json": '{"statusCode": 200}' } };

describe("MOCK integrations and mapping templates", () => {
  let node: NimbusNode;
  let api: RestApiBuilder;

  before(async () => {
    node = await startTestNimbus();
    api = await RestApiBuilder.create(apiGatewayClient(node));
    // What the console's "Enable CORS" creates.
    await api.method("/items", "OPTIONS", MOCK_200, {
      responses: [
        {
          statusCode: "200",
          responseParameters: {
            "method.response.header.Access-Control-Allow-Headers": "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'",
            "method.response.header.Access-Control-Allow-Methods": "'GET,POST,OPTIONS'",
            "method.response.header.Access-Control-Allow-Origin": "'*'",
          },
          responseTemplates: { "application/json": "" },
          methodResponseParameters: {
            "method.response.header.Access-Control-Allow-Headers": false,
            "method.response.header.Access-Control-Allow-Methods": false,
            "method.response.header.Access-Control-Allow-Origin": false,
          },
        },
      ],
    });
    await api.method("/echo/{name}", "POST", { ...MOCK_200, passthroughBehavior: "NEVER" }, {
      responses: [
        {
          statusCode: "200",
          responseTemplates: {
            "application/json": `#set($body = $input.path('$'))
{"name": "$input.params('name')", "q": "$input.params('q')", "header": "$input.params().header.get('X-Thing')", "stage": "$context.stage", "var": "$stageVariables.color", "method": "$context.httpMethod", "resourcePath": "$context.resourcePath"}`,
          },
        },
      ],
    });
    await api.method(
      "/override",
      "GET",
      {
        type: "MOCK",
        requestTemplates: { "application/json": '#set($context.responseOverride.status = 201)\n#set($context.responseOverride.header.X-Set = "from-request")\n{"statusCode": 200}' },
      },
      { responses: [{ statusCode: "200", responseTemplates: { "application/json": '{"carried": "$context.responseOverride.header.X-Set"}' } }] },
    );
    await api.method("/no-templates", "POST", { type: "MOCK", passthroughBehavior: "WHEN_NO_TEMPLATES" }, { responses: [{ statusCode: "200" }] });
    await api.method("/some-templates", "POST", { ...MOCK_200, passthroughBehavior: "WHEN_NO_TEMPLATES" }, { responses: [{ statusCode: "200" }] });
    await api.method("/bad-status", "GET", { type: "MOCK", requestTemplates: { "application/json": '{"no": "status"}' } }, { responses: [{ statusCode: "200" }] });
    await api.method("/selected", "GET", { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": $input.params(\'code\')}' } }, {
      responses: [
        { statusCode: "200", responseTemplates: { "application/json": '{"default": true}' } },
        { statusCode: "404", selectionPattern: "404", responseTemplates: { "application/json": '{"missing": true}' } },
      ],
    });
    await api.method("/no-match", "GET", { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 418}' } }, {
      responses: [{ statusCode: "404", selectionPattern: "404" }],
    });
    await api.client.send(
      new PutGatewayResponseCommand({
        restApiId: api.apiId,
        responseType: "MISSING_AUTHENTICATION_TOKEN",
        statusCode: "404",
        responseParameters: { "gatewayresponse.header.X-Why": "'no route'", "gatewayresponse.header.X-Asked": "method.request.header.X-Asked" },
        responseTemplates: { "application/json": '{"error": $context.error.messageString, "type": "$context.error.responseType", "stage": "$context.stage"}' },
      }),
    );
    await api.deploy("test", { color: "blue" });
  });
  after(() => node.stop());

  it("answers the CORS preflight the console's OPTIONS mock defines", async () => {
    const res = await callApi(node, api.apiId, "test", "/items", { method: "OPTIONS", headers: { Origin: "http://example.com", "Access-Control-Request-Method": "POST" } });
    assert.equal(res.status, 200);
    assert.equal(res.headers["access-control-allow-origin"], "*");
    assert.equal(res.headers["access-control-allow-methods"], "GET,POST,OPTIONS");
    assert.equal(res.headers["access-control-allow-headers"], "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token");
    assert.equal(res.text, "");
    assert.equal(res.headers["x-amzn-trace-id"], undefined, "MOCK answers carry no trace id (recorded: test_invocation_trace_id)");
  });

  it("renders $input, $context and $stageVariables in a response template", async () => {
    const res = await callApi(node, api.apiId, "test", "/echo/ann?q=1", { method: "POST", headers: { "Content-Type": "application/json", "X-Thing": "t" }, body: "{}" });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), { name: "ann", q: "1", header: "t", stage: "test", var: "blue", method: "POST", resourcePath: "/echo/{name}" });
  });

  it("answers 415 when NEVER passthrough meets a content type without a template", async () => {
    const res = await callApi(node, api.apiId, "test", "/echo/ann", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "x" });
    assert.equal(res.status, 415);
    assert.deepEqual(res.json(), { message: "Unsupported Media Type" });
    assert.equal(res.headers["x-amzn-errortype"], "UnsupportedMediaTypeException");
  });

  it("WHEN_NO_TEMPLATES passes through only when no template is defined", async () => {
    const none = await callApi(node, api.apiId, "test", "/no-templates", { method: "POST", headers: { "Content-Type": "text/plain" }, body: '{"statusCode": 200}' });
    assert.equal(none.status, 200);
    const some = await callApi(node, api.apiId, "test", "/some-templates", { method: "POST", headers: { "Content-Type": "text/plain" }, body: '{"statusCode": 200}' });
    assert.equal(some.status, 415);
  });

  it("applies $context.responseOverride set by the request template, and carries it to the response template", async () => {
    const res = await callApi(node, api.apiId, "test", "/override");
    assert.equal(res.status, 201);
    assert.equal(res.headers["x-set"], "from-request");
    assert.deepEqual(res.json(), { carried: "from-request" });
  });

  it("answers 500 when a MOCK template gives no statusCode", async () => {
    const res = await callApi(node, api.apiId, "test", "/bad-status");
    assert.equal(res.status, 500);
    assert.deepEqual(res.json(), { message: "Internal server error" });
  });

  it("selects the integration response by the MOCK status code", async () => {
    assert.deepEqual((await callApi(node, api.apiId, "test", "/selected?code=200")).json(), { default: true });
    const missing = await callApi(node, api.apiId, "test", "/selected?code=404");
    assert.deepEqual([missing.status, missing.json()], [404, { missing: true }]);
  });

  it("answers 500 when no integration response matches and none is the default", async () => {
    const res = await callApi(node, api.apiId, "test", "/no-match");
    assert.equal(res.status, 500);
    assert.equal(res.headers["x-amzn-errortype"], "InternalServerErrorException");
  });

  it("answers errors with the API's customised gateway response", async () => {
    const res = await callApi(node, api.apiId, "test", "/nowhere", { headers: { "X-Asked": "why" } });
    assert.equal(res.status, 404);
    assert.equal(res.headers["x-why"], "no route");
    assert.equal(res.headers["x-asked"], "why");
    assert.deepEqual(res.json(), { error: "Missing Authentication Token", type: "MISSING_AUTHENTICATION_TOKEN", stage: "test" });
  });
});
