// Stage 9: the answer in the protocol the client used. Errors raised before a protocol was
// known (unknown service, oversized body) are written as a JSON error, which every AWS SDK
// reads. Every AWS API answer also carries permissive CORS headers so browser apps and the
// console can call Nimbus, as local AWS endpoints conventionally allow.
import { errors, ServiceError } from "../../aws/errors.js";
import type { HttpResponse } from "../../aws/http.js";
import type { EdgeEnv } from "../env.js";
import type { Exchange } from "../exchange.js";

export function serialize(ex: Exchange, env: EdgeEnv): void {
  if (ex.response) return;
  const ctx = { requestId: ex.requestId };
  if (ex.error) {
    ex.response =
      ex.protocol && ex.spec
        ? ex.protocol.serializeError(ex.spec, ex.operation, ex.error, ctx)
        : genericError(ex.error, ex.requestId);
  } else {
    ex.response = ex.protocol!.serializeOutput(ex.spec!, ex.operation!, ex.output ?? {}, ctx);
  }
  addCorsHeaders(ex.response, ex.http?.headers["origin"]);
  void env;
}

/** Converts anything thrown by a stage into a ServiceError; unexpected ones are logged and become InternalFailure. */
export function asServiceError(err: unknown, ex: Exchange, env: EdgeEnv): ServiceError {
  if (err instanceof ServiceError) return err;
  env.logger.error({ reqId: ex.requestId, svc: ex.spec?.name, op: ex.operation?.name, err }, "unexpected error");
  return errors.internalFailure();
}

export function genericError(error: ServiceError, requestId: string): HttpResponse {
  return {
    status: error.status ?? 400,
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amzn-requestid": requestId,
      "x-amzn-errortype": error.code,
      ...error.headers,
    },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}

export function addCorsHeaders(res: HttpResponse, origin: string | undefined): void {
  res.headers["access-control-allow-origin"] ??= origin ?? "*";
  res.headers["access-control-expose-headers"] ??= "*";
  if (origin) res.headers["vary"] ??= "Origin";
}
