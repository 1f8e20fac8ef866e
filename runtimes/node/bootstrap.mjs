// Nimbus's Node.js runtime: loads the function's handler and serves invocations through the
// Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html), behaving
// as the AWS nodejs runtimes do (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html,
// nodejs-context.html, nodejs-logging.html): CommonJS and ES module handlers, async and callback
// styles, the context object, console lines "<time>\t<requestId>\t<LEVEL>\t<message>", and the
// error documents {errorType, errorMessage, trace}.
//
// When started by Nimbus's warm pool (_NIMBUS_SPECIALIZE=1) it first asks its Runtime API
// listener which function it runs, adopts that environment, and only then loads the handler.
import { Agent, request } from "node:http";
import Module, { createRequire, register } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { format } from "node:util";
import { Writable } from "node:stream";
import { MessageChannel } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import { types } from "node:util";

const require = createRequire(import.meta.url);
const STREAMING = Symbol.for("aws.lambda.runtime.handler.streaming");
const API = "/2018-06-01/runtime";

// ---------------------------------------------------------------- Runtime API client

class RuntimeApiClient {
  constructor(address) {
    const colon = address.lastIndexOf(":");
    this.host = address.slice(0, colon);
    this.port = Number(address.slice(colon + 1));
    this.agent = new Agent({ keepAlive: true, maxSockets: 1 });
  }

  call(method, path, body, headers) {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: this.host, port: this.port, path, method, agent: this.agent, headers },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  next() {
    return this.call("GET", `${API}/invocation/next`);
  }

  postResponse(id, text) {
    return this.call("POST", `${API}/invocation/${encodeURIComponent(id)}/response`, text, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(text),
    });
  }

  postError(id, error) {
    const text = JSON.stringify(error);
    return this.call("POST", `${API}/invocation/${encodeURIComponent(id)}/error`, text, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(text),
      "Lambda-Runtime-Function-Error-Type": error.errorType ?? "Unknown",
    });
  }

  postInitError(error) {
    const text = JSON.stringify(error);
    return this.call("POST", `${API}/init/error`, text, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(text),
      "Lambda-Runtime-Function-Error-Type": error.errorType ?? "Unknown",
    });
  }
}

// ---------------------------------------------------------------- errors

function runtimeError(name) {
  const cls = class extends Error {};
  Object.defineProperty(cls, "name", { value: name });
  cls.prototype.name = `Runtime.${name}`;
  return cls;
}
const ImportModuleError = runtimeError("ImportModuleError");
const HandlerNotFound = runtimeError("HandlerNotFound");
const MalformedHandlerName = runtimeError("MalformedHandlerName");
const UserCodeSyntaxError = runtimeError("UserCodeSyntaxError");
const UnhandledPromiseRejection = runtimeError("UnhandledPromiseRejection");

const isErrorLike = (e) =>
  types.isNativeError(e) ||
  (e && typeof e.name === "string" && typeof e.message === "string" && typeof e.stack === "string");

/** The document posted to the Runtime API: {errorType, errorMessage, trace}. */
function toRuntimeError(error) {
  try {
    if (isErrorLike(error)) {
      return { errorType: error.name, errorMessage: error.message, trace: String(error.stack).split("\n") };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: "handled",
      errorMessage: "callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack",
    };
  }
}

/** The error as the runtime logs it: its enumerable properties, stack as an array. */
function formatForLog(error) {
  const expand = (_key, value) => {
    if (!(value instanceof Error)) return value;
    const out = { errorType: value.name, errorMessage: value.message, code: value.code, ...value };
    if (typeof value.stack === "string") out.stack = value.stack.split("\n");
    return out;
  };
  try {
    return `\t${JSON.stringify(error, expand)}`;
  } catch {
    return `\t${JSON.stringify(toRuntimeError(error))}`;
  }
}

// ---------------------------------------------------------------- logging

const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
let currentRequestId; // "undefined" in lines written during init, as on AWS

function patchConsole() {
  const json = process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === "JSON";
  const minimum = LEVELS[process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase()] ?? LEVELS.TRACE;
  const textLine = (level, args) => `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${format(...args)}`;
  const jsonLine = (level, args) => {
    const record = { timestamp: new Date().toISOString(), level, requestId: currentRequestId };
    if (args.length === 1 && !(args[0] instanceof Error)) record.message = args[0];
    else record.message = format(...args);
    const error = args.find((a) => a instanceof Error);
    if (error) {
      record.errorType = error.constructor?.name ?? "UnknownError";
      record.errorMessage = error.message;
      record.stackTrace = typeof error.stack === "string" ? error.stack.split("\n") : [];
    }
    try {
      return JSON.stringify(record);
    } catch {
      record.message = format(record.message);
      return JSON.stringify(record);
    }
  };
  const build = json ? jsonLine : textLine;
  const writer = (level) =>
    LEVELS[level] >= minimum
      ? (...args) => {
          // One event per call: newlines inside the message become carriage returns.
          process.stdout.write(`${build(level, args).replace(/\n/g, "\r")}\n`);
        }
      : () => undefined;
  console.trace = writer("TRACE");
  console.debug = writer("DEBUG");
  console.info = writer("INFO");
  console.log = console.info;
  console.warn = writer("WARN");
  console.error = writer("ERROR");
  console.fatal = writer("FATAL");
  return json ? (message, err) => console.error(err instanceof Error ? err : new Error(String(err))) : (message, err) => console.error(message, formatForLog(err));
}

