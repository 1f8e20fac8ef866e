// API keys, usage plans, usage counters, domain names, tags and durability.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { FakeClock } from "../../../src/shared/clock.js";
import { ACCOUNT, REGION, mockMethod, newApi, rejects, startHarness, type Harness } from "./harness.js";

describe("API Gateway keys, plans and usage", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ clock: new FakeClock(Date.UTC(2026, 2, 10, 12)) });
  });
  after(() => h.close());

  async function stage() {
    const { apiId, rootId } = await newApi(h);
    await mockMethod(h, apiId, rootId, "pets");
    await h.call("CreateDeployment", { restApiId: apiId, stageName: "dev" });
    return apiId;
  }

  it("generates 40-character values, hides them unless asked, and validates as AWS does", async () => {
    const key = await h.call("CreateApiKey", { name: "client-a" });
    assert.match(key.value, /^[A-Za-z0-9]{40}$/);
    assert.match(key.id, /^[a-z0-9]{10}$/);
    assert.equal(key.enabled, false);
    assert.deepEqual(key.stageKeys, []);
    assert.equal("value" in (await h.call("GetApiKey", { apiKey: key.id })), false);
    assert.equal((await h.call("GetApiKey", { apiKey: key.id, includeValue: true })).value, key.value);
    await rejects(h.call("CreateApiKey", { name: "x", value: "short" }), "BadRequestException", "API Key value should be at least 20 characters");
    await rejects(h.call("CreateApiKey", { name: "x", value: "v".repeat(129) }), "BadRequestException", "API Key value exceeds maximum size of 128 characters");
    await rejects(h.call("CreateApiKey", { name: "n".repeat(1025) }), "BadRequestException", "Invalid API Key name, can be at most 1024 characters.");
    await rejects(h.call("CreateApiKey", { value: key.value }), "ConflictException", "API Key already exists");
    await rejects(
      h.call("UpdateApiKey", { apiKey: key.id, patchOperations: [{ op: "replace", path: "/id", value: "x" }] }),
      "BadRequestException",
      "Invalid patch path  '/id' specified for op 'replace'. Must be one of: [/description, /enabled, /name, /customerId]",
    );
    const updated = await h.call("UpdateApiKey", { apiKey: key.id, patchOperations: [{ op: "replace", path: "/enabled", value: "true" }] });
    assert.equal(updated.enabled, true);
    assert.deepEqual(updated.tags, {});
    const found = await h.provider.dataPlane.findApiKey(ACCOUNT, REGION, key.value);
    assert.equal(found?.id, key.id);
  });

  it("imports keys from CSV, enrolling them in plans", async () => {
    const plan = await h.call("CreateUsagePlan", { name: "imported" });
    const csv = `Name,Key,Description,Enabled,UsagePlanIds\nalpha,${"a".repeat(30)},"first, quoted",true,${plan.id}\nbeta,short,,false,\n`;
    const out = await h.call("ImportApiKeys", { body: Buffer.from(csv), format: "csv" });
    assert.equal(out.ids.length, 1);
    assert.match(out.warnings[0], /API Key value should be at least 20 characters/);
    const key = await h.call("GetApiKey", { apiKey: out.ids[0], includeValue: true });
    assert.deepEqual([key.name, key.value, key.description, key.enabled], ["alpha", "a".repeat(30), "first, quoted", true]);
    assert.deepEqual((await h.call("GetUsagePlanKeys", { usagePlanId: plan.id })).items.map((k: { id: string }) => k.id), [key.id]);
    await rejects(h.call("ImportApiKeys", { body: Buffer.from(csv), format: "csv", failOnWarnings: true }), "ConflictException", "API Key already exists");
  });

  it("lists keys newest first with a case-sensitive prefix nameQuery", async () => {
    const a = await h.call("CreateApiKey", { name: "prefix-one" });
    h.clock.advance(1000);
    const b = await h.call("CreateApiKey", { name: "prefix-two" });
    const listed = await h.call("GetApiKeys", { nameQuery: "prefix-" });
    assert.deepEqual(listed.items.map((k: { id: string }) => k.id), [b.id, a.id]);
    assert.deepEqual((await h.call("GetApiKeys", { nameQuery: "PREFIX" })).items, []);
    assert.deepEqual((await h.call("GetApiKeys", { nameQuery: "one" })).items, []);
    const page = await h.call("GetApiKeys", { nameQuery: "prefix-", limit: 1 });
    assert.equal(page.items.length, 1);
    assert.equal((await h.call("GetApiKeys", { nameQuery: "prefix-", limit: 1, position: page.position })).items[0].id, a.id);
  });

  it("manages usage plans over API stages", async () => {
    const apiId = await stage();
    const plan = await h.call("CreateUsagePlan", { name: "gold", apiStages: [{ apiId, stage: "dev" }], throttle: { burstLimit: 20, rateLimit: 10 } });
    assert.deepEqual(plan, { id: plan.id, name: "gold", apiStages: [{ apiId, stage: "dev" }], throttle: { burstLimit: 20, rateLimit: 10 } });
    const patch = (ops: object[]) => h.call("UpdateUsagePlan", { usagePlanId: plan.id, patchOperations: ops });
    const updated = await patch([
      { op: "replace", path: "/quota/limit", value: "5000" },
      { op: "replace", path: "/quota/period", value: "MONTH" },
      { op: "replace", path: "/throttle/rateLimit", value: "200" },
    ]);
    assert.deepEqual(updated.quota, { offset: 0, limit: 5000, period: "MONTH" });
    assert.deepEqual(updated.tags, {});
    await rejects(patch([{ op: "add", path: "/apiStages" }]), "BadRequestException", "Invalid API Stage specified");
    await rejects(patch([{ op: "add", path: "/apiStages", value: `${apiId}:fakestagename` }]), "NotFoundException", `Invalid API Stage {api: ${apiId}, stage: fakestagename} specified for usageplan ${plan.id}`);
    await rejects(h.call("UpdateUsagePlan", { usagePlanId: "nope", patchOperations: [] }), "NotFoundException", "Invalid Usage Plan ID specified");
    const key = await h.call("CreateApiKey", { name: "plan-key" });
    const planKey = await h.call("CreateUsagePlanKey", { usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" });
    assert.deepEqual(planKey, { id: key.id, type: "API_KEY", value: key.value, name: "plan-key" });
    assert.deepEqual((await h.call("GetUsagePlans", { keyId: key.id })).items.map((p: { id: string }) => p.id), [plan.id]);
    assert.equal((await h.provider.dataPlane.planForKey(ACCOUNT, REGION, apiId, "dev", key.id))?.id, plan.id);
    assert.deepEqual((await h.call("GetUsagePlanKeys", { usagePlanId: "bad-plan" })).items, []);
    await h.call("DeleteUsagePlanKey", { usagePlanId: plan.id, keyId: key.id });
    assert.deepEqual((await h.call("GetUsagePlanKeys", { usagePlanId: plan.id })).items, []);
  });

  it("reports the data plane's usage per day against the quota, and grants more with UpdateUsage", async () => {
    const apiId = await stage();
    const plan = await h.call("CreateUsagePlan", { name: "metered", apiStages: [{ apiId, stage: "dev" }], quota: { limit: 10, period: "WEEK" } });
    const key = await h.call("CreateApiKey", { name: "metered-key", enabled: true });
    await h.call("CreateUsagePlanKey", { usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" });
    const reader = h.provider.dataPlane;
    const day = 86_400_000;
    const monday = Date.UTC(2026, 2, 9, 10); // 2026-03-09 is a Monday; weeks start on Sunday (offset 0).
    await reader.recordUsage(ACCOUNT, REGION, plan.id, key.id, monday, 3);
    await reader.recordUsage(ACCOUNT, REGION, plan.id, key.id, monday + day, 2);
    const planRecord = (await reader.planForKey(ACCOUNT, REGION, apiId, "dev", key.id))!;
    assert.equal(await reader.remainingQuota(ACCOUNT, REGION, planRecord, key.id, monday + day), 5);
    const usage = await h.call("GetUsage", { usagePlanId: plan.id, startDate: "2026-03-08", endDate: "2026-03-11" });
    assert.deepEqual(usage, {
      usagePlanId: plan.id,
      startDate: "2026-03-08",
      endDate: "2026-03-11",
      items: { [key.id]: [[0, 10], [3, 7], [2, 5], [0, 5]] },
    });
    const granted = await h.call("UpdateUsage", { usagePlanId: plan.id, keyId: key.id, patchOperations: [{ op: "replace", path: "/remaining", value: "8" }] });
    // "Today" on the harness clock is 2026-03-10, the day with 2 calls.
    assert.deepEqual(granted.items[key.id].at(-1), [2, 8]);
    await rejects(h.call("GetUsage", { usagePlanId: plan.id, startDate: "2026-3-8", endDate: "2026-03-11" }), "BadRequestException", /Invalid start date/);
  });

  it("maps custom domain base paths to stages", async () => {
    const apiId = await stage();
    const domain = await h.call("CreateDomainName", {
      domainName: "api.example.com",
      regionalCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
      endpointConfiguration: { types: ["REGIONAL"] },
    });
    assert.match(domain.regionalDomainName, /^d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
    assert.equal(domain.domainNameStatus, "AVAILABLE");
    await rejects(h.call("CreateDomainName", { domainName: "api.example.com", regionalCertificateArn: "arn:x", endpointConfiguration: { types: ["REGIONAL"] } }), "ConflictException", "The domain name you provided already exists.");
    const root = await h.call("CreateBasePathMapping", { domainName: "api.example.com", restApiId: apiId, stage: "dev" });
    assert.deepEqual(root, { basePath: "(none)", restApiId: apiId, stage: "dev" });
    await h.call("CreateBasePathMapping", { domainName: "api.example.com", restApiId: apiId, stage: "dev", basePath: "v1" });
    await rejects(h.call("CreateBasePathMapping", { domainName: "api.example.com", restApiId: apiId, basePath: "v1" }), "ConflictException", "Base path already exists for this domain name");
    await rejects(h.call("CreateBasePathMapping", { domainName: "api.example.com", restApiId: "nope", basePath: "v2" }), "BadRequestException", "Invalid REST API identifier specified");
    const moved = await h.call("UpdateBasePathMapping", { domainName: "api.example.com", basePath: "v1", patchOperations: [{ op: "replace", path: "/basePath", value: "v2" }] });
    assert.equal(moved.basePath, "v2");
    assert.deepEqual((await h.provider.dataPlane.domainMappings(ACCOUNT, REGION, "api.example.com")).map((m) => m.basePath), ["(none)", "v2"]);
    await h.call("DeleteBasePathMapping", { domainName: "api.example.com", basePath: "(none)" });
    await rejects(h.call("GetBasePathMapping", { domainName: "api.example.com", basePath: "(none)" }), "NotFoundException", "Invalid base path mapping identifier specified");
    await h.call("DeleteDomainName", { domainName: "api.example.com" });
    await rejects(h.call("GetDomainName", { domainName: "api.example.com" }), "NotFoundException", "Invalid domain name identifier specified");
  });

  it("tags REST APIs, stages, keys and plans by ARN", async () => {
    const apiId = await stage();
    const apiArn = `arn:aws:apigateway:${REGION}::/restapis/${apiId}`;
    await h.call("TagResource", { resourceArn: apiArn, tags: { team: "a", env: "dev" } });
    await h.call("UntagResource", { resourceArn: apiArn, tagKeys: ["env"] });
    assert.deepEqual((await h.call("GetTags", { resourceArn: apiArn })).tags, { team: "a" });
    assert.deepEqual((await h.call("GetRestApi", { restApiId: apiId })).tags, { team: "a" });
    const stageArn = `${apiArn}/stages/dev`;
    await h.call("TagResource", { resourceArn: stageArn, tags: { s: "1" } });
    assert.deepEqual((await h.call("GetStage", { restApiId: apiId, stageName: "dev" })).tags, { s: "1" });
    await rejects(h.call("GetTags", { resourceArn: "arn:aws:apigateway:us-east-1::/nothing/x" }), "BadRequestException", /Invalid resource ARN/);
  });
});

describe("API Gateway state survives a restart", () => {
  it("keeps APIs, deployments, stages, keys and usage in the data directory", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "nimbus-apigw-"));
    try {
      let h = await startHarness({ dataDir });
      const { apiId, rootId } = await newApi(h, "durable");
      await mockMethod(h, apiId, rootId, "items");
      await h.call("CreateDeployment", { restApiId: apiId, stageName: "prod" });
      const key = await h.call("CreateApiKey", { name: "k", enabled: true });
      await h.close();
      h = await startHarness({ dataDir });
      assert.equal((await h.call("GetRestApi", { restApiId: apiId })).name, "durable");
      const served = await h.provider.dataPlane.resolveStage(ACCOUNT, REGION, apiId, "prod");
      assert.deepEqual(served!.deployment.resources.map((r) => r.path).sort(), ["/", "/items"]);
      assert.equal((await h.provider.dataPlane.findApiKey(ACCOUNT, REGION, key.value))?.id, key.id);
      await h.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
