// Binary media types through a Lambda proxy (base64 in the event, bytes back out), API keys
// supplied by a Lambda authorizer (apiKeySource AUTHORIZER), HEAD requests, and an API imported
// from OpenAPI with x-amazon-apigateway-* extensions serving requests.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateApiKeyCommand,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  ImportRestApiCommand,
} from "@aws-sdk/client-api-gateway";
import type { LambdaInvocation, LambdaInvoker, LambdaResult } from "../../../../src/engines/apigw/rest/index.js";
import type { NimbusNode } from "../../../../src/nimbus.js";
import { startTestNimbus } from "../../../helpers/nimbus.js";
import { ACCOUNT, apiGatewayClient, callApi, RestApiBuilder } from "../../../helpers/rest-api.js";

const fn = (name: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}/invocations`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/apigw`;

/** "binary" echoes the payload back as an image; "authorizer" allows everything and names an API key. */
class Functions implements LambdaInvoker {
  lastEvent: { body: string | null; isBase64Encoded: boolean } | undefined;
  async invoke(request: LambdaInvocation): Promise<LambdaResult> {
    const event = JSON.parse(request.payload.toString("utf8")) as { body: string | null; isBase64Encoded: boolean; authorizationToken?: string };
    if (request.functionArn.endsWith(":authorizer")) {
      return this.json({
        principalId: "p",
        usageIdentifierKey: event.authorizationToken,
        policyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: "*" }] },
      });
    }
    this.lastEvent = event;
    return this.json({ statusCode: 200, headers: { "Content-Type": "image/png" }, body: event.body, isBase64Encoded: event.isBase64Encoded });
  }
  private json(body: unknown): LambdaResult {
    return { statusCode: 200, payload: Buffer.from(JSON.stringify(body)) };
  }
}

describe("binary media types, authorizer API keys, HEAD, OpenAPI import", () => {
  let node: NimbusNode;
  const functions = new Functions();

  before(async () => {
    node = await startTestNimbus({}, { restApis: { lambda: functions } });
  });
  after(() => node.stop());

  it("base64-encodes binary payloads in the proxy event and decodes binary answers for a client that accepts them", async () => {
    const api = await RestApiBuilder.create(apiGatewayClient(node), { binaryMediaTypes: ["image/*"] });
    await api.method("/upload", "POST", { type: "AWS_PROXY", integrationHttpMethod: "POST", uri: fn("binary"), credentials: ROLE });
    await api.deploy("prod");
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x10]);
    const res = await callApi(node, api.apiId, "prod", "/upload", { method: "POST", headers: { "Content-Type": "image/png", Accept: "image/png" }, body: bytes });
    assert.equal(res.status, 200);
    assert.deepEqual(functions.lastEvent, { ...functions.lastEvent!, isBase64Encoded: true, body: bytes.toString("base64") });
    assert.deepEqual(res.body, bytes);
    const text = await callApi(node, api.apiId, "prod", "/upload", { method: "POST", headers: { "Content-Type": "image/png", Accept: "application/json" }, body: bytes });
    assert.equal(text.text, bytes.toString("base64"), "a client that does not accept binary gets the base64 text");
  });

  it("takes the API key from a Lambda authorizer's usageIdentifierKey when the key source is AUTHORIZER", async () => {
    const api = await RestApiBuilder.create(apiGatewayClient(node), { apiKeySource: "AUTHORIZER" });
    const authorizer = await api.client.send(new CreateAuthorizerCommand({ restApiId: api.apiId, name: "keys", type: "TOKEN", authorizerUri: fn("authorizer"), identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 0 }));
    await api.method("/metered", "GET", { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }, {
      method: { authorizationType: "CUSTOM", authorizerId: authorizer.id!, apiKeyRequired: true },
      responses: [{ statusCode: "200", responseTemplates: { "application/json": '{"key": "$context.identity.apiKeyId"}' } }],
    });
    await api.deploy("prod");
    const key = await api.client.send(new CreateApiKeyCommand({ name: "from-authorizer", enabled: true, value: "authorizer-key-0123456789" }));
    const plan = await api.client.send(new CreateUsagePlanCommand({ name: "authorizer-plan", apiStages: [{ apiId: api.apiId, stage: "prod" }] }));
    await api.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: "API_KEY" }));
    const ok = await callApi(node, api.apiId, "prod", "/metered", { headers: { Authorization: "authorizer-key-0123456789" } });
    assert.deepEqual([ok.status, ok.json()], [200, { key: key.id }]);
    const unknown = await callApi(node, api.apiId, "prod", "/metered", { headers: { Authorization: "some-other-token", "x-api-key": "authorizer-key-0123456789" } });
    assert.equal(unknown.status, 403, "the x-api-key header is not read when the source is AUTHORIZER");
  });

  it("answers HEAD through ANY without a body, and refuses it where only GET is defined", async () => {
    const api = await RestApiBuilder.create(apiGatewayClient(node));
    const mock = { type: "MOCK" as const, requestTemplates: { "application/json": '{"statusCode": 200}' } };
    const responses = { responses: [{ statusCode: "200", responseTemplates: { "application/json": '{"ok": true}' } }] };
    await api.method("/any", "ANY", mock, responses);
    await api.method("/get", "GET", mock, responses);
    await api.deploy("prod");
    const head = await callApi(node, api.apiId, "prod", "/any", { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal((await callApi(node, api.apiId, "prod", "/get", { method: "HEAD" })).status, 403);
  });

  it("serves an API imported from OpenAPI with integrations, validators and gateway responses", async () => {
    const document = {
      openapi: "3.0.1",
      info: { title: "Imported", version: "1" },
      "x-amazon-apigateway-request-validators": { params: { validateRequestParameters: true, validateRequestBody: false } },
      "x-amazon-apigateway-gateway-responses": {
        BAD_REQUEST_PARAMETERS: { statusCode: 422, responseTemplates: { "application/json": '{"problem": $context.error.messageString}' } },
      },
      paths: {
        "/greet/{name}": {
          get: {
            parameters: [
              { name: "name", in: "path", required: true, schema: { type: "string" } },
              { name: "lang", in: "query", required: true, schema: { type: "string" } },
            ],
            "x-amazon-apigateway-request-validator": "params",
            responses: { "200": { description: "ok" } },
            "x-amazon-apigateway-integration": {
              type: "mock",
              requestTemplates: { "application/json": '{"statusCode": 200}' },
              responses: { default: { statusCode: "200", responseTemplates: { "application/json": '{"hello": "$input.params(\'name\')", "lang": "$input.params(\'lang\')"}' } } },
            },
          },
        },
      },
    };
    const client = apiGatewayClient(node);
    const api = await client.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(document)) }));
    await client.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: "v1" }));
    const ok = await callApi(node, api.id!, "v1", "/greet/ann?lang=en");
    assert.deepEqual([ok.status, ok.json()], [200, { hello: "ann", lang: "en" }]);
    const missing = await callApi(node, api.id!, "v1", "/greet/ann");
    assert.deepEqual([missing.status, missing.json()], [422, { problem: "Missing required request parameters: [lang]" }]);
  });
});
