// OpenAPI import and export at the provider: extensions in, extensions out, merge/overwrite,
// warnings, YAML.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parse as parseYaml } from "yaml";
import { ACCOUNT, REGION, rejects, startHarness, type Harness } from "./harness.js";

const LAMBDA = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations";

const SWAGGER = {
  swagger: "2.0",
  info: { title: "Secured", version: "1.0" },
  securityDefinitions: {
    api_key: { type: "apiKey", name: "x-api-key", in: "header" },
    tokenAuth: {
      type: "apiKey",
      name: "Authorization",
      in: "header",
      "x-amazon-apigateway-authtype": "custom",
      "x-amazon-apigateway-authorizer": { type: "token", authorizerUri: LAMBDA, authorizerResultTtlInSeconds: 60 },
    },
    pool: {
      type: "apiKey",
      name: "TestHeaderAuth",
      in: "header",
      "x-amazon-apigateway-authtype": "cognito_user_pools",
      "x-amazon-apigateway-authorizer": { type: "cognito_user_pools", providerARNs: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123"] },
    },
  },
  "x-amazon-apigateway-request-validators": { basic: { validateRequestBody: true, validateRequestParameters: true } },
  "x-amazon-apigateway-request-validator": "basic",
  "x-amazon-apigateway-api-key-source": "AUTHORIZER",
  "x-amazon-apigateway-gateway-responses": { DEFAULT_4XX: { statusCode: 400, responseTemplates: { "application/json": '{"m":$context.error.messageString}' } } },
  paths: {
    "/items/{id}": {
      get: {
        security: [{ tokenAuth: [] }, { api_key: [] }],
        parameters: [{ name: "id", in: "path", required: true, type: "string" }],
        responses: { "200": { description: "ok" } },
        "x-amazon-apigateway-integration": {
          type: "aws_proxy",
          httpMethod: "POST",
          uri: LAMBDA,
          responses: { default: { statusCode: "200" }, "4\\d{2}": { statusCode: "400" } },
        },
      },
      put: {
        security: [{ pool: ["email"] }],
        responses: {},
        "x-amazon-apigateway-integration": { type: "mock", requestTemplates: { "application/json": '{"statusCode": 200}' } },
      },
    },
  },
};

describe("API Gateway OpenAPI import and export", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it("imports security schemes, validators, gateway responses and integrations", async () => {
    const api = await h.call("ImportRestApi", { body: Buffer.from(JSON.stringify(SWAGGER)) });
    assert.equal(api.apiKeySource, "AUTHORIZER");
    assert.equal("warnings" in api, false);
    const authorizers = (await h.call("GetAuthorizers", { restApiId: api.id })).items;
    const token = authorizers.find((a: { name: string }) => a.name === "tokenAuth");
    assert.deepEqual(
      { ...token, id: "x" },
      { id: "x", name: "tokenAuth", type: "TOKEN", authType: "custom", authorizerUri: LAMBDA, identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 60 },
    );
    const pool = authorizers.find((a: { name: string }) => a.name === "pool");
    assert.equal(pool.identitySource, "method.request.header.TestHeaderAuth");
    const resource = (await h.call("GetResources", { restApiId: api.id, embed: ["methods"] })).items.find((r: { path: string }) => r.path === "/items/{id}");
    const get = resource.resourceMethods.GET;
    assert.equal(get.authorizationType, "CUSTOM");
    assert.equal(get.authorizerId, token.id);
    assert.equal(get.apiKeyRequired, true);
    assert.deepEqual(get.requestParameters, { "method.request.path.id": true });
    assert.ok(get.requestValidatorId);
    assert.deepEqual(get.methodIntegration.integrationResponses, {
      "200": { statusCode: "200" },
      "400": { statusCode: "400", selectionPattern: "4\\d{2}" },
    });
    assert.equal(get.methodIntegration.type, "AWS_PROXY");
    const put = resource.resourceMethods.PUT;
    assert.deepEqual([put.authorizationType, put.authorizerId, put.authorizationScopes], ["COGNITO_USER_POOLS", pool.id, ["email"]]);
    const gatewayResponse = await h.call("GetGatewayResponse", { restApiId: api.id, responseType: "DEFAULT_4XX" });
    assert.equal(gatewayResponse.statusCode, "400");
    assert.equal(gatewayResponse.defaultResponse, false);
  });

  it("reports warnings, and fails on them when asked", async () => {
    const doc = { openapi: "3.0.1", info: { title: "Warned" }, paths: { "/x": { get: { security: [{ missing: [] }] } } } };
    const api = await h.call("ImportRestApi", { body: Buffer.from(JSON.stringify(doc)) });
    assert.deepEqual(api.warnings, [
      "Parse issue: attribute paths.'/x'(get).responses is missing",
      "Unable to find security scheme 'missing' referenced at paths.'/x'(get)",
    ]);
    await rejects(
      h.call("ImportRestApi", { body: Buffer.from(JSON.stringify(doc)), failOnWarnings: true }),
      "BadRequestException",
      "Warnings found during import:\n\tParse issue: attribute paths.'/x'(get).responses is missing\n\tUnable to find security scheme 'missing' referenced at paths.'/x'(get)",
    );
    await rejects(h.call("ImportRestApi", { body: Buffer.from("{}") }), "BadRequestException", "Invalid OpenAPI input.");
  });

  it("merges or overwrites with PutRestApi", async () => {
    const api = await h.call("CreateRestApi", { name: "target", binaryMediaTypes: ["image/heif"] });
    await h.call("CreateResource", { restApiId: api.id, parentId: api.rootResourceId, pathPart: "kept" });
    const doc = (title: string) => ({
      swagger: "2.0",
      info: { title },
      "x-amazon-apigateway-binary-media-types": ["image/png"],
      paths: { "/added": { get: { responses: { "200": { description: "ok" } } } } },
    });
    const merged = await h.call("PutRestApi", { restApiId: api.id, mode: "merge", body: Buffer.from(JSON.stringify(doc("merged"))) });
    assert.deepEqual(merged.binaryMediaTypes, ["image/heif", "image/png"]);
    assert.equal(merged.rootResourceId, api.rootResourceId);
    const paths = async () => (await h.call("GetResources", { restApiId: api.id })).items.map((r: { path: string }) => r.path).sort();
    assert.deepEqual(await paths(), ["/", "/added", "/kept"]);
    assert.deepEqual((await h.call("GetModels", { restApiId: api.id })).items.map((m: { name: string }) => m.name), ["Empty", "Error"]);
    const overwritten = await h.call("PutRestApi", { restApiId: api.id, mode: "overwrite", body: Buffer.from(JSON.stringify(doc("overwritten"))) });
    assert.equal(overwritten.name, "overwritten");
    assert.deepEqual(overwritten.binaryMediaTypes, ["image/png"]);
    assert.deepEqual(await paths(), ["/", "/added"]);
    assert.deepEqual((await h.call("GetModels", { restApiId: api.id })).items, []);
  });

  it("exports YAML with authorizers, API keys, validators and gateway responses", async () => {
    const api = await h.call("ImportRestApi", { body: Buffer.from(JSON.stringify(SWAGGER)) });
    await h.call("CreateDeployment", { restApiId: api.id, stageName: "v1" });
    const out = await h.call("GetExport", { restApiId: api.id, stageName: "v1", exportType: "oas30", accepts: "application/yaml", parameters: { extensions: "apigateway" } });
    assert.match(out.contentDisposition, /^attachment; filename="oas30_1\.0\.yaml"$/);
    const doc = parseYaml(out.body.toString("utf8"));
    assert.deepEqual(doc.components.securitySchemes.api_key, { type: "apiKey", name: "x-api-key", in: "header" });
    assert.equal(doc.components.securitySchemes.tokenAuth["x-amazon-apigateway-authorizer"].type, "token");
    const get = doc.paths["/items/{id}"].get;
    assert.deepEqual(get.security, [{ tokenAuth: [] }, { api_key: [] }]);
    assert.equal(get["x-amazon-apigateway-request-validator"], "basic");
    assert.equal(get["x-amazon-apigateway-integration"].responses["4\\d{2}"].statusCode, "400");
    assert.equal(doc["x-amazon-apigateway-api-key-source"], "AUTHORIZER");
    assert.deepEqual(doc["x-amazon-apigateway-request-validators"], { basic: { validateRequestBody: true, validateRequestParameters: true } });
    assert.equal(doc["x-amazon-apigateway-gateway-responses"].DEFAULT_4XX.statusCode, "400");
    // The export imports back into an equivalent API.
    const copy = await h.call("ImportRestApi", { body: out.body, failOnWarnings: true });
    const methods = (await h.call("GetResources", { restApiId: copy.id, embed: ["methods"] })).items.find((r: { path: string }) => r.path === "/items/{id}").resourceMethods;
    assert.equal(methods.GET.authorizationType, "CUSTOM");
    assert.equal(methods.PUT.authorizationType, "COGNITO_USER_POOLS");
    await rejects(h.call("GetExport", { restApiId: api.id, stageName: "nope", exportType: "oas30" }), "NotFoundException", "Invalid Stage identifier specified");
  });

  it("exports from the stage's deployment, not the working copy", async () => {
    const api = await h.call("ImportRestApi", { body: Buffer.from(JSON.stringify({ swagger: "2.0", info: { title: "frozen" }, paths: { "/a": { get: { responses: {}, "x-amazon-apigateway-integration": { type: "mock" } } } } })) });
    await h.call("CreateDeployment", { restApiId: api.id, stageName: "s" });
    await h.call("CreateResource", { restApiId: api.id, parentId: api.rootResourceId, pathPart: "later" });
    const out = await h.call("GetExport", { restApiId: api.id, stageName: "s", exportType: "swagger" });
    const doc = JSON.parse(out.body.toString("utf8"));
    assert.deepEqual(Object.keys(doc.paths), ["/a"]);
    assert.equal(doc.host, `${api.id}.execute-api.${REGION}.amazonaws.com`);
    void ACCOUNT;
  });
});
