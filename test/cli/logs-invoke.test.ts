// `nimbus invoke` and `nimbus logs` as a user runs them: separate processes talking to a running
// node over its endpoint (here a node started in this test process).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateFunctionCommand, InvokeCommand, LambdaClient, waitUntilFunctionActiveV2 } from "@aws-sdk/client-lambda";
import type { NimbusNode } from "../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";
import { makeZip } from "../services/lambda/harness.js";

const BIN = join(import.meta.dirname, "..", "..", "..", "bin", "nimbus.js");
const ROLE = "arn:aws:iam::000000000000:role/lambda-role";

/** The environment of a user with no AWS settings of their own. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("AWS_") && !k.startsWith("NIMBUS_")) env[k] = v;
  return env;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion (asynchronously: the node it talks to lives in this process). */
function cli(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(), stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? "");
  });
}

describe("nimbus invoke and nimbus logs", () => {
  let node: NimbusNode;
  let lambda: LambdaClient;
  let dir: string;
  const at = () => ["--endpoint", node.endpoint];

  before(async () => {
    node = await startTestNimbus({ lambda: { stateTransitionMs: 0 } });
    lambda = new LambdaClient(clientConfig(node));
    dir = mkdtempSync(join(tmpdir(), "nimbus-cli-logs-"));
    const code = `exports.handler = async (event) => {
      console.log("marker", event.marker);
      if (event.fail) throw new Error("asked to fail");
      return { echo: event.marker ?? null };
    };`;
    for (const name of ["echo", "quiet"]) {
      await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: await makeZip({ "index.js": code }) } }));
      await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 20, minDelay: 1, maxDelay: 1 }, { FunctionName: name });
    }
  });
  after(async () => {
    lambda.destroy();
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("--help documents the options of logs and invoke", async () => {
    const logs = await cli(["logs", "--help"]);
    assert.equal(logs.code, 0);
    for (const flag of ["--follow", "--since", "--format", "--endpoint", "--region"]) assert.ok(logs.stdout.includes(flag), flag);
    const invoke = await cli(["invoke", "--help"]);
    assert.equal(invoke.code, 0);
    for (const flag of ["--payload", "--qualifier", "--endpoint", "--region"]) assert.ok(invoke.stdout.includes(flag), flag);
    const top = await cli(["--help"]);
    assert.match(top.stdout, /logs \[options\] <function>/);
    assert.match(top.stdout, /invoke \[options\] <function>/);
  });

  it("invoke prints the response on stdout and the log tail on stderr", async () => {
    const run = await cli(["invoke", "echo", "--payload", '{"marker":"inline-1"}', ...at()]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { echo: "inline-1" });
    assert.match(run.stderr, /START RequestId: [0-9a-f-]{36} Version: \$LATEST/);
    assert.match(run.stderr, /\tINFO\tmarker inline-1/);
    assert.match(run.stderr, /REPORT RequestId: /);
    assert.doesNotMatch(run.stderr, /NodeVersionSupportWarning/);
  });

  it("invoke reads the payload from @file and @- (stdin), and takes a qualifier", async () => {
    const file = join(dir, "event.json");
    writeFileSync(file, '{"marker":"from-file"}');
    const fromFile = await cli(["invoke", "echo", "--payload", `@${file}`, "--qualifier", "$LATEST", ...at()]);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.deepEqual(JSON.parse(fromFile.stdout), { echo: "from-file" });
    const fromStdin = await cli(["invoke", "echo", "--payload", "@-", "--no-logs", ...at()], '{"marker":"from-stdin"}');
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
    assert.deepEqual(JSON.parse(fromStdin.stdout), { echo: "from-stdin" });
    assert.equal(fromStdin.stderr, "");
  });

  it("invoke exits 1 on a function error (the error document on stdout) and on AWS errors", async () => {
    const failed = await cli(["invoke", "echo", "--payload", '{"fail":true}', ...at()]);
    assert.equal(failed.code, 1);
    assert.equal(JSON.parse(failed.stdout).errorMessage, "asked to fail");
    assert.match(failed.stderr, /the function failed \(Unhandled\)/);
    const missing = await cli(["invoke", "no-such-fn", ...at()]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^nimbus: ResourceNotFoundException: Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-fn:\$LATEST\n$/);
    const badJson = await cli(["invoke", "echo", "--payload", "{not json", ...at()]);
    assert.equal(badJson.code, 1);
    assert.match(badJson.stderr, /InvalidRequestContentException/);
    const unreachable = await cli(["invoke", "echo", "--endpoint", "http://127.0.0.1:1"]);
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.stderr, /cannot reach Nimbus at http:\/\/127\.0\.0\.1:1 .*is `nimbus start` running\?/);
  });

  it("logs prints every stream's events in time order", async () => {
    // Two environments at once give two log streams.
    await Promise.all(["p-1", "p-2"].map((marker) => lambda.send(new InvokeCommand({ FunctionName: "quiet", Payload: Buffer.from(JSON.stringify({ marker })) }))));
    await lambda.send(new InvokeCommand({ FunctionName: "quiet", Payload: Buffer.from('{"marker":"p-3"}') }));
    const run = await waitForOutput(["logs", "quiet", ...at()], (out) => out.includes("marker p-3"));
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split("\n");
    const times = lines.map((l) => Date.parse(l.split(" ")[0]!));
    assert.deepEqual(times, [...times].sort((a, b) => a - b), "time order");
    const streams = new Set(lines.map((l) => l.split(" ")[1]));
    assert.ok(streams.size >= 2, `several streams: ${[...streams].join(", ")}`);
    for (const marker of ["p-1", "p-2", "p-3"]) assert.equal(lines.filter((l) => l.endsWith(`\tINFO\tmarker ${marker}`)).length, 1, marker);
    assert.ok(lines.some((l) => / START RequestId: /.test(l)));
    const short = await cli(["logs", "quiet", "--format", "short", ...at()]);
    assert.match(short.stdout, /^\d{4}-\d{2}-\d{2}T[\d:.]+Z START RequestId: /m);
  });

  it("logs of a function that never ran explains why there is nothing", async () => {
    const run = await cli(["logs", "never-ran", ...at()]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /no logs for never-ran: the log group \/aws\/lambda\/never-ran does not exist/);
  });

  it("logs --follow prints new events as they come, once each, until interrupted", async () => {
    await lambda.send(new InvokeCommand({ FunctionName: "echo", Payload: Buffer.from('{"marker":"before-follow"}') }));
    const child = spawn(process.execPath, [BIN, "logs", "echo", "--follow", "--interval", "100", ...at()], { env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    let out = "";
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
    const seen = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!out.includes(text)) return;
          child.stdout.off("data", onData);
          resolve();
        };
        const onData = (d: Buffer) => {
          out += d.toString();
          check();
        };
        child.stdout.on("data", onData);
        child.once("close", () => reject(new Error(`exited before printing ${text}: ${out} ${err}`)));
        check();
      });
    try {
      await seen("marker before-follow");
      await lambda.send(new InvokeCommand({ FunctionName: "echo", Payload: Buffer.from('{"marker":"while-following"}') }));
      await seen("marker while-following");
      await lambda.send(new InvokeCommand({ FunctionName: "echo", Payload: Buffer.from('{"marker":"later"}') }));
      await seen("marker later");
      child.kill("SIGINT");
      assert.equal(await exited, 0, err);
    } finally {
      clearTimeout(killer);
      child.kill("SIGKILL");
    }
    for (const marker of ["before-follow", "while-following", "later"]) {
      assert.equal(out.split("\n").filter((l) => l.endsWith(`\tINFO\tmarker ${marker}`)).length, 1, `${marker} printed once:\n${out}`);
    }
  });

  /** Function logs reach CloudWatch Logs shortly after the invocation: ask until they are there. */
  async function waitForOutput(args: string[], done: (stdout: string) => boolean): Promise<Run> {
    for (let i = 0; ; i++) {
      const run = await cli(args);
      if (done(run.stdout) || i === 20) return run;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});
