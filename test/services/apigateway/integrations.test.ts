// Integrations and integration responses, against AWS's recorded answers
// (test_apigateway_integrations.snapshot.json, TestApigatewayIntegrationResponse).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { newApi, rejects, startHarness, type Harness } from "./harness.js";

const LAMBDA_URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:MyLambda/invocations";

describe("API Gateway Integrations", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  async function method(httpMethod = "GET", extra: object = {}) {
    const { apiId, rootId } = await newApi(h);
    const key = { restApiId: apiId, resourceId: rootId, httpMethod };
    await h.call("PutMethod", { ...key, authorizationType: "NONE", ...extra });
    return { key, rootId };
  }

  it("applies AWS's defaults per integration type", async () => {
    const { key, rootId } = await method();
    const mock = await h.call("PutIntegration", { ...key, type: "MOCK" });
    assert.deepEqual(mock, { type: "MOCK", passthroughBehavior: "WHEN_NO_MATCH", timeoutInMillis: 29000, cacheNamespace: rootId, cacheKeyParameters: [] });
    const http = await h.call("PutIntegration", { ...key, type: "HTTP", integrationHttpMethod: "POST", uri: "http://example.com" });
    assert.equal(http.connectionType, "INTERNET");
    assert.equal(http.httpMethod, "POST");
    const proxy = await h.call("PutIntegration", { ...key, type: "AWS_PROXY", integrationHttpMethod: "POST", uri: LAMBDA_URI });
    assert.equal("connectionType" in proxy, false);
    assert.deepEqual((await h.call("GetMethod", key)).methodIntegration, proxy);
  });

  it("validates types, methods and URIs as AWS does", async () => {
    const { key } = await method();
    const put = (input: object) => h.call("PutIntegration", { ...key, ...input });
    for (const type of ["HTTP", "HTTP_PROXY", "AWS"]) {
      await rejects(put({ type, uri: "http://example.com" }), "BadRequestException", "Enumeration value for HttpMethod must be non-empty");
    }
    await rejects(put({ type: "HTTP", integrationHttpMethod: "POST", uri: "non-valid-http" }), "BadRequestException", "Invalid HTTP endpoint specified for URI");
    await rejects(put({ type: "AWS", integrationHttpMethod: "POST", uri: "non-valid-arn" }), "BadRequestException", "Invalid ARN specified in the request");
    await rejects(
      put({ type: "AWS", integrationHttpMethod: "POST", uri: "arn:aws:iam::0000000000:role/service-role/asdf" }),
      "BadRequestException",
      "AWS ARN for integration must contain path or action",
    );
    await rejects(
      put({ type: "AWS_PROXY", integrationHttpMethod: "POST", uri: "arn:aws:apigateway:us-east-1:s3:path/b/k" }),
      "BadRequestException",
      "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.",
    );
    await rejects(put({ type: "MOCK", timeoutInMillis: 30000 }), "BadRequestException", "Timeout should be between 50 ms and 29000 ms");
    await rejects(
      put({ type: "HTTPS_PROXY" }),
      "ValidationException",
      "1 validation error detected: Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]",
    );
    await rejects(put({ httpMethod: "POST", type: "MOCK" }), "NotFoundException", "Invalid Method identifier specified");
    await rejects(put({ resourceId: "badresource", type: "MOCK" }), "NotFoundException", "Invalid Resource identifier specified");
  });

  it("checks that mapped method request parameters are declared", async () => {
    const { key } = await method("GET", { requestParameters: { "method.request.path.petId": true } });
    const put = (requestParameters: object) => h.call("PutIntegration", { ...key, type: "MOCK", requestParameters });
    await put({ "integration.request.path.id": "method.request.path.petId" });
    await rejects(
      put({ "integration.request.path.id": "method.request.querystring.other" }),
      "BadRequestException",
      "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: method.request.querystring.other]",
    );
  });

  it("runs the integration response lifecycle", async () => {
    const { key } = await method();
    await rejects(h.call("GetIntegrationResponse", { ...key, statusCode: "200" }), "NotFoundException", "Invalid Integration identifier specified");
    await h.call("PutIntegration", { ...key, type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } });
    const response = await h.call("PutIntegrationResponse", { ...key, statusCode: "200", responseTemplates: { "application/json": '"created"' }, selectionPattern: "" });
    assert.deepEqual(response, { statusCode: "200", selectionPattern: "", responseTemplates: { "application/json": '"created"' } });
    await rejects(h.call("GetIntegrationResponse", { ...key, statusCode: "201" }), "NotFoundException", "Invalid Response status code specified");
    const updated = await h.call("UpdateIntegrationResponse", {
      ...key,
      statusCode: "200",
      patchOperations: [{ op: "replace", path: "/selectionPattern", value: "updated-pattern" }],
    });
    assert.equal(updated.selectionPattern, "updated-pattern");
    await h.call("PutIntegrationResponse", { ...key, statusCode: "200", responseTemplates: { "application/json": "overwrite" }, selectionPattern: "overwrite-pattern" });
    const got = await h.call("GetMethod", key);
    assert.deepEqual(got.methodIntegration.integrationResponses, {
      "200": { statusCode: "200", selectionPattern: "overwrite-pattern", responseTemplates: { "application/json": "overwrite" } },
    });
    assert.deepEqual(got.methodIntegration.requestTemplates, { "application/json": '{"statusCode": 200}' });
    await h.call("DeleteIntegrationResponse", { ...key, statusCode: "200" });
    await rejects(h.call("DeleteIntegrationResponse", { ...key, statusCode: "200" }), "NotFoundException", "Invalid Response status code specified");
    await rejects(h.call("DeleteIntegrationResponse", { ...key, httpMethod: "POST", statusCode: "200" }), "NotFoundException", "Invalid Integration identifier specified");
  });

  it("reads empty templates back as null", async () => {
    const { key } = await method();
    await h.call("PutIntegration", { ...key, type: "MOCK" });
    const response = await h.call("PutIntegrationResponse", { ...key, statusCode: "200", selectionPattern: "", responseTemplates: { "application/json": "" } });
    assert.deepEqual(response.responseTemplates, { "application/json": null });
  });

  it("patches an integration", async () => {
    const { key } = await method();
    await h.call("PutIntegration", { ...key, type: "HTTP", integrationHttpMethod: "GET", uri: "http://example.com", connectionType: "VPC_LINK", connectionId: "${stageVariables.vpcLinkId}" });
    const updated = await h.call("UpdateIntegration", {
      ...key,
      patchOperations: [
        { op: "replace", path: "/connectionId", value: "${stageVariables.vpcLinkIdBeta}" },
        { op: "add", path: "/requestTemplates/application~1json", value: "{}" },
        { op: "add", path: "/cacheKeyParameters/method.request.path.id" },
        { op: "replace", path: "/timeoutInMillis", value: "1000" },
      ],
    });
    assert.equal(updated.connectionId, "${stageVariables.vpcLinkIdBeta}");
    assert.deepEqual(updated.requestTemplates, { "application/json": "{}" });
    assert.deepEqual(updated.cacheKeyParameters, ["method.request.path.id"]);
    assert.equal(updated.timeoutInMillis, 1000);
    await rejects(
      h.call("UpdateIntegration", { ...key, patchOperations: [{ op: "replace", path: "/uri", value: "nope" }] }),
      "BadRequestException",
      "Invalid HTTP endpoint specified for URI",
    );
  });
});
