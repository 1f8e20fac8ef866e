// restJson1: https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
// The operation comes from method + path; members bind to the path, query string, headers
// and status code, the rest travel as a JSON body (or as the raw payload member). Errors name
// their code in the x-amzn-ErrorType header and carry the error shape's members as JSON.
import { ServiceError } from "../errors.js";
import type { HttpRequest, HttpResponse } from "../http.js";
import type { OperationModel, StructureShape } from "../spec/model.js";
import type { ServiceSpec } from "../spec/service-spec.js";
import { REQUEST_ID_HEADER } from "./aws-json.js";
import { JsonCodec } from "./json-codec.js";
import { writeJsonErrorMembers } from "./json-errors.js";
import { hasBodyMembers, payloadMember, readBoundMembers, setDefaultHeader, writeBoundMembers } from "./rest-bindings.js";
import { RestRouter } from "./rest-router.js";
import { errorStatus, modelledError, serializationError, toBuffer } from "./shapes.js";
import type { Protocol, SerializeContext } from "./types.js";

/**
 * How a service rejects a body it cannot read. Coral services answer SerializationException;
 * Lambda answers InvalidRequestContentException "Could not parse request body into json: ..."
 * (recorded from AWS in the LocalStack Lambda snapshots), with its `Type: User` field.
 */
function malformedBody(spec: ServiceSpec, detail: string): ServiceError {
  if (spec.name === "lambda") {
    return new ServiceError("InvalidRequestContentException", `Could not parse request body into json: ${detail}`, 400, { fields: { Type: "User" } });
  }
  return serializationError(detail);
}

/** A request no operation's method and path template fits: Coral REST services answer 404. */
function unknownRoute(): ServiceError {
  return new ServiceError("UnknownOperationException", "", 404);
}

export class RestJsonProtocol implements Protocol {
  readonly name = "rest-json" as const;
  private readonly routers = new WeakMap<ServiceSpec, RestRouter>();
  private readonly codecs = new WeakMap<ServiceSpec, JsonCodec>();

  private router(spec: ServiceSpec): RestRouter {
    let router = this.routers.get(spec);
    if (!router) this.routers.set(spec, (router = new RestRouter(spec)));
    return router;
  }

  private codec(spec: ServiceSpec): JsonCodec {
    let codec = this.codecs.get(spec);
    if (!codec) this.codecs.set(spec, (codec = new JsonCodec(spec, { useLocationName: true })));
    return codec;
  }

  matches(req: HttpRequest): boolean {
    return req.headers["x-amz-target"] === undefined;
  }

  resolveOperation(spec: ServiceSpec, req: HttpRequest): OperationModel {
    const match = this.router(spec).match(req);
    if (!match) throw unknownRoute();
    return match.op;
  }

  parseInput(spec: ServiceSpec, op: OperationModel, req: HttpRequest): Record<string, unknown> {
    const shape = spec.inputShape(op);
    if (!shape) return {};
    const fail = (detail: string) => serializationError(detail);
    const input = readBoundMembers(spec, shape, req, this.router(spec).labelsFor(op, req), fail);
    const payload = payloadMember(spec, shape);
    if (payload) {
      if (req.body.length === 0) return input;
      if (payload.shape.type === "blob") input[payload.name] = req.body;
      else if (payload.shape.type === "string") input[payload.name] = req.body.toString("utf8");
      else if (payload.shape.type === "structure") input[payload.name] = this.readJson(spec, payload.shape, req.body, false);
      return input;
    }
    if (req.body.length > 0 && hasBodyMembers(shape)) Object.assign(input, this.readJson(spec, shape, req.body, true));
    return input;
  }

  private readJson(spec: ServiceSpec, shape: StructureShape, body: Buffer, bodyOnly: boolean): Record<string, unknown> {
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch (e) {
      throw malformedBody(spec, spec.name === "lambda" ? (e as Error).message : "");
    }
    try {
      return this.codec(spec).readStructure(shape, json, bodyOnly);
    } catch (e) {
      if (e instanceof ServiceError && e.code === "SerializationException") throw malformedBody(spec, e.message);
      throw e;
    }
  }

  serializeOutput(spec: ServiceSpec, op: OperationModel, output: Record<string, unknown>, ctx: SerializeContext): HttpResponse {
    const headers: Record<string, string> = { [REQUEST_ID_HEADER]: ctx.requestId };
    let status = op.http.responseCode ?? 200;
    const shape = spec.outputShape(op);
    if (!shape) return { status, headers };
    const bound = writeBoundMembers(spec, shape, output, headers);
    if (bound.status !== undefined) status = bound.status;
    const payload = payloadMember(spec, shape);
    let body: HttpResponse["body"];
    if (payload) {
      const value = output[payload.name];
      if (value !== undefined && value !== null) {
        if (payload.shape.type === "blob") {
          body = typeof (value as NodeJS.ReadableStream).pipe === "function" ? (value as HttpResponse["body"]) : toBuffer(value);
          setDefaultHeader(headers, "Content-Type", "application/octet-stream");
        } else if (payload.shape.type === "string") {
          body = String(value);
          setDefaultHeader(headers, "Content-Type", "text/plain");
        } else {
          body = JSON.stringify(this.codec(spec).write(payload.ref, value));
          headers["Content-Type"] = "application/json";
        }
      }
    } else if (hasBodyMembers(shape)) {
      body = JSON.stringify(this.codec(spec).writeStructure(shape, output, true));
      headers["Content-Type"] = "application/json";
    }
    return body === undefined ? { status, headers } : { status, headers, body };
  }

  serializeError(spec: ServiceSpec, _op: OperationModel | undefined, error: ServiceError, ctx: SerializeContext): HttpResponse {
    const modelled = modelledError(spec, error.code);
    const headers: Record<string, string> = {
      ...error.headers,
      [REQUEST_ID_HEADER]: ctx.requestId,
      "x-amzn-ErrorType": modelled?.name ?? error.code,
      "Content-Type": "application/json",
    };
    if (modelled) writeBoundMembers(spec, modelled.shape, error.fields, headers);
    const body = writeJsonErrorMembers({}, this.codec(spec), modelled?.shape, error);
    return { status: errorStatus(error, modelled?.shape), headers, body: JSON.stringify(body) };
  }
}
