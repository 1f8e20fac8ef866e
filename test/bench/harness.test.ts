// The benchmark harness's own pieces (bench/lib). No timing is asserted: these check that the
// harness parses, generates and cleans up correctly, so its figures can be trusted.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { closedLoop } from "../../bench/lib/closed-loop.js";
import { isNotImplemented } from "../../bench/lib/outcome.js";
import { parseStat, processGroupMembers, readStat } from "../../bench/lib/procfs.js";
import { withSupervisor } from "../../bench/lib/processes.js";
import { flags } from "../../bench/lib/report.js";
import { plainGet, sendSigned, signDynamoDb } from "../../bench/lib/signed-request.js";
import { startBareForwarder } from "../../bench/lib/servers/bare-forwarder.js";
import { ratiosAgainst } from "../../bench/lib/ratios.js";
import { percentile, summarize } from "../../bench/lib/stats.js";
import { parseWrkOutput } from "../../bench/lib/wrk.js";
import { luaString, WRK_JSON_MARKER, wrkScript } from "../../bench/lib/wrk-script.js";

describe("procfs", () => {
  it("parses a stat line whose command holds spaces and parentheses", () => {
    // Fields after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ... rss (24)
    const line = "4242 (node (worker) x) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 12345 987654321 3072 18446744073709551615";
    const s = parseStat(line);
    assert.deepEqual(s, { pid: 4242, ppid: 17, pgrp: 4242, state: "S", cpuTicks: 300, rssPages: 3072 });
  });

  it("reads this process's own stat", () => {
    const s = readStat(process.pid)!;
    assert.equal(s.pid, process.pid);
    assert.equal(s.ppid, process.ppid);
  });
});

describe("stats", () => {
  it("takes nearest-rank percentiles", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(sorted, 0.5), 50);
    assert.equal(percentile(sorted, 0.99), 99);
    assert.equal(percentile([7], 0.99), 7);
    assert.ok(Number.isNaN(percentile([], 0.5)));
  });

  it("summarizes unsorted samples", () => {
    const s = summarize([3, 1, 2, 10]);
    assert.equal(s.p50, 2);
    assert.equal(s.max, 10);
    assert.equal(s.mean, 4);
  });
});

describe("wrk scripts", () => {
  it("quotes any content in a long bracket that it cannot close", () => {
    assert.equal(luaString("a]]b"), "[=[\na]]b]=]");
    assert.equal(luaString("x]=]y]]"), "[==[\nx]=]y]]]==]");
  });

  it("replays signed requests with their Host and without a stale Content-Length", async () => {
    const req = await signDynamoDb("http://127.0.0.1:4566", "GetItem", { TableName: "t", Key: { pk: { S: "]]" } } });
    const script = wrkScript([req]);
    assert.match(script, /\[ \[\[\nHost\]\] \] = \[\[\n127\.0\.0\.1:4566\]\]/);
    assert.match(script, /x-amz-target\]\] \] = \[\[\nDynamoDB_20120810\.GetItem\]\]/);
    assert.match(script, /authorization\]\] \] = \[\[\nAWS4-HMAC-SHA256 Credential=AKIDBENCHMARK\//);
    assert.doesNotMatch(script, /content-length/i);
    assert.ok(script.includes(`[=[\n${req.body}]=]`), "body with ]] is quoted at level 1");
  });

  it("parses the result line its done() prints", () => {
    const out = `Running 10s test\n${WRK_JSON_MARKER}{"requests":2000,"durationUs":2000000,"bytes":1,"errors":{"connect":0,"read":1,"write":0,"status":2,"timeout":0},"latencyUs":{"p50":1500,"p90":2000,"p99":9000,"max":12000,"mean":1600.5}}\n`;
    const r = parseWrkOutput(out);
    assert.equal(r.requestsPerSecond, 1000);
    assert.equal(r.errors, 3);
    assert.equal(r.latencyMs.p99, 9);
  });
});

