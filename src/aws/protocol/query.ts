// awsQuery: https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
// Requests are form-encoded (POST body or GET query string) with Action and Version; responses
// are XML: <OpResponse xmlns=ns><OpResult>...</OpResult><ResponseMetadata><RequestId>..
// and errors <ErrorResponse><Error><Type>Sender|Receiver</Type><Code/><Message/></Error>
// <RequestId/></ErrorResponse>. JSON services that keep query compatibility (SQS) are read
// with the same model; their result element is <OpResult> as the SDKs expect.
import { errors, ServiceError } from "../errors.js";
import type { HttpRequest, HttpResponse } from "../http.js";
import type { OperationModel } from "../spec/model.js";
import type { ServiceSpec } from "../spec/service-spec.js";
import { REQUEST_ID_HEADER } from "./aws-json.js";
import { buildParamTree, QueryReader, type ParamNode } from "./query-reader.js";
import { errorStatus, isSenderFault, modelledError } from "./shapes.js";
import type { Protocol, SerializeContext } from "./types.js";
import { escapeXmlAttribute, escapeXmlText, XmlWriter } from "./xml-writer.js";

const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

interface ParsedParams {
  action: string | undefined;
  tree: ParamNode;
}

function isForm(req: HttpRequest): boolean {
  return (req.headers["content-type"] ?? "").toLowerCase().startsWith(FORM_CONTENT_TYPE);
}

/** AWS's wording for a value that does not fit its member, e.g. SQS "Value x for parameter DelaySeconds is invalid." */
function invalidParameter(parameter: string, text: string, detail: string): ServiceError {
  return new ServiceError("InvalidParameterValue", `Value ${text} for parameter ${parameter} is invalid. Reason: ${detail}`, 400);
}

export class QueryProtocol implements Protocol {
  readonly name = "query" as const;
  /** Parameters parsed once per request (resolveOperation and parseInput both need them). */
  private readonly parsed = new WeakMap<HttpRequest, ParsedParams>();
  private readonly writers = new WeakMap<ServiceSpec, XmlWriter>();
  private readonly readers = new WeakMap<ServiceSpec, QueryReader>();

  matches(req: HttpRequest): boolean {
    if (req.headers["x-amz-target"] !== undefined) return false;
    return req.query["Action"] !== undefined || isForm(req);
  }

  private params(req: HttpRequest): ParsedParams {
    let parsed = this.parsed.get(req);
    if (!parsed) {
      const entries: Array<[string, string]> = [];
      if (req.body.length > 0 && (isForm(req) || req.headers["content-type"] === undefined)) {
        for (const entry of new URLSearchParams(req.body.toString("utf8"))) entries.push(entry);
      }
      for (const [key, values] of Object.entries(req.query)) for (const value of values) entries.push([key, value]);
      const action = entries.find(([key]) => key === "Action")?.[1];
      parsed = { action, tree: buildParamTree(entries) };
      this.parsed.set(req, parsed);
    }
    return parsed;
  }

  resolveOperation(spec: ServiceSpec, req: HttpRequest): OperationModel {
    const { action } = this.params(req);
    if (!action) throw errors.missingAction();
    const op = spec.operation(action);
    if (!op) throw errors.invalidAction(action);
    return op;
  }

  parseInput(spec: ServiceSpec, op: OperationModel, req: HttpRequest): Record<string, unknown> {
    const shape = spec.inputShape(op);
    if (!shape) return {};
    let reader = this.readers.get(spec);
    if (!reader) this.readers.set(spec, (reader = new QueryReader(spec, invalidParameter)));
    return reader.readStructure(shape, this.params(req).tree);
  }

  private writer(spec: ServiceSpec): XmlWriter {
    let writer = this.writers.get(spec);
    if (!writer) this.writers.set(spec, (writer = new XmlWriter(spec)));
    return writer;
  }

  serializeOutput(spec: ServiceSpec, op: OperationModel, output: Record<string, unknown>, ctx: SerializeContext): HttpResponse {
    const shape = spec.outputShape(op);
    const root = `${op.name}Response`;
    let result = "";
    if (shape) {
      const wrapper = op.output?.resultWrapper ?? `${op.name}Result`;
      result = `<${wrapper}>${this.writer(spec).members(shape, output)}</${wrapper}>`;
    }
    const body =
      `<${root}${xmlns(spec)}>${result}` +
      `<ResponseMetadata><RequestId>${escapeXmlText(ctx.requestId)}</RequestId></ResponseMetadata></${root}>`;
    return { status: 200, headers: { [REQUEST_ID_HEADER]: ctx.requestId, "Content-Type": "text/xml" }, body };
  }

  serializeError(spec: ServiceSpec, _op: OperationModel | undefined, error: ServiceError, ctx: SerializeContext): HttpResponse {
    const modelled = modelledError(spec, error.code);
    const code = modelled ? (modelled.shape.error?.code ?? modelled.name) : error.code;
    let extra = "";
    if (modelled) {
      const fields = { ...error.fields };
      delete fields["Message"];
      delete fields["message"];
      extra = this.writer(spec).members(modelled.shape, fields);
    }
    const body =
      `<ErrorResponse${xmlns(spec)}><Error>` +
      `<Type>${isSenderFault(error, modelled?.shape) ? "Sender" : "Receiver"}</Type>` +
      `<Code>${escapeXmlText(code)}</Code><Message>${escapeXmlText(error.message)}</Message>${extra}` +
      `</Error><RequestId>${escapeXmlText(ctx.requestId)}</RequestId></ErrorResponse>`;
    return {
      status: errorStatus(error, modelled?.shape),
      headers: { ...error.headers, [REQUEST_ID_HEADER]: ctx.requestId, "Content-Type": "text/xml" },
      body,
    };
  }
}

function xmlns(spec: ServiceSpec): string {
  const ns = spec.metadata.xmlNamespace;
  return ns ? ` xmlns="${escapeXmlAttribute(ns)}"` : "";
}
