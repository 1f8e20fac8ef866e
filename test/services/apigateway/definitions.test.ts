// Models, request validators, authorizers and gateway responses, against AWS's recorded
// answers (TestApiGatewayApiModels, TestApiGatewayApiRequestValidator, TestApiGatewayGatewayResponse).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ACCOUNT, newApi, rejects, startHarness, type Harness } from "./harness.js";

const DEFAULT_TEMPLATE = { "application/json": '{"message":$context.error.messageString}' };

describe("API Gateway models, validators, authorizers, gateway responses", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it("starts every API with the Empty and Error models", async () => {
    const { apiId } = await newApi(h);
    const models = (await h.call("GetModels", { restApiId: apiId })).items;
    assert.deepEqual(
      models.map((m: { name: string; description: string }) => [m.name, m.description]),
      [
        ["Empty", "This is a default empty schema model"],
        ["Error", "This is a default error schema model"],
      ],
    );
    assert.deepEqual(JSON.parse(models[1].schema), {
      $schema: "http://json-schema.org/draft-04/schema#",
      title: "Error Schema",
      type: "object",
      properties: { message: { type: "string" } },
    });
  });

  it("validates models on create and update", async () => {
    const { apiId } = await newApi(h);
    const create = (input: object) => h.call("CreateModel", { restApiId: apiId, name: "MySchema", contentType: "application/json", ...input });
    const schema = JSON.stringify({ title: "MySchema", type: "object" });
    await rejects(create({ restApiId: "abcde0", schema }), "NotFoundException", `Invalid API identifier specified ${ACCOUNT}:abcde0`);
    await rejects(h.call("GetModel", { restApiId: "abcde0", modelName: "MySchema" }), "NotFoundException", "Invalid model name specified: MySchema");
    const model = await create({ schema, description: "" });
    assert.deepEqual(model, { id: model.id, name: "MySchema", contentType: "application/json", schema });
    await rejects(create({ schema }), "ConflictException", "Model name already exists for this REST API");
    await rejects(create({ name: "", schema }), "BadRequestException", "Model name must be non-empty");
    const empty = "Model schema must have at least 1 property or array items defined";
    await rejects(create({ name: "MyEmptySchema", schema: "" }), "BadRequestException", empty);
    await rejects(create({ name: "MyEmptySchema" }), "BadRequestException", empty);
    await rejects(create({ name: "MyEmptySchemaXml", contentType: "application/xml" }), "BadRequestException", empty);
    await rejects(create({ name: "BadJson", schema: "{nope" }), "BadRequestException", /^Invalid model specified: /);
    await rejects(create({ name: "BadType", schema: '{"type": "objectx"}' }), "BadRequestException", /^Invalid model specified: .*schema/);
    const updated = await h.call("UpdateModel", {
      restApiId: apiId,
      modelName: "MySchema",
      patchOperations: [
        { op: "replace", path: "/schema", value: JSON.stringify({ title: "Updated schema", type: "object" }) },
        { op: "replace", path: "/description", value: "" },
      ],
    });
    assert.equal(JSON.parse(updated.schema).title, "Updated schema");
    const patch = (ops: object[]) => h.call("UpdateModel", { restApiId: apiId, modelName: "MySchema", patchOperations: ops });
    await rejects(patch([{ op: "add", path: "/wrong-path", value: "x" }]), "BadRequestException", "Invalid patch path  '/wrong-path' specified for op 'add'. Please choose supported operations");
    await rejects(
      patch([{ op: "replace", path: "/name", value: "invalid" }]),
      "BadRequestException",
      "Invalid patch path  '/name' specified for op 'replace'. Must be one of: [/description, /schema]",
    );
    await rejects(patch([{ op: "replace", path: "/schema", value: "" }]), "BadRequestException", empty);
  });

  it("flattens references between models", async () => {
    const { apiId } = await newApi(h);
    await h.call("CreateModel", { restApiId: apiId, name: "Pet", contentType: "application/json", schema: JSON.stringify({ type: "object", properties: { id: { type: "integer" } } }) });
    const ref = `https://apigateway.amazonaws.com/restapis/${apiId}/models/Pet`;
    await h.call("CreateModel", { restApiId: apiId, name: "Pets", contentType: "application/json", schema: JSON.stringify({ type: "array", items: { $ref: ref } }) });
    await rejects(
      h.call("CreateModel", { restApiId: apiId, name: "Dangling", contentType: "application/json", schema: JSON.stringify({ $ref: ref.replace("Pet", "Nope") }) }),
      "BadRequestException",
      /Referenced model does not exist: Nope/,
    );
    const flat = await h.call("GetModel", { restApiId: apiId, modelName: "Pets", flatten: true });
    assert.deepEqual(JSON.parse(flat.schema), { type: "array", items: { type: "object", properties: { id: { type: "integer" } } } });
    const template = await h.call("GetModelTemplate", { restApiId: apiId, modelName: "Pets" });
    assert.match(template.value, /^#set\(\$inputRoot = \$input\.path\('\$'\)\)\n\[\n#foreach\(\$elem in \$inputRoot\)/);
    assert.match(template.value, /"id" : \$elem\.id/);
    await rejects(h.call("DeleteModel", { restApiId: apiId, modelName: "Pet" }), "ConflictException", "Cannot delete model 'Pet', is referenced in model: Pets");
  });

  it("runs the request validator lifecycle", async () => {
    const { apiId } = await newApi(h);
    await rejects(h.call("CreateRequestValidator", { restApiId: "api_id", name: "v" }), "BadRequestException", "Invalid REST API identifier specified");
    await rejects(h.call("GetRequestValidators", { restApiId: "api_id" }), "NotFoundException", `Invalid API identifier specified ${ACCOUNT}:api_id`);
    const validator = await h.call("CreateRequestValidator", { restApiId: apiId, name: "v" });
    assert.deepEqual(validator, { id: validator.id, name: "v", validateRequestBody: false, validateRequestParameters: false });
    const patch = (ops: object[]) => h.call("UpdateRequestValidator", { restApiId: apiId, requestValidatorId: validator.id, patchOperations: ops });
    assert.equal((await patch([{ op: "replace", path: "/validateRequestBody", value: "true" }])).validateRequestBody, true);
    assert.equal((await patch([{ op: "replace", path: "/validateRequestBody" }])).validateRequestBody, false);
    await rejects(patch([{ op: "add", path: "/validateRequestBody", value: "true" }]), "BadRequestException", "Invalid patch path  '/validateRequestBody' specified for op 'add'. Please choose supported operations");
    await rejects(
      patch([{ op: "replace", path: "/invalidPath", value: "true" }]),
      "BadRequestException",
      "Invalid patch path  '/invalidPath' specified for op 'replace'. Must be one of: [/name, /validateRequestParameters, /validateRequestBody]",
    );
    await rejects(patch([{ op: "replace", path: "/name" }]), "BadRequestException", "Request Validator name cannot be blank");
    await h.call("DeleteRequestValidator", { restApiId: apiId, requestValidatorId: validator.id });
    await rejects(h.call("GetRequestValidator", { restApiId: apiId, requestValidatorId: validator.id }), "NotFoundException", "Invalid Request Validator identifier specified");
    assert.deepEqual((await h.call("GetRequestValidators", { restApiId: apiId })).items, []);
  });

  it("keeps authorizers and refuses deleting one in use", async () => {
    const { apiId, rootId } = await newApi(h);
    await rejects(
      h.call("CreateAuthorizer", { restApiId: "test-fake-rest-id", name: "a", type: "TOKEN", authorizerUri: "arn:x", identitySource: "method.request.header.Authorization" }),
      "ConflictException",
      "Unable to complete operation due to concurrent modification. Please try again later.",
    );
    const pool = await h.call("CreateAuthorizer", {
      restApiId: apiId,
      name: "cognito",
      type: "COGNITO_USER_POOLS",
      providerARNs: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123"],
      identitySource: "method.request.header.Authorization",
    });
    assert.equal(pool.authorizerResultTtlInSeconds, 300);
    await h.call("PutMethod", { restApiId: apiId, resourceId: rootId, httpMethod: "GET", authorizationType: "COGNITO_USER_POOLS", authorizerId: pool.id, authorizationScopes: ["email"] });
    await rejects(h.call("DeleteAuthorizer", { restApiId: apiId, authorizerId: pool.id }), "ConflictException", /is referenced in method/);
    const updated = await h.call("UpdateAuthorizer", {
      restApiId: apiId,
      authorizerId: pool.id,
      patchOperations: [{ op: "replace", path: "/authorizerResultTtlInSeconds", value: "60" }],
    });
    assert.equal(updated.authorizerResultTtlInSeconds, 60);
    assert.equal((await h.call("GetAuthorizers", { restApiId: apiId })).items.length, 1);
  });

  it("answers a default gateway response for every type", async () => {
    const { apiId } = await newApi(h);
    const all = (await h.call("GetGatewayResponses", { restApiId: apiId, limit: 500 })).items;
    assert.equal(all.length, 21);
    assert.ok(all.every((r: { defaultResponse: boolean }) => r.defaultResponse));
    assert.deepEqual(await h.call("GetGatewayResponse", { restApiId: apiId, responseType: "MISSING_AUTHENTICATION_TOKEN" }), {
      responseType: "MISSING_AUTHENTICATION_TOKEN",
      statusCode: "403",
      responseParameters: {},
      responseTemplates: DEFAULT_TEMPLATE,
      defaultResponse: true,
    });
    assert.equal("statusCode" in all.find((r: { responseType: string }) => r.responseType === "DEFAULT_4XX"), false);
  });

  it("puts gateway responses and lets DEFAULT_5XX shape the 5xx defaults", async () => {
    const { apiId } = await newApi(h);
    const put = (input: object) => h.call("PutGatewayResponse", { restApiId: apiId, ...input });
    const statusOnly = await put({ responseType: "MISSING_AUTHENTICATION_TOKEN", statusCode: "404" });
    assert.deepEqual(statusOnly, { responseType: "MISSING_AUTHENTICATION_TOKEN", statusCode: "404", responseParameters: {}, responseTemplates: DEFAULT_TEMPLATE, defaultResponse: false });
    const paramsOnly = await put({ responseType: "MISSING_AUTHENTICATION_TOKEN", responseParameters: { "gatewayresponse.header.x": "'y'" } });
    assert.equal(paramsOnly.statusCode, "403");
    await put({ responseType: "DEFAULT_5XX", statusCode: "599", responseParameters: { "gatewayresponse.header.h": "'v'" }, responseTemplates: { "application/json": "t" } });
    await put({ responseType: "AUTHORIZER_FAILURE", responseParameters: { "gatewayresponse.header.foo": "'bar'" } });
    const byType = new Map((await h.call("GetGatewayResponses", { restApiId: apiId, limit: 500 })).items.map((r: { responseType: string }) => [r.responseType, r]));
    assert.deepEqual(byType.get("API_CONFIGURATION_ERROR"), {
      responseType: "API_CONFIGURATION_ERROR",
      statusCode: "599",
      responseParameters: { "gatewayresponse.header.h": "'v'" },
      responseTemplates: { "application/json": "t" },
      defaultResponse: true,
    });
    assert.deepEqual(byType.get("AUTHORIZER_FAILURE"), {
      responseType: "AUTHORIZER_FAILURE",
      statusCode: "500",
      responseParameters: { "gatewayresponse.header.foo": "'bar'" },
      responseTemplates: DEFAULT_TEMPLATE,
      defaultResponse: false,
    });
    assert.equal((byType.get("ACCESS_DENIED") as { statusCode: string }).statusCode, "403");
    await h.call("DeleteGatewayResponse", { restApiId: apiId, responseType: "MISSING_AUTHENTICATION_TOKEN" });
    assert.equal((await h.call("GetGatewayResponse", { restApiId: apiId, responseType: "MISSING_AUTHENTICATION_TOKEN" })).defaultResponse, true);
    await rejects(h.call("DeleteGatewayResponse", { restApiId: apiId, responseType: "DEFAULT_4XX" }), "NotFoundException", "Gateway response type not defined on api");
  });

  it("patches gateway responses with AWS's refusals", async () => {
    const { apiId } = await newApi(h);
    const patch = (ops: object[], responseType = "DEFAULT_4XX") => h.call("UpdateGatewayResponse", { restApiId: apiId, responseType, patchOperations: ops });
    const created = await patch([{ op: "replace", path: "/statusCode", value: "444" }]);
    assert.deepEqual(created, { responseType: "DEFAULT_4XX", statusCode: "444", responseParameters: {}, responseTemplates: DEFAULT_TEMPLATE, defaultResponse: false });
    await rejects(patch([{ op: "add", path: "/statusCode", value: "444" }]), "BadRequestException", "Invalid patch path /statusCode");
    await rejects(patch([{ op: "add", value: "x" }]), "BadRequestException", "Invalid patch path null");
    await rejects(patch([{ op: "add", path: "/wrongPath", value: "x" }]), "BadRequestException", "Invalid patch path /wrongPath");
    await rejects(
      patch([{ op: "replace", path: "/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin", value: "'example.com'" }], "DEFAULT_5XX"),
      "NotFoundException",
      "Invalid parameter name specified",
    );
    await rejects(patch([{ op: "replace", path: "/responseTemplates/application~1json" }]), "BadRequestException", "Invalid null or empty value in responseTemplates");
    await rejects(
      h.call("GetGatewayResponse", { restApiId: apiId, responseType: "FAKE_RESPONSE_TYPE" }),
      "ValidationException",
      /^1 validation error detected: Value 'FAKE_RESPONSE_TYPE' at 'responseType' failed to satisfy constraint: Member must satisfy enum value set: \[REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND,/,
    );
  });
});
