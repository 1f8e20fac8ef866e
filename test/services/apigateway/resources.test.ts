// Resources: the tree, path parts, and AWS's recorded refusals (TestApiGatewayApiResource).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { newApi, rejects, startHarness, type Harness } from "./harness.js";

describe("API Gateway Resources", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  const create = (apiId: string, parentId: string, pathPart: string) => h.call("CreateResource", { restApiId: apiId, parentId, pathPart });
  const update = (apiId: string, resourceId: string, ops: object[]) => h.call("UpdateResource", { restApiId: apiId, resourceId, patchOperations: ops });
  const paths = async (apiId: string) => (await h.call("GetResources", { restApiId: apiId, limit: 500 })).items.map((r: { path: string }) => r.path).sort();

  it("builds paths from the parent chain and renames subtrees", async () => {
    const { apiId, rootId } = await newApi(h);
    const pets = await create(apiId, rootId, "pets");
    assert.deepEqual(pets, { id: pets.id, parentId: rootId, pathPart: "pets", path: "/pets" });
    const sub = await create(apiId, pets.id, "subpets");
    assert.equal(sub.path, "/pets/subpets");
    const renamed = await update(apiId, pets.id, [{ op: "replace", path: "/pathPart", value: "dogs" }]);
    assert.equal(renamed.path, "/dogs");
    assert.deepEqual(await paths(apiId), ["/", "/dogs", "/dogs/subpets"]);
    await h.call("DeleteResource", { restApiId: apiId, resourceId: pets.id });
    assert.deepEqual(await paths(apiId), ["/"]);
    await rejects(h.call("DeleteResource", { restApiId: apiId, resourceId: sub.id }), "NotFoundException", "Invalid Resource identifier specified");
  });

  it("refuses duplicate names, cycles and bad patches with AWS's words", async () => {
    const { apiId, rootId } = await newApi(h);
    const pets = await create(apiId, rootId, "pets");
    await rejects(update(apiId, "fake", [{ op: "replace", path: "/pathPart", value: "x" }]), "NotFoundException", "Invalid Resource identifier specified");
    await rejects(
      update(apiId, pets.id, [{ op: "replace", path: "/invalid", value: "dogs" }]),
      "BadRequestException",
      "Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [/parentId, /pathPart]",
    );
    await rejects(update(apiId, pets.id, [{ op: "replace", path: "/parentId", value: "fake" }]), "NotFoundException", "Invalid Resource identifier specified");
    const sub = await create(apiId, pets.id, "subpets");
    const child = await create(apiId, sub.id, "pets");
    await rejects(
      update(apiId, child.id, [{ op: "replace", path: "/parentId", value: rootId }]),
      "ConflictException",
      "Another resource with the same parent already has this name: pets",
    );
    await rejects(update(apiId, pets.id, [{ op: "replace", path: "/parentId", value: sub.id }]), "BadRequestException", "Resources cannot be cyclical.");
    await h.call("DeleteResource", { restApiId: apiId, resourceId: child.id });
    const moved = await update(apiId, sub.id, [{ op: "replace", path: "/parentId", value: rootId }]);
    assert.deepEqual(moved, { id: sub.id, parentId: rootId, pathPart: "subpets", path: "/subpets" });
    await rejects(
      update(apiId, sub.id, [{ op: "remove", path: "/pathPart" }]),
      "BadRequestException",
      "Invalid patch path  '/pathPart' specified for op 'remove'. Please choose supported operations",
    );
    await rejects(update(apiId, rootId, [{ op: "replace", path: "/pathPart", value: "x" }]), "BadRequestException", "Root resource cannot update its pathPart.");
    await rejects(update(apiId, rootId, [{ op: "replace", path: "/parentId", value: sub.id }]), "BadRequestException", "Root resource cannot update its parentId.");
    await rejects(create(apiId, rootId, "pets"), "ConflictException", "Another resource with the same parent already has this name: pets");
    await rejects(create(apiId, "fake-resource-id", "subpets"), "NotFoundException", "Invalid Resource identifier specified");
  });

  it("allows one variable part per sibling set and no children under a greedy part", async () => {
    const { apiId, rootId } = await newApi(h);
    const proxy = await create(apiId, rootId, "{proxy+}");
    assert.equal(proxy.path, "/{proxy+}");
    await rejects(
      create(apiId, rootId, "{dynamic}"),
      "BadRequestException",
      "A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed",
    );
    await rejects(create(apiId, proxy.id, "child"), "BadRequestException", "Cannot create a child of a resource with a greedy path variable: {proxy+}");
    const parent = await create(apiId, rootId, "parent");
    assert.equal((await create(apiId, parent.id, "{child+}")).path, "/parent/{child+}");
    await rejects(create(apiId, rootId, "bad part"), "BadRequestException", /^Resource's path part only allow a-zA-Z0-9\._-/);
  });

  it("keeps every one of many parallel writes to one API (as Terraform sends them)", async () => {
    const { apiId, rootId } = await newApi(h);
    const parts = Array.from({ length: 30 }, (_, i) => `r${i}`);
    await Promise.all(parts.map((pathPart) => create(apiId, rootId, pathPart)));
    assert.equal((await paths(apiId)).length, 31);
  });

  it("embeds methods on request", async () => {
    const { apiId, rootId } = await newApi(h);
    await h.call("PutMethod", { restApiId: apiId, resourceId: rootId, httpMethod: "GET", authorizationType: "NONE" });
    const plain = await h.call("GetResources", { restApiId: apiId });
    assert.deepEqual(plain.items[0].resourceMethods, { GET: {} });
    const embedded = await h.call("GetResource", { restApiId: apiId, resourceId: rootId, embed: ["methods"] });
    assert.deepEqual(embedded.resourceMethods.GET, { httpMethod: "GET", authorizationType: "NONE", apiKeyRequired: false });
  });
});
