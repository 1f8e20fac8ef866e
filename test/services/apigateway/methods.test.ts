// Methods and method responses, against AWS's recorded answers (TestApiGatewayApiMethod,
// TestApigatewayMethodResponse).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { newApi, rejects, startHarness, type Harness } from "./harness.js";

const TOKEN_URI =
  "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:myApiAuthorizer/invocations";
const AUTHORIZER_REQUIRED =
  "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.";

describe("API Gateway Methods", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it("puts, gets and deletes a method", async () => {
    const { apiId, rootId } = await newApi(h);
    const key = { restApiId: apiId, resourceId: rootId, httpMethod: "ANY" };
    assert.deepEqual(await h.call("PutMethod", { ...key, authorizationType: "NONE" }), { httpMethod: "ANY", authorizationType: "NONE", apiKeyRequired: false });
    assert.deepEqual(await h.call("GetMethod", key), { httpMethod: "ANY", authorizationType: "NONE", apiKeyRequired: false });
    await h.call("DeleteMethod", key);
    await rejects(h.call("GetMethod", key), "NotFoundException", "Invalid Method identifier specified");
    await rejects(h.call("DeleteMethod", key), "NotFoundException", "Invalid Method identifier specified");
  });

  it("validates PutMethod as AWS does", async () => {
    const { apiId, rootId } = await newApi(h);
    const put = (input: object) => h.call("PutMethod", { restApiId: apiId, resourceId: rootId, httpMethod: "ANY", authorizationType: "NONE", ...input });
    await rejects(put({ restApiId: "fake-api" }), "NotFoundException", "Invalid Resource identifier specified");
    await rejects(put({ resourceId: "fake-resource-id" }), "NotFoundException", "Invalid Resource identifier specified");
    await rejects(put({ httpMethod: "WRONG" }), "BadRequestException", "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY");
    await rejects(put({ authorizationType: "CUSTOM" }), "BadRequestException", AUTHORIZER_REQUIRED);
    await rejects(put({ requestValidatorId: "fake-validator" }), "BadRequestException", "Invalid Request Validator identifier specified");
    await rejects(put({ requestModels: { "application/json": "petModel" } }), "BadRequestException", "Invalid model identifier specified: petModel");
    await rejects(
      put({ httpMethod: "GET", requestParameters: { "method.request.querystring.optional": false, "method.request.header.optional": false } }),
      "BadRequestException",
      "Parameter names must be unique across querystring, header and path",
    );
  });

  it("patches a method as AWS does", async () => {
    const { apiId, rootId } = await newApi(h);
    const key = { restApiId: apiId, resourceId: rootId, httpMethod: "ANY" };
    await h.call("PutMethod", { ...key, authorizationType: "NONE" });
    const patch = (ops: object[]) => h.call("UpdateMethod", { ...key, patchOperations: ops });
    let method = await patch([
      { op: "add", path: "/requestParameters/method.request.querystring.optional", value: "true" },
      { op: "add", path: "/requestModels/application~1json", value: "Empty" },
    ]);
    assert.deepEqual(method.requestParameters, { "method.request.querystring.optional": true });
    assert.deepEqual(method.requestModels, { "application/json": "Empty" });
    method = await patch([
      { op: "replace", path: "/operationName", value: "ReplacedOperationName" },
      { op: "replace", path: "/apiKeyRequired", value: "true" },
      { op: "replace", path: "/authorizationType", value: "AWS_IAM" },
      { op: "replace", path: "/requestParameters/method.request.querystring.optional", value: "false" },
    ]);
    assert.equal(method.apiKeyRequired, true);
    assert.equal(method.authorizationType, "AWS_IAM");
    assert.deepEqual(method.requestParameters, { "method.request.querystring.optional": false });
    const authorizer = await h.call("CreateAuthorizer", {
      restApiId: apiId,
      name: "authorizer-test",
      type: "TOKEN",
      authorizerUri: TOKEN_URI,
      identitySource: "method.request.header.Authorization",
    });
    method = await patch([
      { op: "replace", path: "/authorizerId", value: authorizer.id },
      { op: "replace", path: "/authorizationType", value: "CUSTOM" },
    ]);
    assert.equal(method.authorizerId, authorizer.id);
    method = await patch([
      { op: "remove", path: "/requestParameters/method.request.querystring.optional", value: "true" },
      { op: "remove", path: "/requestModels/application~1json", value: "Empty" },
    ]);
    assert.deepEqual(method, {
      httpMethod: "ANY",
      authorizationType: "CUSTOM",
      authorizerId: authorizer.id,
      apiKeyRequired: true,
      operationName: "ReplacedOperationName",
    });
  });

  it("refuses method patches with AWS's words", async () => {
    const { apiId, rootId } = await newApi(h);
    const key = { restApiId: apiId, resourceId: rootId, httpMethod: "ANY" };
    await rejects(h.call("UpdateMethod", { ...key, restApiId: "fake-api", patchOperations: [] }), "NotFoundException", "Invalid Resource identifier specified");
    await rejects(
      h.call("UpdateMethod", { ...key, httpMethod: "GET", patchOperations: [{ op: "replace", path: "/operationName", value: "x" }] }),
      "NotFoundException",
      "Invalid Method identifier specified",
    );
    await h.call("PutMethod", { ...key, authorizationType: "NONE", apiKeyRequired: true });
    const patch = (ops: object[]) => h.call("UpdateMethod", { ...key, patchOperations: ops });
    const onlyReplace = "Invalid patch operation specified. Must be one of: [replace]";
    await rejects(patch([{ op: "add", path: "/operationName", value: "x" }]), "BadRequestException", onlyReplace);
    await rejects(patch([{ op: "add", path: "/requestValidatorId", value: "x" }]), "BadRequestException", onlyReplace);
    await rejects(patch([{ op: "add", path: "/httpMethod", value: "PUT" }]), "BadRequestException", "Invalid patch path /httpMethod");
    await rejects(patch([{ op: "replace", path: "/requestParameters", value: "x" }]), "BadRequestException", "Invalid patch path /requestParameters");
    await rejects(
      patch([{ op: "add", path: "/requestModels/application/json", value: "Empty" }]),
      "BadRequestException",
      "Invalid patch path /requestModels/application/json",
    );
    assert.equal((await patch([{ op: "replace", path: "/apiKeyRequired", value: "whatever" }])).apiKeyRequired, false);
    await rejects(patch([{ op: "replace", path: "/authorizationType", value: "CUSTOM" }]), "BadRequestException", AUTHORIZER_REQUIRED);
    assert.equal("authorizerId" in (await patch([{ op: "replace", path: "/authorizerId", value: "abc123" }])), false);
    await rejects(
      patch([
        { op: "replace", path: "/authorizationType", value: "CUSTOM" },
        { op: "replace", path: "/authorizerId", value: "abc123" },
      ]),
      "BadRequestException",
      AUTHORIZER_REQUIRED,
    );
    await rejects(patch([{ op: "replace", path: "/requestValidatorId", value: "fake-id" }]), "BadRequestException", "Invalid Request Validator identifier specified");
  });

  it("manages method responses and their patches", async () => {
    const { apiId, rootId } = await newApi(h);
    const key = { restApiId: apiId, resourceId: rootId, httpMethod: "GET" };
    await h.call("PutMethod", { ...key, authorizationType: "NONE" });
    assert.deepEqual(await h.call("PutMethodResponse", { ...key, statusCode: "200", responseParameters: {}, responseModels: {} }), {
      statusCode: "200",
      responseParameters: {},
      responseModels: {},
    });
    const patch = (ops: object[], statusCode = "200") => h.call("UpdateMethodResponse", { ...key, statusCode, patchOperations: ops });
    await rejects(
      patch([{ op: "remove", path: "/responseParameters/method.response.header.my-header", value: "true" }]),
      "NotFoundException",
      "Invalid parameter name specified",
    );
    await rejects(patch([{ op: "remove", path: "/responseModels/application~1json" }]), "NotFoundException", "Content-Type specified was not found");
    await rejects(patch([{ op: "remove", path: "/wrong/method.response.header.my-header" }]), "BadRequestException", "Invalid patch path /wrong/method.response.header.my-header");
    const added = await patch([
      { op: "add", path: "/responseParameters/method.response.header.my-header", value: "true" },
      { op: "add", path: "/responseModels/application~1json", value: "Empty" },
    ]);
    assert.deepEqual(added, { statusCode: "200", responseParameters: { "method.response.header.my-header": true }, responseModels: { "application/json": "Empty" } });
    const removed = await patch([
      { op: "remove", path: "/responseParameters/method.response.header.my-header" },
      { op: "remove", path: "/responseModels/application~1json" },
    ]);
    assert.deepEqual(removed, { statusCode: "200" });
    await rejects(patch([{ op: "replace", path: "/responseParameters/x", value: "true" }], "201"), "NotFoundException", "Invalid Response status code specified");
    await rejects(
      patch([{ op: "wrong_op", path: "/responseParameters/x", value: "true" }], "wrong"),
      "ValidationException",
      "2 validation errors detected: Value 'wrong_op' at 'updateMethodResponseInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]; Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d",
    );
    await h.call("DeleteMethodResponse", { ...key, statusCode: "200" });
    await rejects(h.call("GetMethodResponse", { ...key, statusCode: "200" }), "NotFoundException", "Invalid Response status code specified");
  });

  it("refuses to delete a model a method uses, naming the last user", async () => {
    const { apiId, rootId } = await newApi(h);
    const schema = (title: string) => JSON.stringify({ title, type: "object" });
    await h.call("CreateModel", { restApiId: apiId, name: "MySchema", contentType: "application/json", schema: schema("MySchema") });
    await h.call("PutMethod", { restApiId: apiId, resourceId: rootId, httpMethod: "ANY", authorizationType: "NONE", requestModels: { "application/json": "MySchema" } });
    await rejects(h.call("DeleteModel", { restApiId: apiId, modelName: "MySchema" }), "ConflictException", "Cannot delete model 'MySchema', is referenced in method request: //ANY");
    const test = await h.call("CreateResource", { restApiId: apiId, parentId: rootId, pathPart: "test" });
    await h.call("PutMethod", { restApiId: apiId, resourceId: test.id, httpMethod: "ANY", authorizationType: "NONE", requestModels: { "application/json": "MySchema" } });
    await rejects(h.call("DeleteModel", { restApiId: apiId, modelName: "MySchema" }), "ConflictException", "Cannot delete model 'MySchema', is referenced in method request: /test/ANY");
    await h.call("DeleteMethod", { restApiId: apiId, resourceId: test.id, httpMethod: "ANY" });
    await h.call("DeleteMethod", { restApiId: apiId, resourceId: rootId, httpMethod: "ANY" });
    await h.call("DeleteModel", { restApiId: apiId, modelName: "MySchema" });
  });
});
