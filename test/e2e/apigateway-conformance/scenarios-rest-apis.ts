// Replays of LocalStack's TestApiGatewayApiRestApi and TestApiGatewayApiResource
// (test_apigateway_api.py), whose AWS answers test_apigateway_api.snapshot.json recorded.
// Inputs follow those tests; where a test is absent from the source we read, they are
// reconstructed from what its recorded answers show.
import * as AG from "@aws-sdk/client-api-gateway";
import type { ScenarioTable } from "./scenario.js";

const byPath = (r: { path?: string }) => r.path ?? "";
const name = () => `test-api-${Math.random().toString(36).slice(2, 10)}`;

export const restApiScenarios: ScenarioTable = {
  "TestApiGatewayApiRestApi::test_list_and_delete_apis": async (t) => {
    const a = await t.snap("create-rest-api-1", t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "this is my api" })));
    await t.snap("create-rest-api-2", t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "this is my api2" })));
    await t.snap("get-rest-api-before-delete", t.client.send(new AG.GetRestApisCommand({})), { sortItemsBy: (i) => i.createdDate?.getTime?.() ?? 0 });
    await t.snap("delete-rest-api", t.client.send(new AG.DeleteRestApiCommand({ restApiId: a?.id })));
    await t.snap("get-rest-api-after-delete", t.client.send(new AG.GetRestApisCommand({})));
  },

  "TestApiGatewayApiRestApi::test_get_api_case_insensitive": async (t) => {
    const api = await t.snap("create-rest-api", t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "lower case api" })));
    await t.snap("get-api-upper-case", t.client.send(new AG.GetRestApiCommand({ restApiId: api?.id?.toUpperCase() })));
  },

  "TestApiGatewayApiRestApi::test_create_rest_api_with_optional_params": async (t) => {
    await t.snap("create-only-name", t.client.send(new AG.CreateRestApiCommand({ name: name() })));
    await t.snap("create-empty-desc", t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "" })));
    await t.snap("create-with-version", t.client.send(new AG.CreateRestApiCommand({ name: name(), version: "v1" })));
    await t.snap("create-with-empty-binary-media", t.client.send(new AG.CreateRestApiCommand({ name: name(), binaryMediaTypes: [] })));
    await t.snap("string-compression-size", t.client.send(new AG.CreateRestApiCommand({ name: name(), minimumCompressionSize: -1 })));
  },

  "TestApiGatewayApiRestApi::test_create_rest_api_with_binary_media_types": async (t) => {
    await t.snap("create-with-binary-media", t.client.send(new AG.CreateRestApiCommand({ name: name(), binaryMediaTypes: ["image/png"] })));
  },

  "TestApiGatewayApiRestApi::test_create_rest_api_with_tags": async (t) => {
    const api = await t.snap("create-rest-api-w-tags", t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "this is my api", tags: { MY_TAG1: "MY_VALUE1" } })));
    await t.snap("get-rest-api-w-tags", t.client.send(new AG.GetRestApiCommand({ restApiId: api?.id })));
    await t.snap("get-rest-apis-w-tags", t.client.send(new AG.GetRestApisCommand({})));
  },

  "TestApiGatewayApiRestApi::test_update_rest_api_operation_add_remove": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "this is my api" }));
    const patch = (ops: AG.PatchOperation[]) => t.client.send(new AG.UpdateRestApiCommand({ restApiId: api.id, patchOperations: ops }));
    await t.snap("update-rest-api-add", patch([{ op: "add", path: "/binaryMediaTypes/image~1png" }, { op: "add", path: "/binaryMediaTypes/image~1jpeg" }]));
    await t.snap("update-rest-api-replace", patch([{ op: "replace", path: "/binaryMediaTypes/image~1png", value: "image/gif" }]));
    await t.snap("update-rest-api-remove", patch([{ op: "remove", path: "/binaryMediaTypes/image~1gif" }, { op: "remove", path: "/description" }]));
  },

  "TestApiGatewayApiRestApi::test_update_rest_api_compression": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "this is my api" }));
    const patch = (op: AG.Op, value: string) =>
      t.client.send(new AG.UpdateRestApiCommand({ restApiId: api.id, patchOperations: [{ op, path: "/minimumCompressionSize", value }] }));
    await t.snap("enable-compression", patch("replace", "10"));
    await t.snap("disable-compression", patch("replace", ""));
    await t.snap("set-compression-zero", patch("replace", "0"));
    await t.snap("set-negative-compression", patch("replace", "-1"));
    await t.snap("set-string-compression", patch("replace", "test"));
    await t.snap("unsupported-operation", patch("add", "10"));
  },

  "TestApiGatewayApiRestApi::test_update_rest_api_behaviour": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "this is my api" }));
    const patch = (op: AG.PatchOperation) => t.client.send(new AG.UpdateRestApiCommand({ restApiId: api.id, patchOperations: [op] }));
    await t.snap("update-rest-api-array", patch({ op: "add", path: "/binaryMediaTypes/-", value: "image/png" }));
    await t.snap("update-rest-api-add-base-path", patch({ op: "add", path: "/binaryMediaTypes", value: "image/gif" }));
    await t.snap("update-rest-api-replace-base-path", patch({ op: "replace", path: "/binaryMediaTypes", value: "image/gif" }));
    await t.snap("update-rest-api-remove-base-path", patch({ op: "remove", path: "/binaryMediaTypes" }));
  },

  "TestApiGatewayApiRestApi::test_update_rest_api_invalid_api_id": async (t) => {
    await t.snap(
      "not-found-update-rest-api",
      t.client.send(new AG.UpdateRestApiCommand({ restApiId: "api_id", patchOperations: [{ op: "replace", path: "/apiKeySource", value: "AUTHORIZER" }] })),
    );
  },

  "TestApiGatewayApiRestApi::test_create_rest_api_with_endpoint_configuration": async (t) => {
    const create = (endpointConfiguration: object, extra: object = {}) =>
      t.client.send(new AG.CreateRestApiCommand({ name: name(), endpointConfiguration: endpointConfiguration as AG.EndpointConfiguration, ...extra }));
    await t.snap("create-with-empty-types", create({ types: [] }));
    await t.snap("create-with-invalid-ip-address-type", create({ types: ["EDGE"], ipAddressType: "wrong" }));
    await t.snap("create-with-invalid-types", create({ types: ["wrong"] }));
    await t.snap("create-with-invalid-ip-address-type-and-types", create({ ipAddressType: "wrong", types: ["wrong"] }));
    await t.snap("create-with-invalid-types-and-ip-address-type", create({ types: ["wrong"], ipAddressType: "wrong" }));
    await t.snap("create-with-multiple-errors-1", create({ types: ["wrong"], ipAddressType: "wrong" }, { description: "" }));
    await t.snap("create-with-multiple-errors-2", create({ types: ["EDGE", "REGIONAL"] }, { description: "" }));
    await t.snap("create-with-two-types", create({ types: ["EDGE", "REGIONAL"] }));
    await t.snap("create-with-endpoint-config-dualstack", create({ types: ["EDGE"], ipAddressType: "dualstack" }));
    await t.snap("create-with-endpoint-config-regional", create({ types: ["REGIONAL"] }));
  },

  "TestApiGatewayApiRestApi::test_create_rest_api_private_type": async (t) => {
    const create = (ipAddressType: string, extra: object = {}) =>
      t.client.send(new AG.CreateRestApiCommand({ name: name(), endpointConfiguration: { types: ["PRIVATE"], ipAddressType: ipAddressType as AG.IpAddressType }, ...extra }));
    await t.snap("create-with-private-type-and-ipv4-ip-address-type", create("ipv4"));
    await t.snap("create-with-private-type-and-wrong-ip-address-type", create("wrong"));
    await t.snap("create-with-private-type-and-ipv4-ip-address-type-and-empty-description", create("ipv4", { description: "" }));
  },

  "TestApiGatewayApiRestApi::test_create_rest_api_verify_defaults": async (t) => {
    const create = (endpointConfiguration: object) =>
      t.client.send(new AG.CreateRestApiCommand({ name: name(), endpointConfiguration: endpointConfiguration as AG.EndpointConfiguration }));
    await t.snap("create-with-edge-default", create({ types: ["EDGE"] }));
    await t.snap("create-with-regional-default", create({ types: ["REGIONAL"] }));
    await t.snap("create-with-private-default", create({ types: ["PRIVATE"] }));
    await t.snap("create-with-empty-default", create({}));
    await t.snap("create-with-empty-ip-address-type-and-wrong-type", create({ types: ["wrong"] }));
  },

  "TestApiGatewayApiRestApi::test_update_rest_api_ip_address_type": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name() }));
    const patch = (op: AG.PatchOperation) => t.client.send(new AG.UpdateRestApiCommand({ restApiId: api.id, patchOperations: [op] }));
    await t.snap("update-rest-api-replace-type", patch({ op: "replace", path: "/endpointConfiguration/types/EDGE", value: "PRIVATE" }));
    await t.snap("update-rest-api-replace-to-ipv4-within-private-type", patch({ op: "replace", path: "/endpointConfiguration/ipAddressType", value: "ipv4" }));
    await t.snap("update-rest-api-wrong-ipAddressType", patch({ op: "replace", path: "/endpointConfiguration/ipAddressType", value: "wrong" }));
    await t.snap("update-rest-api-wrong-type", patch({ op: "replace", path: "/endpointConfiguration/types/PRIVATE", value: "wrong" }));
    await t.snap("update-rest-api-invalid-operation-on-ipAddressType", patch({ op: "add", path: "/endpointConfiguration/ipAddressType", value: "dualstack" }));
    await t.snap("update-rest-api-invalid-operation-on-type", patch({ op: "copy", path: "/endpointConfiguration/types/PRIVATE", value: "EDGE" }));
    await t.snap("update-rest-api-replace-ip-address-type", patch({ op: "replace", path: "/endpointConfiguration/ipAddressType", value: "dualstack" }));
  },

  "TestApiGatewayApiRestApi::test_update_rest_api_concatenation_of_errors": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name() }));
    const wrong = (path: string) => ({ op: "wrong" as AG.Op, path, value: "x" });
    const patch = (ops: AG.PatchOperation[]) => t.client.send(new AG.UpdateRestApiCommand({ restApiId: api.id, patchOperations: ops }));
    const ip = "/endpointConfiguration/ipAddressType";
    const type = "/endpointConfiguration/types/EDGE";
    await t.snap("update-rest-api-wrong-operations-on-ipAddressType", patch([wrong(ip), wrong(ip)]));
    await t.snap("update-rest-api-wrong-operations-on-type", patch([wrong(type), wrong(type)]));
    await t.snap("update-rest-api-wrong-operations-on-type-and-on-ip-address-type", patch([wrong(type), wrong(ip), wrong(type)]));
  },

  "TestApiGatewayApiResource::test_resource_lifecycle": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "testing resource lifecycle" }));
    const root = await t.snap("rest-api-root-resource", t.client.send(new AG.GetResourcesCommand({ restApiId: api.id })), { sortItemsBy: byPath });
    const rootId = root?.items?.[0]?.id;
    const pets = await t.snap("create-resource", t.client.send(new AG.CreateResourceCommand({ restApiId: api.id, parentId: rootId, pathPart: "pets" })));
    await t.snap("rest-api-resources-after-create", t.client.send(new AG.GetResourcesCommand({ restApiId: api.id })), { sortItemsBy: byPath });
    await t.snap("create-subresource", t.client.send(new AG.CreateResourceCommand({ restApiId: api.id, parentId: pets?.id, pathPart: "subpets" })));
    await t.snap("rest-api-resources-after-create-sub", t.client.send(new AG.GetResourcesCommand({ restApiId: api.id })), { sortItemsBy: byPath });
    await t.snap(
      "update-path-part",
      t.client.send(new AG.UpdateResourceCommand({ restApiId: api.id, resourceId: pets?.id, patchOperations: [{ op: "replace", path: "/pathPart", value: "dogs" }] })),
    );
    await t.snap("get-resp-after-update-path-part", t.client.send(new AG.GetResourceCommand({ restApiId: api.id, resourceId: pets?.id })));
    await t.snap("del-resource", t.client.send(new AG.DeleteResourceCommand({ restApiId: api.id, resourceId: pets?.id })));
    await t.snap("rest-api-resources-after-delete", t.client.send(new AG.GetResourcesCommand({ restApiId: api.id })), { sortItemsBy: byPath });
  },

  "TestApiGatewayApiResource::test_update_resource_behaviour": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "testing resource behaviour" }));
    const rootId = (await t.client.send(new AG.GetResourcesCommand({ restApiId: api.id }))).items![0]!.id;
    const pets = await t.client.send(new AG.CreateResourceCommand({ restApiId: api.id, parentId: rootId, pathPart: "pets" }));
    const update = (resourceId: string | undefined, op: AG.PatchOperation) =>
      t.client.send(new AG.UpdateResourceCommand({ restApiId: api.id, resourceId, patchOperations: [op] }));
    await t.snap("nonexistent-resource", update("fake-resource", { op: "replace", path: "/pathPart", value: "dogs" }));
    await t.snap("invalid-path-part", update(pets.id, { op: "replace", path: "/invalid", value: "dogs" }));
    await t.snap("invalid-parent-id", update(pets.id, { op: "replace", path: "/parentId", value: "fake-parent-id" }));
    const sub = await t.snap("create-subresource", t.client.send(new AG.CreateResourceCommand({ restApiId: api.id, parentId: pets.id, pathPart: "subpets" })));
    const child = await t.snap("create-subresource-child", t.client.send(new AG.CreateResourceCommand({ restApiId: api.id, parentId: sub?.id, pathPart: "pets" })));
    await t.snap("existing-future-sibling-path", update(child?.id, { op: "replace", path: "/parentId", value: rootId }));
    await t.client.send(new AG.DeleteResourceCommand({ restApiId: api.id, resourceId: child?.id }));
    await t.snap("update-parent-id-to-subresource-id", update(pets.id, { op: "replace", path: "/parentId", value: sub?.id }));
    await t.snap("update-parent-id-to-root-id", update(sub?.id, { op: "replace", path: "/parentId", value: rootId }));
    await t.snap("update-path-already-exists", update(sub?.id, { op: "replace", path: "/pathPart", value: "pets" }));
    await t.client.send(new AG.DeleteResourceCommand({ restApiId: api.id, resourceId: pets.id }));
    await t.snap("resources-after-deletion", t.client.send(new AG.GetResourcesCommand({ restApiId: api.id })), { sortItemsBy: byPath });
    await t.snap("remove-unsupported", update(sub?.id, { op: "remove", path: "/pathPart" }));
    await t.snap("add-unsupported", update(sub?.id, { op: "add", path: "/pathPart", value: "added-pets" }));
  },

  "TestApiGatewayApiResource::test_delete_resource": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "testing resource behaviour" }));
    const rootId = (await t.client.send(new AG.GetResourcesCommand({ restApiId: api.id }))).items![0]!.id;
    const pets = await t.client.send(new AG.CreateResourceCommand({ restApiId: api.id, parentId: rootId, pathPart: "pets" }));
    const sub = await t.client.send(new AG.CreateResourceCommand({ restApiId: api.id, parentId: pets.id, pathPart: "subpets" }));
    await t.snap("delete-resource", t.client.send(new AG.DeleteResourceCommand({ restApiId: api.id, resourceId: pets.id })));
    await t.snap("get-resources", t.client.send(new AG.GetResourcesCommand({ restApiId: api.id })));
    await t.snap("delete-subresource", t.client.send(new AG.DeleteResourceCommand({ restApiId: api.id, resourceId: sub.id })));
  },

  "TestApiGatewayApiResource::test_create_resource_parent_invalid": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "testing resource parent" }));
    await t.snap("wrong-resource-parent-id", t.client.send(new AG.CreateResourceCommand({ restApiId: api.id, parentId: "fake-resource-id", pathPart: "subpets" })));
  },

  "TestApiGatewayApiResource::test_create_proxy_resource": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "testing resource proxy" }));
    const rootId = (await t.client.send(new AG.GetResourcesCommand({ restApiId: api.id }))).items![0]!.id;
    const create = (parentId: string | undefined, pathPart: string) => t.client.send(new AG.CreateResourceCommand({ restApiId: api.id, parentId, pathPart }));
    await t.snap("create-base-proxy-resource", create(rootId, "{proxy+}"));
    const parent = await create(rootId, "parent");
    t.value("create-proxy-sibling-resource", parent.id);
    const proxyChild = await t.snap("create-proxy-sibling-proxy-child-resource", create(parent.id, "{proxy+}"));
    const child = await t.snap("create-proxy-sibling-static-child-resource", create(parent.id, "child"));
    await t.snap("create-static-child-proxy-resource", create(child?.id, "{proxy+}"));
    await t.snap("all-resources", t.client.send(new AG.GetResourcesCommand({ restApiId: api.id })), { sortItemsBy: byPath });
    await t.client.send(new AG.DeleteResourceCommand({ restApiId: api.id, resourceId: proxyChild?.id }));
    const dynamic = await t.snap("create-proxy-sibling-dynamic-child-resource", create(parent.id, "{child}"));
    await t.snap("create-dynamic-child-proxy-resource", create(dynamic?.id, "{proxy+}"));
    await t.snap("all-resources-2", t.client.send(new AG.GetResourcesCommand({ restApiId: api.id })), { sortItemsBy: byPath });
  },

  "TestApiGatewayApiResource::test_create_proxy_resource_validation": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "testing resource proxy" }));
    const rootId = (await t.client.send(new AG.GetResourcesCommand({ restApiId: api.id }))).items![0]!.id;
    const create = (parentId: string | undefined, pathPart: string) => t.client.send(new AG.CreateResourceCommand({ restApiId: api.id, parentId, pathPart }));
    const proxy = await t.snap("create-base-proxy-resource", create(rootId, "{proxy+}"));
    await t.snap("create-proxy-dynamic-sibling-resource", create(rootId, "{dynamic}"));
    await t.snap("create-proxy-static-child-resource", create(proxy?.id, "child"));
    await t.snap("create-proxy-dynamic-child-resource", create(proxy?.id, "{child}"));
    const parent = await create(rootId, "parent");
    await t.snap("create-greedy-child-resource", create(parent.id, "{child+}"));
  },

  "TestApiGatewayApiResource::test_update_resource_on_root": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name() }));
    const update = (op: AG.PatchOperation) => t.client.send(new AG.UpdateResourceCommand({ restApiId: api.id, resourceId: api.rootResourceId, patchOperations: [op] }));
    await t.snap("update-root-path-part", update({ op: "replace", path: "/pathPart", value: "root" }));
    const other = await t.client.send(new AG.CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: "other" }));
    await t.snap("update-root-parent", update({ op: "replace", path: "/parentId", value: other.id }));
  },
};
