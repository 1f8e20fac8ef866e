// restXml: https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html, as S3 speaks it.
// Routing and HTTP-bound members as in restJson1; bodies are XML (or the raw payload member).
// Errors follow S3: <Error><Code/><Message/>...<RequestId/><HostId/></Error>, with the
// request id in x-amz-request-id and the extended id in x-amz-id-2
// (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
import { createHash } from "node:crypto";
import { ServiceError } from "../errors.js";
import type { HttpRequest, HttpResponse } from "../http.js";
import type { OperationModel, ShapeRef, StructureShape } from "../spec/model.js";
import type { ServiceSpec } from "../spec/service-spec.js";
import { hasBodyMembers, payloadMember, readBoundMembers, setDefaultHeader, writeBoundMembers } from "./rest-bindings.js";
import { RestRouter } from "./rest-router.js";
import { errorStatus, modelledError, scalarText, timestampFormatOf, toBuffer } from "./shapes.js";
import type { Protocol, SerializeContext } from "./types.js";
import { parseXmlDocument, XmlReader, type XmlElement } from "./xml-reader.js";
import { escapeXmlAttribute, escapeXmlText, XmlWriter } from "./xml-writer.js";

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function malformedXml(): ServiceError {
  return new ServiceError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", 400);
}

/** A method no operation answers on this path: S3's 405 MethodNotAllowed. */
function methodNotAllowed(): ServiceError {
  return new ServiceError("MethodNotAllowed", "The specified method is not allowed against this resource.", 405);
}

/** A query-string or header value of the wrong type: S3 answers 400 InvalidArgument. */
function invalidArgument(detail: string): ServiceError {
  return new ServiceError("InvalidArgument", detail, 400);
}

/** The x-amz-id-2 S3 pairs with each request id; derived so both stay stable per request. */
export function extendedRequestId(requestId: string): string {
  return createHash("sha256").update(requestId).digest("base64");
}

export class RestXmlProtocol implements Protocol {
  readonly name = "rest-xml" as const;
  private readonly routers = new WeakMap<ServiceSpec, RestRouter>();
  private readonly writers = new WeakMap<ServiceSpec, XmlWriter>();
  private readonly readers = new WeakMap<ServiceSpec, XmlReader>();

  private router(spec: ServiceSpec): RestRouter {
    let router = this.routers.get(spec);
    if (!router) this.routers.set(spec, (router = new RestRouter(spec)));
    return router;
  }

  private writer(spec: ServiceSpec): XmlWriter {
    let writer = this.writers.get(spec);
    if (!writer) this.writers.set(spec, (writer = new XmlWriter(spec)));
    return writer;
  }

  private reader(spec: ServiceSpec): XmlReader {
    let reader = this.readers.get(spec);
    if (!reader) this.readers.set(spec, (reader = new XmlReader(spec, () => malformedXml())));
    return reader;
  }

  matches(req: HttpRequest): boolean {
    return req.headers["x-amz-target"] === undefined;
  }

  resolveOperation(spec: ServiceSpec, req: HttpRequest): OperationModel {
    const match = this.router(spec).match(req);
    if (!match) throw methodNotAllowed();
    return match.op;
  }

  parseInput(spec: ServiceSpec, op: OperationModel, req: HttpRequest): Record<string, unknown> {
    const shape = spec.inputShape(op);
    if (!shape) return {};
    const input = readBoundMembers(spec, shape, req, this.router(spec).labelsFor(op, req), invalidArgument);
    if (req.body.length === 0) return input;
    const payload = payloadMember(spec, shape);
    if (payload) {
      if (payload.shape.type === "blob") input[payload.name] = req.body;
      else if (payload.shape.type === "string") input[payload.name] = req.body.toString("utf8");
      else if (payload.shape.type === "structure") {
        const root = this.parseRoot(req.body, payload.ref.locationName ?? payload.shape.locationName ?? payload.name);
        input[payload.name] = this.reader(spec).readStructure(payload.shape, root);
      }
      return input;
    }
    if (hasBodyMembers(shape)) {
      const root = this.parseRoot(req.body, op.input?.locationName ?? shape.locationName);
      Object.assign(input, this.reader(spec).readStructure(shape, root, true));
    }
    return input;
  }

  private parseRoot(body: Buffer, expectedName: string | undefined): XmlElement {
    const root = parseXmlDocument(body.toString("utf8"));
    if (!root || (expectedName !== undefined && root.name !== expectedName)) throw malformedXml();
    return root;
  }

