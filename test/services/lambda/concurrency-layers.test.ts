// Reserved and provisioned concurrency, account settings and layers through the provider.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ACCOUNT, call, createFunction, failure, makeZip, startHarness, type Harness } from "./harness.js";

const arn = (name: string, q?: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}${q ? `:${q}` : ""}`;

describe("Lambda concurrency", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ lambda: { accountConcurrency: 1000 } });
    await createFunction(h, "limited");
  });
  after(() => h.close());

  it("PutFunctionConcurrency sets, GetFunctionConcurrency reads, DeleteFunctionConcurrency clears", async () => {
    assert.deepEqual(await call(h, "GetFunctionConcurrency", { FunctionName: "limited" }), {});
    assert.deepEqual(await call(h, "PutFunctionConcurrency", { FunctionName: "limited", ReservedConcurrentExecutions: 0 }), { ReservedConcurrentExecutions: 0 });
    assert.deepEqual(await call(h, "GetFunctionConcurrency", { FunctionName: "limited" }), { ReservedConcurrentExecutions: 0 });
    await call(h, "DeleteFunctionConcurrency", { FunctionName: "limited" });
    assert.deepEqual(await call(h, "GetFunctionConcurrency", { FunctionName: "limited" }), {});
  });

  it("keeps 100 unreserved and refuses qualified names and missing functions as AWS does", async () => {
    const tooMuch = await failure(h, "PutFunctionConcurrency", { FunctionName: "limited", ReservedConcurrentExecutions: 901 });
    assert.equal(tooMuch.code, "InvalidParameterValueException");
    assert.equal(tooMuch.message, "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].");
    await call(h, "PutFunctionConcurrency", { FunctionName: "limited", ReservedConcurrentExecutions: 900 });
    const settings = await call(h, "GetAccountSettings");
    assert.equal(settings.AccountLimit.ConcurrentExecutions, 1000);
    assert.equal(settings.AccountLimit.UnreservedConcurrentExecutions, 100);
    await call(h, "DeleteFunctionConcurrency", { FunctionName: "limited" });
    const qualified = await failure(h, "PutFunctionConcurrency", { FunctionName: "limited:1", ReservedConcurrentExecutions: 1 });
    assert.match(qualified.message, /^This operation is permitted on Lambda functions only\./);
    const missing = await failure(h, "PutFunctionConcurrency", { FunctionName: "doesnotexist", ReservedConcurrentExecutions: 1 });
    assert.equal(missing.message, `Function not found: ${arn("doesnotexist", "$LATEST")}`);
  });

  it("provisioned concurrency goes IN_PROGRESS then READY once the executor has warmed the environments", async () => {
    await call(h, "PublishVersion", { FunctionName: "limited" });
    const put = await call(h, "PutProvisionedConcurrencyConfig", { FunctionName: "limited", Qualifier: "1", ProvisionedConcurrentExecutions: 2 });
    assert.equal(put.Status, "IN_PROGRESS");
    assert.equal(put.AllocatedProvisionedConcurrentExecutions, 0);
    assert.equal(put.RequestedProvisionedConcurrentExecutions, 2);
    await h.provider.settled();
    const got = await call(h, "GetProvisionedConcurrencyConfig", { FunctionName: "limited", Qualifier: "1" });
    assert.equal(got.Status, "READY");
    assert.equal(got.AvailableProvisionedConcurrentExecutions, 2);
    const warmed = h.executor.prewarmed.at(-1)!;
    assert.equal(warmed.count, 2);
    assert.equal(warmed.fn.version.version, "1");
    const list = await call(h, "ListProvisionedConcurrencyConfigs", { FunctionName: "limited" });
    assert.equal(list.ProvisionedConcurrencyConfigs[0].FunctionArn, arn("limited", "1"));
  });

  it("provisioned concurrency: never $LATEST, reports failed initialisation, refuses reserved below provisioned", async () => {
    const latest = await failure(h, "PutProvisionedConcurrencyConfig", { FunctionName: "limited", Qualifier: "$LATEST", ProvisionedConcurrentExecutions: 1 });
    assert.equal(latest.message, "Provisioned Concurrency Configs cannot be applied to unpublished function versions.");
    const get = await failure(h, "GetProvisionedConcurrencyConfig", { FunctionName: "limited", Qualifier: "$LATEST" });
    assert.equal(get.message, "The function resource provided must be an alias or a published version.");
    const noAlias = await failure(h, "GetProvisionedConcurrencyConfig", { FunctionName: "limited", Qualifier: "noalias" });
    assert.equal(noAlias.message, `Cannot find alias arn: ${arn("limited", "noalias")}`);
    const below = await failure(h, "PutFunctionConcurrency", { FunctionName: "limited", ReservedConcurrentExecutions: 1 });
    assert.equal(below.message, " ReservedConcurrentExecutions  1 should not be lower than function's total provisioned concurrency [2].");
    await call(h, "CreateAlias", { FunctionName: "limited", Name: "live", FunctionVersion: "1" });
    const onAlias = await failure(h, "PutProvisionedConcurrencyConfig", { FunctionName: "limited", Qualifier: "live", ProvisionedConcurrentExecutions: 1 });
    assert.equal(onAlias.code, "ResourceConflictException");
    assert.equal(onAlias.message, "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version");
    await call(h, "DeleteProvisionedConcurrencyConfig", { FunctionName: "limited", Qualifier: "1" });
    const none = await failure(h, "GetProvisionedConcurrencyConfig", { FunctionName: "limited", Qualifier: "1" });
    assert.equal(none.code, "ProvisionedConcurrencyConfigNotFoundException");
    h.executor.prewarmFails = true;
    await call(h, "PutProvisionedConcurrencyConfig", { FunctionName: "limited", Qualifier: "live", ProvisionedConcurrentExecutions: 1 });
    await h.provider.settled();
    const failed = await call(h, "GetProvisionedConcurrencyConfig", { FunctionName: "limited", Qualifier: "live" });
    assert.equal(failed.Status, "FAILED");
    assert.equal(failed.StatusReason, "FUNCTION_ERROR_INIT_FAILURE");
    h.executor.prewarmFails = false;
  });

  it("provisioned configurations are provisioned again after a restart", async () => {
    const before = h.executor.prewarmed.length;
    await h.restart();
    await h.provider.settled();
    assert.ok(h.executor.prewarmed.length > before);
    const got = await call(h, "GetProvisionedConcurrencyConfig", { FunctionName: "limited", Qualifier: "live" });
    assert.equal(got.Status, "READY");
  });
});

describe("Lambda layers", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it("publishes numbered versions, lists them newest first, and never reuses a number", async () => {
    const zip = await makeZip({ "python/lib.py": "X = 1" });
    const v1 = await call(h, "PublishLayerVersion", { LayerName: "shared", Content: { ZipFile: zip }, CompatibleRuntimes: ["python3.12"], CompatibleArchitectures: ["x86_64"] });
    assert.equal(v1.Version, 1);
    assert.equal(v1.LayerArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:shared`);
    assert.equal(v1.LayerVersionArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:shared:1`);
    assert.equal(v1.Description, "");
    assert.equal(v1.LicenseInfo, undefined);
    assert.equal(v1.Content.CodeSize, zip.length);
    const v2 = await call(h, "PublishLayerVersion", { LayerName: "shared", Content: { ZipFile: zip } });
    assert.equal(v2.Version, 2);
    const versions = await call(h, "ListLayerVersions", { LayerName: "shared" });
    assert.deepEqual(versions.LayerVersions.map((v: any) => v.Version), [2, 1]);
    const layers = await call(h, "ListLayers", { CompatibleRuntime: "python3.12" });
    assert.equal(layers.Layers[0].LatestMatchingVersion.Version, 1);
    await call(h, "DeleteLayerVersion", { LayerName: "shared", VersionNumber: 2 });
    await call(h, "DeleteLayerVersion", { LayerName: "shared", VersionNumber: 2 });
    const v3 = await call(h, "PublishLayerVersion", { LayerName: "shared", Content: { ZipFile: zip } });
    assert.equal(v3.Version, 3);
  });

  it("answers AWS's layer errors", async () => {
    const zero = await failure(h, "GetLayerVersion", { LayerName: "shared", VersionNumber: 0 });
    assert.equal(zero.message, "Layer Version Cannot be less than 1");
    const missing = await failure(h, "GetLayerVersion", { LayerName: "shared", VersionNumber: 2 });
    assert.equal(missing.message, "The resource you requested does not exist.");
    const filter = await failure(h, "ListLayers", { CompatibleRuntime: "runtimedoesnotexist" });
    assert.match(filter.message, /^1 validation error detected: Value 'runtimedoesnotexist' at 'compatibleRuntime' failed to satisfy constraint: Member must satisfy enum value set: \[ruby3\.5, ruby2\.6, /);
    const runtimes = await failure(h, "PublishLayerVersion", { LayerName: "shared", Content: { ZipFile: await makeZip() }, CompatibleRuntimes: ["invalidruntime"] });
    assert.match(runtimes.message, /^1 validation error detected: Value '\[invalidruntime\]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: \[nodejs20\.x, /);
  });

  it("functions reference layers (at most 5, one version per layer, existing, same region) and keep them after deletion", async () => {
    const layer = `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:shared`;
    const fn = await createFunction(h, "layered", { Layers: [`${layer}:1`] });
    assert.deepEqual(fn.Layers.map((l: any) => l.Arn), [`${layer}:1`]);
    const two = await failure(h, "UpdateFunctionConfiguration", { FunctionName: "layered", Layers: [`${layer}:1`, `${layer}:3`] });
    assert.equal(two.message, `Two different versions of the same layer are not allowed to be referenced in the same function. ${layer}:1 and ${layer}:3 are versions of the same layer.`);
    const missing = await failure(h, "UpdateFunctionConfiguration", { FunctionName: "layered", Layers: [`${layer}:9`] });
    assert.equal(missing.message, `Layer version ${layer}:9 does not exist.`);
    const region = await failure(h, "UpdateFunctionConfiguration", { FunctionName: "layered", Layers: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:layer:shared:1`] });
    assert.equal(region.message, "Layers are not in the same region as the function. Layers are expected to be in region us-east-1.");
    const six = await failure(h, "UpdateFunctionConfiguration", { FunctionName: "layered", Layers: Array.from({ length: 6 }, (_, i) => `${layer}x${i}:1`) });
    assert.equal(six.message, "Cannot reference more than 5 layers.");
    await call(h, "DeleteLayerVersion", { LayerName: "shared", VersionNumber: 1 });
    const still = await call(h, "GetFunctionConfiguration", { FunctionName: "layered" });
    assert.deepEqual(still.Layers.map((l: any) => l.Arn), [`${layer}:1`]);
  });

  it("GetAccountSettings counts functions and the code of functions, versions and layers", async () => {
    const settings = await call(h, "GetAccountSettings");
    assert.equal(settings.AccountUsage.FunctionCount, 1);
    assert.ok(settings.AccountUsage.TotalCodeSize > 0);
    assert.equal(settings.AccountLimit.CodeSizeUnzipped, 262144000);
    assert.equal(settings.AccountLimit.CodeSizeZipped, 52428800);
    assert.equal(settings.AccountLimit.TotalCodeSize, 80530636800);
  });
});
