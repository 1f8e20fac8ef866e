// The function lifecycle through the provider: create, read, update, state transitions, list, delete.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { ACCOUNT, call, createFunction, failure, makeZip, ROLE, startHarness, type Harness } from "./harness.js";

describe("Lambda functions", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ lambda: { stateTransitionMs: 1000 } });
  });
  after(() => h.close());

  it("CreateFunction answers the configuration AWS answers, Pending while being created", async () => {
    const zip = await makeZip();
    const out = await call(h, "CreateFunction", {
      FunctionName: "create-me",
      Runtime: "python3.12",
      Role: ROLE,
      Handler: "handler.handler",
      Code: { ZipFile: zip },
    });
    assert.equal(out.FunctionArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:create-me`);
    assert.equal(out.CodeSha256, createHash("sha256").update(zip).digest("base64"));
    assert.equal(out.CodeSize, zip.length);
    assert.equal(out.State, "Pending");
    assert.equal(out.StateReason, "The function is being created.");
    assert.equal(out.StateReasonCode, "Creating");
    assert.equal(out.LastUpdateStatus, undefined);
    assert.equal(out.Version, "$LATEST");
    assert.equal(out.Timeout, 3);
    assert.equal(out.MemorySize, 128);
    assert.equal(out.Description, "");
    assert.equal(out.PackageType, "Zip");
    assert.deepEqual(out.Architectures, ["x86_64"]);
    assert.deepEqual(out.EphemeralStorage, { Size: 512 });
    assert.deepEqual(out.TracingConfig, { Mode: "PassThrough" });
    assert.deepEqual(out.SnapStart, { ApplyOn: "None", OptimizationStatus: "Off" });
    assert.deepEqual(out.LoggingConfig, { LogFormat: "Text", LogGroup: "/aws/lambda/create-me" });
    assert.match(out.RuntimeVersionConfig.RuntimeVersionArn, /^arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$/);
    assert.match(out.RevisionId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(out.LastModified, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    assert.equal(out.Environment, undefined);
  });

  it("becomes Active with LastUpdateStatus Successful and a new RevisionId once created", async () => {
    const created = await createFunction(h, "settles");
    const pending = await call(h, "GetFunctionConfiguration", { FunctionName: "settles" });
    assert.equal(pending.State, "Pending");
    h.clock.advance(1000);
    const active = await call(h, "GetFunctionConfiguration", { FunctionName: "settles" });
    assert.equal(active.State, "Active");
    assert.equal(active.StateReason, undefined);
    assert.equal(active.LastUpdateStatus, "Successful");
    assert.notEqual(active.RevisionId, created.RevisionId);
    const again = await call(h, "GetFunction", { FunctionName: "settles" });
    assert.equal(again.Configuration.RevisionId, active.RevisionId);
  });

  it("an update is InProgress, refuses a second update until it settles, then is Successful", async () => {
    await createFunction(h, "updates");
    h.clock.advance(1000);
    const updated = await call(h, "UpdateFunctionConfiguration", { FunctionName: "updates", Environment: { Variables: { AB: "1" } }, Timeout: 10 });
    assert.equal(updated.LastUpdateStatus, "InProgress");
    assert.equal(updated.LastUpdateStatusReasonCode, "Creating");
    assert.equal(updated.State, "Active");
    assert.deepEqual(updated.Environment, { Variables: { AB: "1" } });
    const busy = await failure(h, "UpdateFunctionCode", { FunctionName: "updates", ZipFile: await makeZip({ "b.js": "x" }) });
    assert.equal(busy.code, "ResourceConflictException");
    assert.equal(busy.status, 409);
    assert.equal(busy.message, `The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:${ACCOUNT}:function:updates`);
    h.clock.advance(1000);
    const done = await call(h, "GetFunctionConfiguration", { FunctionName: "updates" });
    assert.equal(done.LastUpdateStatus, "Successful");
    assert.equal(done.Timeout, 10);
  });

  it("UpdateFunctionCode changes CodeSha256 and keeps the configuration", async () => {
    await createFunction(h, "code-update", { Environment: { Variables: { KEEP: "yes" } } });
    h.clock.advance(1000);
    const zip = await makeZip({ "index.js": "exports.handler = async () => 2;" });
    const out = await call(h, "UpdateFunctionCode", { FunctionName: "code-update", ZipFile: zip });
    assert.equal(out.CodeSha256, createHash("sha256").update(zip).digest("base64"));
    assert.deepEqual(out.Environment, { Variables: { KEEP: "yes" } });
  });

  it("refuses a stale RevisionId with PreconditionFailedException", async () => {
    await createFunction(h, "revisions");
    h.clock.advance(1000);
    const err = await failure(h, "UpdateFunctionConfiguration", { FunctionName: "revisions", RevisionId: "00000000-0000-0000-0000-000000000000", Timeout: 5 });
    assert.equal(err.code, "PreconditionFailedException");
    assert.equal(err.status, 412);
    assert.equal(err.message, "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
  });

  it("a name taken answers ResourceConflictException", async () => {
    await createFunction(h, "taken");
    const err = await failure(h, "CreateFunction", { FunctionName: "taken", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: await makeZip() } });
    assert.equal(err.code, "ResourceConflictException");
    assert.equal(err.message, "Function already exist: taken");
  });

  it("GetFunction reports the code location, tags and reserved concurrency; ARNs and partial ARNs name the same function", async () => {
    await createFunction(h, "described", { Tags: { team: "a" } });
    await call(h, "PutFunctionConcurrency", { FunctionName: "described", ReservedConcurrentExecutions: 5 });
    for (const name of ["described", `${ACCOUNT}:function:described`, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:described`]) {
      const out = await call(h, "GetFunction", { FunctionName: name });
      assert.equal(out.Configuration.FunctionName, "described");
      assert.equal(out.Code.RepositoryType, "S3");
      assert.match(out.Code.Location, /^http:\/\/localhost:4566\/_nimbus\/lambda\/code\//);
      assert.deepEqual(out.Tags, { team: "a" });
      assert.deepEqual(out.Concurrency, { ReservedConcurrentExecutions: 5 });
    }
    const qualified = await call(h, "GetFunction", { FunctionName: "described", Qualifier: "$LATEST" });
    assert.equal(qualified.Configuration.FunctionArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:described:$LATEST`);
  });

  it("answers AWS's not-found, region and qualifier-mismatch errors", async () => {
    const missing = await failure(h, "GetFunction", { FunctionName: "nope" });
    assert.equal(missing.code, "ResourceNotFoundException");
    assert.equal(missing.status, 404);
    assert.equal(missing.message, `Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:nope`);
    assert.deepEqual(missing.fields, { Type: "User" });
    const region = await failure(h, "GetFunction", { FunctionName: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:nope` });
    assert.equal(region.message, "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')");
    const mismatch = await failure(h, "GetFunction", { FunctionName: "nope:1", Qualifier: "2" });
    assert.equal(mismatch.code, "InvalidParameterValueException");
    assert.equal(mismatch.message, "The derived qualifier from the function name does not match the specified qualifier.");
    const version = await failure(h, "GetFunction", { FunctionName: "described", Qualifier: "1221" });
    assert.equal(version.message, `Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:described:1221`);
  });

  it("validates names, runtimes, handlers, memory, environment and zips with AWS's errors", async () => {
    const base = { Role: ROLE, Handler: "index.handler", Runtime: "nodejs20.x", Code: { ZipFile: await makeZip() } };
    const longName = await failure(h, "CreateFunction", { ...base, FunctionName: "a".repeat(65) });
    assert.equal(longName.code, "InvalidParameterValueException");
    assert.equal(longName.message, `1 validation error detected: Value '${"a".repeat(65)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`);
    const badName = await failure(h, "CreateFunction", { ...base, FunctionName: "bad name!" });
    assert.equal(badName.code, "ValidationException");
    assert.match(badName.message, /^1 validation error detected: Value 'bad name!' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: \(arn:/);
    const runtime = await failure(h, "CreateFunction", { ...base, FunctionName: "rt", Runtime: "PYTHON3.9" });
    assert.equal(runtime.code, "InvalidParameterValueException");
    assert.match(runtime.message, /^Value PYTHON3\.9 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: \[nodejs20\.x, python3\.14, .*\] or be a valid ARN$/);
    const deprecated = await failure(h, "CreateFunction", { ...base, FunctionName: "rt", Runtime: "python3.7" });
    assert.equal(deprecated.message, "The runtime parameter of python3.7 is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.");
    const role = await failure(h, "CreateFunction", { ...base, FunctionName: "rt", Role: "r1" });
    assert.equal(role.code, "ValidationException");
    assert.equal(role.message, "1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    const handler = await failure(h, "CreateFunction", { ...base, FunctionName: "rt", Handler: "has space" });
    assert.equal(handler.code, "ValidationException");
    const timeout = await failure(h, "CreateFunction", { ...base, FunctionName: "rt", Timeout: 901 });
    assert.equal(timeout.message, "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900");
    const memory = await failure(h, "CreateFunction", { ...base, FunctionName: "rt", MemorySize: 10241 });
    assert.equal(memory.code, "InvalidParameterValueException");
    assert.equal(memory.message, "'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to 10240");
    const tooSmall = await failure(h, "CreateFunction", { ...base, FunctionName: "rt", MemorySize: 64 });
    assert.equal(tooSmall.message, "1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128");
    const env = await failure(h, "CreateFunction", { ...base, FunctionName: "rt", Environment: { Variables: { LARGE_VAR: "x".repeat(4081) } } });
    assert.equal(env.message, `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: {"LARGE_VAR":"${"x".repeat(4081)}"}`);
    await createFunction(h, "env-at-limit", { Environment: { Variables: { LARGE_VAR: "x".repeat(4080) } } });
    const reserved = await failure(h, "CreateFunction", { ...base, FunctionName: "rt", Environment: { Variables: { AWS_REGION: "x" } } });
    assert.match(reserved.message, /Reserved keys used in this request: AWS_REGION$/);
    const notZip = await failure(h, "CreateFunction", { ...base, FunctionName: "rt", Code: { ZipFile: Buffer.from("not a zip") } });
    assert.equal(notZip.code, "InvalidParameterValueException");
    assert.equal(notZip.message, "Could not unzip uploaded file. Please check your file, then try to upload again.");
    const noRuntime = await failure(h, "CreateFunction", { ...base, FunctionName: "rt", Runtime: undefined });
    assert.equal(noRuntime.message, "Runtime and Handler are mandatory parameters for functions created with deployment packages.");
  });

  it("refuses a zip whose content exceeds 250 MB unzipped without inflating it", async () => {
    // A zip entry of 262 MB of zeros deflates to about 255 KB.
    const big = await makeZip({ "big.bin": Buffer.alloc(262_144_001) });
    const err = await failure(h, "CreateFunction", { FunctionName: "too-big", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: big } });
    assert.equal(err.message, "Unzipped size must be smaller than 262144000 bytes");
  });

  it("ListFunctions pages with Marker and MaxItems, and FunctionVersion=ALL lists every version", async () => {
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const out: any = await call(h, "ListFunctions", { MaxItems: 3, ...(marker ? { Marker: marker } : {}) });
      assert.ok(out.Functions.length <= 3);
      for (const f of out.Functions) {
        assert.equal(f.State, undefined, "listings leave the state out");
        names.push(f.FunctionName);
      }
      marker = out.NextMarker;
    } while (marker);
    assert.deepEqual(names, [...names].sort());
    assert.ok(names.includes("create-me") && names.includes("described"));
    assert.equal(new Set(names).size, names.length);
    h.clock.advance(1000);
    await call(h, "PublishVersion", { FunctionName: "described" });
    const all: any = await call(h, "ListFunctions", { FunctionVersion: "ALL", MaxItems: 1000 });
    const described = all.Functions.filter((f: any) => f.FunctionName === "described").map((f: any) => f.FunctionArn);
    assert.deepEqual(described, [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:described:$LATEST`, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:described:1`]);
  });

  it("DeleteFunction removes the function; $LATEST and aliases cannot be deleted on their own", async () => {
    await createFunction(h, "doomed");
    const latest = await failure(h, "DeleteFunction", { FunctionName: "doomed", Qualifier: "$LATEST" });
    assert.equal(latest.message, "$LATEST version cannot be deleted without deleting the function.");
    const alias = await failure(h, "DeleteFunction", { FunctionName: "doomed", Qualifier: "prod" });
    assert.equal(alias.message, "Deletion of aliases is not currently supported.");
    const out = await call(h, "DeleteFunction", { FunctionName: "doomed" });
    assert.equal(out.StatusCode, 204);
    assert.ok(h.executor.dropped.some((d) => d.functionArn.endsWith(":function:doomed")));
    const gone = await failure(h, "GetFunction", { FunctionName: "doomed" });
    assert.equal(gone.code, "ResourceNotFoundException");
  });
});
