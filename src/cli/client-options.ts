// What the commands that talk to a running Nimbus share: where it is (--endpoint, --region),
// the credentials they sign with, and how a failed call is told to the user. These commands are
// ordinary AWS SDK v3 clients of the endpoint, like any application.
import { Option, type Command } from "commander";

export const DEFAULT_ENDPOINT = "http://127.0.0.1:4566";
export const DEFAULT_REGION = "us-east-1";

export interface ClientOptions {
  endpoint?: string;
  region?: string;
}

/** Adds --endpoint and --region to a command. */
export function withClientOptions(command: Command): Command {
  return command
    .addOption(new Option("--endpoint <url>", `the Nimbus endpoint (default: $AWS_ENDPOINT_URL or ${DEFAULT_ENDPOINT})`).env("NIMBUS_ENDPOINT"))
    .addOption(new Option("--region <region>", `the region (default: $AWS_REGION, $AWS_DEFAULT_REGION or ${DEFAULT_REGION})`));
}

/** Resolved endpoint and region, flags first, then the variables the AWS CLI and SDKs read. */
export function resolveClientOptions(opts: ClientOptions, env: NodeJS.ProcessEnv = process.env): { endpoint: string; region: string } {
  return {
    endpoint: (opts.endpoint ?? env.AWS_ENDPOINT_URL ?? DEFAULT_ENDPOINT).replace(/\/+$/, ""),
    region: opts.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? DEFAULT_REGION,
  };
}

/**
 * Settings for an SDK client. Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
 * (a 12-digit key selects that account in Nimbus), else the pair every Nimbus accepts, even in
 * strict auth mode ("test"/"test"). The user's ~/.aws profiles are not read: they name real AWS.
 */
export function sdkClientConfig(opts: ClientOptions, env: NodeJS.ProcessEnv = process.env) {
  const { endpoint, region } = resolveClientOptions(opts, env);
  const credentials =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) }
      : { accessKeyId: "test", secretAccessKey: "test" };
  // One attempt: a retried Invoke would run the function twice, and errors should show at once.
  return { endpoint, region, credentials, maxAttempts: 1 };
}

/**
 * The SDK warns on Node 20 that its releases after January 2027 will need Node 22: advice for
 * an application's authors, noise in a command's output. Called before the SDK is loaded.
 */
export function silenceSdkNodeVersionWarning(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
}

/** Errors of the network, not of the service: Nimbus is not there (yet, or any more). */
export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === "ECONNREFUSED" || code === "ECONNRESET" || code === "EHOSTUNREACH" || code === "ENOTFOUND" || code === "EPIPE";
}

/** One line for the user: the AWS error's name and message, or why the endpoint is unreachable. */
export function describeClientError(err: unknown, endpoint: string): string {
  if (isConnectionError(err)) {
    // Node reports a refused "localhost" (tried on ::1 and 127.0.0.1) as an AggregateError without a message.
    const reason = (err as Error).message || (err as { code: string }).code;
    return `cannot reach Nimbus at ${endpoint} (${reason}); is \`nimbus start\` running?`;
  }
  const e = err as { name?: string; message?: string };
  if (e.name && e.name !== "Error" && e.message) return `${e.name}: ${e.message}`;
  return e.message ?? String(err);
}

/** Ends quietly when stdout's reader goes away (`nimbus logs fn | head`). */
export function exitOnClosedStdout(): void {
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
}
