// One request's state as it moves through the pipeline. Stages read what earlier stages
// filled in and add their own part; a stage that answers sets `response` or `error`.
import type { IncomingMessage } from "node:http";
import type { Caller, RequestContext } from "../aws/context.js";
import type { ServiceError } from "../aws/errors.js";
import type { HttpRequest, HttpResponse } from "../aws/http.js";
import type { Protocol } from "../aws/protocol/types.js";
import type { SigV4Request } from "../aws/sigv4/index.js";
import type { ServiceCatalogEntry } from "../aws/spec/catalog-types.js";
import type { OperationModel } from "../aws/spec/model.js";
import type { ServiceSpec } from "../aws/spec/service-spec.js";

export interface Exchange {
  readonly requestId: string;
  /** Epoch ms from the injected clock, and a monotonic start for latency. */
  readonly receivedAt: number;
  readonly startedHr: bigint;
  /** The socket's request; absent for in-process calls (src/internal/), which never touch HTTP. */
  readonly raw?: IncomingMessage;
  http: HttpRequest;
  sigv4?: SigV4Request;
  /** A malformed signature found during detection, raised by authenticate. */
  authError?: ServiceError;
  caller?: Caller;
  region?: string;
  service?: ServiceCatalogEntry;
  spec?: ServiceSpec;
  protocol?: Protocol;
  operation?: OperationModel;
  input?: Record<string, unknown>;
  ctx?: RequestContext;
  output?: Record<string, unknown>;
  error?: ServiceError;
  /** Set by a stage that answers the request itself (internal routes, serializers). */
  response?: HttpResponse;
  /** Who made an in-process call (src/internal/), e.g. "apigateway"; absent for network requests. */
  origin?: string;
  /** Set when the connection must close after the answer (e.g. an unread oversized body). */
  closeConnection?: boolean;
}

/**
 * A new exchange with every field present from the start, in one order. Stages fill fields in
 * as the request moves on; were they added one by one, each exchange would pass through a chain
 * of hidden classes and every `ex.<field>` read in the pipeline would see several shapes
 * (V8's polymorphic property loads, a measurable share of a small request's CPU).
 */
export function newExchange(start: Pick<Exchange, "requestId" | "receivedAt" | "startedHr"> & Partial<Exchange>): Exchange {
  return {
    requestId: start.requestId,
    receivedAt: start.receivedAt,
    startedHr: start.startedHr,
    raw: start.raw,
    http: start.http as HttpRequest,
    sigv4: start.sigv4,
    authError: start.authError,
    caller: start.caller,
    region: start.region,
    service: start.service,
    spec: start.spec,
    protocol: start.protocol,
    operation: start.operation,
    input: start.input,
    ctx: start.ctx,
    output: start.output,
    error: start.error,
    response: start.response,
    origin: start.origin,
    closeConnection: start.closeConnection,
  };
}
