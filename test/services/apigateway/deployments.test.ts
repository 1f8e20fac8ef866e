// Deployments, stages and the data plane's view of them, against AWS's recorded answers
// (TestDeployments, TestStages, TestStageCrudCanary).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { methodSettingFor } from "../../../src/services/apigateway/snapshot.js";
import { ACCOUNT, REGION, mockMethod, newApi, rejects, startHarness, type Harness } from "./harness.js";

describe("API Gateway deployments and stages", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  async function deployable() {
    const { apiId, rootId } = await newApi(h);
    const resourceId = await mockMethod(h, apiId, rootId, "pets");
    return { apiId, rootId, resourceId };
  }

  it("refuses to deploy an API without methods or with a method lacking an integration", async () => {
    const { apiId, rootId } = await newApi(h);
    await rejects(h.call("CreateDeployment", { restApiId: apiId }), "BadRequestException", "The REST API doesn't contain any methods");
    await h.call("PutMethod", { restApiId: apiId, resourceId: rootId, httpMethod: "GET", authorizationType: "NONE" });
    await rejects(h.call("CreateDeployment", { restApiId: apiId }), "BadRequestException", "No integration defined for method");
  });

  it("freezes the API at deployment time and lets a stage go back to an older deployment", async () => {
    const { apiId, rootId, resourceId } = await deployable();
    const first = await h.call("CreateDeployment", { restApiId: apiId, stageName: "prod", description: "v1" });
    assert.deepEqual(Object.keys(first).sort(), ["createdDate", "description", "id"]);
    await mockMethod(h, apiId, rootId, "owners");
    await h.call("UpdateIntegration", {
      restApiId: apiId,
      resourceId,
      httpMethod: "GET",
      patchOperations: [{ op: "replace", path: "/passthroughBehavior", value: "NEVER" }],
    });
    const second = await h.call("CreateDeployment", { restApiId: apiId, stageName: "prod" });
    let served = await h.provider.dataPlane.resolveStage(ACCOUNT, REGION, apiId, "prod");
    assert.equal(served!.deployment.deploymentId, second.id);
    assert.deepEqual(served!.deployment.resources.map((r) => r.path).sort(), ["/", "/owners", "/pets"]);
    await h.call("UpdateStage", { restApiId: apiId, stageName: "prod", patchOperations: [{ op: "replace", path: "/deploymentId", value: first.id }] });
    served = await h.provider.dataPlane.resolveStage(ACCOUNT, REGION, apiId, "prod");
    assert.deepEqual(served!.deployment.resources.map((r) => r.path).sort(), ["/", "/pets"]);
    const pets = served!.deployment.resources.find((r) => r.path === "/pets")!;
    assert.equal(pets.methods["GET"]!.methodIntegration!.passthroughBehavior, "WHEN_NO_MATCH");
    assert.ok(Object.isFrozen(pets.methods["GET"]));
    const summary = await h.call("GetDeployment", { restApiId: apiId, deploymentId: first.id, embed: ["apisummary"] });
    assert.deepEqual(summary.apiSummary, { "/pets": { GET: { authorizationType: "NONE", apiKeyRequired: false } } });
    assert.equal((await h.call("GetDeployments", { restApiId: apiId })).items.length, 2);
    await rejects(
      h.call("DeleteDeployment", { restApiId: apiId, deploymentId: first.id }),
      "BadRequestException",
      "Active stages pointing to this deployment must be moved or deleted",
    );
    await h.call("DeleteDeployment", { restApiId: apiId, deploymentId: second.id });
    await rejects(h.call("GetDeployment", { restApiId: apiId, deploymentId: second.id }), "NotFoundException", "Invalid Deployment identifier specified");
  });

  it("creates stages with AWS's defaults and filters them by deployment", async () => {
    const { apiId } = await deployable();
    const d1 = await h.call("CreateDeployment", { restApiId: apiId });
    const d2 = await h.call("CreateDeployment", { restApiId: apiId });
    const stage = await h.call("CreateStage", { restApiId: apiId, stageName: "stage1", deploymentId: d1.id, description: "my stage", documentationVersion: "v123" });
    assert.deepEqual(
      { ...stage, createdDate: 0, lastUpdatedDate: 0 },
      {
        stageName: "stage1",
        deploymentId: d1.id,
        description: "my stage",
        documentationVersion: "v123",
        cacheClusterEnabled: false,
        cacheClusterStatus: "NOT_AVAILABLE",
        methodSettings: {},
        tracingEnabled: false,
        createdDate: 0,
        lastUpdatedDate: 0,
      },
    );
    await h.call("CreateStage", { restApiId: apiId, stageName: "stage2", deploymentId: d2.id });
    assert.deepEqual((await h.call("GetStages", { restApiId: apiId, deploymentId: d2.id })).item.map((s: { stageName: string }) => s.stageName), ["stage2"]);
    assert.equal((await h.call("GetStages", { restApiId: apiId })).item.length, 2);
    await rejects(h.call("CreateStage", { restApiId: apiId, stageName: "stage1", deploymentId: d1.id }), "ConflictException", "Stage already exists");
    await rejects(h.call("CreateStage", { restApiId: apiId, stageName: "bad-name", deploymentId: d1.id }), "BadRequestException", "Stage name only allows a-zA-Z0-9_");
    await h.call("DeleteStage", { restApiId: apiId, stageName: "stage2" });
    await rejects(h.call("GetStage", { restApiId: apiId, stageName: "stage2" }), "NotFoundException", "Invalid Stage identifier specified");
  });

  it("patches method settings, variables and access logs as AWS does", async () => {
    const { apiId } = await deployable();
    await h.call("CreateDeployment", { restApiId: apiId, stageName: "s1" });
    const patch = (ops: object[]) => h.call("UpdateStage", { restApiId: apiId, stageName: "s1", patchOperations: ops });
    await rejects(patch([{ op: "remove", path: "/*/*" }]), "BadRequestException", "Cannot remove method setting */* because there is no method setting for this method ");
    let stage = await patch([
      { op: "replace", path: "/*/*/caching/enabled", value: "true" },
      { op: "replace", path: "/*/*/throttling/burstLimit", value: "123" },
      { op: "replace", path: "/~1pets/GET/throttling/burstLimit", value: "124" },
      { op: "replace", path: "/description", value: "stage new" },
      { op: "add", path: "/variables/color", value: "blue" },
    ]);
    assert.deepEqual(stage.methodSettings["*/*"], {
      metricsEnabled: false,
      dataTraceEnabled: false,
      throttlingBurstLimit: 123,
      throttlingRateLimit: 10000,
      cachingEnabled: true,
      cacheTtlInSeconds: 300,
      cacheDataEncrypted: false,
      requireAuthorizationForCacheControl: true,
      unauthorizedCacheControlHeaderStrategy: "SUCCEED_WITH_RESPONSE_HEADER",
    });
    assert.equal(stage.methodSettings["~1pets/GET"].throttlingBurstLimit, 124);
    assert.equal(stage.methodSettings["~1pets/GET"].cachingEnabled, true);
    assert.deepEqual(stage.variables, { color: "blue" });
    const served = await h.provider.dataPlane.resolveStage(ACCOUNT, REGION, apiId, "s1");
    assert.equal(methodSettingFor(served!.stage, "/pets", "GET")!.throttlingBurstLimit, 124);
    assert.equal(methodSettingFor(served!.stage, "/other", "POST")!.throttlingBurstLimit, 123);
    await rejects(patch([{ op: "replace", path: "/documentation_version", value: "x" }]), "BadRequestException", /^Invalid method setting path: \/documentation_version\. Must be one of: \[\/deploymentId, /);
    await rejects(
      patch([{ op: "add", path: "/accessLogSettings/randomValue", value: "x" }]),
      "BadRequestException",
      "Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]",
    );
    await rejects(patch([{ op: "replace", path: "/accessLogSettings/format", value: "" }]), "BadRequestException", "Access Log value must not be empty");
    // Logging to CloudWatch Logs needs the account's CloudWatch role first; turning it off does not.
    const roleMissing = "CloudWatch Logs role ARN must be set in account settings to enable logging";
    await rejects(patch([{ op: "replace", path: "/accessLogSettings/destinationArn", value: "arn:aws:logs:us-east-1:123456789012:log-group:g" }]), "BadRequestException", roleMissing);
    await rejects(patch([{ op: "replace", path: "/*/*/logging/loglevel", value: "ERROR" }]), "BadRequestException", roleMissing);
    await rejects(patch([{ op: "replace", path: "/~1pets/GET/logging/dataTrace", value: "true" }]), "BadRequestException", roleMissing);
    stage = await patch([{ op: "replace", path: "/~1pets/GET/logging/loglevel", value: "OFF" }]);
    assert.equal(stage.methodSettings["~1pets/GET"].loggingLevel, "OFF");
    await h.call("UpdateAccount", { patchOperations: [{ op: "replace", path: "/cloudwatchRoleArn", value: "arn:aws:iam::123456789012:role/apigw-logs" }] });
    stage = await patch([{ op: "replace", path: "/*/*/logging/loglevel", value: "INFO" }]);
    assert.equal(stage.methodSettings["*/*"].loggingLevel, "INFO");
    stage = await patch([
      { op: "replace", path: "/accessLogSettings/destinationArn", value: "arn:aws:logs:us-east-1:123456789012:log-group:g" },
      { op: "replace", path: "/accessLogSettings/format", value: "$context.requestId" },
    ]);
    assert.deepEqual(stage.accessLogSettings, { destinationArn: "arn:aws:logs:us-east-1:123456789012:log-group:g", format: "$context.requestId" });
    await rejects(
      patch([{ op: "remove", path: "/accessLogSettings/destinationArn" }]),
      "BadRequestException",
      "Cannot remove method setting accessLogSettings/destinationArn because there is no method setting for this method ",
    );
    stage = await patch([{ op: "remove", path: "/accessLogSettings" }, { op: "remove", path: "/*/*" }, { op: "remove", path: "/variables/color" }]);
    assert.equal("accessLogSettings" in stage, false);
    assert.deepEqual(Object.keys(stage.methodSettings), ["~1pets/GET"]);
    assert.equal("variables" in stage, false);
  });

  it("runs canaries: by deployment, by stage update, and promotes them with copy", async () => {
    const { apiId } = await deployable();
    const base = await h.call("CreateDeployment", { restApiId: apiId, stageName: "dev", variables: { testVar: "default" } });
    await rejects(
      h.call("CreateDeployment", { restApiId: apiId, canarySettings: { percentTraffic: 50 } }),
      "BadRequestException",
      "Invalid deployment content specified.Non null and non empty stageName must be provided for canary deployment. Provided value is null",
    );
    await rejects(
      h.call("CreateDeployment", { restApiId: apiId, stageName: "non-existing", canarySettings: { percentTraffic: 50 } }),
      "BadRequestException",
      "Invalid deployment content specified.Stage non-existing must already be created before making a canary release deployment",
    );
    const canary = await h.call("CreateDeployment", {
      restApiId: apiId,
      stageName: "dev",
      canarySettings: { percentTraffic: 50, stageVariableOverrides: { testVar: "canary" } },
    });
    let stage = await h.call("GetStage", { restApiId: apiId, stageName: "dev" });
    assert.equal(stage.deploymentId, base.id);
    assert.deepEqual(stage.canarySettings, { deploymentId: canary.id, percentTraffic: 50, stageVariableOverrides: { testVar: "canary" }, useStageCache: false });
    const served = await h.provider.dataPlane.resolveStage(ACCOUNT, REGION, apiId, "dev");
    assert.equal(served!.canary!.deployment.deploymentId, canary.id);
    assert.deepEqual(served!.canary!.variables, { testVar: "canary" });
    assert.deepEqual(served!.variables, { testVar: "default" });
    const patch = (ops: object[]) => h.call("UpdateStage", { restApiId: apiId, stageName: "dev", patchOperations: ops });
    await rejects(
      patch([{ op: "copy", path: "/canarySettings/stageVariableOverrides", from: "/variables" }]),
      "BadRequestException",
      "Invalid copy operation with path: /canarySettings/stageVariableOverrides and from /variables. Valid copy:path are [/deploymentId, /variables] and valid copy:from are [/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]",
    );
    stage = await patch([
      { op: "copy", path: "/deploymentId", from: "/canarySettings/deploymentId" },
      { op: "copy", path: "/variables", from: "/canarySettings/stageVariableOverrides" },
      { op: "replace", path: "/canarySettings/percentTraffic", value: "0.0" },
    ]);
    assert.equal(stage.deploymentId, canary.id);
    assert.deepEqual(stage.variables, { testVar: "canary" });
    stage = await patch([{ op: "remove", path: "/canarySettings" }]);
    assert.equal("canarySettings" in stage, false);
    await rejects(
      patch([{ op: "copy", path: "/deploymentId", from: "/canarySettings/deploymentId" }]),
      "BadRequestException",
      "Promotion not available. Canary does not exist.",
    );
    await rejects(patch([{ op: "add", path: "/canarySettings/deploymentId", value: base.id }]), "BadRequestException", "Invalid add operation with path: /canarySettings/deploymentId");
    stage = await patch([{ op: "replace", path: "/canarySettings/percentTraffic", value: "25" }]);
    assert.deepEqual(stage.canarySettings, { deploymentId: canary.id, percentTraffic: 25, useStageCache: false });
    await rejects(patch([{ op: "replace", path: "/canarySettings/deploymentId", value: "nope" }]), "BadRequestException", "Deployment id does not exist");
    await rejects(
      patch([{ op: "remove", path: "/canarySettings/stageVariableOverrides" }]),
      "BadRequestException",
      "Cannot remove method setting canarySettings/stageVariableOverrides because there is no method setting for this method ",
    );
  });
});
