// Retention policies and the sweeper (fake clock), tags both ways, and the in-process ingest API.
import assert from "node:assert/strict";
import { setImmediate as tick } from "node:timers/promises";
import { it } from "node:test";
import { backends, describeOnBackends, failsWith, fakeContext } from "./harness.js";

const all = await backends();
const DAY = 86_400_000;

describeOnBackends("retention", all, (f) => {
  it("accepts only AWS's retention values, with AWS's message", async () => {
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "g" });
    await assert.rejects(
      f.provider.PutRetentionPolicy(f.ctx, { logGroupName: "g", retentionInDays: 4 }),
      failsWith(
        "InvalidParameterException",
        "1 validation error detected: Value '4' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]",
      ),
    );
    for (const days of [1, 3653, 1096]) await f.provider.PutRetentionPolicy(f.ctx, { logGroupName: "g", retentionInDays: days });
    assert.equal((await f.provider.DescribeLogGroups(f.ctx, {})).logGroups![0]!.retentionInDays, 1096);
    await f.provider.DeleteRetentionPolicy(f.ctx, { logGroupName: "g" });
    assert.equal((await f.provider.DescribeLogGroups(f.ctx, {})).logGroups![0]!.retentionInDays, undefined);
    await assert.rejects(
      f.provider.PutRetentionPolicy(f.ctx, { logGroupName: "missing", retentionInDays: 1 }),
      failsWith("ResourceNotFoundException", "The specified log group does not exist."),
    );
    await assert.rejects(f.provider.DeleteRetentionPolicy(f.ctx, { logGroupName: "missing" }), failsWith("ResourceNotFoundException", /does not exist/));
  });

  it("the hourly sweep deletes events past retention and updates the stream", async () => {
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "short" });
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "forever" });
    for (const g of ["short", "forever"]) {
      await f.provider.CreateLogStream(f.ctx, { logGroupName: g, logStreamName: "s" });
      const now = f.clock.now();
      // Two calls: one batch may not span more than 24 hours.
      for (const e of [{ timestamp: now - 2 * DAY, message: "old" }, { timestamp: now - 1000, message: "new" }]) {
        await f.provider.PutLogEvents(f.ctx, { logGroupName: g, logStreamName: "s", logEvents: [e] });
      }
    }
    await f.provider.PutRetentionPolicy(f.ctx, { logGroupName: "short", retentionInDays: 1 });
    const messages = async (g: string) =>
      (await f.provider.GetLogEvents(f.ctx, { logGroupName: g, logStreamName: "s", startFromHead: true })).events!.map((e) => e.message);
    assert.deepEqual(await messages("short"), ["old", "new"]); // not swept yet

    // Moving the fake clock an hour fires the sweeper on its own.
    f.clock.advance(3_600_000);
    for (let i = 0; i < 100 && (await messages("short")).length > 1; i++) await tick();
    assert.deepEqual(await messages("short"), ["new"]);
    assert.deepEqual(await messages("forever"), ["old", "new"]);
    const [stream] = (await f.provider.DescribeLogStreams(f.ctx, { logGroupName: "short" })).logStreams!;
    assert.equal(stream!.firstEventTimestamp, stream!.lastEventTimestamp);
    const groups = (await f.provider.DescribeLogGroups(f.ctx, {})).logGroups!;
    assert.deepEqual(
      groups.map((g) => [g.logGroupName, g.storedBytes]),
      [
        ["forever", 6],
        ["short", 3],
      ],
    );
    assert.equal(await f.provider.sweepExpiredEvents(), 0);
  });
});

