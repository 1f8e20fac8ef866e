// RestApi operations against the provider, with AWS's recorded answers as the expectation
// (test_apigateway_api.snapshot.json, TestApiGatewayApiRestApi).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ACCOUNT, newApi, rejects, startHarness, type Harness } from "./harness.js";

describe("API Gateway RestApis", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it("creates an API with AWS's defaults and a root resource", async () => {
    const api = await h.call("CreateRestApi", { name: "pets", description: "this is my api" });
    assert.match(api.id, /^[a-z0-9]{10}$/);
    assert.match(api.rootResourceId, /^[a-z0-9]{10}$/);
    assert.deepEqual(
      { ...api, id: "x", rootResourceId: "r", createdDate: "d" },
      {
        id: "x",
        name: "pets",
        description: "this is my api",
        createdDate: "d",
        apiKeySource: "HEADER",
        endpointConfiguration: { types: ["EDGE"], ipAddressType: "ipv4" },
        disableExecuteApiEndpoint: false,
        rootResourceId: "r",
      },
    );
    assert.ok(api.createdDate instanceof Date);
    const resources = await h.call("GetResources", { restApiId: api.id });
    assert.deepEqual(resources.items, [{ id: api.rootResourceId, path: "/" }]);
  });

  it("shows tags on GetRestApi always, on create and list only when set", async () => {
    const plain = await h.call("CreateRestApi", { name: "plain" });
    assert.equal("tags" in plain, false);
    assert.deepEqual((await h.call("GetRestApi", { restApiId: plain.id })).tags, {});
    const tagged = await h.call("CreateRestApi", { name: "tagged", tags: { MY_TAG1: "MY_VALUE1" } });
    assert.deepEqual(tagged.tags, { MY_TAG1: "MY_VALUE1" });
    const listed = (await h.call("GetRestApis", {})).items;
    assert.equal("tags" in listed.find((a: { id: string }) => a.id === plain.id), false);
    assert.deepEqual(listed.find((a: { id: string }) => a.id === tagged.id).tags, { MY_TAG1: "MY_VALUE1" });
  });

  it("validates creation as AWS does", async () => {
    await rejects(h.call("CreateRestApi", { name: "x", description: "" }), "BadRequestException", "Description cannot be an empty string");
    await rejects(
      h.call("CreateRestApi", { name: "x", minimumCompressionSize: -1 }),
      "BadRequestException",
      "Invalid minimum compression size, must be between 0 and 10485760",
    );
    await rejects(
      h.call("CreateRestApi", { name: "x", endpointConfiguration: { types: [] } }),
      "BadRequestException",
      "REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.",
    );
    await rejects(
      h.call("CreateRestApi", { name: "x", endpointConfiguration: { types: ["EDGE", "REGIONAL"] } }),
      "BadRequestException",
      "Cannot create an api with multiple Endpoint Types.",
    );
    await rejects(
      h.call("CreateRestApi", { name: "x", endpointConfiguration: { types: ["PRIVATE"], ipAddressType: "ipv4" } }),
      "BadRequestException",
      "Only dualstack ipAddressType is supported for Private APIs.",
    );
    await rejects(
      h.call("CreateRestApi", { name: "x", endpointConfiguration: { types: ["wrong"], ipAddressType: "wrong" } }),
      "ValidationException",
      "2 validation errors detected: Value '[wrong]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [PRIVATE, EDGE, REGIONAL]]; Value 'wrong' at 'createRestApiInput.endpointConfiguration.ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]",
    );
  });

  it("defaults the IP address type by endpoint type", async () => {
    const privateApi = await h.call("CreateRestApi", { name: "p", endpointConfiguration: { types: ["PRIVATE"] } });
    assert.deepEqual(privateApi.endpointConfiguration, { types: ["PRIVATE"], ipAddressType: "dualstack" });
    const regional = await h.call("CreateRestApi", { name: "r", endpointConfiguration: { types: ["REGIONAL"] } });
    assert.deepEqual(regional.endpointConfiguration, { types: ["REGIONAL"], ipAddressType: "ipv4" });
  });

  it("patches binaryMediaTypes as a map keyed by media type", async () => {
    const { apiId } = await newApi(h);
    const patch = (ops: object[]) => h.call("UpdateRestApi", { restApiId: apiId, patchOperations: ops });
    let api = await patch([
      { op: "add", path: "/binaryMediaTypes/image~1png" },
      { op: "add", path: "/binaryMediaTypes/image~1jpeg" },
    ]);
    assert.deepEqual(api.binaryMediaTypes, ["image/png", "image/jpeg"]);
    api = await patch([{ op: "replace", path: "/binaryMediaTypes/image~1png", value: "image/gif" }]);
    assert.deepEqual(api.binaryMediaTypes, ["image/jpeg", "image/gif"]);
    api = await patch([{ op: "remove", path: "/binaryMediaTypes/image~1gif" }, { op: "remove", path: "/description" }]);
    assert.deepEqual(api.binaryMediaTypes, ["image/jpeg"]);
    assert.deepEqual(api.tags, {});
    await rejects(patch([{ op: "add", path: "/binaryMediaTypes", value: "image/gif" }]), "BadRequestException", "Invalid patch path /binaryMediaTypes");
  });

  it("patches minimumCompressionSize with replace only", async () => {
    const { apiId } = await newApi(h);
    const patch = (ops: object[]) => h.call("UpdateRestApi", { restApiId: apiId, patchOperations: ops });
    assert.equal((await patch([{ op: "replace", path: "/minimumCompressionSize", value: "10" }])).minimumCompressionSize, 10);
    assert.equal("minimumCompressionSize" in (await patch([{ op: "replace", path: "/minimumCompressionSize", value: "" }])), false);
    assert.equal((await patch([{ op: "replace", path: "/minimumCompressionSize", value: "0" }])).minimumCompressionSize, 0);
    const invalid = "Invalid minimum compression size, must be between 0 and 10485760";
    await rejects(patch([{ op: "replace", path: "/minimumCompressionSize", value: "-1" }]), "BadRequestException", invalid);
    await rejects(patch([{ op: "replace", path: "/minimumCompressionSize", value: "test" }]), "BadRequestException", invalid);
    await rejects(
      patch([{ op: "add", path: "/minimumCompressionSize", value: "10" }]),
      "BadRequestException",
      "Invalid patch operation specified. Must be one of: [replace]",
    );
  });

  it("switches endpoint types and keeps private APIs on dualstack", async () => {
    const { apiId } = await newApi(h);
    const patch = (ops: object[]) => h.call("UpdateRestApi", { restApiId: apiId, patchOperations: ops });
    const api = await patch([{ op: "replace", path: "/endpointConfiguration/types/EDGE", value: "PRIVATE" }]);
    assert.deepEqual(api.endpointConfiguration, { types: ["PRIVATE"], ipAddressType: "dualstack" });
    await rejects(
      patch([{ op: "replace", path: "/endpointConfiguration/ipAddressType", value: "ipv4" }]),
      "BadRequestException",
      "Only dualstack ipAddressType is supported for Private APIs.",
    );
    await rejects(
      patch([{ op: "replace", path: "/endpointConfiguration/ipAddressType", value: "wrong" }]),
      "BadRequestException",
      "ipAddressType must be either ipv4 or dualstack.",
    );
    await rejects(
      patch([{ op: "replace", path: "/endpointConfiguration/types/PRIVATE", value: "wrong" }]),
      "BadRequestException",
      "Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE",
    );
    await rejects(
      patch([{ op: "copy", path: "/endpointConfiguration/types/PRIVATE", from: "/x" }]),
      "BadRequestException",
      "Invalid patch operation specified. Must be 'add'|'remove'|'replace'",
    );
  });

  it("reports patch op enum violations with AWS's member paths and order", async () => {
    const { apiId } = await newApi(h);
    await rejects(
      h.call("UpdateRestApi", {
        restApiId: apiId,
        patchOperations: [
          { op: "wrong", path: "/endpointConfiguration/ipAddressType", value: "dualstack" },
          { op: "wrong", path: "/endpointConfiguration/types/EDGE", value: "REGIONAL" },
        ],
      }),
      "ValidationException",
      "2 validation errors detected: Value 'wrong' at 'updateRestApiInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]; Value 'wrong' at 'updateRestApiInput.patchOperations.2.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]",
    );
  });

  it("answers a missing API with the account in the message", async () => {
    await rejects(h.call("GetRestApi", { restApiId: "api_id" }), "NotFoundException", `Invalid API identifier specified ${ACCOUNT}:api_id`);
    await rejects(
      h.call("UpdateRestApi", { restApiId: "api_id", patchOperations: [{ op: "replace", path: "/apiKeySource", value: "AUTHORIZER" }] }),
      "NotFoundException",
      `Invalid API identifier specified ${ACCOUNT}:api_id`,
    );
  });

  it("deletes an API and lists the rest", async () => {
    const { apiId } = await newApi(h, "doomed");
    await h.call("DeleteRestApi", { restApiId: apiId });
    await rejects(h.call("DeleteRestApi", { restApiId: apiId }), "NotFoundException", `Invalid API identifier specified ${ACCOUNT}:${apiId}`);
    const ids = (await h.call("GetRestApis", { limit: 500 })).items.map((a: { id: string }) => a.id);
    assert.equal(ids.includes(apiId), false);
  });

  it("pages GetRestApis with position and limit", async () => {
    const before = (await h.call("GetRestApis", { limit: 500 })).items.length;
    for (let i = 0; i < 3; i++) await newApi(h, `page-${i}`);
    const seen: string[] = [];
    let position: string | undefined;
    do {
      const page = await h.call("GetRestApis", { limit: 2, ...(position ? { position } : {}) });
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((a: { id: string }) => a.id));
      position = page.position;
    } while (position);
    assert.equal(seen.length, before + 3);
    assert.equal(new Set(seen).size, seen.length);
  });

  it("keeps each account and region apart", async () => {
    const { apiId } = await newApi(h, "mine");
    await rejects(h.call("GetRestApi", { restApiId: apiId }, { region: "eu-west-1" }), "NotFoundException", /Invalid API identifier/);
    await rejects(h.call("GetRestApi", { restApiId: apiId }, { accountId: "210987654321" }), "NotFoundException", "Invalid API identifier specified 210987654321:" + apiId);
  });
});
