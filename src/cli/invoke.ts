// `nimbus invoke <function>`: one synchronous Invoke against a running Nimbus. The response
// payload goes to stdout, the invocation's log tail (LogType Tail: its last 4 KB) to stderr, so
// `nimbus invoke fn | jq` sees only the payload. A function error exits with status 1.
// https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { describeClientError, exitOnClosedStdout, silenceSdkNodeVersionWarning, resolveClientOptions, sdkClientConfig, withClientOptions, type ClientOptions } from "./client-options.js";

interface InvokeOptions extends ClientOptions {
  payload?: string;
  qualifier?: string;
  logs: boolean;
}

export function invokeCommand(): Command {
  const command = new Command("invoke")
    .description("Invoke a Lambda function on a running Nimbus: the response on stdout, its log tail on stderr")
    .argument("<function>", "function name or ARN (name:qualifier works too)")
    .addOption(new Option("--payload <json>", "the event: JSON text, @file to read a file, or @- to read stdin"))
    .addOption(new Option("--qualifier <version-or-alias>", "the version or alias to invoke"))
    .option("--no-logs", "do not print the log tail on stderr");
  return withClientOptions(command).action((fn: string, opts: InvokeOptions) => invoke(fn, opts));
}

/** --payload: JSON text as given, or the bytes of @file / @- (stdin). */
export function readPayload(payload: string | undefined, readFile: (path: string | 0) => Buffer = readFileSync): Uint8Array | undefined {
  if (payload === undefined) return undefined;
  if (!payload.startsWith("@")) return Buffer.from(payload, "utf8");
  const path = payload.slice(1);
  if (path === "") throw new Error("--payload: '@' must be followed by a file path (or '-' for stdin)");
  try {
    return readFile(path === "-" ? 0 : path);
  } catch (err) {
    throw new Error(`--payload: cannot read ${path === "-" ? "stdin" : path}: ${(err as Error).message}`);
  }
}

async function invoke(fn: string, opts: InvokeOptions): Promise<void> {
  const payload = readPayload(opts.payload);
  const { endpoint } = resolveClientOptions(opts);
  silenceSdkNodeVersionWarning();
  const { LambdaClient, InvokeCommand } = await import("@aws-sdk/client-lambda");
  const lambda = new LambdaClient(sdkClientConfig(opts));
  exitOnClosedStdout();
  let out;
  try {
    out = await lambda.send(
      new InvokeCommand({
        FunctionName: fn,
        ...(opts.qualifier !== undefined ? { Qualifier: opts.qualifier } : {}),
        ...(payload !== undefined ? { Payload: payload } : {}),
        LogType: opts.logs ? "Tail" : "None",
      }),
    );
  } catch (err) {
    throw new Error(describeClientError(err, endpoint));
  } finally {
    lambda.destroy();
  }
  if (out.LogResult) process.stderr.write(Buffer.from(out.LogResult, "base64").toString("utf8"));
  const body = Buffer.from(out.Payload ?? []);
  if (body.length > 0) {
    process.stdout.write(body);
    if (body[body.length - 1] !== 0x0a) process.stdout.write("\n");
  }
  if (out.FunctionError) {
    process.stderr.write(`nimbus: the function failed (${out.FunctionError}); executed version ${out.ExecutedVersion ?? "?"}\n`);
    process.exitCode = 1;
  }
}
