// The in-process AWS client services use to call each other (API Gateway -> DynamoDB or
// Lambda, later CloudFormation -> anything). A call runs through the same pipeline stages as a
// network request, from protocol detection on (parse, validate, dispatch, serialize, log), with
// the calling principal recorded as the request's caller, so a resource touched this way
// behaves exactly as one touched through the API. There is no HTTP round trip: no socket, no
// signing, no service detection (the caller names the service).
//
//   const client = new InternalClient(env);
//   // the wire form: an AWS HTTP request in, the service's HTTP answer out
//   const res = await client.send("dynamodb", buildServiceRequest(spec, {...}), { caller, region, origin: "apigateway" });
//   // the operation form: the provider's input shape in, its output shape out (errors thrown)
//   const out = await client.call("lambda", "GetPolicy", { FunctionName: "f" }, { caller, region, origin: "apigateway" });
import type { Caller, RequestContext } from "../aws/context.js";
import { errors, ServiceError } from "../aws/errors.js";
import type { HttpRequest, HttpResponse } from "../aws/http.js";
import { loadServiceSpec } from "../aws/spec/loader.js";
import type { EdgeEnv } from "../edge/env.js";
import { type Exchange, newExchange } from "../edge/exchange.js";
import { IN_PROCESS_STAGES, runPipeline } from "../edge/pipeline.js";
import { dispatch } from "../edge/stages/dispatch.js";
import { log } from "../edge/stages/log.js";
import { asServiceError, genericError } from "../edge/stages/serialize.js";
import { validate } from "../edge/stages/validate.js";
import { newRequestId } from "../shared/ids.js";

/** Who is calling, from where, and on whose behalf. */
export interface InternalCallOptions {
  caller: Caller;
  region: string;
  /** The calling service, recorded in the log line ("apigateway"). */
  origin: string;
  /** Defaults to a fresh request id. */
  requestId?: string;
  /** The endpoint providers report in URLs they build; defaults to the node's own address. */
  endpoint?: string;
  /**
   * `call` only: the input was built by Nimbus and meets the operation's model constraints by
   * construction (e.g. API Gateway's Invoke of a function ARN it has parsed), so model validation,
   * which could only pass, is skipped.
   */
  trusted?: boolean;
}

const EMPTY_REQUEST: HttpRequest = Object.freeze({ method: "POST", path: "/", rawQuery: "", query: {}, headers: {}, body: Buffer.alloc(0) });

export class InternalClient {
  constructor(private readonly env: EdgeEnv) {}

  /** Answers an AWS HTTP request for `service` as the edge would, without the network. */
  async send(service: string, http: HttpRequest, options: InternalCallOptions): Promise<HttpResponse> {
    const ex = this.exchange(service, options);
    ex.http = http;
    await runPipeline(ex, this.env, IN_PROCESS_STAGES);
    return ex.response ?? genericError(ex.error ?? errors.internalFailure(), ex.requestId);
  }

  /**
   * Calls one operation with an input already in the provider's shape: validated against the
   * model (unless options.trusted), dispatched, logged. Returns the output; throws the ServiceError a provider raised.
   */
  async call<O = Record<string, unknown>>(service: string, operation: string, input: Record<string, unknown>, options: InternalCallOptions): Promise<O> {
    const ex = this.exchange(service, options);
    const spec = ex.spec!;
    const op = spec.operation(operation);
    if (!op) throw errors.unknownOperation(`${spec.metadata.serviceId} has no operation ${operation}`);
    ex.http = EMPTY_REQUEST;
    ex.operation = op;
    ex.input = input;
    ex.ctx = this.context(ex, options, operation);
    try {
      if (!options.trusted) await validate(ex, this.env);
      await dispatch(ex, this.env);
    } catch (err) {
      ex.error = asServiceError(err, ex, this.env);
    }
    ex.response = { status: ex.error ? (ex.error.status ?? 400) : 200, headers: {} };
    log(ex, this.env);
    if (ex.error) throw ex.error;
    return ex.output as O;
  }

  private exchange(service: string, options: InternalCallOptions): Exchange {
    const entry = this.env.catalog.get(service);
    if (!entry) throw new ServiceError("UnknownServiceException", `Nimbus has no service named ${service}.`, 400);
    return newExchange({
      requestId: options.requestId ?? newRequestId(),
      receivedAt: this.env.clock.now(),
      startedHr: process.hrtime.bigint(),
      origin: options.origin,
      service: entry,
      spec: loadServiceSpec(service),
      caller: options.caller,
      region: options.region,
    });
  }

  private context(ex: Exchange, options: InternalCallOptions, operation: string): RequestContext {
    const spec = ex.spec!;
    return {
      requestId: ex.requestId,
      service: spec.name,
      operation,
      protocol: spec.protocols[0]!,
      accountId: options.caller.accountId,
      region: options.region,
      caller: options.caller,
      receivedAt: ex.receivedAt,
      endpoint: options.endpoint ?? `http://localhost:${this.env.config.port}`,
      http: ex.http,
    };
  }
}
