// The invocation loop of Nimbus's Node.js runtime: wait for the next invocation, run the handler
// (async or callback style, honouring callbackWaitsForEmptyEventLoop), post the result or the
// error. The client is Nimbus's channel (runtime-channel.mjs) or the HTTP Runtime API client.
// https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html, nodejs-context.html
import { Writable } from "node:stream";
import { toRuntimeError } from "./errors.mjs";
import { STREAMING } from "./handler-loader.mjs";
import { setCurrentRequestId } from "./logging.mjs";

const isPromise = (v) => v && typeof v.then === "function";

function parseJsonHeader(value, name) {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch (err) {
    throw new Error(`Cannot parse ${name} as json: ${err}`);
  }
}

export class Runtime {
  constructor(client, handler, logError) {
    this.client = client;
    this.handler = handler;
    this.logError = logError;
    this.beforeExit = () => undefined;
    this.onUncaught = (err) => failInit(client, err, 129);
    this.onRejection = (err) => failInit(client, err, 128);
  }

  /** After init: the first request for an invocation. */
  scheduleNext() {
    setImmediate(() => this.nextInvocation());
  }

  /**
   * Waits for the next invocation and runs it. Called straight after a result is posted: the
   * invocation arrives as I/O anyway, so a setImmediate hop would only cost a wake-up.
   */
  nextInvocation() {
    this.client
      .next()
      .then((inv) => this.handleOnce(inv))
      .catch((err) => this.topLevelError(err));
  }

  topLevelError(err) {
    console.log(`Unexpected Top Level Error: ${err}`);
    this.onUncaught(err);
  }

  handleOnce(inv) {
    const id = inv.requestId;
    setCurrentRequestId(id);
    // Written only when it differs: a process.env write is a setenv(3) call.
    const trace = inv.traceId;
    if (trace) {
      if (process.env._X_AMZN_TRACE_ID !== trace) process.env._X_AMZN_TRACE_ID = trace;
    } else if (process.env._X_AMZN_TRACE_ID !== undefined) delete process.env._X_AMZN_TRACE_ID;
    this.onUncaught = (err) => this.failInvoke(id, err, 129);
    this.onRejection = (err) => this.failInvoke(id, err, 128);

    const [callback, context, markDone] = this.callbackContext(id);
    // A handler that neither returns a promise nor calls back: answer null once the loop drains.
    this.beforeExit = () => {
      markDone();
      this.client.postResponse(id, "null").then(() => this.nextInvocation());
    };
    try {
      const deadline = inv.deadlineMs;
      context.functionVersion = process.env.AWS_LAMBDA_FUNCTION_VERSION;
      context.functionName = process.env.AWS_LAMBDA_FUNCTION_NAME;
      context.memoryLimitInMB = process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE;
      context.logGroupName = process.env.AWS_LAMBDA_LOG_GROUP_NAME;
      context.logStreamName = process.env.AWS_LAMBDA_LOG_STREAM_NAME;
      context.clientContext = parseJsonHeader(inv.clientContext, "ClientContext");
      context.identity = parseJsonHeader(inv.cognitoIdentity, "CognitoIdentity");
      context.invokedFunctionArn = inv.invokedFunctionArn;
      context.awsRequestId = id;
      context.getRemainingTimeInMillis = () => deadline - Date.now();
      const event = JSON.parse(inv.payload.toString("utf8"));
      if (this.handler[STREAMING]) {
        this.invokeStreaming(event, context).catch((err) => this.topLevelError(err));
        return;
      }
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
      this.client.postResponse(context.awsRequestId, body).then(() => this.nextInvocation());
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
      this.client.postError(id, toRuntimeError(err)).then(() => this.nextInvocation());
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
      this.client.postResponse(id, text).then(() => this.nextInvocation());
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

/** Init failed: report it on /runtime/init/error and exit, as the AWS runtime does. */
export async function failInit(client, error, exitCode) {
  try {
    await client.postInitError(toRuntimeError(error));
  } finally {
    process.exit(exitCode);
  }
}
