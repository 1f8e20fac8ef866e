// Method request checks: request validators (parameters, body models with $ref), API keys and
// usage plans (403, throttling 429, quotas 429, usage counted for GetUsage), stage throttling.
// Time is a FakeClock: buckets refill and quota days turn only when the test says so.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateApiKeyCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetUsageCommand,
  UpdateApiKeyCommand,
  UpdateStageCommand,
} from "@aws-sdk/client-api-gateway";
import type { NimbusNode } from "../../../../src/nimbus.js";
import { FakeClock } from "../../../../src/shared/clock.js";
import { startTestNimbus } from "../../../helpers/nimbus.js";
import { apiGatewayClient, callApi, RestApiBuilder } from "../../../helpers/rest-api.js";

const MOCK = { type: "MOCK" as const, requestTemplates: { "application/json": '{"statusCode": 200}' } };
const OK = { responses: [{ statusCode: "200", responseTemplates: { "application/json": '{"ok": true, "key": "$context.identity.apiKeyId"}' } }] };

describe("method request: validation, API keys, usage plans, throttling", () => {
  const clock = new FakeClock(Date.UTC(2026, 2, 10, 12, 0, 0));
  let node: NimbusNode;
  let api: RestApiBuilder;
  let keyId: string;
  let planId: string;

  before(async () => {
    node = await startTestNimbus({}, { clock });
    api = await RestApiBuilder.create(apiGatewayClient(node));
    const client = api.client;
    const params = await client.send(new CreateRequestValidatorCommand({ restApiId: api.apiId, name: "params-only", validateRequestParameters: true, validateRequestBody: false }));
    const body = await client.send(new CreateRequestValidatorCommand({ restApiId: api.apiId, name: "body-only", validateRequestParameters: false, validateRequestBody: true }));
    await client.send(
      new CreateModelCommand({
        restApiId: api.apiId,
        name: "Student",
        contentType: "application/json",
        schema: JSON.stringify({ $schema: "http://json-schema.org/draft-04/schema#", type: "object", properties: { Roll: { type: "string" }, Name: { type: "string" } }, required: ["Roll"] }),
      }),
    );
    await client.send(
      new CreateModelCommand({
        restApiId: api.apiId,
        name: "Students",
        contentType: "application/json",
        schema: JSON.stringify({ type: "array", items: { $ref: `https://apigateway.amazonaws.com/restapis/${api.apiId}/models/Student` } }),
      }),
    );
    await api.method("/students", "GET", MOCK, {
      ...OK,
      method: { requestValidatorId: params.id!, requestParameters: { "method.request.querystring.Roll": true, "method.request.header.x-college": true, "method.request.querystring.optional": false } },
    });
    await api.method("/students", "POST", MOCK, { ...OK, method: { requestValidatorId: body.id!, requestModels: { "application/json": "Student" } } });
    await api.method("/students/batch", "POST", MOCK, { ...OK, method: { requestValidatorId: body.id!, requestModels: { "application/json": "Students" } } });
    await api.method("/keyed", "GET", MOCK, { ...OK, method: { apiKeyRequired: true } });
    await api.method("/open", "GET", MOCK, OK);
    await api.deploy("dev");

    const key = await client.send(new CreateApiKeyCommand({ name: "student-key", enabled: true, value: "abcdefghij0123456789ABCD" }));
    keyId = key.id!;
    await client.send(new CreateApiKeyCommand({ name: "no-plan", enabled: true, value: "no-plan-key-0123456789xyz" }));
    const plan = await client.send(
      new CreateUsagePlanCommand({
        name: "students",
        apiStages: [{ apiId: api.apiId, stage: "dev" }],
        throttle: { rateLimit: 1, burstLimit: 2 },
        quota: { limit: 5, period: "DAY" },
      }),
    );
    await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId, keyType: "API_KEY" }));
    planId = plan.id!;
  });
  after(() => node.stop());

  it("answers missing required parameters with AWS's message", async () => {
    const res = await callApi(node, api.apiId, "dev", "/students");
    assert.equal(res.status, 400);
    assert.deepEqual(res.json(), { message: "Missing required request parameters: [Roll, x-college]" });
    assert.equal(res.headers["x-amzn-errortype"], "BadRequestException");
    const ok = await callApi(node, api.apiId, "dev", "/students?Roll=7", { headers: { "x-college": "MIT" } });
    assert.equal(ok.status, 200);
  });

  it("validates bodies against the model, following $ref to other models", async () => {
    const post = (path: string, body: string) => callApi(node, api.apiId, "dev", path, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    assert.equal((await post("/students", '{"Roll": "7", "Name": "Ann"}')).status, 200);
    const invalid = await post("/students", '{"Name": "Ann"}');
    assert.deepEqual([invalid.status, invalid.json()], [400, { message: "Invalid request body" }]);
    assert.equal((await post("/students", "not json")).status, 400);
    assert.equal((await post("/students/batch", '[{"Roll": "1"}, {"Roll": "2"}]')).status, 200);
    assert.equal((await post("/students/batch", '[{"Roll": 1}]')).status, 400);
  });

  it("refuses calls without a valid API key with 403 Forbidden", async () => {
    const none = await callApi(node, api.apiId, "dev", "/keyed");
    assert.deepEqual([none.status, none.json()], [403, { message: "Forbidden" }]);
    assert.equal(none.headers["x-amzn-errortype"], "ForbiddenException");
    assert.equal((await callApi(node, api.apiId, "dev", "/keyed", { headers: { "x-api-key": "not-a-key-at-all-0000000" } })).status, 403);
    assert.equal((await callApi(node, api.apiId, "dev", "/keyed", { headers: { "x-api-key": "no-plan-key-0123456789xyz" } })).status, 403);
    assert.equal((await callApi(node, api.apiId, "dev", "/open")).status, 200, "methods without apiKeyRequired need no key");
  });

  it("throttles a key by its plan's token bucket, then counts quota and reports usage", async () => {
    const call = () => callApi(node, api.apiId, "dev", "/keyed", { headers: { "x-api-key": "abcdefghij0123456789ABCD" } });
    const first = await call();
    assert.deepEqual([first.status, first.json()], [200, { ok: true, key: keyId }]);
    assert.equal((await call()).status, 200);
    const throttled = await call();
    assert.deepEqual([throttled.status, throttled.json()], [429, { message: "Too Many Requests" }]);
    assert.equal(throttled.headers["x-amzn-errortype"], "TooManyRequestsException");
    clock.advance(1000);
    assert.equal((await call()).status, 200);
    clock.advance(2000);
    assert.equal((await call()).status, 200);
    assert.equal((await call()).status, 200);
    clock.advance(2000);
    const exhausted = await call();
    assert.deepEqual([exhausted.status, exhausted.json()], [429, { message: "Limit Exceeded" }]);
    assert.equal(exhausted.headers["x-amzn-errortype"], "LimitExceededException");
    const usage = await api.client.send(new GetUsageCommand({ usagePlanId: planId, startDate: "2026-03-10", endDate: "2026-03-10" }));
    assert.deepEqual(usage.items?.[keyId], [[5, 0]]);
    clock.advance(24 * 3600 * 1000);
    assert.equal((await call()).status, 200, "a new day brings a new quota");
  });

  it("refuses a disabled key", async () => {
    await api.client.send(new UpdateApiKeyCommand({ apiKey: keyId, patchOperations: [{ op: "replace", path: "/enabled", value: "false" }] }));
    const res = await callApi(node, api.apiId, "dev", "/keyed", { headers: { "x-api-key": "abcdefghij0123456789ABCD" } });
    assert.equal(res.status, 403);
  });

  it("throttles by the stage's method settings", async () => {
    await api.client.send(
      new UpdateStageCommand({
        restApiId: api.apiId,
        stageName: "dev",
        patchOperations: [
          { op: "replace", path: "/*/*/throttling/burstLimit", value: "1" },
          { op: "replace", path: "/*/*/throttling/rateLimit", value: "1" },
        ],
      }),
    );
    clock.advance(5000);
    assert.equal((await callApi(node, api.apiId, "dev", "/open")).status, 200);
    const res = await callApi(node, api.apiId, "dev", "/open");
    assert.deepEqual([res.status, res.json()], [429, { message: "Too Many Requests" }]);
    clock.advance(1000);
    assert.equal((await callApi(node, api.apiId, "dev", "/open")).status, 200);
  });
});
