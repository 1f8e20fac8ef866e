// PutLogEvents, GetLogEvents and FilterLogEvents through the provider, with a fake clock.
import assert from "node:assert/strict";
import { it } from "node:test";
import { backends, describeOnBackends, failsWith, type Fixture } from "./harness.js";

const all = await backends();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function groupWithStreams(f: Fixture, group: string, streams: string[]) {
  await f.provider.CreateLogGroup(f.ctx, { logGroupName: group });
  for (const s of streams) await f.provider.CreateLogStream(f.ctx, { logGroupName: group, logStreamName: s });
}

const put = (f: Fixture, stream: string, events: { timestamp: number; message: string }[], group = "g") =>
  f.provider.PutLogEvents(f.ctx, { logGroupName: group, logStreamName: stream, logEvents: events });

describeOnBackends("PutLogEvents", all, (f) => {
  it("needs the group and the stream", async () => {
    const e = [{ timestamp: f.clock.now(), message: "m" }];
    await assert.rejects(put(f, "s", e, "missing"), failsWith("ResourceNotFoundException", "The specified log group does not exist."));
    await groupWithStreams(f, "g", []);
    await assert.rejects(put(f, "s", e), failsWith("ResourceNotFoundException", "The specified log stream does not exist."));
  });

  it("refuses unsorted batches, oversized ones and batches spanning more than 24 hours, storing nothing", async () => {
    await groupWithStreams(f, "g", ["s"]);
    const now = f.clock.now();
    await assert.rejects(
      put(f, "s", [
        { timestamp: now, message: "b" },
        { timestamp: now - 1, message: "a" },
      ]),
      failsWith("InvalidParameterException", "Log events in a single PutLogEvents request must be in chronological order."),
    );
    await assert.rejects(
      put(f, "s", [
        { timestamp: now - 25 * HOUR, message: "a" },
        { timestamp: now, message: "b" },
      ]),
      failsWith("InvalidParameterException", "The batch of log events in a single PutLogEvents request cannot span more than 24 hours."),
    );
    // 1,048,576 bytes counting 26 per event: 2 events of 524,262 bytes fit exactly; one more byte does not.
    const half = "x".repeat(524_262);
    await put(f, "s", [
      { timestamp: now, message: half },
      { timestamp: now, message: half },
    ]);
    await assert.rejects(
      put(f, "s", [
        { timestamp: now, message: half },
        { timestamp: now, message: half + "y" },
      ]),
      failsWith("InvalidParameterException", "Upload too large: 1048577 bytes exceeds limit of 1048576"),
    );
    const events = (await f.provider.GetLogEvents(f.ctx, { logGroupName: "g", logStreamName: "s", startFromHead: true })).events!;
    assert.equal(events.length, 2);
  });

  it("rejects events too old, too new or past retention and stores the rest", async () => {
    await groupWithStreams(f, "g", ["s"]);
    const now = f.clock.now();
    const out = await put(f, "s", [
      { timestamp: now - 15 * DAY, message: "too old" },
      { timestamp: now - 10 * HOUR, message: "kept 1" },
      { timestamp: now + HOUR, message: "kept 2" },
      { timestamp: now + 3 * HOUR, message: "too new" },
    ]);
    assert.deepEqual(out.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 0, tooNewLogEventStartIndex: 3 });
    const stored = await f.provider.GetLogEvents(f.ctx, { logGroupName: "g", logStreamName: "s", startFromHead: true });
    assert.deepEqual(stored.events!.map((e) => e.message), ["kept 1", "kept 2"]);

    await f.provider.PutRetentionPolicy(f.ctx, { logGroupName: "g", retentionInDays: 1 });
    const expired = await put(f, "s", [
      { timestamp: now - 2 * DAY, message: "expired" },
      { timestamp: now - HOUR, message: "fresh" },
    ]);
    assert.deepEqual(expired.rejectedLogEventsInfo, { expiredLogEventEndIndex: 0 });
  });

  it("ignores sequence tokens, as AWS does since 2023, and answers the next one", async () => {
    await groupWithStreams(f, "g", ["s"]);
    const first = await f.provider.PutLogEvents(f.ctx, {
      logGroupName: "g",
      logStreamName: "s",
      sequenceToken: "not-a-real-token",
      logEvents: [{ timestamp: f.clock.now(), message: "a" }],
    });
    const second = await put(f, "s", [{ timestamp: f.clock.now(), message: "b" }]);
    assert.match(first.nextSequenceToken!, /^\d{56}$/);
    assert.ok(second.nextSequenceToken! > first.nextSequenceToken!);
  });
});

