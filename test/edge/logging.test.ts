// One structured log line per AWS call: service, operation, status, latency, request id.
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { createLogger } from "../../src/shared/logger.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";

describe("request logging", () => {
  it("writes one JSON line per AWS call at info level", async () => {
    const sink = new PassThrough();
    const lines: Record<string, unknown>[] = [];
    sink.on("data", (d: Buffer) => {
      for (const l of d.toString().split("\n")) if (l.trim()) lines.push(JSON.parse(l));
    });
    const node = await startTestNimbus({ logLevel: "info" }, { logger: createLogger("info", sink) });
    const sts = new STSClient(clientConfig(node));
    const out = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    await node.stop();
    await new Promise((r) => setImmediate(r));
    const calls = lines.filter((l) => l["msg"] === "aws call");
    assert.equal(calls.length, 1);
    const [line] = calls;
    assert.equal(line!["svc"], "sts");
    assert.equal(line!["op"], "GetCallerIdentity");
    assert.equal(line!["status"], 200);
    assert.equal(line!["reqId"], out.$metadata.requestId);
    assert.equal(typeof line!["ms"], "number");
  });

  it("--log-level warn leaves successful calls out", async () => {
    const sink = new PassThrough();
    let text = "";
    sink.on("data", (d: Buffer) => (text += d.toString()));
    const node = await startTestNimbus({}, { logger: createLogger("warn", sink) });
    const sts = new STSClient(clientConfig(node));
    await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    await node.stop();
    assert.equal(text.includes("aws call"), false);
  });
});
