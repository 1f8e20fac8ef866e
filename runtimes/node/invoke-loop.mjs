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

const noop = () => undefined;

export class Runtime {
  constructor(client, handler, logError) {
    this.client = client;
    this.handler = handler;
    this.logError = logError;
    this.currentId = undefined; // the invocation an uncaught error is reported against
    this.beforeExit = noop;
    this.onUncaught = (err) => (this.currentId === undefined ? failInit(client, err, 129) : this.failInvoke(this.currentId, err, 129));
    this.onRejection = (err) => (this.currentId === undefined ? failInit(client, err, 128) : this.failInvoke(this.currentId, err, 128));
    // Bound once: the loop passes these for every invocation.
    this.next = () => this.nextInvocation();
    this.onInvocation = (inv) => {
      try {
        this.handleOnce(inv);
      } catch (err) {
        this.topLevelError(err);
      }
    };
    this.onNextError = (err) => this.topLevelError(err);
  }

  /** After init: the first request for an invocation. */
  scheduleNext() {
    setImmediate(this.next);
  }

  /**
   * Waits for the next invocation and runs it. Called straight after a result is posted: the
   * invocation arrives as I/O anyway, so a setImmediate hop would only cost a wake-up.
   */
  nextInvocation() {
    this.client.next().then(this.onInvocation, this.onNextError);
  }

  topLevelError(err) {
    console.log(`Unexpected Top Level Error: ${err}`);
    this.onUncaught(err);
  }

  handleOnce(inv) {
    const id = inv.requestId;
    setCurrentRequestId(id);
    this.currentId = id;
    // As AWS's runtime: set for every invocation (no read first: a getenv costs as much as the
    // comparison saves, and ids are unique per invocation), removed when the invocation has none.
    const trace = inv.traceId;
    if (trace) process.env._X_AMZN_TRACE_ID = trace;
    else if (process.env._X_AMZN_TRACE_ID !== undefined) delete process.env._X_AMZN_TRACE_ID;

    const state = new Invocation(this, id);
    const context = state.context();
    // A handler that neither returns a promise nor calls back: answer null once the loop drains.
    this.beforeExit = () => {
      state.completed = true;
      this.client.postResponse(id, "null").then(this.next);
    };
    try {
      const deadline = inv.deadlineMs;
      // Read for every invocation, as AWS's runtime does (a handler may change process.env).
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
      // The channel hands over the event as text already; the HTTP client as bytes.
      const payload = inv.payload;
      const event = JSON.parse(typeof payload === "string" ? payload : payload.toString("utf8"));
      if (this.handler[STREAMING]) {
        this.invokeStreaming(event, context).catch(this.onNextError);
        return;
      }
      const result = this.handler(event, context, state.callback);
      // context.succeed/fail as the handler left them, as AWS's runtime does.
      if (isPromise(result)) result.then(context.succeed, context.fail).catch(context.fail);
    } catch (err) {
      state.callback(err);
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
      this.beforeExit = noop;
      this.client.postResponse(context.awsRequestId, body).then(this.next);
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
}

/**
 * context.callbackWaitsForEmptyEventLoop. An object literal with get/set (the obvious way) makes a
 * new accessor pair for every invocation: V8 then keeps the context in dictionary mode and holds
 * on to those accessors until a full GC, so ~650 bytes an invocation were copied through every
 * scavenge and the young generation grew to its maximum (docs/lambda-engine.md). Accessor
 * functions shared by all contexts keep it a fast object; they find their invocation through a
 * private field stamped on the context (a base constructor returning its argument lets a subclass
 * add its private field to any object): not a property, so the function cannot see it.
 */
class Stamp {
  constructor(target) {
    return target;
  }
}
class ContextSlot extends Stamp {
  #invocation;
  constructor(context, invocation) {
    super(context);
    this.#invocation = invocation;
  }
  /** The invocation of `receiver` (or of an object it inherits from); for a proxy, the latest. */
  static find(receiver) {
    for (let o = receiver; o !== null && typeof o === "object"; o = Object.getPrototypeOf(o)) {
      if (#invocation in o) return o.#invocation;
    }
    return latest;
  }
}
let latest; // the latest invocation's state
const WAITS_FOR_EMPTY_EVENT_LOOP = {
  get() {
    return ContextSlot.find(this).waitForEmptyEventLoop;
  },
  set(value) {
    ContextSlot.find(this).waitForEmptyEventLoop = value;
  },
  enumerable: true,
  configurable: true,
};

/**
 * One invocation's callback, context.succeed/fail/done and callbackWaitsForEmptyEventLoop, as AWS
 * defines them: only the first call of any of them counts (a call that throws, such as an
 * unserialisable result, leaves room for another), and the result is posted once.
 */
class Invocation {
  constructor(runtime, id) {
    this.runtime = runtime;
    this.id = id;
    this.completed = false; // the result or error is posted (or the loop drained without one)
    this.finished = false; // callback/succeed/fail/done was called once without throwing
    this.waitForEmptyEventLoop = true;
    latest = this;
    this.callback = (...args) => this.first(this.settleCallback, args[0], args[1]);
    this.succeed = (...args) => this.first(this.done, null, args[0]);
    this.failOnce = (...args) => this.fail(args[0]);
    this.doneOnce = (...args) => this.first(this.done, args[0], args[1]);
  }

  /** The context object's own part; handleOnce adds the invocation's fields. */
  context() {
    const context = {};
    Object.defineProperty(context, "callbackWaitsForEmptyEventLoop", WAITS_FOR_EMPTY_EVENT_LOOP);
    new ContextSlot(context, this);
    // Anonymous functions, as AWS's (what console.log(context) shows).
    context.succeed = this.succeed;
    context.fail = this.failOnce;
    context.done = this.doneOnce;
    return context;
  }

  fail(err) {
    this.first(this.done, err === undefined || err === null ? "handled" : err, null);
  }

  first(fn, err, result) {
    if (this.finished) return;
    fn.call(this, err, result);
    this.finished = true;
  }

  done(err, result) {
    this.runtime.beforeExit = noop;
    if (err !== undefined && err !== null) this.postError(err);
    else this.complete(result);
  }

  settleCallback(err, result) {
    const runtime = this.runtime;
    runtime.beforeExit = noop;
    if (err !== undefined && err !== null) return this.postError(err);
    if (!this.waitForEmptyEventLoop) return this.complete(result);
    runtime.beforeExit = () => setImmediate(() => this.complete(result));
  }

  postError(err) {
    const runtime = this.runtime;
    runtime.logError("Invoke Error", err);
    runtime.client.postError(this.id, toRuntimeError(err)).then(runtime.next);
  }

  complete(result) {
    if (this.completed) {
      console.error("Invocation has already been reported as done. Cannot call complete more than once per invocation.");
      return;
    }
    this.completed = true;
    let text;
    try {
      text = JSON.stringify(result === undefined ? null : result);
    } catch {
      throw new Error("Unable to stringify response body");
    }
    this.runtime.client.postResponse(this.id, text).then(this.runtime.next);
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
