// Matches a REST request (method + path + query) to the operation whose http.requestUri
// template it fits, for restJson1 and restXml. Templates follow Smithy's httpTrait rules
// (https://smithy.io/2.0/spec/http-bindings.html#http-trait): {Label} is one path segment,
// {Label+} is greedy and spans segments, and a literal query part ("?uploads",
// "?list-type=2") must be present. The most specific template wins; operations sharing one
// template (S3 PutObject/CopyObject/UploadPart) are told apart by the required header and
// query-string members the request carries.
import type { HttpRequest } from "../http.js";
import type { OperationModel, StructureShape } from "../spec/model.js";
import type { ServiceSpec } from "../spec/service-spec.js";

interface Route {
  readonly op: OperationModel;
  readonly pattern: RegExp;
  readonly labels: ReadonlyArray<{ name: string; greedy: boolean }>;
  /** Literal query parts: a key that must be present, with the value it must have if any. */
  readonly query: ReadonlyArray<readonly [string, string | undefined]>;
  /** Required members bound to headers and query strings, for telling shared templates apart. */
  readonly requiredHeaders: readonly string[];
  readonly requiredQuery: readonly string[];
  readonly literalChars: number;
  readonly greedyCount: number;
  readonly order: number;
}

export interface RouteMatch {
  op: OperationModel;
  /** Label values, percent-decoded (shared with labelsFor: read only). */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Smithy models add "x-id=<Operation>" to keep S3 URIs unique; clients send it, but servers
 * never require it (the AWS CLI does not send it), so it takes no part in matching.
 */
const IGNORED_QUERY_LITERALS = new Set(["x-id"]);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function compile(spec: ServiceSpec, op: OperationModel, order: number): Route {
  const [pathPart = "/", queryPart = ""] = op.http.requestUri.split("?", 2);
  const labels: Array<{ name: string; greedy: boolean }> = [];
  let source = "";
  let literalChars = 0;
  let greedyCount = 0;
  let last = 0;
  const path = pathPart.length > 1 && pathPart.endsWith("/") ? pathPart.slice(0, -1) : pathPart;
  for (const m of path.matchAll(/\{([^}+]+)(\+)?\}/g)) {
    const literal = path.slice(last, m.index);
    source += escapeRegExp(literal);
    literalChars += literal.length;
    const greedy = m[2] === "+";
    if (greedy) greedyCount++;
    labels.push({ name: m[1]!, greedy });
    source += greedy ? "(.+)" : "([^/]+)";
    last = m.index! + m[0].length;
  }
  const tail = path.slice(last);
  source += escapeRegExp(tail);
  literalChars += tail.length;
  // A trailing slash is optional both ways ("/2015-03-31/functions/" is ListFunctions either way).
  const pattern = new RegExp(path === "/" ? "^/$" : `^${source}/?$`);
  const query: Array<readonly [string, string | undefined]> = [];
  for (const part of queryPart.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    if (!IGNORED_QUERY_LITERALS.has(key)) query.push([key, eq < 0 ? undefined : decodeURIComponent(part.slice(eq + 1))]);
  }
  const input = op.input ? (spec.shape(op.input.shape) as StructureShape) : undefined;
  const requiredHeaders: string[] = [];
  const requiredQuery: string[] = [];
  for (const name of input?.required ?? []) {
    const ref = input!.members[name];
    if (ref?.location === "header") requiredHeaders.push((ref.locationName ?? name).toLowerCase());
    else if (ref?.location === "querystring") requiredQuery.push(ref.locationName ?? name);
  }
  return { op, pattern, labels, query, requiredHeaders, requiredQuery, literalChars, greedyCount, order };
}

/** Higher is more specific. */
function compareSpecificity(a: Route, b: Route): number {
  return (
    b.query.length - a.query.length ||
    b.literalChars - a.literalChars ||
    a.greedyCount - b.greedyCount ||
    Number(a.op.deprecated ?? false) - Number(b.op.deprecated ?? false) ||
    a.order - b.order
  );
}

