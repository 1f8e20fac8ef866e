// Accepted Event invocations survive a restart: the event is accepted (202) while the function
// is throttled, the node stops, a new node on the same data folder starts, and the event runs.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  InvokeCommand,
  LambdaClient,
  PutFunctionConcurrencyCommand,
  waitUntilFunctionActiveV2,
} from "@aws-sdk/client-lambda";
import type { NimbusNode } from "../../src/nimbus.js";
import { persistentWorkDir } from "../../src/services/lambda/engine-wiring.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";
import { makeZip } from "../services/lambda/harness.js";

describe("Lambda Event invocations across a restart", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "nimbus-lambda-durable-"));
  const nodes: NimbusNode[] = [];
  const start = async () => {
    const node = await startTestNimbus({ inMemory: false, dataDir, lambda: { stateTransitionMs: 0 } });
    nodes.push(node);
    return node;
  };
  after(async () => {
    for (const node of nodes) await node.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(persistentWorkDir(dataDir), { recursive: true, force: true });
  });

  it("an event accepted before the restart runs after it", async () => {
    const first = await start();
    const lambda = new LambdaClient(clientConfig(first));
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: "durable",
        Runtime: "nodejs20.x",
        Role: "arn:aws:iam::000000000000:role/r",
        Handler: "index.handler",
        Code: { ZipFile: await makeZip({ "index.js": "exports.handler = async (e) => { console.log('ran', e.id); };" }) },
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 20, minDelay: 1, maxDelay: 1 }, { FunctionName: "durable" });
    // Throttled: the event is stored and waits for capacity.
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: "durable", ReservedConcurrentExecutions: 0 }));
    const accepted = await lambda.send(new InvokeCommand({ FunctionName: "durable", InvocationType: "Event", Payload: Buffer.from('{"id":"survivor"}') }));
    assert.equal(accepted.StatusCode, 202);
    lambda.destroy();
    await first.stop();

    const second = await start();
    const lambda2 = new LambdaClient(clientConfig(second));
    const logs = new CloudWatchLogsClient(clientConfig(second));
    await lambda2.send(new DeleteFunctionConcurrencyCommand({ FunctionName: "durable" }));
    let ran = false;
    for (let i = 0; i < 100 && !ran; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const found = await logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/durable", filterPattern: '"survivor"' })).catch(() => undefined);
      ran = (found?.events ?? []).some((e) => e.message?.includes("ran survivor"));
    }
    lambda2.destroy();
    logs.destroy();
    assert.ok(ran, "the event accepted before the restart ran after it");
  });
});