describe("closed loop", () => {
  it("stops at the operation count and numbers each operation once", async () => {
    const seen: number[] = [];
    const r = await closedLoop({ concurrency: 4, maxOps: 50, maxMs: 60_000, op: async (i) => void seen.push(i) });
    assert.equal(r.ops, 50);
    assert.deepEqual([...seen].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
  });

  it("counts failures apart and keeps the first", async () => {
    const r = await closedLoop({ concurrency: 1, maxOps: 10, maxMs: 60_000, op: async (i) => { if (i % 2) throw new Error(`odd ${i}`); } });
    assert.equal(r.ops, 5);
    assert.equal(r.errors, 5);
    assert.equal((r.firstError as Error).message, "odd 1");
  });
});

describe("outcomes", () => {
  it("recognises the SDK's NotImplemented error and HTTP 501", () => {
    assert.ok(isNotImplemented({ name: "NotImplemented", $metadata: { httpStatusCode: 501 } }));
    assert.ok(isNotImplemented({ name: "Whatever", $metadata: { httpStatusCode: 501 } }));
    assert.ok(!isNotImplemented({ name: "ResourceNotFoundException", $metadata: { httpStatusCode: 400 } }));
  });
});

describe("flags", () => {
  it("reads values and bare switches", () => {
    const f = flags(["--seconds", "5", "--skip-scale", "--targets", "a,b"]);
    assert.equal(f.get("seconds"), "5");
    assert.equal(f.get("skip-scale"), "true");
    assert.equal(f.get("targets"), "a,b");
  });
});

describe("supervisor", () => {
  it("stops a process and the children it spawned, by its process group", async () => {
    let pgid = 0;
    await withSupervisor(async (s) => {
      const proc = s.spawn("shell", "sh", ["-c", "sleep 30 & sleep 30"]);
      pgid = proc.pid;
      for (let i = 0; i < 100 && processGroupMembers(pgid).length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(processGroupMembers(pgid).length >= 2, "the shell and its background sleep");
    });
    assert.deepEqual(processGroupMembers(pgid), []);
  });

  it("refuses to start more processes than its limit", async () => {
    await withSupervisor(async (s) => {
      s.spawn("one", "sleep", ["30"]);
      assert.throws(() => s.spawn("two", "sleep", ["30"]), /limit 1/);
    }, 1);
  });
});

describe("bare forwarder", () => {
  it("serves the hello handler from its warm child and stops with it", async () => {
    let pid = 0;
    await withSupervisor(async (s) => {
      const server = await startBareForwarder(s, { children: 2, perChild: 1 });
      pid = server.pid;
      const answers = await Promise.all([1, 2, 3].map(() => sendSigned(server.endpoint, plainGet("/dev/hello", `127.0.0.1:${server.port}`))));
      for (const a of answers) assert.deepEqual(a, { status: 200, body: "hello world" });
    });
    assert.deepEqual(processGroupMembers(pid), []);
  });
});

describe("ratios", () => {
  it("pairs the i-th runs of two targets, skips failed runs, and takes both medians", () => {
    const rows = ratiosAgainst(
      [
        { target: "peer", perSecond: 100 },
        { target: "Nimbus", perSecond: 600 },
        { target: "peer", perSecond: 200 },
        { target: "Nimbus", perSecond: 800 },
        { target: "peer", perSecond: 150 },
        { target: "Nimbus", perSecond: Number.NaN },
      ],
      "Nimbus",
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.denominator, "peer");
    assert.deepEqual(rows[0]!.perRound, [6, 4]);
    assert.equal(rows[0]!.medianOfRatios, 4); // nearest rank: the lower of two
    assert.equal(rows[0]!.ratioOfMedians, 600 / 150);
  });

  it("has nothing to say without the numerator's runs", () => {
    assert.deepEqual(ratiosAgainst([{ target: "peer", perSecond: 1 }], "Nimbus"), []);
  });
});
