// CloudWatch Logs end to end through the official AWS SDK v3 client (awsJson1_1), on a node
// with a fake clock so the time rules of PutLogEvents are exact.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  paginateDescribeLogGroups,
  paginateFilterLogEvents,
  paginateGetLogEvents,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagLogGroupCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import type { NimbusNode } from "../../../src/nimbus.js";
import { logsIngest } from "../../../src/services/logs/ingest.js";
import { FakeClock } from "../../../src/shared/clock.js";
import { clientConfig, startTestNimbus } from "../../helpers/nimbus.js";

type AwsError = Error & { $metadata?: { httpStatusCode?: number }; $fault?: string };

const awsError = (name: string, message: string | RegExp) => (err: AwsError) => {
  assert.equal(err.name, name);
  if (typeof message === "string") assert.equal(err.message, message);
  else assert.match(err.message, message);
  assert.equal(err.$metadata?.httpStatusCode, 400);
  assert.equal(err.$fault, "client");
  return true;
};

describe("CloudWatch Logs through the AWS SDK v3", () => {
  let node: NimbusNode;
  let logs: CloudWatchLogsClient;
  const clock = new FakeClock(Date.UTC(2026, 5, 1, 12));
  const now = () => clock.now();

  before(async () => {
    node = await startTestNimbus({}, { clock });
    logs = new CloudWatchLogsClient(clientConfig(node));
  });
  after(async () => {
    logs.destroy();
    await node.stop();
  });

  it("creates, describes and deletes log groups, with AWS's errors", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/sdk/groups", tags: { team: "core" } }));
    await assert.rejects(
      logs.send(new CreateLogGroupCommand({ logGroupName: "/sdk/groups" })),
      awsError("ResourceAlreadyExistsException", "The specified log group already exists"),
    );
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/sdk/groups" }));
    assert.deepEqual(logGroups, [
      {
        logGroupName: "/sdk/groups",
        creationTime: now(),
        metricFilterCount: 0,
        arn: "arn:aws:logs:us-east-1:000000000000:log-group:/sdk/groups:*",
        storedBytes: 0,
        logGroupClass: "STANDARD",
        logGroupArn: "arn:aws:logs:us-east-1:000000000000:log-group:/sdk/groups",
      },
    ]);
    await logs.send(new DeleteLogGroupCommand({ logGroupName: "/sdk/groups" }));
    await assert.rejects(
      logs.send(new DeleteLogGroupCommand({ logGroupName: "/sdk/groups" })),
      awsError("ResourceNotFoundException", "The specified log group does not exist."),
    );
  });

  it("reports model constraint violations as InvalidParameterException", async () => {
    await assert.rejects(
      logs.send(new DescribeLogGroupsCommand({ limit: 51 })),
      awsError(
        "InvalidParameterException",
        "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50",
      ),
    );
    await assert.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: "bad name!" })), awsError("InvalidParameterException", /at 'logGroupName' failed to satisfy constraint/));
  });

  it("pages DescribeLogGroups with the SDK paginator", async () => {
    for (let i = 0; i < 7; i++) await logs.send(new CreateLogGroupCommand({ logGroupName: `/sdk/page/${i}` }));
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeLogGroups({ client: logs, pageSize: 3 }, { logGroupNamePrefix: "/sdk/page/" })) {
      names.push(...page.logGroups!.map((g) => g.logGroupName!));
      pages++;
    }
    assert.equal(pages, 3);
    assert.deepEqual(names, Array.from({ length: 7 }, (_, i) => `/sdk/page/${i}`));
  });

  it("writes events and reads them back with GetLogEvents tokens", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/sdk/events" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "/sdk/events", logStreamName: "s1" }));
    const t = now() - 60_000;
    const put = await logs.send(
      new PutLogEventsCommand({
        logGroupName: "/sdk/events",
        logStreamName: "s1",
        logEvents: Array.from({ length: 25 }, (_, i) => ({ timestamp: t + i, message: `line ${i}` })),
      }),
    );
    assert.match(put.nextSequenceToken!, /^\d{56}$/);
    assert.equal(put.rejectedLogEventsInfo, undefined);

    const messages: string[] = [];
    for await (const page of paginateGetLogEvents(
      { client: logs, pageSize: 10, stopOnSameToken: true },
      { logGroupName: "/sdk/events", logStreamName: "s1", startFromHead: true },
    )) {
      messages.push(...page.events!.map((e) => e.message!));
    }
    assert.deepEqual(messages, Array.from({ length: 25 }, (_, i) => `line ${i}`));

    const tail = await logs.send(new GetLogEventsCommand({ logGroupName: "/sdk/events", logStreamName: "s1", limit: 2 }));
    assert.deepEqual(
      tail.events!.map((e) => [e.timestamp, e.message, e.ingestionTime]),
      [
        [t + 23, "line 23", now()],
        [t + 24, "line 24", now()],
      ],
    );
    assert.match(tail.nextBackwardToken!, /^b\/\d{56}$/);

    const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "/sdk/events" }));
    assert.equal(logStreams![0]!.firstEventTimestamp, t);
    assert.equal(logStreams![0]!.lastEventTimestamp, t + 24);
    assert.equal(logStreams![0]!.uploadSequenceToken, put.nextSequenceToken);
    assert.equal(logStreams![0]!.arn, "arn:aws:logs:us-east-1:000000000000:log-group:/sdk/events:log-stream:s1");
  });

  it("PutLogEvents rejects old and future events, and refuses bad batches", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/sdk/rules" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "/sdk/rules", logStreamName: "s" }));
    const put = (logEvents: { timestamp: number; message: string }[]) =>
      logs.send(new PutLogEventsCommand({ logGroupName: "/sdk/rules", logStreamName: "s", logEvents }));
    const day = 86_400_000;
    const out = await put([
      { timestamp: now() - 15 * day, message: "old" },
      { timestamp: now(), message: "ok" },
      { timestamp: now() + 3 * 3_600_000, message: "future" },
    ]);
    assert.deepEqual(out.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 0, tooNewLogEventStartIndex: 2 });
    await assert.rejects(
      put([
        { timestamp: now(), message: "b" },
        { timestamp: now() - 1, message: "a" },
      ]),
      awsError("InvalidParameterException", "Log events in a single PutLogEvents request must be in chronological order."),
    );
    await assert.rejects(
      put([
        { timestamp: now() - 2 * day, message: "a" },
        { timestamp: now(), message: "b" },
      ]),
      awsError("InvalidParameterException", "The batch of log events in a single PutLogEvents request cannot span more than 24 hours."),
    );
    await assert.rejects(
      logs.send(new PutLogEventsCommand({ logGroupName: "/sdk/rules", logStreamName: "nope", logEvents: [{ timestamp: now(), message: "m" }] })),
      awsError("ResourceNotFoundException", "The specified log stream does not exist."),
    );
    await assert.rejects(put([]), awsError("InvalidParameterException", /at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1/));
  });

  it("FilterLogEvents interleaves streams, applies patterns and pages", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/sdk/filter" }));
    const t = now() - 10_000;
    for (const [stream, offset] of [
      ["a", 0],
      ["b", 1],
    ] as const) {
      await logs.send(new CreateLogStreamCommand({ logGroupName: "/sdk/filter", logStreamName: stream }));
      await logs.send(
        new PutLogEventsCommand({
          logGroupName: "/sdk/filter",
          logStreamName: stream,
          logEvents: Array.from({ length: 5 }, (_, i) => ({
            timestamp: t + i * 2 + offset,
            message: JSON.stringify({ level: i % 2 ? "ERROR" : "INFO", stream, latency: i * 100 }),
          })),
        }),
      );
    }
    const all = await logs.send(new FilterLogEventsCommand({ logGroupName: "/sdk/filter" }));
    assert.deepEqual(
      all.events!.map((e) => e.logStreamName),
      ["a", "b", "a", "b", "a", "b", "a", "b", "a", "b"],
    );
    assert.deepEqual(all.searchedLogStreams, []);
    const errors = await logs.send(new FilterLogEventsCommand({ logGroupName: "/sdk/filter", filterPattern: '{ $.level = "ERROR" && $.latency > 100 }' }));
    assert.deepEqual(
      errors.events!.map((e) => JSON.parse(e.message!).latency),
      [300, 300],
    );
    const paged: string[] = [];
    for await (const page of paginateFilterLogEvents({ client: logs, pageSize: 3 }, { logGroupName: "/sdk/filter", logStreamNames: ["b"] })) {
      paged.push(...page.events!.map((e) => e.eventId!));
    }
    assert.equal(paged.length, 5);
    assert.equal(new Set(paged).size, 5);
    await assert.rejects(
      logs.send(new FilterLogEventsCommand({ logGroupName: "/sdk/filter", filterPattern: "user@example.com" })),
      awsError("InvalidParameterException", "Invalid character(s) in term '@.'"),
    );
  });

  it("retention policies accept AWS's values only", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/sdk/retention" }));
    await assert.rejects(
      logs.send(new PutRetentionPolicyCommand({ logGroupName: "/sdk/retention", retentionInDays: 2 })),
      awsError("InvalidParameterException", /Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: \[1, 3, 5/),
    );
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: "/sdk/retention", retentionInDays: 30 }));
    const described = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/sdk/retention" }));
    assert.equal(described.logGroups![0]!.retentionInDays, 30);
    await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: "/sdk/retention" }));
  });

  it("tags through both APIs", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/sdk/tags" }));
    const resourceArn = "arn:aws:logs:us-east-1:000000000000:log-group:/sdk/tags";
    await logs.send(new TagResourceCommand({ resourceArn, tags: { a: "1", b: "2" } }));
    await logs.send(new UntagResourceCommand({ resourceArn, tagKeys: ["a"] }));
    await logs.send(new TagLogGroupCommand({ logGroupName: "/sdk/tags", tags: { c: "3" } }));
    await logs.send(new UntagLogGroupCommand({ logGroupName: "/sdk/tags", tags: ["b"] }));
    assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn }))).tags, { c: "3" });
    assert.deepEqual((await logs.send(new ListTagsLogGroupCommand({ logGroupName: "/sdk/tags" }))).tags, { c: "3" });
  });

  it("DeleteLogStream, and each account sees only its own groups", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/sdk/mine" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "/sdk/mine", logStreamName: "s" }));
    await logs.send(new DeleteLogStreamCommand({ logGroupName: "/sdk/mine", logStreamName: "s" }));
    await assert.rejects(
      logs.send(new DeleteLogStreamCommand({ logGroupName: "/sdk/mine", logStreamName: "s" })),
      awsError("ResourceNotFoundException", "The specified log stream does not exist."),
    );
    const other = new CloudWatchLogsClient(clientConfig(node, { accessKeyId: "111122223333", secretAccessKey: "x" }));
    assert.deepEqual((await other.send(new DescribeLogGroupsCommand({}))).logGroups, []);
    other.destroy();
  });

  it("events appended in-process (Lambda's path) are read through the API", async () => {
    const ingest = await logsIngest(node.services);
    await ingest.appendEvents("000000000000", "us-east-1", "/aws/lambda/hello", "2026/06/01/[$LATEST]0123", [
      { timestamp: now() - 5, message: "START RequestId: r1 Version: $LATEST\n" },
      { timestamp: now() - 1, message: "END RequestId: r1\n" },
    ]);
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/hello", filterPattern: "START" }));
    assert.deepEqual(
      out.events!.map((e) => [e.logStreamName, e.message]),
      [["2026/06/01/[$LATEST]0123", "START RequestId: r1 Version: $LATEST\n"]],
    );
  });
});
