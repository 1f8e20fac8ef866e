// $input: the payload and the method request parameters.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
//   $input.body          the raw payload as a string
//   $input.json(x)       JSON text of what JSONPath x selects
//   $input.path(x)       what JSONPath x selects, as objects a template can navigate
//   $input.params()      all parameters: {path, querystring, header}
//   $input.params(x)     a parameter's value, looked up in path, then query string, then header
// Behaviours taken from recorded AWS responses: an empty payload reads as "{}" ($input.body
// renders "{}"; test_apigateway_sqs::test_sqs_aws_integration records MD5 of "{}" for a bodiless
// POST). A definite JSONPath (Jayway's notion: no .., *, filter, slice or union) selects one
// value; an indefinite one selects a list. A missing value selects "" (templates test
// `$input.path('$.Item') == ""`), so $input.json renders it as "".
import { JSONPath } from "jsonpath-plus";
import { JavaMap } from "./java-collections.js";
import { MappingTemplateError } from "./errors.js";
import { fromPlainValue, NO_METHOD, type HostObject } from "./java-values.js";

/** Parameter values; a multi-valued parameter offers its last value, as method.request.* does. */
export type MultiValued = Record<string, string | readonly string[] | undefined>;

export interface InputSource {
  body: string;
  pathParams: Record<string, string>;
  queryParams: MultiValued;
  headers: MultiValued;
}

const INDEFINITE_PATH = /\.\.|\*|\?\(|\[[^\]]*[,:][^\]]*\]/;
const SIMPLE_PATH = /^\$((\.[A-Za-z_$][\w$-]*)|(\[\d+\]))*$/;
const SIMPLE_STEP = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]/g;

function lastValue(value: string | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : value[value.length - 1];
}

function singleValued(params: MultiValued): JavaMap {
  const map = new JavaMap("hash");
  for (const [name, value] of Object.entries(params)) {
    const v = lastValue(value);
    if (v !== undefined) map.put(name, v);
  }
  return map;
}

/** Evaluates a JSONPath on parsed JSON: one value for a definite path, a list otherwise. */
export function selectJsonPath(root: unknown, path: string): { found: boolean; value: unknown } {
  if (path === "$" || path === "") return { found: true, value: root };
  if (SIMPLE_PATH.test(path)) {
    // The common case ($.a.b, $.items[0]) walks the object directly.
    let node: unknown = root;
    for (const m of path.slice(1).matchAll(SIMPLE_STEP)) {
      if (node === null || typeof node !== "object") return { found: false, value: undefined };
      const key = m[1] ?? Number(m[2]);
      if (Array.isArray(node) !== (typeof key === "number")) return { found: false, value: undefined };
      if (!Object.prototype.hasOwnProperty.call(node, key)) return { found: false, value: undefined };
      node = (node as Record<string | number, unknown>)[key];
    }
    return { found: true, value: node };
  }
  let matches: unknown[];
  try {
    matches = JSONPath({ path, json: root as object, wrap: true, eval: "safe" }) as unknown[];
  } catch (error) {
    throw new MappingTemplateError("TemplateRender", `Invalid JSONPath expression: ${path}`, { cause: error });
  }
  if (INDEFINITE_PATH.test(path)) return { found: true, value: matches };
  return matches.length === 0 ? { found: false, value: undefined } : { found: true, value: matches[0] };
}

/** The $input variable of one render. Parses the payload lazily, at most once. */
export class InputVariable implements HostObject {
  readonly hostName = "$input";
  private parsed: { value: unknown } | undefined;
  private allParams: JavaMap | undefined;

  constructor(private readonly source: InputSource) {}

  /** The payload; API Gateway reads an empty payload as "{}". */
  get body(): string {
    return this.source.body === "" ? "{}" : this.source.body;
  }

  private root(): unknown {
    if (!this.parsed) {
      try {
        this.parsed = { value: JSON.parse(this.body) };
      } catch (error) {
        throw new MappingTemplateError("InvalidJsonPayload", `Could not parse request body into json: ${(error as Error).message}`, { cause: error });
      }
    }
    return this.parsed.value;
  }

  json(path: string): string {
    const { found, value } = selectJsonPath(this.root(), path);
    // Parsed JSON holds only plain data, so JSON.stringify gives the compact text json-smart would.
    return found ? (JSON.stringify(value) ?? "null") : '""';
  }

  path(path: string): unknown {
    const { found, value } = selectJsonPath(this.root(), path);
    return found ? fromPlainValue(value, "insertion") : "";
  }

  params(name?: string): unknown {
    if (name === undefined) {
      if (!this.allParams) {
        this.allParams = new JavaMap("hash");
        this.allParams.put("path", singleValued(this.source.pathParams));
        this.allParams.put("querystring", singleValued(this.source.queryParams));
        this.allParams.put("header", singleValued(this.source.headers));
      }
      return this.allParams;
    }
    const fromPath = this.source.pathParams[name];
    if (fromPath !== undefined) return fromPath;
    const fromQuery = lastValue(this.source.queryParams[name]);
    if (fromQuery !== undefined) return fromQuery;
    // Header names are case-insensitive.
    const lower = name.toLowerCase();
    for (const [header, value] of Object.entries(this.source.headers)) {
      if (header.toLowerCase() === lower) {
        const v = lastValue(value);
        if (v !== undefined) return v;
      }
    }
    return "";
  }

  property(name: string): unknown {
    return name === "body" ? this.body : undefined;
  }

  call(name: string, args: unknown[]): unknown {
    switch (name) {
      case "json":
      case "path":
        if (args.length !== 1 || typeof args[0] !== "string") return NO_METHOD;
        return name === "json" ? this.json(args[0]) : this.path(args[0]);
      case "params":
        if (args.length === 0) return this.params();
        if (args.length === 1 && typeof args[0] === "string") return this.params(args[0]);
        return NO_METHOD;
      case "getBody":
        return args.length === 0 ? this.body : NO_METHOD;
      default:
        return NO_METHOD;
    }
  }
}
