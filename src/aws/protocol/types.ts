// The contract every wire protocol implements. A protocol is pure: bytes in, values out and
// back, driven only by the service model. Values follow one convention across protocols:
//   structure -> plain object holding only the members present; list -> array; map -> object;
//   string/enum -> string; integer/long/float/double -> number; boolean -> boolean;
//   timestamp -> Date; blob -> Buffer (a streaming blob payload may be a Readable on output);
//   document -> parsed JSON value; a header with jsonvalue -> parsed JSON value.
import type { ServiceError } from "../errors.js";
import type { HttpRequest, HttpResponse } from "../http.js";
import type { OperationModel, ProtocolName } from "../spec/model.js";
import type { ServiceSpec } from "../spec/service-spec.js";

export interface SerializeContext {
  requestId: string;
}

export interface Protocol {
  readonly name: ProtocolName;
  /**
   * Whether a request to a service that speaks several protocols is in this one
   * (SQS: an X-Amz-Target header means JSON, an Action form field means query).
   */
  matches(req: HttpRequest): boolean;
  /** The operation the request names. Throws ServiceError (e.g. UnknownOperationException). */
  resolveOperation(spec: ServiceSpec, req: HttpRequest): OperationModel;
  /** The operation's input. Throws the protocol's ServiceError for a malformed request. */
  parseInput(spec: ServiceSpec, op: OperationModel, req: HttpRequest): Record<string, unknown>;
  serializeOutput(spec: ServiceSpec, op: OperationModel, output: Record<string, unknown>, ctx: SerializeContext): HttpResponse;
  /** `op` is undefined when the request failed before an operation was known. */
  serializeError(spec: ServiceSpec, op: OperationModel | undefined, error: ServiceError, ctx: SerializeContext): HttpResponse;
}
