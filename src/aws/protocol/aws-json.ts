// awsJson1_0 and awsJson1_1: one implementation, the version read from the model's jsonVersion.
// https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html
// Requests are POST / with X-Amz-Target "<targetPrefix>.<Operation>" and a JSON body; responses
// are JSON with Content-Type application/x-amz-json-<version>. Errors carry `__type`.
import { errors, type ServiceError } from "../errors.js";
import type { HttpRequest, HttpResponse } from "../http.js";
import type { OperationModel } from "../spec/model.js";
import type { ServiceSpec } from "../spec/service-spec.js";
import { JsonCodec } from "./json-codec.js";
import { stringifyWithRaw } from "./raw-json.js";
import { writeJsonErrorMembers } from "./json-errors.js";
import { errorStatus, isSenderFault, modelledError, serializationError } from "./shapes.js";
import type { Protocol, SerializeContext } from "./types.js";

/**
 * Services whose `__type` is namespaced, as recorded from AWS: DynamoDB answers
 * "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException" (see "Error handling with
 * DynamoDB" in the DynamoDB developer guide) and SQS "com.amazonaws.sqs#QueueDoesNotExist".
 * Other JSON services write the bare shape name, which every SDK accepts.
 */
const MODELLED_ERROR_NAMESPACES: Readonly<Record<string, string>> = {
  dynamodb: "com.amazonaws.dynamodb.v20120810",
  dynamodbstreams: "com.amazonaws.dynamodb.v20120810",
  sqs: "com.amazonaws.sqs",
};

/** Coral framework errors no model declares, namespaced on the services above. */
const FRAMEWORK_ERROR_NAMESPACES: Readonly<Record<string, string>> = {
  SerializationException: "com.amazon.coral.service",
  UnknownOperationException: "com.amazon.coral.service",
  UnrecognizedClientException: "com.amazon.coral.service",
  MissingAuthenticationTokenException: "com.amazon.coral.service",
  InvalidSignatureException: "com.amazon.coral.service",
  IncompleteSignatureException: "com.amazon.coral.service",
  AccessDeniedException: "com.amazon.coral.service",
  InternalFailure: "com.amazon.coral.service",
  RequestEntityTooLargeException: "com.amazon.coral.service",
  ValidationException: "com.amazon.coral.validate",
};

export const REQUEST_ID_HEADER = "x-amzn-RequestId";

export function jsonContentType(spec: ServiceSpec): string {
  return `application/x-amz-json-${spec.metadata.jsonVersion ?? "1.0"}`;
}

export class AwsJsonProtocol implements Protocol {
  readonly name = "json" as const;
  private readonly codecs = new WeakMap<ServiceSpec, JsonCodec>();

  private codec(spec: ServiceSpec): JsonCodec {
    let codec = this.codecs.get(spec);
    if (!codec) {
      codec = new JsonCodec(spec, { useLocationName: false });
      this.codecs.set(spec, codec);
    }
    return codec;
  }

  matches(req: HttpRequest): boolean {
    return req.headers["x-amz-target"] !== undefined || (req.headers["content-type"] ?? "").startsWith("application/x-amz-json");
  }

  resolveOperation(spec: ServiceSpec, req: HttpRequest): OperationModel {
    const target = req.headers["x-amz-target"];
    if (!target) throw errors.unknownOperation();
    const dot = target.lastIndexOf(".");
    const prefix = dot < 0 ? "" : target.slice(0, dot);
    const expected = spec.metadata.targetPrefix;
    const op = spec.operation(target.slice(dot + 1));
    if (!op || (expected !== undefined && prefix !== expected)) throw errors.unknownOperation();
    return op;
  }

  parseInput(spec: ServiceSpec, op: OperationModel, req: HttpRequest): Record<string, unknown> {
    const shape = spec.inputShape(op);
    if (req.body.length === 0) return {};
    let json: unknown;
    try {
      json = JSON.parse(req.body.toString("utf8"));
    } catch {
      // AWS answers a body that is not JSON with a bare SerializationException (no message).
      throw serializationError("");
    }
    if (json === null || typeof json !== "object") throw serializationError("");
    if (!shape) return {};
    return this.codec(spec).readStructure(shape, json);
  }

  serializeOutput(spec: ServiceSpec, op: OperationModel, output: Record<string, unknown>, ctx: SerializeContext): HttpResponse {
    const shape = spec.outputShape(op);
    const codec = this.codec(spec);
    codec.takeRaw();
    const body = shape ? codec.writeStructure(shape, output) : {};
    return {
      status: 200,
      headers: { [REQUEST_ID_HEADER]: ctx.requestId, "Content-Type": jsonContentType(spec) },
      body: codec.takeRaw() ? stringifyWithRaw(body) : JSON.stringify(body),
    };
  }

  serializeError(spec: ServiceSpec, _op: OperationModel | undefined, error: ServiceError, ctx: SerializeContext): HttpResponse {
    const modelled = modelledError(spec, error.code);
    const body: Record<string, unknown> = { __type: this.typeName(spec, error.code, modelled?.name) };
    writeJsonErrorMembers(body, this.codec(spec), modelled?.shape, error);
    const headers: Record<string, string> = {
      ...error.headers,
      [REQUEST_ID_HEADER]: ctx.requestId,
      "Content-Type": jsonContentType(spec),
    };
    if (spec.metadata.awsQueryCompatible) {
      // Query-compatible services also name the query error code and fault, so that SDKs
      // can raise the same error whichever protocol they speak (Smithy awsQueryCompatible trait).
      const code = modelled?.shape.error?.code ?? error.code;
      headers["x-amzn-query-error"] = `${code};${isSenderFault(error, modelled?.shape) ? "Sender" : "Receiver"}`;
    }
    return { status: errorStatus(error, modelled?.shape), headers, body: JSON.stringify(body) };
  }

  private typeName(spec: ServiceSpec, code: string, shapeName: string | undefined): string {
    const namespace = MODELLED_ERROR_NAMESPACES[spec.name];
    if (!namespace) return shapeName ?? code;
    if (shapeName) return `${namespace}#${shapeName}`;
    const framework = FRAMEWORK_ERROR_NAMESPACES[code];
    return framework ? `${framework}#${code}` : code;
  }
}
