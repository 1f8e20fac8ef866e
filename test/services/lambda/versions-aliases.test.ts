// Versions (immutable snapshots) and aliases (weighted pointers) through the provider.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ACCOUNT, call, createFunction, failure, makeZip, startHarness, type Harness } from "./harness.js";

const arn = (name: string, q?: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}${q ? `:${q}` : ""}`;

describe("Lambda versions and aliases", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it("PublishVersion snapshots code and configuration; publishing again without changes returns that version", async () => {
    await createFunction(h, "versioned", { Environment: { Variables: { STAGE: "one" } } });
    const v1 = await call(h, "PublishVersion", { FunctionName: "versioned", Description: "first" });
    assert.equal(v1.Version, "1");
    assert.equal(v1.FunctionArn, arn("versioned", "1"));
    assert.equal(v1.Description, "first");
    assert.equal(v1.State, "Active");
    assert.equal(v1.LastUpdateStatus, "Successful");
    const again = await call(h, "PublishVersion", { FunctionName: "versioned" });
    assert.equal(again.Version, "1");
    assert.equal(again.RevisionId, v1.RevisionId);
    await call(h, "UpdateFunctionConfiguration", { FunctionName: "versioned", Environment: { Variables: { STAGE: "two" } } });
    const v2 = await call(h, "PublishVersion", { FunctionName: "versioned" });
    assert.equal(v2.Version, "2");
    const v1Now = await call(h, "GetFunctionConfiguration", { FunctionName: "versioned", Qualifier: "1" });
    assert.deepEqual(v1Now.Environment, { Variables: { STAGE: "one" } });
    assert.deepEqual(v2.Environment, { Variables: { STAGE: "two" } });
  });

  it("PublishVersion checks RevisionId and CodeSha256 as AWS does", async () => {
    const wrongRevision = await failure(h, "PublishVersion", { FunctionName: "versioned", RevisionId: "wrong" });
    assert.equal(wrongRevision.code, "PreconditionFailedException");
    const latest = await call(h, "GetFunctionConfiguration", { FunctionName: "versioned" });
    const wrongSha = await failure(h, "PublishVersion", { FunctionName: "versioned", CodeSha256: "somenonexistentsha256" });
    assert.equal(wrongSha.code, "InvalidParameterValueException");
    assert.equal(
      wrongSha.message,
      `CodeSHA256 (somenonexistentsha256) is different from current CodeSHA256 in $LATEST (${latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
    );
  });

  it("CreateFunction with Publish creates version 1; UpdateFunctionCode with Publish the next", async () => {
    const created = await createFunction(h, "published", { Publish: true });
    assert.equal(created.Version, "1");
    assert.equal(created.FunctionArn, arn("published"));
    const out = await call(h, "UpdateFunctionCode", { FunctionName: "published", ZipFile: await makeZip({ "index.js": "2" }), Publish: true });
    assert.equal(out.Version, "2");
    const list = await call(h, "ListVersionsByFunction", { FunctionName: "published" });
    assert.deepEqual(list.Versions.map((v: any) => v.FunctionArn), [arn("published", "$LATEST"), arn("published", "1"), arn("published", "2")]);
  });

  it("version numbers are never reused and deleted versions are gone", async () => {
    await call(h, "DeleteFunction", { FunctionName: "published", Qualifier: "2" });
    const missing = await failure(h, "GetFunction", { FunctionName: "published", Qualifier: "2" });
    assert.equal(missing.message, `Function not found: ${arn("published", "2")}`);
    await call(h, "UpdateFunctionConfiguration", { FunctionName: "published", Timeout: 7 });
    const v3 = await call(h, "PublishVersion", { FunctionName: "published" });
    assert.equal(v3.Version, "3");
  });

  it("aliases point at versions, move, and report AWS's shapes and errors", async () => {
    const prod = await call(h, "CreateAlias", { FunctionName: "versioned", Name: "PROD", FunctionVersion: "1" });
    assert.deepEqual(Object.keys(prod).sort(), ["AliasArn", "Description", "FunctionVersion", "Name", "RevisionId"]);
    assert.equal(prod.AliasArn, arn("versioned", "PROD"));
    const dup = await failure(h, "CreateAlias", { FunctionName: "versioned", Name: "PROD", FunctionVersion: "1" });
    assert.equal(dup.code, "ResourceConflictException");
    assert.equal(dup.message, `Alias already exists: ${arn("versioned", "PROD")}`);
    const moved = await call(h, "UpdateAlias", { FunctionName: "versioned", Name: "PROD", FunctionVersion: "2" });
    assert.equal(moved.FunctionVersion, "2");
    assert.notEqual(moved.RevisionId, prod.RevisionId);
    const byAlias = await call(h, "GetFunction", { FunctionName: arn("versioned", "PROD") });
    assert.equal(byAlias.Configuration.Version, "2");
    assert.equal(byAlias.Configuration.FunctionArn, arn("versioned", "PROD"));
    const gone = await failure(h, "GetAlias", { FunctionName: "versioned", Name: "nope" });
    assert.equal(gone.message, `Cannot find alias arn: ${arn("versioned", "nope")}`);
    const update = await failure(h, "UpdateAlias", { FunctionName: "versioned", Name: "nope", FunctionVersion: "1" });
    assert.equal(update.message, `Alias not found: ${arn("versioned", "nope")}`);
    const noVersion = await failure(h, "CreateAlias", { FunctionName: "versioned", Name: "x", FunctionVersion: "10" });
    assert.equal(noVersion.message, `Function not found: ${arn("versioned", "10")}`);
    const digits = await failure(h, "CreateAlias", { FunctionName: "versioned", Name: "2024", FunctionVersion: "1" });
    assert.equal(digits.code, "ValidationException");
  });

  it("routing configs: one additional version, not the primary, not on $LATEST", async () => {
    const weighted = await call(h, "CreateAlias", {
      FunctionName: "versioned",
      Name: "canary",
      FunctionVersion: "1",
      RoutingConfig: { AdditionalVersionWeights: { "2": 0.5 } },
    });
    assert.deepEqual(weighted.RoutingConfig, { AdditionalVersionWeights: { "2": 0.5 } });
    const tooMany = await failure(h, "CreateAlias", { FunctionName: "versioned", Name: "c2", FunctionVersion: "1", RoutingConfig: { AdditionalVersionWeights: { "2": 0.5, "3": 0.1 } } });
    assert.equal(tooMany.message, "Number of items in AdditionalVersionWeights cannot be greater than 1");
    const same = await failure(h, "CreateAlias", { FunctionName: "versioned", Name: "c2", FunctionVersion: "1", RoutingConfig: { AdditionalVersionWeights: { "1": 0.5 } } });
    assert.equal(same.message, "Invalid function version 1. Function version 1 is already included in routing configuration.");
    const latest = await failure(h, "CreateAlias", { FunctionName: "versioned", Name: "c2", FunctionVersion: "$LATEST", RoutingConfig: { AdditionalVersionWeights: { "2": 0.5 } } });
    assert.equal(latest.message, "$LATEST is not supported for an alias pointing to more than 1 version");
    assert.deepEqual(latest.fields, {});
    const high = await failure(h, "CreateAlias", { FunctionName: "versioned", Name: "c2", FunctionVersion: "1", RoutingConfig: { AdditionalVersionWeights: { "2": 2 } } });
    assert.equal(high.code, "ValidationException");
    const cleared = await call(h, "UpdateAlias", { FunctionName: "versioned", Name: "canary", RoutingConfig: { AdditionalVersionWeights: {} } });
    assert.equal(cleared.RoutingConfig, undefined);
  });

  it("a version an alias points at cannot be deleted; deleting an alias that does not exist succeeds", async () => {
    const err = await failure(h, "DeleteFunction", { FunctionName: "versioned", Qualifier: "2" });
    assert.equal(err.code, "ResourceConflictException");
    assert.match(err.message, /^Unable to delete version because the following aliases reference it: \[PROD\]$/);
    await call(h, "DeleteAlias", { FunctionName: "versioned", Name: "never-existed" });
    await call(h, "DeleteAlias", { FunctionName: "versioned", Name: "canary" });
    const list = await call(h, "ListAliases", { FunctionName: "versioned" });
    assert.deepEqual(list.Aliases.map((a: any) => a.Name), ["PROD"]);
    const forVersion = await call(h, "ListAliases", { FunctionName: "versioned", FunctionVersion: "1" });
    assert.deepEqual(forVersion.Aliases, []);
  });
});
