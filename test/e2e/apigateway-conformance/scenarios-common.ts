// Replays of the control-plane tests of LocalStack's test_apigateway_common.py (TestUsagePlans,
// TestStages, TestDeployments), recorded in test_apigateway_common.snapshot.json. Parts of
// newer versions of those tests than the source we read are reconstructed from the answers.
import * as AG from "@aws-sdk/client-api-gateway";
import type { ScenarioContext, ScenarioTable } from "./scenario.js";

const name = () => `test-api-${Math.random().toString(36).slice(2, 10)}`;

async function mockApi(t: ScenarioContext, integration: Partial<AG.PutIntegrationCommandInput> = { type: "MOCK" }) {
  const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "this is my api" }));
  const key = { restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET" };
  await t.client.send(new AG.PutMethodCommand({ ...key, authorizationType: "NONE" }));
  await t.client.send(new AG.PutIntegrationCommand({ ...key, type: "MOCK", ...integration }));
  return api.id!;
}

export const commonScenarios: ScenarioTable = {
  "TestUsagePlans::test_usage_plan_crud": async (t) => {
    const apiId = await mockApi(t, { type: "HTTP", integrationHttpMethod: "POST", uri: "http://localhost:8080/post" });
    const deployment = await t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId }));
    await t.client.send(new AG.CreateStageCommand({ restApiId: apiId, stageName: "dev", deploymentId: deployment.id }));
    const plan = await t.snap(
      "create-usage-plan",
      t.client.send(new AG.CreateUsagePlanCommand({ name: `test-usage-plan-${Math.random().toString(36).slice(2, 8)}`, description: "this is my usage plan", apiStages: [{ apiId, stage: "dev" }] })),
    );
    const usagePlanId = plan?.id;
    await t.snap("get-usage-plan", t.client.send(new AG.GetUsagePlanCommand({ usagePlanId })));
    await t.snap("get-usage-plans", t.client.send(new AG.GetUsagePlansCommand({})));
    await t.snap(
      "update-usage-plan",
      t.client.send(
        new AG.UpdateUsagePlanCommand({
          usagePlanId,
          patchOperations: [
            { op: "replace", path: "/throttle/burstLimit", value: "100" },
            { op: "replace", path: "/throttle/rateLimit", value: "200" },
            { op: "replace", path: "/quota/limit", value: "5000" },
            { op: "replace", path: "/quota/period", value: "MONTH" },
          ],
        }),
      ),
    );
    const update = (op: AG.PatchOperation, id = usagePlanId) => t.client.send(new AG.UpdateUsagePlanCommand({ usagePlanId: id, patchOperations: [op] }));
    await t.snap("update-wrong-id", update({ op: "replace", path: "/throttle/burstLimit", value: "100" }, "wrong-id"));
    await t.snap("update-wrong-api-stages-no-value", update({ op: "add", path: "/apiStages" }));
    await t.snap("update-wrong-api-stages-wrong-api", update({ op: "add", path: "/apiStages", value: `${apiId}b:dev` }));
    await t.snap("update-wrong-api-stages-wrong-stage", update({ op: "add", path: "/apiStages", value: `${apiId}:fakestagename` }));
    await t.snap("update-wrong-api-stages-wrong-value", update({ op: "add", path: "/apiStages", value: "wrongvalue" }));
    await t.snap("get-usage-plan-after-update", t.client.send(new AG.GetUsagePlanCommand({ usagePlanId })));
    await t.snap("get-usage-plans-after-update", t.client.send(new AG.GetUsagePlansCommand({})));
  },

  "TestStages::test_create_update_stages": async (t) => {
    const apiId = await mockApi(t);
    const deployment = await t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId }));
    await t.snap(
      "create-stage",
      t.client.send(new AG.CreateStageCommand({ restApiId: apiId, stageName: "s1", deploymentId: deployment.id, description: "my stage", documentationVersion: "v123" })),
    );
    const update = (ops: AG.PatchOperation[]) => t.client.send(new AG.UpdateStageCommand({ restApiId: apiId, stageName: "s1", patchOperations: ops }));
    await t.snap("error-update-doc-version", update([{ op: "replace", path: "/documentation_version", value: "123" }]));
    await t.snap("error-update-tags", update([{ op: "replace", path: "/tags/tag1", value: "value1" }]));
    await t.snap(
      "update-stage",
      update([
        { op: "replace", path: "/description", value: "stage new" },
        { op: "replace", path: "/variables/var1", value: "test" },
        { op: "replace", path: "/variables/var2", value: "test2" },
        { op: "replace", path: "/*/*/throttling/burstLimit", value: "123" },
        { op: "replace", path: "/*/*/caching/enabled", value: "true" },
        { op: "replace", path: "/tracingEnabled", value: "true" },
        { op: "replace", path: "/test/GET/throttling/burstLimit", value: "124" },
      ]),
    );
    await t.snap("get-stage", t.client.send(new AG.GetStageCommand({ restApiId: apiId, stageName: "s1" })));
    await t.snap("update-stage-override", update([{ op: "replace", path: "/*/*/throttling/burstLimit", value: "100" }]));
  },

  "TestStages::test_update_stage_remove_wildcard": async (t) => {
    const apiId = await mockApi(t);
    const deployment = await t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId }));
    await t.snap(
      "create-stage",
      t.client.send(new AG.CreateStageCommand({ restApiId: apiId, stageName: "s1", deploymentId: deployment.id, description: "my stage", documentationVersion: "v123" })),
    );
    await t.snap("get-stage", t.client.send(new AG.GetStageCommand({ restApiId: apiId, stageName: "s1" })));
    const update = (ops: AG.PatchOperation[]) => t.client.send(new AG.UpdateStageCommand({ restApiId: apiId, stageName: "s1", patchOperations: ops }));
    await t.snap("delete-error", update([{ op: "remove", path: "/*/*" }]));
    await t.snap("update-stage", update([{ op: "replace", path: "/*/*/caching/enabled", value: "true" }]));
    await t.snap("update-stage-reset", update([{ op: "remove", path: "/*/*" }]));
    await t.snap("get-stage-after-reset", t.client.send(new AG.GetStageCommand({ restApiId: apiId, stageName: "s1" })));
  },

  "TestDeployments::test_create_delete_deployments[True]": async (t) => deleteDeployments(t, true),
  "TestDeployments::test_create_delete_deployments[False]": async (t) => deleteDeployments(t, false),

  "TestDeployments::test_create_update_deployments": async (t) => {
    const apiId = await mockApi(t);
    const d1 = await t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId }));
    await t.client.send(new AG.CreateStageCommand({ restApiId: apiId, stageName: "s1", deploymentId: d1.id }));
    await t.snap("get-deployment-1", t.client.send(new AG.GetDeploymentCommand({ restApiId: apiId, deploymentId: d1.id })));
    await t.snap("get-stages", t.client.send(new AG.GetStagesCommand({ restApiId: apiId })));
    await t.snap("delete-deployment-error", t.client.send(new AG.DeleteDeploymentCommand({ restApiId: apiId, deploymentId: d1.id })));
    const d2 = await t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId, stageName: "s1" }));
    await t.snap("get-deployment-1-after-update", t.client.send(new AG.GetDeploymentCommand({ restApiId: apiId, deploymentId: d1.id })));
    await t.snap("get-deployment-2", t.client.send(new AG.GetDeploymentCommand({ restApiId: apiId, deploymentId: d2.id })));
    await t.snap("get-stages-after-update", t.client.send(new AG.GetStagesCommand({ restApiId: apiId })));
    await t.snap("delete-deployment-1", t.client.send(new AG.DeleteDeploymentCommand({ restApiId: apiId, deploymentId: d1.id })));
    await t.snap("delete-deployment-2-error", t.client.send(new AG.DeleteDeploymentCommand({ restApiId: apiId, deploymentId: d2.id })));
  },
};

