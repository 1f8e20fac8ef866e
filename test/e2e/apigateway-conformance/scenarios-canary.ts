// Replays of LocalStack's TestStageCrudCanary (test_apigateway_canary.py), recorded in
// test_apigateway_canary.snapshot.json: canary deployments made by CreateDeployment,
// CreateStage and UpdateStage, their validation, and promotion with copy operations.
import * as AG from "@aws-sdk/client-api-gateway";
import type { ScenarioContext, ScenarioTable } from "./scenario.js";

const overrides = (testVar: string) => ({ percentTraffic: 50, stageVariableOverrides: { testVar } });

/** The test's fixture: GET / with a MOCK integration answering a JSON template. */
async function apiForDeployment(t: ScenarioContext) {
  const api = await t.client.send(new AG.CreateRestApiCommand({ name: `canary-${Math.random().toString(36).slice(2, 8)}` }));
  const key = { restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET" };
  await t.client.send(new AG.PutMethodCommand({ ...key, authorizationType: "NONE" }));
  await t.client.send(new AG.PutMethodResponseCommand({ ...key, statusCode: "200" }));
  await t.client.send(new AG.PutIntegrationCommand({ ...key, type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }));
  await t.client.send(
    new AG.PutIntegrationResponseCommand({
      ...key,
      statusCode: "200",
      selectionPattern: "",
      responseTemplates: { "application/json": JSON.stringify({ statusCode: 200, message: "default deployment" }) },
    }),
  );
  return { apiId: api.id!, key };
}

export const canaryScenarios: ScenarioTable = {
  "TestStageCrudCanary::test_create_update_stages": async (t) => {
    const { apiId, key } = await apiForDeployment(t);
    const d1 = await t.snap("create-deployment-1", t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId })));
    await t.client.send(
      new AG.UpdateIntegrationResponseCommand({
        ...key,
        statusCode: "200",
        patchOperations: [{ op: "replace", path: "/responseTemplates/application~1json", value: JSON.stringify({ statusCode: 200, message: "second deployment" }) }],
      }),
    );
    const d2 = await t.snap("create-deployment-2", t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId })));
    await t.snap(
      "create-stage",
      t.client.send(
        new AG.CreateStageCommand({
          restApiId: apiId,
          stageName: "dev",
          deploymentId: d1?.id,
          description: "dev stage",
          variables: { testVar: "default" },
          canarySettings: { deploymentId: d2?.id, ...overrides("canary") },
        }),
      ),
    );
    await t.snap("get-stage", t.client.send(new AG.GetStageCommand({ restApiId: apiId, stageName: "dev" })));
    const update = (op: AG.PatchOperation) => t.client.send(new AG.UpdateStageCommand({ restApiId: apiId, stageName: "dev", patchOperations: [op] }));
    await t.snap("update-stage-canary-settings-overrides", update({ op: "replace", path: "/canarySettings/stageVariableOverrides/testVar", value: "updated" }));
    await t.snap("update-stage-remove-canary-settings", update({ op: "remove", path: "/canarySettings" }));
    await t.snap("get-stage-after-remove", t.client.send(new AG.GetStageCommand({ restApiId: apiId, stageName: "dev" })));
  },

  "TestStageCrudCanary::test_create_canary_deployment_with_stage": async (t) => {
    const { apiId } = await apiForDeployment(t);
    const d1 = await t.snap("create-deployment", t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId })));
    await t.snap(
      "create-stage",
      t.client.send(new AG.CreateStageCommand({ restApiId: apiId, stageName: "dev", deploymentId: d1?.id, description: "dev stage", variables: { testVar: "default" } })),
    );
    await t.snap("create-canary-deployment", t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId, stageName: "dev", canarySettings: overrides("canary") })));
    await t.snap("get-stage", t.client.send(new AG.GetStageCommand({ restApiId: apiId, stageName: "dev" })));
  },

  "TestStageCrudCanary::test_create_canary_deployment": async (t) => {
    const { apiId } = await apiForDeployment(t);
    const d1 = await t.snap("create-deployment", t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId })));
    const stage = (stageName: string, canarySettings: AG.CanarySettings) =>
      t.client.send(new AG.CreateStageCommand({ restApiId: apiId, stageName, deploymentId: d1?.id, description: "dev stage", variables: { testVar: "default" }, canarySettings }));
    await t.snap("create-stage", stage("dev1", { deploymentId: d1?.id, percentTraffic: 40, stageVariableOverrides: { testVar: "canary1" } }));
    const canary = await t.snap("create-canary-deployment", t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId, stageName: "dev1", canarySettings: overrides("canary2") })));
    await t.snap("get-stage-1", t.client.send(new AG.GetStageCommand({ restApiId: apiId, stageName: "dev1" })));
    await t.snap("create-stage-2", stage("dev2", { deploymentId: canary?.id, percentTraffic: 60, stageVariableOverrides: { testVar: "canary-overridden" } }));
    await t.snap(
      "bad-canary-deployment-id",
      t.client.send(new AG.CreateStageCommand({ restApiId: apiId, stageName: "dev3", deploymentId: d1?.id, description: "dev stage", canarySettings: { deploymentId: "deploy" } })),
    );
  },

  "TestStageCrudCanary::test_create_canary_deployment_by_stage_update": async (t) => {
    const { apiId } = await apiForDeployment(t);
    const d1 = await t.snap("create-deployment", t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId })));
    const d2 = await t.snap("create-deployment-2", t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId })));
    await t.snap(
      "create-stage",
      t.client.send(new AG.CreateStageCommand({ restApiId: apiId, stageName: "dev", deploymentId: d1?.id, description: "dev stage", variables: { testVar: "default" } })),
    );
    const update = (op: AG.PatchOperation) => t.client.send(new AG.UpdateStageCommand({ restApiId: apiId, stageName: "dev", patchOperations: [op] }));
    await t.snap("update-stage-with-deployment", update({ op: "replace", path: "/canarySettings/deploymentId", value: d2?.id }));
    await t.snap("remove-stage-canary", update({ op: "remove", path: "/canarySettings" }));
    await t.snap("update-stage-with-percent", update({ op: "replace", path: "/canarySettings/percentTraffic", value: "50" }));
    await t.snap("get-stage", t.client.send(new AG.GetStageCommand({ restApiId: apiId, stageName: "dev" })));
  },

  "TestStageCrudCanary::test_create_canary_deployment_validation": async (t) => {
    const { apiId } = await apiForDeployment(t);
    const deploy = (stageName?: string) =>
      t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId, ...(stageName !== undefined ? { stageName } : {}), canarySettings: overrides("canary") }));
    await t.snap("create-canary-deployment-no-stage", deploy());
    await t.snap("create-canary-deployment-empty-stage", deploy(""));
    await t.snap("create-canary-deployment-non-existing-stage", deploy("non-existing"));
  },

  "TestStageCrudCanary::test_update_stage_canary_deployment_validation": async (t) => {
    const { apiId } = await apiForDeployment(t);
    await t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId, stageName: "dev" }));
    await t.snap("get-stage", t.client.send(new AG.GetStageCommand({ restApiId: apiId, stageName: "dev" })));
    await t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId, stageName: "dev", canarySettings: overrides("canary") }));
    const update = (stageName: string, op: AG.PatchOperation) => t.client.send(new AG.UpdateStageCommand({ restApiId: apiId, stageName, patchOperations: [op] }));
    await t.snap("update-stage-canary-settings-remove-overrides", update("dev", { op: "remove", path: "/canarySettings/stageVariableOverrides" }));
    await t.snap("update-stage-canary-settings-bad-path", update("dev", { op: "remove", path: "/canarySettings/badPath" }));
    await t.snap("update-stage-canary-settings-bad-path-2", update("dev", { op: "replace", path: "/canarySettings", value: "test" }));
    await t.snap("update-stage-canary-settings-replace-bad-path", update("dev", { op: "replace", path: "/canarySettings/badPath", value: "badPath" }));
    const d2 = await t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId, stageName: "dev2" }));
    await t.snap("update-stage-add-deployment", update("dev2", { op: "add", path: "/canarySettings/deploymentId", value: d2.id }));
    await t.snap("update-stage-no-deployment", update("dev2", { op: "replace", path: "/canarySettings/deploymentId", value: "deploy" }));
  },

  "TestStageCrudCanary::test_update_stage_with_copy_ops": async (t) => {
    const { apiId } = await apiForDeployment(t);
    await t.snap("deployment-1", t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId, stageName: "dev", variables: { testVar: "test", testVar2: "test2" } })));
    const update = (ops: AG.PatchOperation[]) => t.client.send(new AG.UpdateStageCommand({ restApiId: apiId, stageName: "dev", patchOperations: ops }));
    const promote: AG.PatchOperation[] = [
      { op: "copy", from: "/canarySettings/deploymentId", path: "/deploymentId" },
      { op: "copy", from: "/canarySettings/stageVariableOverrides", path: "/variables" },
    ];
    await t.snap(
      "copy-with-bad-statement",
      update([
        { op: "copy", path: "/canarySettings/stageVariableOverrides", from: "/variables" },
        { op: "copy", path: "/canarySettings/deploymentId", from: "/deploymentId" },
      ]),
    );
    await t.snap("copy-with-no-replace", update([promote[1]!, promote[0]!]));
    await t.snap("update-stage-with-copy", update([{ op: "replace", value: "0.0", path: "/canarySettings/percentTraffic" }, ...promote]));
    await t.snap(
      "deployment-canary",
      t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId, stageName: "dev", canarySettings: { percentTraffic: 50, stageVariableOverrides: { testVar: "override" } } })),
    );
    await t.snap("get-stage", t.client.send(new AG.GetStageCommand({ restApiId: apiId, stageName: "dev" })));
    await t.snap("update-stage-with-copy-2", update([{ op: "replace", value: "0.0", path: "/canarySettings/percentTraffic" }, ...promote]));
  },
};
