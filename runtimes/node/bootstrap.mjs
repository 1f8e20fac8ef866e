// Nimbus's Node.js runtime: loads the function's handler and serves invocations through the
// Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html), behaving
// as the AWS nodejs runtimes do (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html,
// nodejs-context.html, nodejs-logging.html): CommonJS and ES module handlers, async and callback
// styles, the context object, console lines "<time>\t<requestId>\t<LEVEL>\t<message>", and the
// error documents {errorType, errorMessage, trace}.
//
// When started by Nimbus's warm pool (_NIMBUS_SPECIALIZE=1) it first asks Nimbus which function
// it runs, adopts that environment, and only then loads the handler. It talks to Nimbus over the
// private channel Nimbus passes (runtime-channel.mjs), or over HTTP (AWS_LAMBDA_RUNTIME_API).
import Module, { createRequire } from "node:module";
import path from "node:path";
import { format } from "node:util";
import { toRuntimeError, UnhandledPromiseRejection } from "./errors.mjs";
import { loadHandler, packageTypeIsModule, preregisterNodePathHook, sendNodePathDirs } from "./handler-loader.mjs";
import { Runtime, failInit } from "./invoke-loop.mjs";
import { patchConsole } from "./logging.mjs";
import { RuntimeApiClient } from "./runtime-api-client.mjs";
import { openRuntimeChannel } from "./runtime-channel.mjs";

const require = createRequire(import.meta.url);

/**
 * While parked in the warm pool: run the code paths a cold start needs (CommonJS loader,
 * package.json lookups, formatting) once, so V8 has compiled them before the function arrives.
 */
function warmUp() {
  const here = path.dirname(new URL(import.meta.url).pathname);
  require(path.join(here, "warmup.cjs"));
  packageTypeIsModule(here);
  JSON.parse(JSON.stringify({ warm: [1, "two", null] }));
  format("%s %d %j", "warm", 1, { up: true }).replace(/\n/g, "\r");
  new Date().toISOString();
  toRuntimeError(new Error("warm-up"));
}

/** Pre-started by the warm pool: learn the function's environment before loading anything of it. */
async function specialize(client) {
  warmUp();
  if (process.env._NIMBUS_SPECIALIZE === "esm") preregisterNodePathHook();
  const { env, cwd } = JSON.parse(await client.specialize());
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
  process.chdir(cwd);
  Module._initPaths(); // NODE_PATH is read at startup: read it again
  sendNodePathDirs();
}

async function main() {
  // Nimbus's private channel when it passed one, else the Runtime API over HTTP.
  const client = openRuntimeChannel() ?? new RuntimeApiClient(process.env.AWS_LAMBDA_RUNTIME_API);
  if (process.env._NIMBUS_SPECIALIZE) await specialize(client);
  const logError = patchConsole();
  let runtime;
  process.on("uncaughtException", (err) => {
    logError("Uncaught Exception", err);
    (runtime?.onUncaught ?? ((e) => failInit(client, e, 129)))(err);
  });
  process.on("unhandledRejection", (reason, promise) => {
    const err = new UnhandledPromiseRejection(reason, promise);
    err.reason = reason;
    err.promise = promise;
    logError("Unhandled Promise Rejection", err);
    (runtime?.onRejection ?? ((e) => failInit(client, e, 128)))(err);
  });
  process.on("beforeExit", () => runtime?.beforeExit());
  let handler;
  try {
    handler = await loadHandler(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), process.env._HANDLER ?? "");
  } catch (err) {
    logError("Uncaught Exception", err);
    return failInit(client, err, 129);
  }
  runtime = new Runtime(client, handler, logError);
  runtime.scheduleNext();
}

await main();