async function deleteDeployments(t: ScenarioContext, createStageManually: boolean): Promise<void> {
  const apiId = await mockApi(t);
  const kwargs = createStageManually ? {} : { stageName: "s1" };
  const deploy = async () => {
    const deployment = await t.client.send(new AG.CreateDeploymentCommand({ restApiId: apiId, ...kwargs }));
    if (createStageManually) await t.client.send(new AG.CreateStageCommand({ restApiId: apiId, stageName: "s1", deploymentId: deployment.id }));
    return deployment.id;
  };
  let deploymentId = await deploy();
  await t.snap("get-deployment", t.client.send(new AG.GetDeploymentCommand({ restApiId: apiId, deploymentId })));
  await t.snap("get-stages", t.client.send(new AG.GetStagesCommand({ restApiId: apiId })));
  for (let i = 0; i < 3; i++) {
    await t.snap(`delete-deployment-error-${i}`, t.client.send(new AG.DeleteDeploymentCommand({ restApiId: apiId, deploymentId })));
    await t.client.send(new AG.DeleteStageCommand({ restApiId: apiId, stageName: "s1" }));
    await t.client.send(new AG.DeleteDeploymentCommand({ restApiId: apiId, deploymentId }));
    deploymentId = await deploy();
    await t.snap(`get-deployments-${i}`, t.client.send(new AG.GetDeploymentsCommand({ restApiId: apiId })));
    await t.snap(`get-stages-${i}`, t.client.send(new AG.GetStagesCommand({ restApiId: apiId })));
  }
}