describeOnBackends("GetLogEvents", all, (f) => {
  const get = (input: object) => f.provider.GetLogEvents(f.ctx, { logGroupName: "g", logStreamName: "s", ...input });

  async function fill(n: number) {
    await groupWithStreams(f, "g", ["s"]);
    const base = f.clock.now() - HOUR;
    await put(
      f,
      "s",
      Array.from({ length: n }, (_, i) => ({ timestamp: base + Math.floor(i / 2) * 1000, message: `event ${i}` })),
    );
    return base;
  }

  it("pages forward from the head with AWS-shaped tokens until the token repeats", async () => {
    await fill(7);
    let page = await get({ startFromHead: true, limit: 3 });
    const seen = page.events!.map((e) => e.message!);
    let pages = 1;
    for (;;) {
      assert.match(page.nextForwardToken!, /^f\/\d{56}$/);
      assert.match(page.nextBackwardToken!, /^b\/\d{56}$/);
      const token = page.nextForwardToken;
      page = await get({ nextToken: token, limit: 3 });
      pages++;
      seen.push(...page.events!.map((e) => e.message!));
      if (page.nextForwardToken === token) break;
    }
    assert.deepEqual(seen, Array.from({ length: 7 }, (_, i) => `event ${i}`));
    assert.equal(pages, 4); // 3 + 3 + 1, then an empty page answering the same token
  });

  it("starts from the tail by default and pages backward", async () => {
    await fill(7);
    const last = await get({ limit: 3 });
    assert.deepEqual(last.events!.map((e) => e.message), ["event 4", "event 5", "event 6"]);
    const before = await get({ nextToken: last.nextBackwardToken, limit: 3 });
    assert.deepEqual(before.events!.map((e) => e.message), ["event 1", "event 2", "event 3"]);
    const start = await get({ nextToken: before.nextBackwardToken, limit: 3 });
    assert.deepEqual(start.events!.map((e) => e.message), ["event 0"]);
    const done = await get({ nextToken: start.nextBackwardToken, limit: 3 });
    assert.deepEqual(done.events, []);
    assert.equal(done.nextBackwardToken, start.nextBackwardToken);
    // Forward again from the first page's backward token picks up where it left.
    const forward = await get({ nextToken: done.nextForwardToken, limit: 2 });
    assert.deepEqual(forward.events!.map((e) => e.message), ["event 0", "event 1"]);
  });

  it("a forward token returns events written after it", async () => {
    await fill(2);
    const page = await get({ startFromHead: true });
    const empty = await get({ nextToken: page.nextForwardToken });
    assert.deepEqual(empty.events, []);
    await put(f, "s", [{ timestamp: f.clock.now(), message: "later" }]);
    const next = await get({ nextToken: page.nextForwardToken });
    assert.deepEqual(next.events!.map((e) => e.message), ["later"]);
  });

  it("startTime is inclusive and endTime exclusive; events carry their ingestion time", async () => {
    const base = await fill(6); // times base, base, base+1s, base+1s, base+2s, base+2s
    const page = await get({ startFromHead: true, startTime: base + 1000, endTime: base + 2000 });
    assert.deepEqual(page.events!.map((e) => e.message), ["event 2", "event 3"]);
    assert.deepEqual(page.events![0], { timestamp: base + 1000, message: "event 2", ingestionTime: f.clock.now() });
  });

  it("refuses tokens it did not issue, and unknown streams", async () => {
    await fill(1);
    await assert.rejects(get({ nextToken: "f/123" }), failsWith("InvalidParameterException", "The specified nextToken is invalid."));
    await assert.rejects(
      f.provider.GetLogEvents(f.ctx, { logGroupName: "g", logStreamName: "nope" }),
      failsWith("ResourceNotFoundException", "The specified log stream does not exist."),
    );
  });
});

