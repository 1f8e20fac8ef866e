// The API Gateway store on PostgreSQL (cluster mode): the same operations as on SQLite, two
// providers sharing one database as two Nimbus nodes would, and optimistic concurrency when
// both write one API at once. Skipped when no PostgreSQL server is reachable (not under CI).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../storage/postgres-test-database.js";
import { ACCOUNT, REGION, mockMethod, newApi, startHarness, type Harness } from "./harness.js";

const database: TestDatabase = await createTestDatabase();

describe("API Gateway on PostgreSQL", { skip: "skip" in database ? database.skip : false }, () => {
  let a: Harness;
  let b: Harness;
  before(async () => {
    const url = (database as { url: string }).url;
    a = await startHarness({ postgresUrl: url });
    b = await startHarness({ postgresUrl: url });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    if (!("skip" in database)) await database.drop();
  });

  it("serves what one node wrote to the other", async () => {
    const { apiId, rootId } = await newApi(a, "shared");
    await mockMethod(a, apiId, rootId, "items");
    await a.call("CreateDeployment", { restApiId: apiId, stageName: "prod" });
    const served = await b.provider.dataPlane.resolveStage(ACCOUNT, REGION, apiId, "prod");
    assert.deepEqual(served!.deployment.resources.map((r) => r.path).sort(), ["/", "/items"]);
    const plan = await a.call("CreateUsagePlan", { name: "p", apiStages: [{ apiId, stage: "prod" }], quota: { limit: 5, period: "DAY" } });
    const key = await a.call("CreateApiKey", { name: "k", enabled: true });
    await a.call("CreateUsagePlanKey", { usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" });
    const now = a.clock.now();
    await Promise.all([1, 2, 3].map(() => b.provider.dataPlane.recordUsage(ACCOUNT, REGION, plan.id, key.id, now)));
    const planRecord = (await a.provider.dataPlane.planForKey(ACCOUNT, REGION, apiId, "prod", key.id))!;
    assert.equal(await a.provider.dataPlane.remainingQuota(ACCOUNT, REGION, planRecord, key.id, now), 2);
  });

  it("keeps every concurrent write to one API", async () => {
    const { apiId, rootId } = await newApi(a, "contended");
    const parts = Array.from({ length: 8 }, (_, i) => `p${i}`);
    await Promise.all(parts.map((part, i) => (i % 2 === 0 ? a : b).call("CreateResource", { restApiId: apiId, parentId: rootId, pathPart: part })));
    const paths = (await b.call("GetResources", { restApiId: apiId, limit: 500 })).items.map((r: { path: string }) => r.path).sort();
    assert.deepEqual(paths, ["/", ...parts.map((p) => `/${p}`)]);
  });
});