  serializeOutput(spec: ServiceSpec, op: OperationModel, output: Record<string, unknown>, ctx: SerializeContext): HttpResponse {
    const headers = this.baseHeaders(ctx);
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
        } else if (payload.shape.type === "string") {
          body = String(value);
        } else if (payload.shape.type === "structure") {
          const name = payload.ref.locationName ?? payload.shape.locationName ?? payload.name;
          body = XML_DECLARATION + this.rootElement(spec, name, payload.shape, value as Record<string, unknown>, payload.ref, false);
          setDefaultHeader(headers, "Content-Type", "application/xml");
        }
      }
    } else if (op.s3UnwrappedXmlOutput) {
      body = XML_DECLARATION + this.unwrappedElement(spec, shape, output);
      headers["Content-Type"] = "application/xml";
    } else if (hasBodyMembers(shape)) {
      const name = shape.locationName ?? op.output?.locationName ?? op.output!.shape;
      body = XML_DECLARATION + this.rootElement(spec, name, shape, output, op.output, true);
      headers["Content-Type"] = "application/xml";
    }
    return body === undefined ? { status, headers } : { status, headers, body };
  }

  /** A document's root element carries the shape's namespace, else the service's. */
  private rootElement(
    spec: ServiceSpec,
    name: string,
    shape: StructureShape,
    value: Record<string, unknown>,
    ref: ShapeRef | undefined,
    bodyOnly: boolean,
  ): string {
    const hasOwnNamespace = ref?.xmlNamespace ?? shape.xmlNamespace;
    const serviceNs = !hasOwnNamespace && spec.metadata.xmlNamespace ? ` xmlns="${escapeXmlAttribute(spec.metadata.xmlNamespace)}"` : "";
    return this.writer(spec).structureElement(name, shape, value, ref, bodyOnly, serviceNs);
  }

  /** <LocationConstraint xmlns="...">eu-west-1</LocationConstraint>: the one body member is the root. */
  private unwrappedElement(spec: ServiceSpec, shape: StructureShape, output: Record<string, unknown>): string {
    const [name, ref] = Object.entries(shape.members).find(([, r]) => !r.location) ?? [];
    if (!name || !ref) throw new Error("s3UnwrappedXmlOutput needs one body member");
    const ns = spec.metadata.xmlNamespace ? ` xmlns="${escapeXmlAttribute(spec.metadata.xmlNamespace)}"` : "";
    const element = ref.locationName ?? name;
    const value = output[name];
    const target = spec.resolve(ref);
    return value === undefined || value === null
      ? `<${element}${ns}/>`
      : `<${element}${ns}>${escapeXmlText(scalarText(target, value, timestampFormatOf(ref, target, "iso8601")))}</${element}>`;
  }

  private baseHeaders(ctx: SerializeContext): Record<string, string> {
    return { "x-amz-request-id": ctx.requestId, "x-amz-id-2": extendedRequestId(ctx.requestId) };
  }

  serializeError(spec: ServiceSpec, op: OperationModel | undefined, error: ServiceError, ctx: SerializeContext): HttpResponse {
    const modelled = modelledError(spec, error.code);
    const status = errorStatus(error, modelled?.shape);
    const headers = { ...error.headers, ...this.baseHeaders(ctx) };
    if (modelled) writeBoundMembers(spec, modelled.shape, error.fields, headers);
    // A HEAD response has no body, so S3 sends the status alone (SDKs then report NotFound etc.).
    if (op?.http.method === "HEAD") return { status, headers };
    let fields = "";
    const rest: Record<string, unknown> = { ...error.fields };
    delete rest["Message"];
    delete rest["message"];
    if (modelled) {
      fields += this.writer(spec).members(modelled.shape, rest, true);
      for (const name of Object.keys(modelled.shape.members)) delete rest[name];
    }
    for (const [name, value] of Object.entries(rest)) {
      if (value !== undefined && value !== null && /^[A-Za-z_][\w.-]*$/.test(name)) fields += `<${name}>${escapeXmlText(String(value))}</${name}>`;
    }
    const code = modelled?.shape.error?.code ?? modelled?.name ?? error.code;
    const body =
      XML_DECLARATION +
      `<Error><Code>${escapeXmlText(code)}</Code><Message>${escapeXmlText(error.message)}</Message>${fields}` +
      `<RequestId>${escapeXmlText(ctx.requestId)}</RequestId><HostId>${escapeXmlText(headers["x-amz-id-2"])}</HostId></Error>`;
    return { status, headers: { ...headers, "Content-Type": "application/xml" }, body };
  }
}
