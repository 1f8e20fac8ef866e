// Stage caching (TTL, cache key parameters, Cache-Control: max-age=0 and its three
// unauthorised-request strategies, FlushStageCache, hit/miss metrics) and canary releases
// (percentTraffic to the canary deployment with its stage-variable overrides, promotion).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateDeploymentCommand,
  FlushStageCacheCommand,
  PutIntegrationResponseCommand,
  UpdateStageCommand,
} from "@aws-sdk/client-api-gateway";
import type { NimbusNode } from "../../../../src/nimbus.js";
import { FakeClock } from "../../../../src/shared/clock.js";
import { startTestNimbus } from "../../../helpers/nimbus.js";
import { ACCOUNT, apiGatewayClient, callApi, RestApiBuilder } from "../../../helpers/rest-api.js";

describe("stage cache and canary", () => {
  const clock = new FakeClock(Date.UTC(2026, 4, 1));
  /** The canary draw: tests set what the next requests draw. */
  let draws: number[] = [];
  let node: NimbusNode;
  let api: RestApiBuilder;

  before(async () => {
    node = await startTestNimbus({}, { clock, restApis: { random: () => draws.shift() ?? 0.99 } });
    api = await RestApiBuilder.create(apiGatewayClient(node));
    // $context.requestId differs per request: a cached answer repeats the first one's.
    const template = '{"request": "$context.requestId", "city": "$input.params(\'city\')", "color": "$stageVariables.color", "version": "one"}';
    await api.method(
      "/weather",
      "GET",
      { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' }, cacheKeyParameters: ["method.request.querystring.city"] },
      { method: { requestParameters: { "method.request.querystring.city": false } }, responses: [{ statusCode: "200", responseTemplates: { "application/json": template } }] },
    );
    await api.deploy("prod", { color: "blue" });
    await api.client.send(
      new UpdateStageCommand({
        restApiId: api.apiId,
        stageName: "prod",
        patchOperations: [
          { op: "replace", path: "/cacheClusterEnabled", value: "true" },
          { op: "replace", path: "/cacheClusterSize", value: "0.5" },
          { op: "replace", path: "/*/*/caching/enabled", value: "true" },
          { op: "replace", path: "/*/*/caching/ttlInSeconds", value: "60" },
        ],
      }),
    );
  });
  after(() => node.stop());

  const weather = (query = "?city=paris", headers: Record<string, string> = {}) => callApi(node, api.apiId, "prod", `/weather${query}`, { headers });
  const requestOf = async (query?: string, headers?: Record<string, string>) => (await weather(query, headers)).json<{ request: string }>().request;

  it("serves repeated requests from the cache until the TTL passes, keyed by the cache key parameters", async () => {
    const first = await requestOf();
    assert.equal(await requestOf(), first);
    assert.notEqual(await requestOf("?city=rome"), first, "another city is another cache entry");
    clock.advance(61_000);
    assert.notEqual(await requestOf(), first, "expired after the TTL");
    const totals = (await node.restApis.plane()).metrics.totals({ accountId: ACCOUNT, region: "us-east-1", apiId: api.apiId, stage: "prod" })!;
    assert.ok(totals.cacheHits >= 1 && totals.cacheMisses >= 3, JSON.stringify(totals));
  });

  it("FlushStageCache empties the stage's cache", async () => {
    const cached = await requestOf();
    assert.equal(await requestOf(), cached);
    await api.client.send(new FlushStageCacheCommand({ restApiId: api.apiId, stageName: "prod" }));
    assert.notEqual(await requestOf(), cached);
  });

  it("Cache-Control: max-age=0 from an unauthorised caller is ignored with a warning header by default", async () => {
    const cached = await requestOf();
    const res = await weather(undefined, { "Cache-Control": "max-age=0" });
    assert.equal(res.json<{ request: string }>().request, cached);
    assert.match(res.headers["warning"]!, /^199 /);
  });

  it("SUCCEED_WITHOUT_RESPONSE_HEADER ignores it silently; FAIL_WITH_403 refuses it; no authorisation needed invalidates", async () => {
    const strategy = (value: string) =>
      api.client.send(new UpdateStageCommand({ restApiId: api.apiId, stageName: "prod", patchOperations: [{ op: "replace", path: "/*/*/caching/unauthorizedCacheControlHeaderStrategy", value }] }));
    await strategy("SUCCEED_WITHOUT_RESPONSE_HEADER");
    const cached = await requestOf();
    const quiet = await weather(undefined, { "Cache-Control": "max-age=0" });
    assert.equal(quiet.json<{ request: string }>().request, cached);
    assert.equal(quiet.headers["warning"], undefined);
    await strategy("FAIL_WITH_403");
    const refused = await weather(undefined, { "Cache-Control": "max-age=0" });
    assert.equal(refused.status, 403);
    assert.match(refused.json<{ message: string }>().message, /not authorized to perform: execute-api:InvalidateCache/);
    await api.client.send(
      new UpdateStageCommand({ restApiId: api.apiId, stageName: "prod", patchOperations: [{ op: "replace", path: "/*/*/caching/requireAuthorizationForCacheControl", value: "false" }] }),
    );
    const fresh = await requestOf(undefined, { "Cache-Control": "max-age=0" });
    assert.notEqual(fresh, cached, "invalidated");
    assert.equal(await requestOf(), fresh, "and cached again");
  });

  it("sends percentTraffic of requests to the canary deployment with its stage-variable overrides, until promoted", async () => {
    await api.client.send(
      new PutIntegrationResponseCommand({
        restApiId: api.apiId,
        resourceId: api.resources.get("/weather")!,
        httpMethod: "GET",
        statusCode: "200",
        responseTemplates: { "application/json": '{"color": "$stageVariables.color", "version": "two", "canary": "$context.isCanaryRequest"}' },
      }),
    );
    const canary = await api.client.send(
      new CreateDeploymentCommand({ restApiId: api.apiId, stageName: "prod", canarySettings: { percentTraffic: 10, stageVariableOverrides: { color: "green" } } }),
    );
    await api.client.send(new UpdateStageCommand({ restApiId: api.apiId, stageName: "prod", patchOperations: [{ op: "replace", path: "/cacheClusterEnabled", value: "false" }] }));
    draws = [0.05, 0.5, 0.09, 0.95];
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push((await weather()).json<{ version: string; color: string }>());
    assert.deepEqual(
      seen.map((s) => `${s.version}/${s.color}`),
      ["two/green", "one/blue", "two/green", "one/blue"],
    );
    await api.client.send(
      new UpdateStageCommand({
        restApiId: api.apiId,
        stageName: "prod",
        patchOperations: [
          { op: "replace", path: "/deploymentId", value: canary.id! },
          { op: "remove", path: "/canarySettings" },
        ],
      }),
    );
    draws = [0.01];
    const promoted = (await weather()).json<{ version: string; color: string; canary: string }>();
    assert.deepEqual([promoted.version, promoted.color], ["two", "blue"]);
  });
});
