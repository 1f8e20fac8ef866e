// Parameter mapping expressions: the right-hand side of requestParameters (integration request),
// responseParameters (integration response) and gateway responseParameters.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
//   method.request.{path|querystring|multivaluequerystring|header|multivalueheader}.NAME
//   method.request.body  method.request.body.JSONPath
//   integration.response.{header|multivalueheader}.NAME  integration.response.body[.JSONPath]
//   stageVariables.NAME   context.VAR[.SUB]   'static value'
import { selectJsonPath } from "../mapping/input-variable.js";
import type { RequestHeaders } from "./request-headers.js";

export interface MethodRequestView {
  pathParams: Readonly<Record<string, string>>;
  query: Readonly<Record<string, readonly string[]>>;
  headers: RequestHeaders;
  body: string;
}

export interface IntegrationResponseView {
  /** Lower-cased names. */
  headers: Readonly<Record<string, readonly string[]>>;
  body: string;
}

export interface MappingSources {
  request: MethodRequestView;
  stageVariables: Readonly<Record<string, string>>;
  /** $context, built only when an expression reads it. */
  context: () => Readonly<Record<string, unknown>>;
  response?: IntegrationResponseView;
}

/** A resolved value: one string, several (multi-value sources), or nothing. */
export type Mapped = string | readonly string[] | undefined;

function jsonPathOf(body: string, path: string): string | undefined {
  let root: unknown;
  try {
    root = JSON.parse(body === "" ? "{}" : body);
  } catch {
    return undefined;
  }
  const { found, value } = selectJsonPath(root, path.startsWith("$") ? path : `$.${path}`);
  if (!found || value === undefined) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function contextValue(context: Readonly<Record<string, unknown>>, path: string): string | undefined {
  let node: unknown = context;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  if (node === undefined || node === null) return undefined;
  return typeof node === "string" ? node : typeof node === "object" ? JSON.stringify(node) : String(node);
}

const last = (values: readonly string[] | undefined) => (values && values.length > 0 ? values[values.length - 1] : undefined);

/** Evaluates one mapping expression; undefined when its source is absent. */
export function resolveMapping(expression: string, sources: MappingSources): Mapped {
  const expr = expression.trim();
  if (expr.length >= 2 && expr.startsWith("'") && expr.endsWith("'")) return expr.slice(1, -1);
  if (expr.startsWith("method.request.")) return methodRequest(expr.slice("method.request.".length), sources.request);
  if (expr.startsWith("integration.response.")) return sources.response && integrationResponse(expr.slice("integration.response.".length), sources.response);
  if (expr.startsWith("stageVariables.")) return sources.stageVariables[expr.slice("stageVariables.".length)];
  if (expr.startsWith("context.")) return contextValue(sources.context(), expr.slice("context.".length));
  return undefined;
}

function methodRequest(rest: string, req: MethodRequestView): Mapped {
  if (rest === "body") return req.body;
  if (rest.startsWith("body.")) return jsonPathOf(req.body, rest.slice(5));
  const dot = rest.indexOf(".");
  if (dot < 0) return undefined;
  const location = rest.slice(0, dot);
  const name = rest.slice(dot + 1);
  switch (location) {
    case "path":
      return req.pathParams[name];
    case "querystring":
      return last(req.query[name]);
    case "multivaluequerystring":
      return req.query[name];
    case "header":
      return req.headers.get(name);
    case "multivalueheader":
      return headerValues(req.headers, name);
    default:
      return undefined;
  }
}

function headerValues(headers: RequestHeaders, name: string): readonly string[] | undefined {
  const lower = name.toLowerCase();
  for (const entry of headers.entries()) if (entry.name.toLowerCase() === lower) return entry.values;
  return undefined;
}

function integrationResponse(rest: string, res: IntegrationResponseView): Mapped {
  if (rest === "body") return res.body;
  if (rest.startsWith("body.")) return jsonPathOf(res.body, rest.slice(5));
  const dot = rest.indexOf(".");
  if (dot < 0) return undefined;
  const location = rest.slice(0, dot);
  const name = rest.slice(dot + 1).toLowerCase();
  if (location === "header") return last(res.headers[name]);
  if (location === "multivalueheader") return res.headers[name];
  return undefined;
}

/** A multi-valued result joined as API Gateway joins it into one header value. */
export function asSingle(value: Mapped): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : value.join(",");
}
