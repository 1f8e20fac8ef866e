// serverless-offline 13 under serverless 3 (bench/peers), serving bench/peers/hello: one Node
// function behind a REST API `http` event, plus its Lambda Invoke endpoint for the AWS SDK.
//
// Flags (from the plugin's README): --noTimeout skips the per-invocation timeout timer;
// handlers are reused by default (each warm function stays loaded in its worker thread; the
// opposite, --reloadHandler, is not set); --useInProcess runs handlers in the server's own
// thread instead of one worker thread per concurrent invocation, the fastest mode it has.
import { helloServiceDir, peersBin, requirePeers } from "../paths.js";
import { freePort } from "../ports.js";
import type { Supervisor } from "../processes.js";
import type { RunningServer } from "./types.js";

export type OfflineMode = "worker-threads" | "in-process";

export interface ServerlessOffline extends RunningServer {
  /** GET this URL for the hello function through the emulated REST API. */
  helloUrl: string;
  /** Lambda Invoke endpoint for @aws-sdk/client-lambda. */
  lambdaEndpoint: string;
  /** The function's deployed name, as the Invoke endpoint knows it. */
  functionName: string;
}

export async function startServerlessOffline(supervisor: Supervisor, mode: OfflineMode): Promise<ServerlessOffline> {
  requirePeers();
  const [httpPort, lambdaPort, websocketPort] = [await freePort(), await freePort(), await freePort()];
  const args = [
    "offline", "start",
    "--host", "127.0.0.1",
    "--httpPort", String(httpPort),
    "--lambdaPort", String(lambdaPort),
    "--websocketPort", String(websocketPort),
    "--noTimeout",
    "--noSponsor",
    ...(mode === "in-process" ? ["--useInProcess"] : []),
  ];
  const proc = supervisor.spawn(`serverless-offline (${mode})`, peersBin("serverless"), args, {
    cwd: helloServiceDir,
    env: {
      ...process.env,
      // serverless 3 phones home for telemetry, notifications and onboarding unless told not to.
      SLS_TELEMETRY_DISABLED: "1",
      SLS_NOTIFICATIONS_MODE: "off",
      SLS_INTERACTIVE_SETUP_DISABLE: "1",
      SLS_DEPRECATION_DISABLE: "*",
      // Credentials are never checked offline, but the SDK inside serverless looks for them.
      AWS_ACCESS_KEY_ID: "AKIDBENCHMARK",
      AWS_SECRET_ACCESS_KEY: "bench-secret",
    },
  });
  await supervisor.waitForPort(proc, lambdaPort, 120_000);
  await supervisor.waitForPort(proc, httpPort, 120_000); // the HTTP server comes up last
  return {
    name: `serverless-offline (${mode})`,
    endpoint: `http://127.0.0.1:${httpPort}`,
    port: httpPort,
    pid: proc.pid,
    readyMs: proc.readyMs!,
    stop: () => supervisor.stop(proc),
    helloUrl: `http://127.0.0.1:${httpPort}/dev/hello`,
    lambdaEndpoint: `http://127.0.0.1:${lambdaPort}`,
    functionName: "nimbus-bench-hello-dev-hello",
  };
}
