// The Lambda control plane through the official AWS SDK v3 client (and its waiters) against a
// test node: the seed flows of the issue that do not need an execution engine.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  InvalidParameterValueException,
  LambdaClient,
  ListVersionsByFunctionCommand,
  paginateListFunctions,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from "@aws-sdk/client-lambda";
import type { NimbusNode } from "../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";
import { makeZip } from "../services/lambda/harness.js";

const ROLE = "arn:aws:iam::000000000000:role/lambda-role";
const WAIT = { maxWaitTime: 20, minDelay: 1, maxDelay: 2 };

describe("Lambda control plane through the SDK", () => {
  let node: NimbusNode;
  let lambda: LambdaClient;
  before(async () => {
    node = await startTestNimbus({ lambda: { stateTransitionMs: 300 } });
    lambda = new LambdaClient(clientConfig(node));
  });
  after(async () => {
    lambda.destroy();
    await node.stop();
  });

  it("create-function from a zip, waits until Active, and serves the code back from Code.Location", async () => {
    const zip = await makeZip({ "index.js": "exports.handler = async (e) => ({ ok: true, e });" });
    const created = await lambda.send(
      new CreateFunctionCommand({ FunctionName: "seed", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: zip } }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.equal(created.State, "Pending");
    assert.equal(created.CodeSha256, createHash("sha256").update(zip).digest("base64"));
    const waited = await waitUntilFunctionActiveV2({ client: lambda, ...WAIT }, { FunctionName: "seed" });
    assert.equal(waited.state, "SUCCESS");
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: "seed" }));
    assert.equal(got.Configuration?.State, "Active");
    assert.equal(got.Configuration?.LastUpdateStatus, "Successful");
    const download = await fetch(got.Code!.Location!);
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), zip);
  });

  it("update-function-code then an environment change without code change, each awaited with function-updated-v2", async () => {
    const zip = await makeZip({ "index.js": "exports.handler = async () => 2;" });
    const updated = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "seed", ZipFile: zip }));
    assert.equal(updated.LastUpdateStatus, "InProgress");
    await assert.rejects(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "seed", Timeout: 9 })),
      (err: unknown) => err instanceof ResourceConflictException && err.$metadata.httpStatusCode === 409,
    );
    await waitUntilFunctionUpdatedV2({ client: lambda, ...WAIT }, { FunctionName: "seed" });
    const configured = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "seed", Environment: { Variables: { STAGE: "beta" } } }));
    assert.equal(configured.CodeSha256, updated.CodeSha256);
    await waitUntilFunctionUpdatedV2({ client: lambda, ...WAIT }, { FunctionName: "seed" });
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "seed" }));
    assert.deepEqual(config.Environment?.Variables, { STAGE: "beta" });
    assert.equal(config.LastUpdateStatus, "Successful");
  });

  it("publish-version, create-alias PROD -> 1, update-alias to 2, and a 50/50 weighted alias", async () => {
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: "seed" }));
    assert.equal(v1.Version, "1");
    const alias = await lambda.send(new CreateAliasCommand({ FunctionName: "seed", Name: "PROD", FunctionVersion: "1" }));
    assert.equal(alias.AliasArn, "arn:aws:lambda:us-east-1:000000000000:function:seed:PROD");
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: "seed", MemorySize: 256 }));
    await waitUntilFunctionUpdatedV2({ client: lambda, ...WAIT }, { FunctionName: "seed" });
    const v2 = await lambda.send(new PublishVersionCommand({ FunctionName: "seed" }));
    assert.equal(v2.Version, "2");
    const moved = await lambda.send(new UpdateAliasCommand({ FunctionName: "seed", Name: "PROD", FunctionVersion: "2" }));
    assert.equal(moved.FunctionVersion, "2");
    const split = await lambda.send(
      new CreateAliasCommand({ FunctionName: "seed", Name: "CANARY", FunctionVersion: "1", RoutingConfig: { AdditionalVersionWeights: { "2": 0.5 } } }),
    );
    assert.deepEqual(split.RoutingConfig?.AdditionalVersionWeights, { "2": 0.5 });
    const read = await lambda.send(new GetAliasCommand({ FunctionName: "seed", Name: "CANARY" }));
    assert.equal(read.RevisionId, split.RevisionId);
    const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: "seed" }));
    assert.deepEqual(versions.Versions?.map((v) => v.Version), ["$LATEST", "1", "2"]);
    const prod = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "seed", Qualifier: "PROD" }));
    assert.equal(prod.MemorySize, 256);
  });

  it("add-permission and get-policy; reserved concurrency 0", async () => {
    const added = await lambda.send(
      new AddPermissionCommand({ FunctionName: "seed", StatementId: "apigw", Action: "lambda:InvokeFunction", Principal: "apigateway.amazonaws.com" }),
    );
    assert.equal(JSON.parse(added.Statement!).Principal.Service, "apigateway.amazonaws.com");
    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: "seed" }));
    assert.equal(JSON.parse(policy.Policy!).Statement[0].Sid, "apigw");
    const reserved = await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: "seed", ReservedConcurrentExecutions: 0 }));
    assert.equal(reserved.ReservedConcurrentExecutions, 0);
  });

  it("errors arrive as the SDK's modelled exceptions with AWS's messages and statuses", async () => {
    await assert.rejects(lambda.send(new GetFunctionCommand({ FunctionName: "missing" })), (err: unknown) => {
      assert.ok(err instanceof ResourceNotFoundException);
      assert.equal(err.message, "Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing");
      assert.equal(err.Type, "User");
      assert.equal(err.$metadata.httpStatusCode, 404);
      return true;
    });
    await assert.rejects(
      lambda.send(new CreateFunctionCommand({ FunctionName: "bad", Runtime: "nodejs99.x" as never, Role: ROLE, Handler: "i.h", Code: { ZipFile: Buffer.from("zip") } })),
      (err: unknown) => err instanceof InvalidParameterValueException && /at 'runtime' failed to satisfy constraint/.test(err.message),
    );
    await assert.rejects(
      lambda.send(new CreateFunctionCommand({ FunctionName: "bad", Runtime: "nodejs20.x", Role: ROLE, Handler: "i.h", Timeout: 0, Code: { ZipFile: Buffer.from("zip") } })),
      (err: { name?: string; message?: string }) =>
        err.name === "ValidationException" && err.message === "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it("ListFunctions pages through every function with the SDK paginator", async () => {
    for (let i = 0; i < 5; i++) {
      await lambda.send(new CreateFunctionCommand({ FunctionName: `page-${i}`, Runtime: "python3.12", Role: ROLE, Handler: "a.h", Code: { ZipFile: await makeZip({ "a.py": `X = ${i}` }) } }));
    }
    const names: string[] = [];
    for await (const page of paginateListFunctions({ client: lambda, pageSize: 2 }, {})) names.push(...(page.Functions ?? []).map((f) => f.FunctionName!));
    assert.deepEqual(names, ["page-0", "page-1", "page-2", "page-3", "page-4", "seed"]);
    await lambda.send(new DeleteFunctionCommand({ FunctionName: "page-0" }));
    await assert.rejects(lambda.send(new GetFunctionCommand({ FunctionName: "page-0" })), ResourceNotFoundException);
  });
});