describeOnBackends("tags", all, (f) => {
  const arn = "arn:aws:logs:us-east-1:000000000000:log-group:g";

  it("tags a group by ARN and by name, at creation and later", async () => {
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "g", tags: { team: "core", env: "dev" } });
    assert.deepEqual(await f.provider.ListTagsForResource(f.ctx, { resourceArn: arn }), { tags: { env: "dev", team: "core" } });
    await f.provider.TagResource(f.ctx, { resourceArn: arn, tags: { env: "prod", owner: "me" } });
    await f.provider.UntagResource(f.ctx, { resourceArn: arn, tagKeys: ["team"] });
    assert.deepEqual(await f.provider.ListTagsLogGroup(f.ctx, { logGroupName: "g" }), { tags: { env: "prod", owner: "me" } });
    await f.provider.TagLogGroup(f.ctx, { logGroupName: "g", tags: { cost: "42" } });
    await f.provider.UntagLogGroup(f.ctx, { logGroupName: "g", tags: ["owner"] });
    assert.deepEqual(await f.provider.ListTagsForResource(f.ctx, { resourceArn: arn }), { tags: { cost: "42", env: "prod" } });
  });

  it("refuses more than 50 tags and unknown resources", async () => {
    await f.provider.CreateLogGroup(f.ctx, { logGroupName: "g" });
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    await f.provider.TagResource(f.ctx, { resourceArn: arn, tags: fifty });
    await f.provider.TagResource(f.ctx, { resourceArn: arn, tags: { k0: "overwrite" } });
    await assert.rejects(f.provider.TagResource(f.ctx, { resourceArn: arn, tags: { one: "more" } }), (err: Error & { fields?: object }) => {
      assert.equal(err.name, "TooManyTagsException");
      assert.deepEqual(err.fields, { resourceName: arn });
      return true;
    });
    await assert.rejects(
      f.provider.ListTagsForResource(f.ctx, { resourceArn: "arn:aws:logs:us-east-1:000000000000:log-group:nope" }),
      failsWith("ResourceNotFoundException", "The specified log group does not exist."),
    );
    await assert.rejects(
      f.provider.ListTagsForResource(f.ctx, { resourceArn: "arn:aws:logs:us-east-1:000000000000:destination:d" }),
      failsWith("ResourceNotFoundException", "The specified resource does not exist."),
    );
    await assert.rejects(f.provider.ListTagsLogGroup(f.ctx, { logGroupName: "nope" }), failsWith("ResourceNotFoundException", /log group/));
  });
});

