// DynamoDB through the other real clients: boto3 (python3, preinstalled) running
// boto3_scenario.py, and the Debian AWS CLI v2 (aws dynamodb / aws dynamodbstreams).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { NimbusNode } from "../../../src/nimbus.js";
import { startTestNimbus } from "../../helpers/nimbus.js";

const run = promisify(execFile);
const AWS_CLI = "/usr/bin/aws";
// The scenario lives next to this file's source (dist/test/... -> test/...).
const SCENARIO = join(dirname(fileURLToPath(import.meta.url)), "../../../../test/services/dynamodb/boto3_scenario.py");

function cliEnv() {
  return {
    PATH: process.env.PATH,
    HOME: tmpdir(),
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
  };
}

describe("DynamoDB through boto3 and the AWS CLI", () => {
  let node: NimbusNode;
  before(async () => {
    node = await startTestNimbus();
  });
  after(() => node.stop());

  it("boto3: resource and client APIs, waiters, batch_writer, transactions, PartiQL, streams, TTL, PITR", async () => {
    const { stdout } = await run("python3", [SCENARIO, node.endpoint], { env: cliEnv(), timeout: 60_000 });
    const out = JSON.parse(stdout);
    assert.equal(out.status, "ACTIVE");
    assert.deepEqual(out.top, [29, 27, 25, 23, 21]);
    assert.deepEqual(out.scanned, ["s10", "s11", "s12"]);
    assert.deepEqual(out.updated, ["1.5", ["a", "b", "c"]]);
    assert.equal(out.conditional, "ConditionalCheckFailedException");
    assert.deepEqual(out.partiql, [{ student: { S: "tx" } }]);
    assert.deepEqual(out.events, ["MODIFY", "INSERT", "REMOVE"]);
    assert.deepEqual(out.record_keys, ["student", "subject"]);
    assert.equal(out.ttl, "ENABLED");
    assert.equal(out.pitr, "ENABLED");
    assert.equal(out.restored_count, 30);
    assert.equal(out.paged, 30);
    assert.deepEqual(out.tables, ["boto-restored"]);
  });

  it("the AWS CLI v2", { skip: !existsSync(AWS_CLI) && process.env.CI !== "true" ? "Debian awscli is not installed" : false }, async () => {
    const aws = async (...args: string[]) => {
      const { stdout } = await run(AWS_CLI, ["--endpoint-url", node.endpoint, "--output", "json", ...args], { env: cliEnv(), timeout: 60_000 });
      return stdout.trim() ? JSON.parse(stdout) : {};
    };
    const created = await aws(
      "dynamodb", "create-table", "--table-name", "cli-table",
      "--attribute-definitions", "AttributeName=pk,AttributeType=S", "AttributeName=sk,AttributeType=N",
      "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
      "--billing-mode", "PAY_PER_REQUEST",
      "--stream-specification", "StreamEnabled=true,StreamViewType=KEYS_ONLY",
    );
    assert.equal(created.TableDescription.TableStatus, "CREATING");
    await aws("dynamodb", "wait", "table-exists", "--table-name", "cli-table");
    for (const sk of ["1", "2", "10"]) {
      await aws("dynamodb", "put-item", "--table-name", "cli-table", "--item", JSON.stringify({ pk: { S: "p" }, sk: { N: sk }, note: { S: `n${sk}` } }));
    }
    const queried = await aws(
      "dynamodb", "query", "--table-name", "cli-table",
      "--key-condition-expression", "pk = :p AND sk > :s",
      "--expression-attribute-values", JSON.stringify({ ":p": { S: "p" }, ":s": { N: "1" } }),
    );
    assert.deepEqual(queried.Items.map((i: { sk: { N: string } }) => i.sk.N), ["2", "10"]);
    const updated = await aws(
      "dynamodb", "update-item", "--table-name", "cli-table", "--key", JSON.stringify({ pk: { S: "p" }, sk: { N: "1" } }),
      "--update-expression", "SET note = :n", "--expression-attribute-values", JSON.stringify({ ":n": { S: "changed" } }), "--return-values", "UPDATED_NEW",
    );
    assert.deepEqual(updated.Attributes, { note: { S: "changed" } });
    const statement = await aws("dynamodb", "execute-statement", "--statement", "SELECT note FROM \"cli-table\" WHERE pk = 'p' AND sk = 10");
    assert.deepEqual(statement.Items, [{ note: { S: "n10" } }]);
    const scanned = await aws("dynamodb", "scan", "--table-name", "cli-table", "--select", "COUNT");
    assert.equal(scanned.Count, 3);
    const stream = await aws("dynamodbstreams", "list-streams", "--table-name", "cli-table");
    const described = await aws("dynamodbstreams", "describe-stream", "--stream-arn", stream.Streams[0].StreamArn);
    assert.equal(described.StreamDescription.StreamStatus, "ENABLED");
    const failure = await run(AWS_CLI, ["--endpoint-url", node.endpoint, "dynamodb", "describe-table", "--table-name", "nope-table"], { env: cliEnv() }).catch((e: { stderr: string }) => e);
    assert.match((failure as { stderr: string }).stderr, /ResourceNotFoundException.*Requested resource not found: Table: nope-table not found/);
    await aws("dynamodb", "delete-table", "--table-name", "cli-table");
    const tables = await aws("dynamodb", "list-tables");
    assert.ok(!tables.TableNames.includes("cli-table"));
  });
});
