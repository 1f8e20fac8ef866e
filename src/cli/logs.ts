// `nimbus logs <function>`: a function's CloudWatch Logs events (every environment's stream, in
// time order), and with --follow the new ones until Ctrl-C. A client of the endpoint like any
// other: Lambda's GetFunctionConfiguration names the log group (LoggingConfig.LogGroup,
// /aws/lambda/<name> by default) and CloudWatch Logs' FilterLogEvents reads it.
import { Command, Option } from "commander";
import { describeClientError, exitOnClosedStdout, silenceSdkNodeVersionWarning, isConnectionError, resolveClientOptions, sdkClientConfig, withClientOptions, type ClientOptions } from "./client-options.js";
import { formatEvent, LogFollower, parseSince, type TailedEvent } from "./log-follower.js";

interface LogsOptions extends ClientOptions {
  follow?: boolean;
  since: string;
  format: "detailed" | "short" | "json";
  interval: string;
}

export function logsCommand(): Command {
  const command = new Command("logs")
    .description("Print a Lambda function's log events from a running Nimbus (all its log streams, in time order)")
    .argument("<function>", "function name or ARN")
    .option("-f, --follow", "keep printing new events until interrupted (Ctrl-C)")
    .addOption(new Option("--since <time>", "where to start: a relative time (30s, 10m, 2h, 1d, 1w) or an ISO 8601 date/time").default("10m"))
    .addOption(new Option("--format <format>", "detailed: time, stream and message; short: time and message; json: one object per line").choices(["detailed", "short", "json"]).default("detailed"))
    .addOption(new Option("--interval <ms>", "how often --follow asks for new events, in milliseconds").default("1000"));
  return withClientOptions(command).action((fn: string, opts: LogsOptions) => printLogs(fn, opts));
}

async function printLogs(fn: string, opts: LogsOptions): Promise<void> {
  const since = parseSince(opts.since, Date.now());
  if (since === undefined) throw new Error(`--since: '${opts.since}' is neither a relative time (30s, 10m, 2h, 1d, 1w) nor an ISO 8601 date/time`);
  const interval = Number(opts.interval);
  if (!Number.isInteger(interval) || interval < 50) throw new Error(`--interval: '${opts.interval}' is not a whole number of milliseconds (50 or more)`);
  const { endpoint } = resolveClientOptions(opts);
  const config = sdkClientConfig(opts);
  silenceSdkNodeVersionWarning();
  // The SDK is loaded only when a command needs it, so `nimbus start` and --help stay quick.
  const [{ CloudWatchLogsClient, FilterLogEventsCommand }, logGroup] = await Promise.all([import("@aws-sdk/client-cloudwatch-logs"), logGroupOf(fn, config, endpoint)]);
  const logs = new CloudWatchLogsClient(config);
  exitOnClosedStdout();
  const follower = new LogFollower(async (startTime, nextToken) => {
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: logGroup, startTime, ...(nextToken ? { nextToken } : {}) }));
    return { events: (out.events ?? []) as TailedEvent[], ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
  }, since);
  const print = (event: TailedEvent) => process.stdout.write(`${formatEvent(event, opts.format)}\n`);

  if (!opts.follow) {
    try {
      await follower.poll(print);
    } catch (err) {
      if (isMissingGroup(err)) throw new Error(`no logs for ${fn}: the log group ${logGroup} does not exist (the function has not run yet?)`);
      throw new Error(describeClientError(err, endpoint));
    }
    logs.destroy();
    return;
  }

  let stopped = false;
  let pause: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  const stop = () => {
    stopped = true;
    if (pause) {
      clearTimeout(pause.timer);
      pause.resolve();
    }
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  let waitingNoted = false;
  let unreachableNoted = false;
  while (!stopped) {
    try {
      await follower.poll(print);
      unreachableNoted = false;
    } catch (err) {
      // Following outlives a log group that does not exist yet and a Nimbus restarting.
      if (isMissingGroup(err)) {
        if (!waitingNoted) process.stderr.write(`waiting for ${logGroup} to appear...\n`);
        waitingNoted = true;
      } else if (isConnectionError(err)) {
        if (!unreachableNoted) process.stderr.write(`${describeClientError(err, endpoint)} (retrying)\n`);
        unreachableNoted = true;
      } else {
        throw new Error(describeClientError(err, endpoint));
      }
    }
    if (stopped) break;
    await new Promise<void>((resolve) => {
      pause = { timer: setTimeout(resolve, interval), resolve };
    });
    pause = undefined;
  }
  logs.destroy();
}

const isMissingGroup = (err: unknown): boolean => (err as { name?: string }).name === "ResourceNotFoundException";

/**
 * The function's log group: its LoggingConfig.LogGroup when Nimbus knows the function, else
 * Lambda's default /aws/lambda/<name> (the logs of a deleted function stay readable).
 */
async function logGroupOf(fn: string, config: ReturnType<typeof sdkClientConfig>, endpoint: string): Promise<string> {
  const { LambdaClient, GetFunctionConfigurationCommand } = await import("@aws-sdk/client-lambda");
  const lambda = new LambdaClient(config);
  try {
    const out = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn }));
    return out.LoggingConfig?.LogGroup ?? `/aws/lambda/${out.FunctionName ?? fn}`;
  } catch (err) {
    if ((err as { name?: string }).name === "ResourceNotFoundException") return `/aws/lambda/${nameOf(fn)}`;
    throw new Error(describeClientError(err, endpoint));
  } finally {
    lambda.destroy();
  }
}

/** The function name in a name, partial ARN (account:function:name) or full ARN, qualifier dropped. */
export function nameOf(fn: string): string {
  const parts = fn.split(":");
  const at = parts.indexOf("function");
  return at >= 0 && parts[at + 1] ? parts[at + 1]! : parts[0]!;
}