// ---------------------------------------------------------------- handler loading

/** Finds "type": "module" in the nearest package.json above the file (not past node_modules). */
function packageTypeIsModule(dir) {
  for (;;) {
    if (dir.endsWith("/node_modules")) return false;
    const pj = path.join(dir, "package.json");
    if (existsSync(pj)) {
      try {
        return JSON.parse(readFileSync(pj, "utf8"))?.type === "module";
      } catch {
        return false;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

let nodePathHookRegistered = false;
let nodePathPort; // set when the hook was registered ahead of time (warm pool)

const nodePathDirs = () => (process.env.NODE_PATH ?? "").split(":").filter(Boolean);

/**
 * ES modules ignore NODE_PATH; Lambda still lets them import the SDK and layer packages.
 * A resolve hook retries a failed bare import from each NODE_PATH folder, after the usual lookup.
 * Registering it starts a loader thread (~40 ms, ~12 MB), so only ES module handlers get it.
 */
function enableNodePathForEsm() {
  if (nodePathHookRegistered) return;
  nodePathHookRegistered = true;
  register("./node-path-hook.mjs", import.meta.url, { data: { dirs: nodePathDirs() } });
}

/** Warm pool, ES module shape: start the loader thread now; the folders follow at specialisation. */
function preregisterNodePathHook() {
  const { port1, port2 } = new MessageChannel();
  register("./node-path-hook.mjs", import.meta.url, { data: { port: port2 }, transferList: [port2] });
  nodePathHookRegistered = true;
  nodePathPort = port1;
}

async function importFile(file) {
  enableNodePathForEsm();
  return import(pathToFileURL(file).href);
}

async function loadModule(taskRoot, moduleRoot, moduleName) {
  const base = path.resolve(taskRoot, moduleRoot, moduleName);
  if (existsSync(base)) return require(base);
  const isModule = existsSync(`${base}.js`) && packageTypeIsModule(path.dirname(base));
  if (!isModule && existsSync(`${base}.js`)) return require(`${base}.js`);
  if (isModule) return importFile(`${base}.js`);
  if (existsSync(`${base}.mjs`)) return importFile(`${base}.mjs`);
  if (existsSync(`${base}.cjs`)) return require(`${base}.cjs`);
  // Last resort, as Node would: a package or file found from the task root.
  return require(require.resolve(moduleName, { paths: [taskRoot, moduleRoot] }));
}

async function loadHandler(taskRoot, handlerString) {
  if (handlerString.includes("..")) {
    throw new MalformedHandlerName(
      `'${handlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerPart = path.basename(handlerString);
  const moduleRoot = handlerString.slice(0, handlerString.indexOf(handlerPart));
  const match = /^([^.]*)\.(.*)$/.exec(handlerPart);
  if (!match) throw new MalformedHandlerName("Bad handler");
  const [, moduleName, exportPath] = match;
  globalThis.awslambda ??= {
    streamifyResponse: (fn) => {
      fn[STREAMING] = true;
      return fn;
    },
  };
  let userModule;
  try {
    userModule = await loadModule(taskRoot, moduleRoot, moduleName);
  } catch (e) {
    if (e instanceof SyntaxError) throw new UserCodeSyntaxError(e);
    if (e?.code === "MODULE_NOT_FOUND") throw new ImportModuleError(e);
    throw e;
  }
  const fn = exportPath.split(".").reduce((obj, key) => obj?.[key], userModule);
  if (!fn) throw new HandlerNotFound(`${handlerString} is undefined or not exported`);
  if (typeof fn !== "function") throw new HandlerNotFound(`${handlerString} is not a function`);
  return fn;
}

// ---------------------------------------------------------------- invocation loop

const isPromise = (v) => v && typeof v.then === "function";

function parseJsonHeader(value, name) {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch (err) {
    throw new Error(`Cannot parse ${name} as json: ${err}`);
  }
}

class Runtime {
  constructor(client, handler, logError) {
    this.client = client;
    this.handler = handler;
    this.logError = logError;
    this.beforeExit = () => undefined;
    this.onUncaught = (err) => failInit(client, err, 129);
    this.onRejection = (err) => failInit(client, err, 128);
  }

  scheduleNext() {
    setImmediate(() =>
      this.handleOnce().catch((err) => {
        console.log(`Unexpected Top Level Error: ${err}`);
        this.onUncaught(err);
      }),
    );
  }

  async handleOnce() {
    const { body, headers } = await this.client.next();
    const id = headers["lambda-runtime-aws-request-id"];
    currentRequestId = id;
    const trace = headers["lambda-runtime-trace-id"];
    if (trace) process.env._X_AMZN_TRACE_ID = trace;
    else delete process.env._X_AMZN_TRACE_ID;
    this.onUncaught = (err) => this.failInvoke(id, err, 129);
    this.onRejection = (err) => this.failInvoke(id, err, 128);

    const [callback, context, markDone] = this.callbackContext(id);
    // A handler that neither returns a promise nor calls back: answer null once the loop drains.
    this.beforeExit = () => {
      markDone();
      this.client.postResponse(id, "null").then(() => this.scheduleNext());
    };
    try {
      const deadline = Number(headers["lambda-runtime-deadline-ms"]);
      Object.assign(context, {
        functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
        functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
        memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
        logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
        logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
        clientContext: parseJsonHeader(headers["lambda-runtime-client-context"], "ClientContext"),
        identity: parseJsonHeader(headers["lambda-runtime-cognito-identity"], "CognitoIdentity"),
        invokedFunctionArn: headers["lambda-runtime-invoked-function-arn"],
        awsRequestId: id,
        getRemainingTimeInMillis: () => deadline - Date.now(),
      });
      const event = JSON.parse(body.toString("utf8"));
      if (this.handler[STREAMING]) return this.invokeStreaming(event, context);
      const result = this.handler(event, context, callback);
      if (isPromise(result)) result.then(context.succeed, context.fail).catch(context.fail);
    } catch (err) {
      callback(err);
    }
  }

  /**
   * Response streaming handlers (awslambda.streamifyResponse) get a stream; Nimbus buffers
   * what they write and returns it as one response.
   */
  async invokeStreaming(event, context) {
    const chunks = [];
    const stream = new Writable({
      write(chunk, _encoding, cb) {
        chunks.push(Buffer.from(chunk));
        cb();
      },
    });
    stream.setContentType = () => undefined;
    try {
      await this.handler(event, stream, context);
      if (!stream.writableFinished) await new Promise((resolve) => stream.end(resolve));
      const body = Buffer.concat(chunks);
      this.beforeExit = () => undefined;
      this.client.postResponse(context.awsRequestId, body).then(() => this.scheduleNext());
    } catch (err) {
      context.fail(err);
    }
  }

  async failInvoke(id, error, exitCode) {
    try {
      await this.client.postError(id, toRuntimeError(error));
    } finally {
      process.exit(exitCode);
    }
  }

  /** callback, context.succeed/fail/done and callbackWaitsForEmptyEventLoop, as AWS defines them. */
  callbackContext(id) {
    let completed = false;
    let finished = false;
    let waitForEmptyEventLoop = true;
    const postError = (err) => {
      this.logError("Invoke Error", err);
      this.client.postError(id, toRuntimeError(err)).then(() => this.scheduleNext());
    };
    const complete = (result) => {
      if (completed) {
        console.error("Invocation has already been reported as done. Cannot call complete more than once per invocation.");
        return;
      }
      completed = true;
      let text;
      try {
        text = JSON.stringify(result === undefined ? null : result);
      } catch {
        throw new Error("Unable to stringify response body");
      }
      this.client.postResponse(id, text).then(() => this.scheduleNext());
    };
    // Only the first call counts; a call that throws (unserialisable result) leaves room for fail().
    const once = (fn) => (...args) => {
      if (finished) return;
      fn(...args);
      finished = true;
    };
    const done = (err, result) => {
      this.beforeExit = () => undefined;
      if (err !== undefined && err !== null) postError(err);
      else complete(result);
    };
    const callback = (err, result) => {
      this.beforeExit = () => undefined;
      if (err !== undefined && err !== null) return postError(err);
      if (!waitForEmptyEventLoop) return complete(result);
      this.beforeExit = () => setImmediate(() => complete(result));
    };
    const context = {
      get callbackWaitsForEmptyEventLoop() {
        return waitForEmptyEventLoop;
      },
      set callbackWaitsForEmptyEventLoop(value) {
        waitForEmptyEventLoop = value;
      },
      succeed: once((result) => done(null, result)),
      fail: once((err) => done(err === undefined || err === null ? "handled" : err, null)),
      done: once(done),
    };
    return [once(callback), context, () => (completed = true)];
  }
}

// ---------------------------------------------------------------- start

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
  const res = await client.call("GET", "/_nimbus/specialize");
  if (res.status !== 200) throw new Error(`specialisation refused: ${res.status}`);
  const { env, cwd } = JSON.parse(res.body.toString("utf8"));
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
  process.chdir(cwd);
  Module._initPaths(); // NODE_PATH is read at startup: read it again
  if (nodePathPort) {
    nodePathPort.postMessage(nodePathDirs());
    nodePathPort.close();
  }
}

async function main() {
  const client = new RuntimeApiClient(process.env.AWS_LAMBDA_RUNTIME_API);
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

async function failInit(client, error, exitCode) {
  try {
    await client.postInitError(toRuntimeError(error));
  } finally {
    process.exit(exitCode);
  }
}

await main();
