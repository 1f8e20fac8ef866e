// The pieces of `nimbus logs` and `nimbus invoke` that need no server: following a log group
// through FilterLogEvents pages, --since, output formats, payload and endpoint options.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeClientError, resolveClientOptions, sdkClientConfig } from "../../src/cli/client-options.js";
import { readPayload } from "../../src/cli/invoke.js";
import { formatEvent, LogFollower, parseSince, type FetchLogPage, type TailedEvent } from "../../src/cli/log-follower.js";
import { nameOf } from "../../src/cli/logs.js";

/** A log group in memory, answering FilterLogEvents pages of `pageSize` in time order. */
function group(pageSize = 2) {
  const events: TailedEvent[] = [];
  const calls: { startTime: number; nextToken: string | undefined }[] = [];
  const fetch: FetchLogPage = async (startTime, nextToken) => {
    calls.push({ startTime, nextToken });
    const matching = events.filter((e) => e.timestamp >= startTime).sort((a, b) => a.timestamp - b.timestamp || a.eventId.localeCompare(b.eventId));
    const from = nextToken ? Number(nextToken) : 0;
    const page = matching.slice(from, from + pageSize);
    return { events: page, ...(from + pageSize < matching.length ? { nextToken: String(from + pageSize) } : {}) };
  };
  let n = 0;
  const add = (timestamp: number, message: string, stream = "s1") => events.push({ eventId: String(++n).padStart(4, "0"), timestamp, logStreamName: stream, message });
  return { fetch, add, calls };
}

describe("LogFollower", () => {
  it("reads every page, then only new events, each once", async () => {
    const g = group();
    g.add(1000, "a");
    g.add(1001, "b", "s2");
    g.add(1002, "c");
    const follower = new LogFollower(g.fetch, 0, 5_000);
    const printed: string[] = [];
    await follower.poll((e) => printed.push(e.message));
    assert.deepEqual(printed, ["a", "b", "c"]);
    assert.equal(g.calls.length, 2, "two pages");
    await follower.poll((e) => printed.push(e.message));
    assert.deepEqual(printed, ["a", "b", "c"], "nothing twice");
    g.add(1003, "d");
    g.add(1003, "e", "s2");
    await follower.poll((e) => printed.push(e.message));
    assert.deepEqual(printed, ["a", "b", "c", "d", "e"]);
  });

  it("moves its start time behind the newest event, and still catches an event stored late", async () => {
    const g = group(100);
    g.add(10_000, "first");
    g.add(20_000, "newer");
    const follower = new LogFollower(g.fetch, 0, 5_000);
    const printed: string[] = [];
    await follower.poll((e) => printed.push(e.message));
    await follower.poll((e) => printed.push(e.message));
    assert.equal(g.calls.at(-1)!.startTime, 15_000, "newest minus the window");
    // Another environment's batch, stamped before the newest event, lands afterwards.
    g.add(18_000, "late");
    await follower.poll((e) => printed.push(e.message));
    assert.deepEqual(printed, ["first", "newer", "late"]);
  });

  it("never moves its start time back before --since", async () => {
    const g = group();
    g.add(1_000, "old");
    const follower = new LogFollower(g.fetch, 50_000, 5_000);
    await follower.poll(() => assert.fail("nothing before --since"));
    await follower.poll(() => assert.fail("nothing before --since"));
    assert.ok(g.calls.every((c) => c.startTime === 50_000));
  });
});

