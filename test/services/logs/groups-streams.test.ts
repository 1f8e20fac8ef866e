// Log groups and streams through the provider: creation, description, paging, deletion, and
// AWS's errors (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/).
import assert from "node:assert/strict";
import { it } from "node:test";
import { backends, describeOnBackends, failsWith, fakeContext } from "./harness.js";

const all = await backends();

describeOnBackends("log groups", all, (f) => {
  it("CreateLogGroup then DescribeLogGroups reports the group as AWS does", async () => {
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "/app/web" });
    const out = await f.provider.DescribeLogGroups(f.ctx, {});
    assert.deepEqual(out, {
      logGroups: [
        {
          logGroupName: "/app/web",
          creationTime: f.clock.now(),
          metricFilterCount: 0,
          arn: "arn:aws:logs:us-east-1:000000000000:log-group:/app/web:*",
          storedBytes: 0,
          logGroupClass: "STANDARD",
          logGroupArn: "arn:aws:logs:us-east-1:000000000000:log-group:/app/web",
        },
      ],
    });
  });

  it("refuses a second group of the same name, and AWS's reserved prefix", async () => {
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "dup" });
    await assert.rejects(f.provider.CreateLogGroup(f.ctx, { logGroupName: "dup" }), failsWith("ResourceAlreadyExistsException", "The specified log group already exists"));
    await assert.rejects(
      f.provider.CreateLogGroup(f.ctx, { logGroupName: "aws/cwagent" }),
      failsWith("InvalidParameterException", "Log groups starting with AWS/ are reserved for AWS."),
    );
    // Lambda's groups start with "/aws/", which is not reserved.
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "/aws/lambda/fn" });
  });

  it("groups are namespaced by account and region", async () => {
    const other = fakeContext("111122223333", "eu-west-1");
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "shared-name" });
    await f.provider.CreateLogGroup(other, { logGroupName: "shared-name" });
    const mine = await f.provider.DescribeLogGroups(f.ctx, {});
    const theirs = await f.provider.DescribeLogGroups(other, {});
    assert.equal(mine.logGroups!.length, 1);
    assert.equal(theirs.logGroups![0]!.arn, "arn:aws:logs:eu-west-1:111122223333:log-group:shared-name:*");
    await f.provider.DeleteLogGroup(other, { logGroupName: "shared-name" });
    assert.equal((await f.provider.DescribeLogGroups(f.ctx, {})).logGroups!.length, 1);
  });

  it("sorts by name byte-wise and pages with limit and nextToken", async () => {
    const names = ["b", "B", "a", "A-1", "_x", "a.b", "z", "Z/1"];
    for (const n of names) await f.provider.CreateLogGroup(f.ctx, { logGroupName: n });
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await f.provider.DescribeLogGroups(f.ctx, { limit: 3, nextToken });
      assert.ok(page.logGroups!.length <= 3);
      seen.push(...page.logGroups!.map((g) => g.logGroupName!));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    assert.equal(pages, 3);
    assert.deepEqual(seen, [...names].sort());
  });

  it("filters by prefix, or by case-sensitive pattern with summary fields only", async () => {
    for (const n of ["/aws/lambda/DataLogs", "/app/DataLogs", "GroupDataLogs", "datalogs", "/aws/lambda/other"]) {
      await f.provider.CreateLogGroup(f.ctx, { logGroupName: n });
    }
    await f.provider.PutRetentionPolicy(f.ctx, { logGroupName: "/app/DataLogs", retentionInDays: 7 });
    const byPrefix = await f.provider.DescribeLogGroups(f.ctx, { logGroupNamePrefix: "/aws/lambda/" });
    assert.deepEqual(byPrefix.logGroups!.map((g) => g.logGroupName), ["/aws/lambda/DataLogs", "/aws/lambda/other"]);
    const byPattern = await f.provider.DescribeLogGroups(f.ctx, { logGroupNamePattern: "DataLogs" });
    assert.deepEqual(byPattern.logGroups!.map((g) => g.logGroupName), ["/app/DataLogs", "/aws/lambda/DataLogs", "GroupDataLogs"]);
    assert.deepEqual(Object.keys(byPattern.logGroups![0]!).sort(), ["arn", "creationTime", "logGroupName"]);
    await assert.rejects(
      f.provider.DescribeLogGroups(f.ctx, { logGroupNamePrefix: "a", logGroupNamePattern: "b" }),
      failsWith("InvalidParameterException", "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters."),
    );
    await assert.rejects(f.provider.DescribeLogGroups(f.ctx, { nextToken: "garbage" }), failsWith("InvalidParameterException", "The specified nextToken is invalid."));
  });

  it("DeleteLogGroup removes the group with its streams and events", async () => {
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "g" });
    await f.provider.CreateLogStream(f.ctx, { logGroupName: "g", logStreamName: "s" });
    await f.provider.PutLogEvents(f.ctx, { logGroupName: "g", logStreamName: "s", logEvents: [{ timestamp: f.clock.now(), message: "m" }] });
    await f.provider.DeleteLogGroup(f.ctx, { logGroupName: "g" });
    await assert.rejects(f.provider.DeleteLogGroup(f.ctx, { logGroupName: "g" }), failsWith("ResourceNotFoundException", "The specified log group does not exist."));
    // A new group of the same name starts empty.
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "g" });
    assert.deepEqual((await f.provider.DescribeLogStreams(f.ctx, { logGroupName: "g" })).logStreams, []);
  });

  it("deletion protection blocks DeleteLogGroup until it is turned off", async () => {
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "kept", deletionProtectionEnabled: true });
    assert.equal((await f.provider.DescribeLogGroups(f.ctx, {})).logGroups![0]!.deletionProtectionEnabled, true);
    await assert.rejects(
      f.provider.DeleteLogGroup(f.ctx, { logGroupName: "kept" }),
      failsWith("ValidationException", "Cannot delete log group with deletion protection enabled. Disable deletion protection first."),
    );
    await f.provider.PutLogGroupDeletionProtection(f.ctx, { logGroupIdentifier: "kept", deletionProtectionEnabled: false });
    await f.provider.DeleteLogGroup(f.ctx, { logGroupName: "kept" });
  });

  it("reports the bytes its streams store", async () => {
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "g" });
    for (const s of ["a", "b"]) {
      await f.provider.CreateLogStream(f.ctx, { logGroupName: "g", logStreamName: s });
      await f.provider.PutLogEvents(f.ctx, { logGroupName: "g", logStreamName: s, logEvents: [{ timestamp: f.clock.now(), message: "héllo" }] });
    }
    assert.equal((await f.provider.DescribeLogGroups(f.ctx, {})).logGroups![0]!.storedBytes, 12);
  });
});

