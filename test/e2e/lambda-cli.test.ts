// The Lambda control-plane seed flows through the Debian AWS CLI v2 (fileb:// zips, JSON output,
// error messages as the CLI prints them).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import type { NimbusNode } from "../../src/nimbus.js";
import { startTestNimbus } from "../helpers/nimbus.js";
import { makeZip } from "../services/lambda/harness.js";

const run = promisify(execFile);
const AWS_CLI = "/usr/bin/aws";
const ROLE = "arn:aws:iam::000000000000:role/lambda-role";

describe("Lambda through the AWS CLI", { skip: !existsSync(AWS_CLI) && "the AWS CLI is not installed" }, () => {
  let node: NimbusNode;
  let dir: string;
  const env = () => ({
    PATH: process.env.PATH,
    HOME: dir,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
  });
  let extraEnv: Record<string, string> = {};
  const aws = async (...args: string[]): Promise<any> => {
    const { stdout } = await run(AWS_CLI, ["--endpoint-url", node.endpoint, "--output", "json", "lambda", ...args], { env: { ...env(), ...extraEnv } });
    return stdout.trim() ? JSON.parse(stdout) : undefined;
  };
  const awsError = async (...args: string[]): Promise<string> => {
    try {
      await aws(...args);
    } catch (err) {
      return (err as { stderr: string }).stderr.trim();
    }
    throw new Error(`aws lambda ${args.join(" ")} succeeded`);
  };

  before(async () => {
    node = await startTestNimbus({ lambda: { stateTransitionMs: 0 } });
    dir = mkdtempSync(join(tmpdir(), "nimbus-lambda-cli-"));
    writeFileSync(join(dir, "v1.zip"), await makeZip({ "index.js": "exports.handler = async () => 1;" }));
    writeFileSync(join(dir, "v2.zip"), await makeZip({ "index.js": "exports.handler = async () => 2;" }));
  });
  after(async () => {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("create-function, update-function-code, publish-version, aliases and an environment change", async () => {
    const created = await aws("create-function", "--function-name", "cli-fn", "--runtime", "nodejs20.x", "--role", ROLE,
      "--handler", "index.handler", "--zip-file", `fileb://${join(dir, "v1.zip")}`);
    assert.equal(created.FunctionName, "cli-fn");
    assert.equal(created.State, "Pending");
    const invoked = await aws("invoke", "--function-name", "cli-fn", "--cli-binary-format", "raw-in-base64-out", "--payload", '{"a":1}', join(dir, "out.json"));
    assert.deepEqual(invoked, { StatusCode: 200, ExecutedVersion: "$LATEST" });
    assert.equal(readFileSync(join(dir, "out.json"), "utf8"), "1");
    const updated = await aws("update-function-code", "--function-name", "cli-fn", "--zip-file", `fileb://${join(dir, "v2.zip")}`, "--publish");
    assert.equal(updated.Version, "1");
    await aws("update-function-configuration", "--function-name", "cli-fn", "--environment", "Variables={STAGE=prod}");
    const v2 = await aws("publish-version", "--function-name", "cli-fn", "--description", "second");
    assert.equal(v2.Version, "2");
    assert.deepEqual(v2.Environment, { Variables: { STAGE: "prod" } });
    await aws("create-alias", "--function-name", "cli-fn", "--name", "PROD", "--function-version", "1");
    const moved = await aws("update-alias", "--function-name", "cli-fn", "--name", "PROD", "--function-version", "2",
      "--routing-config", "AdditionalVersionWeights={1=0.5}");
    assert.equal(moved.FunctionVersion, "2");
    assert.deepEqual(moved.RoutingConfig, { AdditionalVersionWeights: { "1": 0.5 } });
    const fn = await aws("get-function", "--function-name", "cli-fn", "--qualifier", "PROD");
    assert.equal(fn.Configuration.Version, "2");
    const prod = await aws("invoke", "--function-name", "cli-fn", "--qualifier", "PROD", join(dir, "prod.json"));
    // PROD sends half its traffic to version 1: both versions hold the v2 code (published with it).
    assert.ok(prod.ExecutedVersion === "1" || prod.ExecutedVersion === "2");
    assert.equal(readFileSync(join(dir, "prod.json"), "utf8"), "2");
  });

  it("put-function-concurrency, add-permission and list-functions", async () => {
    assert.deepEqual(await aws("put-function-concurrency", "--function-name", "cli-fn", "--reserved-concurrent-executions", "0"), { ReservedConcurrentExecutions: 0 });
    const added = await aws("add-permission", "--function-name", "cli-fn", "--statement-id", "s3", "--action", "lambda:InvokeFunction",
      "--principal", "s3.amazonaws.com", "--source-arn", "arn:aws:s3:::bucket");
    assert.deepEqual(JSON.parse(added.Statement).Condition, { ArnLike: { "AWS:SourceArn": "arn:aws:s3:::bucket" } });
    // The CLI retries throttles with backoff; one attempt keeps the test fast (and the CLI says so).
    extraEnv = { AWS_MAX_ATTEMPTS: "1" };
    assert.equal(
      await awsError("invoke", "--function-name", "cli-fn", join(dir, "blocked.json")),
      "An error occurred (TooManyRequestsException) when calling the Invoke operation (reached max retries: 0): Rate Exceeded.",
    );
    extraEnv = {};
    const list = await aws("list-functions");
    assert.deepEqual(list.Functions.map((f: any) => f.FunctionName), ["cli-fn"]);
  });

  it("prints AWS's errors", async () => {
    assert.equal(
      await awsError("get-function", "--function-name", "nope"),
      "An error occurred (ResourceNotFoundException) when calling the GetFunction operation: Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope",
    );
    assert.equal(
      await awsError("create-function", "--function-name", "bad", "--runtime", "nodejs20.x", "--role", ROLE, "--handler", "index.handler",
        "--zip-file", `fileb://${join(dir, "v1.zip")}`, "--memory-size", "20000"),
      "An error occurred (InvalidParameterValueException) when calling the CreateFunction operation: 'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to 10240",
    );
  });
});