describeOnBackends("in-process ingest (appendEvents, appendBatches)", all, (f) => {
  it("creates the group and stream on demand and stores the events in order", async () => {
    const now = f.clock.now();
    await f.provider.appendEvents("123456789012", "eu-west-1", "/aws/lambda/fn", "2026/01/01/[$LATEST]abc", [
      { timestamp: now - 2, message: "START RequestId: 1" },
      { timestamp: now - 3, message: "earlier line" },
      { timestamp: now - 1, message: "END RequestId: 1" },
    ]);
    await f.provider.appendEvents("123456789012", "eu-west-1", "/aws/lambda/fn", "2026/01/01/[$LATEST]abc", [{ timestamp: now, message: "REPORT RequestId: 1" }]);
    const ctx = fakeContext("123456789012", "eu-west-1");
    const out = await f.provider.GetLogEvents(ctx, { logGroupName: "/aws/lambda/fn", logStreamName: "2026/01/01/[$LATEST]abc", startFromHead: true });
    assert.deepEqual(
      out.events!.map((e) => e.message),
      ["earlier line", "START RequestId: 1", "END RequestId: 1", "REPORT RequestId: 1"],
    );
    // Nothing leaked into the default account.
    assert.deepEqual((await f.provider.DescribeLogGroups(f.ctx, {})).logGroups, []);
  });

  it("appends to several streams in one call, each with its own totals", async () => {
    const now = f.clock.now();
    await f.provider.appendBatches([
      { accountId: "000000000000", region: "us-east-1", logGroupName: "/aws/lambda/a", logStreamName: "s1", events: [{ timestamp: now - 5, message: "a1" }, { timestamp: now - 4, message: "a2" }] },
      { accountId: "000000000000", region: "us-east-1", logGroupName: "/aws/lambda/a", logStreamName: "s2", events: [{ timestamp: now - 3, message: "b1" }] },
      { accountId: "000000000000", region: "us-east-1", logGroupName: "/aws/lambda/b", logStreamName: "s1", events: [{ timestamp: now - 2, message: "cc1" }] },
    ]);
    await f.provider.appendBatches([
      { accountId: "000000000000", region: "us-east-1", logGroupName: "/aws/lambda/a", logStreamName: "s1", events: [{ timestamp: now - 1, message: "a3" }] },
      { accountId: "000000000000", region: "us-east-1", logGroupName: "/aws/lambda/a", logStreamName: "s1", events: [{ timestamp: now - 1, message: "a4" }] },
    ]);
    const streams = (await f.provider.DescribeLogStreams(f.ctx, { logGroupName: "/aws/lambda/a" })).logStreams!;
    assert.deepEqual(
      streams.map((s) => [s.logStreamName, s.firstEventTimestamp, s.lastEventTimestamp]),
      [["s1", now - 5, now - 1], ["s2", now - 3, now - 3]],
    );
    const read = async (group: string, stream: string) =>
      (await f.provider.GetLogEvents(f.ctx, { logGroupName: group, logStreamName: stream, startFromHead: true })).events!.map((e) => e.message);
    assert.deepEqual(await read("/aws/lambda/a", "s1"), ["a1", "a2", "a3", "a4"]);
    const groups = (await f.provider.DescribeLogGroups(f.ctx, { logGroupNamePrefix: "/aws/lambda/" })).logGroups!;
    assert.deepEqual(groups.map((g) => [g.logGroupName, g.storedBytes]), [["/aws/lambda/a", 10], ["/aws/lambda/b", 3]]);
    assert.deepEqual(await read("/aws/lambda/a", "s2"), ["b1"]);
    assert.deepEqual(await read("/aws/lambda/b", "s1"), ["cc1"]);
  });

  it("appends more events than one statement holds to a known stream, in order and counted", async () => {
    const now = f.clock.now();
    const batch = (from: number, n: number) =>
      f.provider.appendBatches([
        {
          accountId: "000000000000",
          region: "us-east-1",
          logGroupName: "/aws/lambda/many",
          logStreamName: "s",
          events: Array.from({ length: n }, (_, i) => ({ timestamp: now - 100 + from + i, message: `m${from + i}` })),
        },
      ]);
    await batch(0, 1); // creates the stream: later batches take the remembered-stream path
    await batch(1, 101); // more than one multi-row INSERT's worth (64) with a remainder (32 + 5)
    await batch(102, 16);
    const out = await f.provider.GetLogEvents(f.ctx, { logGroupName: "/aws/lambda/many", logStreamName: "s", startFromHead: true });
    assert.deepEqual(
      out.events!.map((e) => e.message),
      Array.from({ length: 118 }, (_, i) => `m${i}`),
    );
    const [stream] = (await f.provider.DescribeLogStreams(f.ctx, { logGroupName: "/aws/lambda/many" })).logStreams!;
    assert.equal(stream!.firstEventTimestamp, now - 100);
    assert.equal(stream!.lastEventTimestamp, now - 100 + 117);
    const [group] = (await f.provider.DescribeLogGroups(f.ctx, { logGroupNamePrefix: "/aws/lambda/many" })).logGroups!;
    assert.equal(group!.storedBytes, Array.from({ length: 118 }, (_, i) => `m${i}`.length).reduce((a, b) => a + b, 0));
  });

  it("appends a flush of many known streams (several INSERTs and UPDATEs) with each stream's own events, totals and sequence", async () => {
    const now = f.clock.now();
    const streams = 21; // more than one UPDATE's worth (16)
    const flush = (round: number) =>
      f.provider.appendBatches(
        Array.from({ length: streams }, (_, s) => ({
          accountId: "000000000000",
          region: "us-east-1",
          logGroupName: "/aws/lambda/wide",
          logStreamName: `s${String(s).padStart(2, "0")}`,
          // 1 to 7 events per stream: the INSERTs' row chunks end in the middle of streams.
          events: Array.from({ length: 1 + ((s + round) % 7) }, (_, i) => ({ timestamp: now - 1000 + round * 100 + s, message: `r${round} s${s} e${i}` })),
        })),
      );
    for (let round = 0; round < 3; round++) await flush(round); // the first creates the streams, the others take the remembered-stream path
    const expected = (s: number) => [0, 1, 2].flatMap((round) => Array.from({ length: 1 + ((s + round) % 7) }, (_, i) => `r${round} s${s} e${i}`));
    const all = await f.provider.FilterLogEvents(f.ctx, { logGroupName: "/aws/lambda/wide" });
    const ids = all.events!.map((e) => e.eventId!);
    assert.equal(new Set(ids).size, ids.length);
    const described = (await f.provider.DescribeLogStreams(f.ctx, { logGroupName: "/aws/lambda/wide" })).logStreams!;
    assert.equal(described.length, streams);
    let bytes = 0;
    for (let s = 0; s < streams; s++) {
      const name = `s${String(s).padStart(2, "0")}`;
      const read = await f.provider.GetLogEvents(f.ctx, { logGroupName: "/aws/lambda/wide", logStreamName: name, startFromHead: true });
      assert.deepEqual(read.events!.map((e) => e.message), expected(s));
      const stream = described.find((d) => d.logStreamName === name)!;
      assert.equal(stream.firstEventTimestamp, now - 1000 + s);
      assert.equal(stream.lastEventTimestamp, now - 1000 + 200 + s);
      // The stream's sequence number is the id of its last event (an eventId's last 36 digits).
      const last = all.events!.filter((e) => e.logStreamName === name).at(-1)!;
      assert.equal(BigInt(stream.uploadSequenceToken!), BigInt(last.eventId!.slice(20)));
      assert.equal(last.message, expected(s).at(-1));
      bytes += expected(s).reduce((n, m) => n + m.length, 0);
    }
    const [group] = (await f.provider.DescribeLogGroups(f.ctx, { logGroupNamePrefix: "/aws/lambda/wide" })).logGroups!;
    assert.equal(group!.storedBytes, bytes);
  });

  it("a stream or group deleted between appends is created again, with only the new events", async () => {
    const now = f.clock.now();
    const append = (stream: string, message: string) =>
      f.provider.appendBatches([
        { accountId: "000000000000", region: "us-east-1", logGroupName: "/aws/lambda/gone", logStreamName: stream, events: [{ timestamp: now, message }] },
        { accountId: "000000000000", region: "us-east-1", logGroupName: "/aws/lambda/kept", logStreamName: "k", events: [{ timestamp: now, message }] },
      ]);
    const read = async (group: string, stream: string) =>
      (await f.provider.GetLogEvents(f.ctx, { logGroupName: group, logStreamName: stream, startFromHead: true })).events!.map((e) => e.message);
    await append("s", "before");
    await f.provider.DeleteLogStream(f.ctx, { logGroupName: "/aws/lambda/gone", logStreamName: "s" });
    await append("s", "after stream deleted");
    assert.deepEqual(await read("/aws/lambda/gone", "s"), ["after stream deleted"]);
    await f.provider.DeleteLogGroup(f.ctx, { logGroupName: "/aws/lambda/gone" });
    await append("s", "after group deleted");
    assert.deepEqual(await read("/aws/lambda/gone", "s"), ["after group deleted"]);
    assert.deepEqual(await read("/aws/lambda/kept", "k"), ["before", "after stream deleted", "after group deleted"]);
  });

  it("stores a large batch in one call and reads it back page by page", async () => {
    const now = f.clock.now();
    const n = 12_000;
    const events = Array.from({ length: n }, (_, i) => ({ timestamp: now - n + i, message: `line ${i}` }));
    await f.provider.appendEvents("000000000000", "us-east-1", "/aws/lambda/big", "s", events);
    let count = 0;
    let token: string | undefined;
    for (;;) {
      const page = await f.provider.GetLogEvents(f.ctx, { logGroupName: "/aws/lambda/big", logStreamName: "s", startFromHead: true, nextToken: token });
      if (count === 0) assert.equal(page.events!.length, 10_000); // the default page size
      count += page.events!.length;
      if (page.nextForwardToken === token) break;
      token = page.nextForwardToken;
    }
    assert.equal(count, n);
  });
});