describeOnBackends("log streams", all, (f) => {
  it("CreateLogStream needs an existing group and a new name", async () => {
    await assert.rejects(
      f.provider.CreateLogStream(f.ctx, { logGroupName: "none", logStreamName: "s" }),
      failsWith("ResourceNotFoundException", "The specified log group does not exist."),
    );
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "g" });
    await f.provider.CreateLogStream(f.ctx, { logGroupName: "g", logStreamName: "s" });
    await assert.rejects(
      f.provider.CreateLogStream(f.ctx, { logGroupName: "g", logStreamName: "s" }),
      failsWith("ResourceAlreadyExistsException", "The specified log stream already exists"),
    );
  });

  it("DescribeLogStreams reports times, tokens and ARNs", async () => {
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "g" });
    const created = f.clock.now();
    await f.provider.CreateLogStream(f.ctx, { logGroupName: "g", logStreamName: "2026/01/01/[$LATEST]abc" });
    await f.provider.CreateLogStream(f.ctx, { logGroupName: "g", logStreamName: "empty" });
    f.clock.advance(5000);
    const t0 = f.clock.now() - 3000;
    const put = await f.provider.PutLogEvents(f.ctx, {
      logGroupName: "g",
      logStreamName: "2026/01/01/[$LATEST]abc",
      logEvents: [
        { timestamp: t0, message: "one" },
        { timestamp: t0 + 1000, message: "two" },
      ],
    });
    const { logStreams } = await f.provider.DescribeLogStreams(f.ctx, { logGroupName: "g" });
    assert.deepEqual(logStreams, [
      {
        logStreamName: "2026/01/01/[$LATEST]abc",
        creationTime: created,
        firstEventTimestamp: t0,
        lastEventTimestamp: t0 + 1000,
        lastIngestionTime: f.clock.now(),
        uploadSequenceToken: put.nextSequenceToken,
        arn: "arn:aws:logs:us-east-1:000000000000:log-group:g:log-stream:2026/01/01/[$LATEST]abc",
        storedBytes: 0,
      },
      { logStreamName: "empty", creationTime: created, arn: "arn:aws:logs:us-east-1:000000000000:log-group:g:log-stream:empty", storedBytes: 0 },
    ]);
    assert.match(put.nextSequenceToken!, /^\d{56}$/);
  });

  it("orders by name or by last event time, either way, and pages", async () => {
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "g" });
    const now = f.clock.now();
    const lastTimes: Record<string, number> = { a: now - 3000, b: now - 1000, c: now - 2000, d: now - 500 };
    for (const [name, t] of Object.entries(lastTimes)) {
      await f.provider.CreateLogStream(f.ctx, { logGroupName: "g", logStreamName: name });
      await f.provider.PutLogEvents(f.ctx, { logGroupName: "g", logStreamName: name, logEvents: [{ timestamp: t, message: name }] });
    }
    const names = async (input: object) => {
      const out: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await f.provider.DescribeLogStreams(f.ctx, { logGroupName: "g", limit: 3, nextToken, ...input });
        out.push(...page.logStreams!.map((s) => s.logStreamName!));
        nextToken = page.nextToken;
      } while (nextToken);
      return out;
    };
    assert.deepEqual(await names({}), ["a", "b", "c", "d"]);
    assert.deepEqual(await names({ descending: true }), ["d", "c", "b", "a"]);
    assert.deepEqual(await names({ orderBy: "LastEventTime" }), ["a", "c", "b", "d"]);
    assert.deepEqual(await names({ orderBy: "LastEventTime", descending: true }), ["d", "b", "c", "a"]);
    assert.deepEqual(await names({ logStreamNamePrefix: "c" }), ["c"]);
    await assert.rejects(
      f.provider.DescribeLogStreams(f.ctx, { logGroupName: "g", orderBy: "LastEventTime", logStreamNamePrefix: "a" }),
      failsWith("InvalidParameterException", "Cannot order by LastEventTime with a logStreamNamePrefix."),
    );
  });

  it("finds the group by identifier (name or ARN) and refuses both or neither", async () => {
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "g" });
    await f.provider.CreateLogStream(f.ctx, { logGroupName: "g", logStreamName: "s" });
    for (const id of ["g", "arn:aws:logs:us-east-1:000000000000:log-group:g", "arn:aws:logs:us-east-1:000000000000:log-group:g:*"]) {
      assert.equal((await f.provider.DescribeLogStreams(f.ctx, { logGroupIdentifier: id })).logStreams!.length, 1);
    }
    await assert.rejects(
      f.provider.DescribeLogStreams(f.ctx, { logGroupIdentifier: "arn:aws:logs:us-east-1:999999999999:log-group:g" }),
      failsWith("ResourceNotFoundException", "The specified log group does not exist."),
    );
    await assert.rejects(f.provider.DescribeLogStreams(f.ctx, { logGroupName: "g", logGroupIdentifier: "g" }), failsWith("InvalidParameterException", /mutually exclusive/));
    await assert.rejects(f.provider.DescribeLogStreams(f.ctx, {}), failsWith("InvalidParameterException", /either logGroupName or logGroupIdentifier/));
  });

  it("DeleteLogStream removes the stream and its events", async () => {
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "g" });
    await f.provider.CreateLogStream(f.ctx, { logGroupName: "g", logStreamName: "s" });
    await f.provider.PutLogEvents(f.ctx, { logGroupName: "g", logStreamName: "s", logEvents: [{ timestamp: f.clock.now(), message: "m" }] });
    await f.provider.DeleteLogStream(f.ctx, { logGroupName: "g", logStreamName: "s" });
    await assert.rejects(
      f.provider.DeleteLogStream(f.ctx, { logGroupName: "g", logStreamName: "s" }),
      failsWith("ResourceNotFoundException", "The specified log stream does not exist."),
    );
    await f.provider.CreateLogStream(f.ctx, { logGroupName: "g", logStreamName: "s" });
    assert.deepEqual((await f.provider.GetLogEvents(f.ctx, { logGroupName: "g", logStreamName: "s" })).events, []);
  });
});
