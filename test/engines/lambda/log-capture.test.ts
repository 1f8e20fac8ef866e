// From process output to CloudWatch-shaped events, and the platform line formats.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FakeClock } from "../../../src/shared/clock.js";
import { LineSplitter, LogStreamWriter, MAX_EVENT_BYTES, TailBuffer } from "../../../src/engines/lambda/log-capture.js";
import { billedDuration, logStreamName, logTail, reportLine } from "../../../src/engines/lambda/log-format.js";
import { describeExit } from "../../../src/engines/lambda/platform-errors.js";
import { MemoryLogSink } from "./helpers.js";

describe("log capture", () => {
  it("splits output into newline-terminated lines across chunks and multi-byte characters", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((l) => lines.push(l));
    const euro = Buffer.from("€");
    splitter.push(Buffer.concat([Buffer.from("first\nsec"), euro.subarray(0, 1)]));
    splitter.push(Buffer.concat([euro.subarray(1), Buffer.from("ond\r still second\nthird")]));
    assert.deepEqual(lines, ["first\n", "sec€ond\r still second\n"]);
    splitter.flushPartial();
    assert.deepEqual(lines.at(-1), "third\n");
  });

  it("cuts a line that never ends instead of holding it", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((l) => lines.push(l));
    for (let i = 0; i < 40; i++) splitter.push(Buffer.alloc(10_000, "a"));
    assert.equal(lines.length, 1);
    assert.ok(lines[0]!.length > 256 * 1024);
  });

  it("batches events, flushes early for chatty functions, truncates oversized events", () => {
    const sink = new MemoryLogSink();
    const clock = new FakeClock(1_700_000_000_000);
    const writer = new LogStreamWriter(sink, clock, "/aws/lambda/f", "stream");
    writer.write("a\n");
    assert.equal(sink.messages("/aws/lambda/f").length, 0, "batched");
    writer.flush();
    assert.deepEqual(sink.streams.get("/aws/lambda/f|stream"), [{ timestamp: 1_700_000_000_000, message: "a\n" }]);
    for (let i = 0; i < 1000; i++) writer.write(`line ${i}\n`);
    assert.equal(sink.messages("/aws/lambda/f").length, 1001, "flushed at 1000 pending events");
    writer.write("x".repeat(300 * 1024));
    writer.flush();
    assert.equal(Buffer.byteLength(sink.messages("/aws/lambda/f").at(-1)!), MAX_EVENT_BYTES);
  });

  it("keeps only the end of an invocation's log for the tail", () => {
    const tail = new TailBuffer(100);
    for (let i = 0; i < 50; i++) tail.push(`line ${String(i).padStart(2, "0")}\n`);
    const text = Buffer.from(logTail(tail.contents, 40), "base64").toString();
    assert.equal(text.length, 40);
    assert.ok(text.endsWith("line 49\n"));
  });
});

describe("platform formats", () => {
  it("names log streams YYYY/MM/DD/[version]<32 hex>", () => {
    assert.match(logStreamName(Date.UTC(2024, 0, 5), "$LATEST"), /^2024\/01\/05\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.match(logStreamName(Date.UTC(2024, 10, 25), "7"), /^2024\/11\/25\/\[7\][0-9a-f]{32}$/);
  });

  it("writes REPORT lines tab-separated with a trailing tab", () => {
    assert.equal(
      reportLine({ requestId: "r1", durationMs: 12.345, billedDurationMs: 13, memorySizeMb: 128, maxMemoryUsedMb: 60, initDurationMs: 150 }),
      "REPORT RequestId: r1\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tInit Duration: 150.00 ms\t\n",
    );
    assert.equal(
      reportLine({ requestId: "r2", durationMs: 3000, billedDurationMs: 3000, memorySizeMb: 128, maxMemoryUsedMb: 40, status: "timeout" }),
      "REPORT RequestId: r2\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tStatus: timeout\t\n",
    );
    assert.equal(billedDuration(12.01), 13);
    assert.equal(billedDuration(12.01, 150.5), 163);
  });

  it("describes process exits as Lambda's Go platform does", () => {
    assert.equal(describeExit({ code: 1, signal: null }), "exit status 1");
    assert.equal(describeExit({ code: null, signal: "SIGKILL" }), "signal: killed");
    assert.equal(describeExit({ code: null, signal: "SIGABRT" }), "signal: aborted");
    assert.equal(describeExit({ code: 0, signal: null }), undefined);
  });
});