describeOnBackends("FilterLogEvents", all, (f) => {
  const filter = (input: object) => f.provider.FilterLogEvents(f.ctx, { logGroupName: "g", ...input });

  async function fill() {
    await groupWithStreams(f, "g", ["web-1", "web-2", "worker"]);
    const t = f.clock.now() - HOUR;
    await put(f, "web-1", [
      { timestamp: t + 1, message: '{"level":"INFO","latency":20}' },
      { timestamp: t + 4, message: '{"level":"ERROR","latency":250}' },
    ]);
    await put(f, "web-2", [
      { timestamp: t + 2, message: "ERROR plain text" },
      { timestamp: t + 5, message: "WARN slow request" },
    ]);
    await put(f, "worker", [{ timestamp: t + 3, message: '{"level":"ERROR","latency":50}' }]);
    return t;
  }

  it("interleaves the streams' events by timestamp", async () => {
    const t = await fill();
    const out = await filter({});
    assert.deepEqual(
      out.events!.map((e) => [e.logStreamName, e.timestamp]),
      [
        ["web-1", t + 1],
        ["web-2", t + 2],
        ["worker", t + 3],
        ["web-1", t + 4],
        ["web-2", t + 5],
      ],
    );
    assert.deepEqual(out.searchedLogStreams, []);
    assert.equal(out.nextToken, undefined);
    for (const e of out.events!) assert.match(e.eventId!, /^\d{56}$/);
  });

  it("applies filter patterns", async () => {
    await fill();
    const messages = async (filterPattern: string) => (await filter({ filterPattern })).events!.map((e) => e.message);
    assert.deepEqual(await messages("ERROR"), ['{"level":"ERROR","latency":250}', "ERROR plain text", '{"level":"ERROR","latency":50}'].sort(byTime(await filter({}))));
    assert.deepEqual(await messages('{ $.level = "ERROR" && $.latency > 100 }'), ['{"level":"ERROR","latency":250}']);
    assert.deepEqual(await messages("?WARN ?plain"), ["ERROR plain text", "WARN slow request"]);
    assert.deepEqual(await messages("[level = ERROR || level = WARN, ...]"), ["ERROR plain text", "WARN slow request"]);
    await assert.rejects(filter({ filterPattern: "{ $.level = " }), failsWith("InvalidParameterException", "If a filter pattern starts with '{' it must end with '}'"));
  });

  it("narrows to named streams or a name prefix, not both", async () => {
    await fill();
    const streams = async (input: object) => [...new Set((await filter(input)).events!.map((e) => e.logStreamName))];
    assert.deepEqual(await streams({ logStreamNames: ["worker", "missing"] }), ["worker"]);
    assert.deepEqual(await streams({ logStreamNamePrefix: "web-" }), ["web-1", "web-2"]);
    assert.deepEqual((await filter({ logStreamNames: ["missing"] })).events, []);
    await assert.rejects(filter({ logStreamNames: ["worker"], logStreamNamePrefix: "w" }), failsWith("InvalidParameterException", /logStreamNames/));
  });

  it("a prefix selecting hundreds of streams still filters exactly", async () => {
    const t = f.clock.now() - 1000;
    for (let i = 0; i < 600; i++) {
      await f.provider.appendEvents("000000000000", "us-east-1", "many", `${i % 2 ? "odd" : "even"}-${String(i).padStart(3, "0")}`, [{ timestamp: t + i, message: `m${i}` }]);
    }
    const out = await f.provider.FilterLogEvents(f.ctx, { logGroupName: "many", logStreamNamePrefix: "odd-" });
    assert.equal(out.events!.length, 300);
    assert.ok(out.events!.every((e) => e.logStreamName!.startsWith("odd-")));
  });

  it("honours the time range (both ends inclusive) and pages with nextToken", async () => {
    const t = await fill();
    assert.deepEqual((await filter({ startTime: t + 2, endTime: t + 4 })).events!.map((e) => e.timestamp), [t + 2, t + 3, t + 4]);
    const seen: number[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await filter({ limit: 2, nextToken });
      seen.push(...page.events!.map((e) => e.timestamp!));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    assert.deepEqual(seen, [t + 1, t + 2, t + 3, t + 4, t + 5]);
    assert.ok(pages >= 3);
    await assert.rejects(filter({ nextToken: "bogus" }), failsWith("InvalidParameterException", "The specified nextToken is invalid."));
  });
});

/** Orders messages as FilterLogEvents' unfiltered answer orders them. */
function byTime(all: { events?: { message?: string }[] }) {
  const order = all.events!.map((e) => e.message);
  return (a: string, b: string) => order.indexOf(a) - order.indexOf(b);
}
