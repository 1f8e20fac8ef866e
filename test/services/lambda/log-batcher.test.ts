// LogBatcher: function log events gathered per stream and written in one call for all streams.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LogBatcher } from "../../../src/services/lambda/log-batcher.js";

const owner = { accountId: "000000000000", region: "us-east-1" };
const ev = (message: string) => ({ timestamp: 1, message });

function recording() {
  const calls: Array<Array<{ key: string; messages: string[] }>> = [];
  const batcher = new LogBatcher(
    async (batches) => {
      calls.push(batches.map((b) => ({ key: `${b.accountId}/${b.region}/${b.logGroupName}/${b.logStreamName}`, messages: b.events.map((e) => e.message) })));
    },
    (err) => assert.fail(String(err)),
  );
  return { calls, batcher };
}

describe("LogBatcher", () => {
  it("writes the events of many invocations, of every stream, in one call", async () => {
    const { calls, batcher } = recording();
    batcher.add(owner, "/aws/lambda/a", "s1", [ev("START 1"), ev("END 1")]);
    batcher.add(owner, "/aws/lambda/a", "s1", [ev("START 2")]);
    batcher.add(owner, "/aws/lambda/a", "s2", [ev("other")]);
    batcher.add({ ...owner, region: "eu-west-1" }, "/aws/lambda/a", "s1", [ev("elsewhere")]);
    assert.equal(calls.length, 0, "nothing written synchronously");
    await batcher.flush();
    assert.deepEqual(calls, [
      [
        { key: "000000000000/us-east-1//aws/lambda/a/s1", messages: ["START 1", "END 1", "START 2"] },
        { key: "000000000000/us-east-1//aws/lambda/a/s2", messages: ["other"] },
        { key: "000000000000/eu-west-1//aws/lambda/a/s1", messages: ["elsewhere"] },
      ],
    ]);
  });

  it("writes on its own shortly after events arrive", async () => {
    const { calls, batcher } = recording();
    batcher.add(owner, "g", "s", [ev("x")]);
    const until = Date.now() + 2000;
    while (calls.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(calls, [[{ key: "000000000000/us-east-1/g/s", messages: ["x"] }]]);
  });

  it("writes a large batch at once, and flush waits for writes in flight", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let written = 0;
    const batcher = new LogBatcher(async (batches) => {
      await gate;
      for (const b of batches) written += b.events.length;
    }, () => undefined);
    batcher.add(owner, "g", "s", Array.from({ length: 1000 }, (_, i) => ev(String(i))));
    let flushed = false;
    const done = batcher.flush().then(() => (flushed = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(flushed, false, "flush waits for the write in flight");
    release();
    await done;
    assert.equal(written, 1000);
  });

  it("reports a failed write and keeps going", async () => {
    const errors: string[] = [];
    const batcher = new LogBatcher(async () => {
      throw new Error("store down");
    }, (err, groups) => errors.push(`${groups.join(",")}: ${(err as Error).message}`));
    batcher.add(owner, "g", "s", [ev("x")]);
    batcher.add(owner, "g", "t", [ev("y")]);
    batcher.add(owner, "h", "s", [ev("z")]);
    await batcher.flush();
    assert.deepEqual(errors, ["g,h: store down"]);
  });
});
