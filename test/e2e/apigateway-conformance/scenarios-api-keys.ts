// Replays of LocalStack's TestApigatewayApiKeysCrud (test_apigateway_extended.py), recorded in
// test_apigateway_extended.snapshot.json. Tests absent from the source we read are
// reconstructed from their recorded answers.
import * as AG from "@aws-sdk/client-api-gateway";
import type { ScenarioTable } from "./scenario.js";

const keyName = () => `test-key-${Math.random().toString(36).slice(2, 10)}`;

export const apiKeyScenarios: ScenarioTable = {
  "TestApigatewayApiKeysCrud::test_get_api_keys": async (t) => {
    const name1 = keyName();
    const name2 = keyName();
    await t.snap("get-api-keys", t.client.send(new AG.GetApiKeysCommand({})));
    await t.snap("create-api-key", t.client.send(new AG.CreateApiKeyCommand({ name: name1 })));
    await t.snap("get-api-keys-after-create-1", t.client.send(new AG.GetApiKeysCommand({})));
    const query = (nameQuery: string) => t.client.send(new AG.GetApiKeysCommand({ nameQuery }));
    await t.snap("get-api-keys-wrong-name-query", query(name2));
    await t.snap("get-api-keys-prefix-name-query", query(name1.slice(0, 8)));
    await t.snap("get-api-keys-prefix-name-query-cased", query(name1.slice(0, 8).toUpperCase()));
    await t.snap("get-api-keys-postfix-name-query", query(name1.slice(2)));
    await t.snap("get-api-keys-infix-name-query", query(name1.slice(2, 8)));
    await t.snap("create-api-key-2", t.client.send(new AG.CreateApiKeyCommand({ name: name2 })));
    await t.snap("get-api-keys-after-create-2", t.client.send(new AG.GetApiKeysCommand({})));
    await t.snap("get-api-keys-name-query", query(name2));
    await t.snap("get-api-keys-prefix-name-query-2", query(name1.slice(0, 8)));
    const page = await t.snap("get-apis-keys-pagination", t.client.send(new AG.GetApiKeysCommand({ limit: 1 })));
    await t.snap("get-apis-keys-pagination-2", t.client.send(new AG.GetApiKeysCommand({ limit: 1, position: page?.position })));
  },

  "TestApigatewayApiKeysCrud::test_get_usage_plan_api_keys": async (t) => {
    const name1 = keyName();
    const name2 = keyName();
    await t.snap("get-api-keys", t.client.send(new AG.GetApiKeysCommand({})));
    const key1 = await t.snap("create-api-key", t.client.send(new AG.CreateApiKeyCommand({ name: name1 })));
    const key2 = (await t.snap("create-api-key-2", t.client.send(new AG.CreateApiKeyCommand({ name: name2 }))))!;
    await t.snap("get-api-keys-after-create-1", t.client.send(new AG.GetApiKeysCommand({})));
    const plan = await t.snap("create-usage-plan", t.client.send(new AG.CreateUsagePlanCommand({ name: `usage-plan-${Math.random().toString(36).slice(2, 8)}` })));
    const keys = (nameQuery?: string, usagePlanId = plan?.id) => t.client.send(new AG.GetUsagePlanKeysCommand({ usagePlanId, ...(nameQuery ? { nameQuery } : {}) }));
    await t.snap("get-up-keys-before-create", keys());
    await t.snap("create-up-key", t.client.send(new AG.CreateUsagePlanKeyCommand({ usagePlanId: plan?.id, keyId: key1?.id, keyType: "API_KEY" })));
    await t.snap("create-up-key-2", t.client.send(new AG.CreateUsagePlanKeyCommand({ usagePlanId: plan?.id, keyId: key2.id, keyType: "API_KEY" })));
    await t.snap("get-up-keys", keys());
    await t.snap("get-up-keys-name-query", keys("test-key"));
    await t.snap("get-up-keys-name-query-cased", keys("TEST-key"));
    await t.snap("get-up-keys-name-query-key-name", keys(name1));
    await t.snap("get-up-keys-bad-query", keys("nothing"));
    await t.client.send(new AG.DeleteApiKeyCommand({ apiKey: key1?.id }));
    await t.client.send(new AG.DeleteApiKeyCommand({ apiKey: key2.id }));
    await t.snap("get-up-keys-after-delete", keys());
    await t.snap("get-up-keys-bad-usage-plan", keys(undefined, "bad-id"));
  },

  "TestApigatewayApiKeysCrud::test_negative_get_usage_plan_api_keys": async (t) => {
    await t.snap("get-api-keys-invalid-limit", t.client.send(new AG.GetApiKeysCommand({ limit: 0 })));
    const key = await t.snap("create-api-key", t.client.send(new AG.CreateApiKeyCommand({ name: keyName() })));
    await t.snap("update-api-key-name", t.client.send(new AG.UpdateApiKeyCommand({ apiKey: key?.id, patchOperations: [{ op: "replace", path: "/name", value: keyName() }] })));
  },

  "TestApigatewayApiKeysCrud::test_create_api_key_with_invalid_name": async (t) => {
    await t.snap("create-api-key-name-too-long", t.client.send(new AG.CreateApiKeyCommand({ name: "a".repeat(1025) })));
    await t.snap("create-api-key-empty-name", t.client.send(new AG.CreateApiKeyCommand({ name: "" })));
    await t.snap("create-api-key-no-name", t.client.send(new AG.CreateApiKeyCommand({})));
  },

  "TestApigatewayApiKeysCrud::test_create_api_key_with_invalid_value": async (t) => {
    await t.snap("create-api-key-short-value", t.client.send(new AG.CreateApiKeyCommand({ value: "short" })));
    await t.snap("create-api-key-invalid-value-too-long", t.client.send(new AG.CreateApiKeyCommand({ value: "v".repeat(129) })));
    await t.snap("create-api-key-empty-value", t.client.send(new AG.CreateApiKeyCommand({ value: "" })));
  },

  "TestApigatewayApiKeysCrud::test_update_api_key_invalid_description_length": async (t) => {
    await t.snap("create-api-key-description-too-long", t.client.send(new AG.CreateApiKeyCommand({ name: keyName(), description: "d".repeat(126) })));
    const key = await t.client.send(new AG.CreateApiKeyCommand({ name: keyName() }));
    await t.snap(
      "update-api-key-description-too-long",
      t.client.send(new AG.UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: "replace", path: "/description", value: "d".repeat(126) }] })),
    );
  },

  "TestApigatewayApiKeysCrud::test_update_api_key_invalid_enabled_type": async (t) => {
    const key = await t.client.send(new AG.CreateApiKeyCommand({}));
    await t.snap(
      "update-api-key-invalid-enabled-type",
      t.client.send(new AG.UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: "replace", path: "/enabled", value: "invalid" }] })),
    );
  },

  "TestApigatewayApiKeysCrud::test_update_api_key_immutable_field": async (t) => {
    const key = await t.client.send(new AG.CreateApiKeyCommand({ name: keyName() }));
    await t.snap(
      "update-api-key-immutable-field",
      t.client.send(new AG.UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: "replace", path: "/id", value: "new-id" }] })),
    );
  },

  "TestApigatewayApiKeysCrud::test_create_usage_plan_with_throttle": async (t) => {
    await t.snap(
      "create-usage-plan-burst-gt-rate",
      t.client.send(new AG.CreateUsagePlanCommand({ name: `usage-plan-${Math.random().toString(36).slice(2, 8)}`, throttle: { burstLimit: 20, rateLimit: 10 } })),
    );
  },
};