describe("logs options", () => {
  const now = Date.parse("2026-03-01T12:00:00.000Z");

  it("--since takes relative times and ISO 8601 dates", () => {
    assert.equal(parseSince("10m", now), now - 600_000);
    assert.equal(parseSince("30s", now), now - 30_000);
    assert.equal(parseSince("2h", now), now - 7_200_000);
    assert.equal(parseSince("1d", now), now - 86_400_000);
    assert.equal(parseSince("1w", now), now - 604_800_000);
    assert.equal(parseSince("2026-02-28T10:00:00Z", now), Date.parse("2026-02-28T10:00:00Z"));
    assert.equal(parseSince("2026-02-28", now), Date.parse("2026-02-28"));
    assert.equal(parseSince("yesterday", now), undefined);
    assert.equal(parseSince("10", now), undefined);
    assert.equal(parseSince("10y", now), undefined);
  });

  it("formats events as detailed, short or JSON lines without their trailing newline", () => {
    const e: TailedEvent = { eventId: "1", timestamp: now, logStreamName: "2026/03/01/[$LATEST]abc", message: "hello\n" };
    assert.equal(formatEvent(e, "detailed"), "2026-03-01T12:00:00.000Z 2026/03/01/[$LATEST]abc hello");
    assert.equal(formatEvent(e, "short"), "2026-03-01T12:00:00.000Z hello");
    assert.deepEqual(JSON.parse(formatEvent(e, "json")), { timestamp: "2026-03-01T12:00:00.000Z", logStreamName: "2026/03/01/[$LATEST]abc", message: "hello" });
  });

  it("finds the function name in names and ARNs", () => {
    assert.equal(nameOf("my-fn"), "my-fn");
    assert.equal(nameOf("arn:aws:lambda:us-east-1:123456789012:function:my-fn"), "my-fn");
    assert.equal(nameOf("arn:aws:lambda:us-east-1:123456789012:function:my-fn:PROD"), "my-fn");
    assert.equal(nameOf("123456789012:function:my-fn"), "my-fn");
    assert.equal(nameOf("my-fn:PROD"), "my-fn");
  });
});

describe("client options", () => {
  it("take flags first, then the AWS variables, then Nimbus's defaults", () => {
    assert.deepEqual(resolveClientOptions({}, {}), { endpoint: "http://127.0.0.1:4566", region: "us-east-1" });
    assert.deepEqual(resolveClientOptions({}, { AWS_ENDPOINT_URL: "http://h:1/", AWS_DEFAULT_REGION: "eu-west-1" }), { endpoint: "http://h:1", region: "eu-west-1" });
    assert.deepEqual(resolveClientOptions({ endpoint: "http://x:2", region: "ap-south-1" }, { AWS_ENDPOINT_URL: "http://h:1", AWS_REGION: "eu-west-1" }), {
      endpoint: "http://x:2",
      region: "ap-south-1",
    });
  });

  it("sign with the environment's credentials, else test/test, and never retry", () => {
    assert.deepEqual(sdkClientConfig({}, {}).credentials, { accessKeyId: "test", secretAccessKey: "test" });
    assert.deepEqual(sdkClientConfig({}, { AWS_ACCESS_KEY_ID: "123456789012", AWS_SECRET_ACCESS_KEY: "s" }).credentials, { accessKeyId: "123456789012", secretAccessKey: "s" });
    assert.equal(sdkClientConfig({}, {}).maxAttempts, 1);
  });

  it("word errors for the user", () => {
    const refused = Object.assign(new AggregateError([], ""), { code: "ECONNREFUSED" });
    assert.equal(describeClientError(refused, "http://localhost:4566"), "cannot reach Nimbus at http://localhost:4566 (ECONNREFUSED); is `nimbus start` running?");
    const aws = Object.assign(new Error("Function not found: arn"), { name: "ResourceNotFoundException" });
    assert.equal(describeClientError(aws, "x"), "ResourceNotFoundException: Function not found: arn");
  });

  it("--payload is JSON text, @file or @- (stdin)", () => {
    const files: Record<string, string> = { "/e.json": '{"a":1}' };
    const read = (path: string | 0) => {
      const key = path === 0 ? "stdin" : path;
      if (path === 0) return Buffer.from('{"in":1}');
      if (!(key in files)) throw new Error("ENOENT: no such file");
      return Buffer.from(files[key]!);
    };
    assert.equal(readPayload(undefined, read), undefined);
    assert.equal(Buffer.from(readPayload('{"x":1}', read)!).toString(), '{"x":1}');
    assert.equal(Buffer.from(readPayload("@/e.json", read)!).toString(), '{"a":1}');
    assert.equal(Buffer.from(readPayload("@-", read)!).toString(), '{"in":1}');
    assert.throws(() => readPayload("@/missing.json", read), /--payload: cannot read \/missing\.json: ENOENT/);
    assert.throws(() => readPayload("@", read), /must be followed by a file path/);
  });
});
