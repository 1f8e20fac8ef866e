// CloudWatch Logs through the Debian AWS CLI v2 (botocore's own serializer and parsers).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import type { NimbusNode } from "../../../src/nimbus.js";
import { startTestNimbus } from "../../helpers/nimbus.js";

const run = promisify(execFile);
const AWS_CLI = "/usr/bin/aws";
const skip = !existsSync(AWS_CLI) && process.env.CI !== "true" ? "Debian awscli is not installed" : false;

describe("CloudWatch Logs through the AWS CLI", { skip }, () => {
  let node: NimbusNode;
  const env = {
    PATH: process.env.PATH,
    HOME: tmpdir(),
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
  };
  // AWS CLI 2.9 ignores AWS_ENDPOINT_URL: pass --endpoint-url.
  const aws = async (...args: string[]) => {
    const { stdout } = await run(AWS_CLI, ["--endpoint-url", node.endpoint, "--output", "json", "logs", ...args], { env });
    return stdout.trim() ? JSON.parse(stdout) : undefined;
  };

  before(async () => {
    node = await startTestNimbus();
  });
  after(() => node.stop());

  it("creates a group and a stream, puts events, and reads them back", async () => {
    await aws("create-log-group", "--log-group-name", "/cli/app");
    await aws("create-log-stream", "--log-group-name", "/cli/app", "--log-stream-name", "web");
    const now = Date.now();
    const events = JSON.stringify([
      { timestamp: now - 2000, message: '{"level":"INFO","path":"/"}' },
      { timestamp: now - 1000, message: '{"level":"ERROR","path":"/checkout"}' },
    ]);
    const put = await aws("put-log-events", "--log-group-name", "/cli/app", "--log-stream-name", "web", "--log-events", events);
    assert.match(put.nextSequenceToken, /^\d{56}$/);

    const got = await aws("get-log-events", "--log-group-name", "/cli/app", "--log-stream-name", "web", "--start-from-head");
    assert.deepEqual(
      got.events.map((e: { message: string }) => e.message),
      ['{"level":"INFO","path":"/"}', '{"level":"ERROR","path":"/checkout"}'],
    );
    assert.match(got.nextForwardToken, /^f\/\d{56}$/);

    // The CLI follows FilterLogEvents' nextToken itself until none comes back.
    const filtered = await aws("filter-log-events", "--log-group-name", "/cli/app", "--filter-pattern", '{ $.level = "ERROR" }');
    assert.deepEqual(
      filtered.events.map((e: { logStreamName: string; message: string }) => [e.logStreamName, e.message]),
      [["web", '{"level":"ERROR","path":"/checkout"}']],
    );

    const groups = await aws("describe-log-groups", "--log-group-name-prefix", "/cli/");
    assert.equal(groups.logGroups[0].arn, "arn:aws:logs:us-east-1:000000000000:log-group:/cli/app:*");
    assert.equal(groups.logGroups[0].storedBytes, 27 + 36); // the messages' UTF-8 bytes
    const streams = await aws("describe-log-streams", "--log-group-name", "/cli/app", "--order-by", "LastEventTime", "--descending");
    assert.equal(streams.logStreams[0].lastEventTimestamp, now - 1000);
  });

  it("reports AWS's errors the way the CLI prints them", async () => {
    await aws("create-log-group", "--log-group-name", "/cli/errors");
    await assert.rejects(aws("create-log-group", "--log-group-name", "/cli/errors"), (err: Error & { stderr?: string }) => {
      assert.match(
        err.stderr ?? "",
        /An error occurred \(ResourceAlreadyExistsException\) when calling the CreateLogGroup operation: The specified log group already exists/,
      );
      return true;
    });
    await assert.rejects(aws("put-retention-policy", "--log-group-name", "/cli/errors", "--retention-in-days", "8"), (err: Error & { stderr?: string }) => {
      assert.match(err.stderr ?? "", /\(InvalidParameterException\) when calling the PutRetentionPolicy operation: 1 validation error detected: Value '8' at 'retentionInDays'/);
      return true;
    });
    await aws("put-retention-policy", "--log-group-name", "/cli/errors", "--retention-in-days", "14");
    await aws("tag-resource", "--resource-arn", "arn:aws:logs:us-east-1:000000000000:log-group:/cli/errors", "--tags", "env=dev");
    assert.deepEqual(await aws("list-tags-for-resource", "--resource-arn", "arn:aws:logs:us-east-1:000000000000:log-group:/cli/errors"), { tags: { env: "dev" } });
    await aws("delete-log-group", "--log-group-name", "/cli/errors");
  });
});
