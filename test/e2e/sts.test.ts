// STS through the real clients: the AWS SDK v3 and the Debian AWS CLI v2.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { AssumeRoleCommand, GetAccessKeyInfoCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from "@aws-sdk/client-sts";
import type { NimbusNode } from "../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";

const run = promisify(execFile);
const AWS_CLI = "/usr/bin/aws";

function cliEnv(node: NimbusNode, keys = { id: "test", secret: "test", token: undefined as string | undefined }) {
  return {
    PATH: process.env.PATH,
    HOME: tmpdir(),
    AWS_ACCESS_KEY_ID: keys.id,
    AWS_SECRET_ACCESS_KEY: keys.secret,
    ...(keys.token ? { AWS_SESSION_TOKEN: keys.token } : {}),
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

describe("STS", () => {
  let node: NimbusNode;
  let sts: STSClient;
  before(async () => {
    node = await startTestNimbus();
    sts = new STSClient(clientConfig(node));
  });
  after(async () => {
    sts.destroy();
    await node.stop();
  });

  it("GetCallerIdentity answers the default account's root user", async () => {
    const id = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(id.Account, "000000000000");
    assert.equal(id.Arn, "arn:aws:iam::000000000000:root");
    assert.equal(id.UserId, "000000000000");
    assert.match(id.$metadata.requestId ?? "", /^[0-9a-f-]{36}$/);
  });

  it("a 12-digit access key id selects that account", async () => {
    const other = new STSClient(clientConfig(node, { accessKeyId: "111122223333", secretAccessKey: "x" }));
    const id = await other.send(new GetCallerIdentityCommand({}));
    assert.equal(id.Account, "111122223333");
    other.destroy();
  });

  it("AssumeRole returns temporary credentials that act as the assumed role", async () => {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::123456789012:role/deploy/Deployer", RoleSessionName: "ci-run" }));
    const c = out.Credentials!;
    assert.match(c.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.ok(c.Expiration instanceof Date && c.Expiration.getTime() > Date.now() + 3500_000);
    assert.equal(out.AssumedRoleUser!.Arn, "arn:aws:sts::123456789012:assumed-role/Deployer/ci-run");
    assert.match(out.AssumedRoleUser!.AssumedRoleId!, /^AROA[A-Z2-7]{17}:ci-run$/);
    const asRole = new STSClient(clientConfig(node, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } as never));
    const id = await asRole.send(new GetCallerIdentityCommand({}));
    assert.equal(id.Account, "123456789012");
    assert.equal(id.Arn, out.AssumedRoleUser!.Arn);
    assert.equal(id.UserId, out.AssumedRoleUser!.AssumedRoleId);
    // The access key itself encodes its account, as AWS's do.
    const info = await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: c.AccessKeyId! }));
    assert.equal(info.Account, "123456789012");
    asRole.destroy();
  });

  it("GetAccessKeyInfo decodes the account from an AWS access key id", async () => {
    const info = await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: "ASIAQNZGKIQY56JQ7WML" }));
    assert.equal(info.Account, "029608264753");
  });

  it("AssumeRole validates its input as AWS does", async () => {
    await assert.rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::123456789012:role/R", RoleSessionName: "a" })),
      (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(err.name, "ValidationError");
        assert.equal(
          err.message,
          "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
        );
        assert.equal(err.$metadata?.httpStatusCode, 400);
        return true;
      },
    );
    await assert.rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::123456789012:role/R", RoleSessionName: "ok", DurationSeconds: 7200 })),
      /exceeds the MaxSessionDuration/,
    );
  });

  it("GetSessionToken issues credentials for the caller", async () => {
    const out = await sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const c = out.Credentials!;
    const session = new STSClient(clientConfig(node, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } as never));
    const id = await session.send(new GetCallerIdentityCommand({}));
    assert.equal(id.Arn, "arn:aws:iam::000000000000:root");
    session.destroy();
  });

  it("works with the AWS CLI v2", { skip: !existsSync(AWS_CLI) && process.env.CI !== "true" ? "Debian awscli is not installed" : false }, async () => {
    const { stdout } = await run(AWS_CLI, ["--endpoint-url", node.endpoint, "sts", "get-caller-identity", "--output", "json"], { env: cliEnv(node) });
    assert.deepEqual(JSON.parse(stdout), { UserId: "000000000000", Account: "000000000000", Arn: "arn:aws:iam::000000000000:root" });
    const assumed = JSON.parse(
      (await run(AWS_CLI, ["--endpoint-url", node.endpoint, "sts", "assume-role", "--role-arn", "arn:aws:iam::210987654321:role/App", "--role-session-name", "cli"], { env: cliEnv(node) })).stdout,
    );
    const keys = { id: assumed.Credentials.AccessKeyId, secret: assumed.Credentials.SecretAccessKey, token: assumed.Credentials.SessionToken };
    const who = JSON.parse((await run(AWS_CLI, ["--endpoint-url", node.endpoint, "sts", "get-caller-identity"], { env: cliEnv(node, keys) })).stdout);
    assert.equal(who.Arn, "arn:aws:sts::210987654321:assumed-role/App/cli");
  });
});

describe("STS in strict auth mode", () => {
  let node: NimbusNode;
  before(async () => {
    node = await startTestNimbus({ auth: "strict" });
  });
  after(() => node.stop());

  it("accepts correctly signed calls and refuses a wrong secret or an unknown key", async () => {
    const good = new STSClient(clientConfig(node));
    assert.equal((await good.send(new GetCallerIdentityCommand({}))).Account, "000000000000");
    const bad = new STSClient(clientConfig(node, { accessKeyId: "test", secretAccessKey: "wrong" }));
    await assert.rejects(bad.send(new GetCallerIdentityCommand({})), (err: Error) => err.name === "SignatureDoesNotMatch");
    const unknown = new STSClient(clientConfig(node, { accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "x" }));
    await assert.rejects(unknown.send(new GetCallerIdentityCommand({})), (err: Error) => err.name === "InvalidClientTokenId");
    for (const c of [good, bad, unknown]) c.destroy();
  });

  it("temporary credentials from AssumeRole verify", async () => {
    const sts = new STSClient(clientConfig(node));
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::123456789012:role/R", RoleSessionName: "strict" }));
    const c = out.Credentials!;
    const asRole = new STSClient(clientConfig(node, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } as never));
    assert.equal((await asRole.send(new GetCallerIdentityCommand({}))).Account, "123456789012");
    sts.destroy();
    asRole.destroy();
  });
});

describe("STS credentials survive a restart", () => {
  it("keeps issued credentials in the store", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "nimbus-sts-"));
    try {
      let node = await startTestNimbus({ inMemory: false, dataDir });
      let sts = new STSClient(clientConfig(node));
      const c = (await sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::123456789012:role/R", RoleSessionName: "persist" }))).Credentials!;
      sts.destroy();
      await node.stop();
      node = await startTestNimbus({ inMemory: false, dataDir, auth: "strict" });
      sts = new STSClient(clientConfig(node, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } as never));
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, "arn:aws:sts::123456789012:assumed-role/R/persist");
      sts.destroy();
      await node.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