function safeDecode(text: string): string {
  // Nothing to decode without an escape; most labels (function names, table names) have none.
  if (!text.includes("%")) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export class RestRouter {
  private readonly byMethod = new Map<string, Route[]>();
  private readonly byOperation = new Map<string, Route>();
  /**
   * The last match's labels, handed to labelsFor when the same request asks for the same
   * operation right after (the parse stage resolves the operation and then reads the input,
   * synchronously), so the path is not matched and decoded twice. Taken once, then cleared.
   */
  private lastMatch: { req: HttpRequest; op: OperationModel; labels: Record<string, string> } | undefined;

  constructor(spec: ServiceSpec) {
    let order = 0;
    for (const op of spec.operations.values()) {
      const route = compile(spec, op, order++);
      this.byOperation.set(op.name, route);
      const method = op.http.method.toUpperCase();
      let list = this.byMethod.get(method);
      if (!list) this.byMethod.set(method, (list = []));
      list.push(route);
    }
    for (const list of this.byMethod.values()) list.sort(compareSpecificity);
  }

  /** The operation a request names, or undefined when no template fits. */
  match(req: HttpRequest): RouteMatch | undefined {
    const routes = this.byMethod.get(req.method.toUpperCase());
    if (!routes) return undefined;
    let best: { route: Route; labels: Record<string, string>; satisfied: number } | undefined;
    for (const route of routes) {
      // Routes are sorted most specific first: once one matched, only equally specific ones can tie.
      if (best && compareStructure(best.route, route) !== 0) break;
      const labels = this.extract(route, req);
      if (!labels) continue;
      const satisfied = requirementsMet(route, req);
      if (!best || satisfied > best.satisfied) best = { route, labels, satisfied };
    }
    this.lastMatch = best && { req, op: best.route.op, labels: best.labels };
    return best && { op: best.route.op, labels: best.labels };
  }

  /** Whether any operation's path template fits the path, whatever the method. */
  pathExists(req: HttpRequest): boolean {
    for (const routes of this.byMethod.values()) if (routes.some((r) => r.pattern.test(req.path))) return true;
    return false;
  }

  /** The labels of `op`'s template in the request path (the request was routed to `op`). */
  labelsFor(op: OperationModel, req: HttpRequest): Record<string, string> {
    const last = this.lastMatch;
    this.lastMatch = undefined;
    if (last && last.req === req && last.op === op) return last.labels;
    const route = this.byOperation.get(op.name);
    return (route && this.extract(route, req, true)) ?? {};
  }

  private extract(route: Route, req: HttpRequest, ignoreQuery = false): Record<string, string> | undefined {
    const m = route.pattern.exec(req.path);
    if (!m) return undefined;
    if (!ignoreQuery) {
      for (const [key, value] of route.query) {
        const given = req.query[key];
        if (!given || (value !== undefined && !given.includes(value))) return undefined;
      }
    }
    const labels: Record<string, string> = {};
    route.labels.forEach((label, i) => {
      labels[label.name] = safeDecode(m[i + 1]!);
    });
    return labels;
  }
}

/** Routes tie structurally when only their required members can tell them apart. */
function compareStructure(a: Route, b: Route): number {
  return b.query.length - a.query.length || b.literalChars - a.literalChars || a.greedyCount - b.greedyCount;
}

/**
 * -1 when a required header or query member is missing, else how many the route requires
 * (so CopyObject, which needs x-amz-copy-source, beats PutObject when the header is there).
 */
function requirementsMet(route: Route, req: HttpRequest): number {
  for (const header of route.requiredHeaders) if (req.headers[header] === undefined) return -1;
  for (const key of route.requiredQuery) if (req.query[key] === undefined) return -1;
  return route.requiredHeaders.length + route.requiredQuery.length;
}
