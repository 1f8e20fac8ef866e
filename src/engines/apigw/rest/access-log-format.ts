// A stage's access log format (accessLogSettings.format), compiled once and rendered per request:
// every $context.x (or ${context.x}) variable is replaced by its value for the request, "-" when
// the request has none, as API Gateway writes access logs. Only $context variables exist here;
// anything else in the format ($input, literal text) is written as is. The format is a single
// line of any shape the console offers (CLF, JSON, XML, CSV) or any other.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-access-logging.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-variables-for-access-logging.html
import { requestTime, type Invocation } from "./invocation.js";

/** What is known only once the answer is ready. */
export interface AccessLogFacts {
  status: number;
  responseLength: number;
  latencyMs: number;
}

type Resolver = (inv: Invocation, facts: AccessLogFacts) => unknown;

const ms = (value: number | undefined) => (value === undefined ? undefined : Math.round(value));
const integrationStatus: Resolver = (inv) => inv.integrationStatus;
const integrationLatency: Resolver = (inv) => ms(inv.integrationLatencyMs);
const errorMessage = (inv: Invocation) => (inv.error ? inv.error.errorMessage : undefined);

/** The variables with a fixed name; identity.* and authorizer.* are looked up by key below. */
const RESOLVERS: Readonly<Record<string, Resolver>> = {
  accountId: (inv) => inv.scope.accountId,
  apiId: (inv) => inv.target.apiId,
  deploymentId: (inv) => inv.deployment.deploymentId,
  domainName: (inv) => inv.target.domainName,
  domainPrefix: (inv) => inv.target.domainPrefix,
  "error.message": errorMessage,
  // The message as a JSON string literal, quotes included: what JSON formats embed unquoted.
  "error.messageString": (inv) => (inv.error ? JSON.stringify(inv.error.errorMessage) : undefined),
  "error.responseType": (inv) => inv.error?.type,
  "error.validationErrorString": (inv) => (inv.error?.type.startsWith("BAD_REQUEST") ? inv.error.errorMessage : undefined),
  extendedRequestId: (inv) => inv.extendedRequestId,
  httpMethod: (inv) => inv.httpMethod,
  integrationLatency,
  "integration.latency": integrationLatency,
  integrationStatus,
  "integration.status": integrationStatus,
  "integration.integrationStatus": integrationStatus,
  "integration.error": (inv) => (inv.error?.type.startsWith("INTEGRATION") ? errorMessage(inv) : undefined),
  integrationErrorMessage: (inv) => (inv.error?.type.startsWith("INTEGRATION") ? errorMessage(inv) : undefined),
  isCanaryRequest: (inv) => (inv.isCanary ? true : undefined),
  path: (inv) => inv.target.contextPath,
  protocol: () => "HTTP/1.1",
  requestId: (inv) => inv.requestId,
  requestTime: (inv) => requestTime(inv.receivedAt),
  requestTimeEpoch: (inv) => inv.receivedAt,
  resourceId: (inv) => inv.route?.resource.id,
  resourcePath: (inv) => inv.route?.resource.path,
  responseLatency: (_inv, facts) => ms(facts.latencyMs),
  responseLength: (_inv, facts) => facts.responseLength,
  stage: (inv) => inv.served.stage.stageName,
  status: (_inv, facts) => facts.status,
  xrayTraceId: (inv) => (inv.served.stage.tracingEnabled ? inv.traceId : undefined),
};

function resolverFor(name: string): Resolver {
  const fixed = RESOLVERS[name];
  if (fixed) return fixed;
  if (name.startsWith("identity.")) {
    const key = name.slice("identity.".length);
    return (inv) => (inv.identity as unknown as Record<string, unknown>)[key];
  }
  if (name.startsWith("authorizer.")) {
    // authorizer.principalId, authorizer.claims.sub, authorizer.<context key>.
    const keys = name.slice("authorizer.".length).split(".");
    return (inv) => {
      let value: unknown = inv.authorizer;
      for (const key of keys) value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
      return value;
    };
  }
  return () => undefined;
}

type Part = string | Resolver;

export interface CompiledFormat {
  parts: readonly Part[];
}

const VARIABLE = /\$\{context\.([A-Za-z0-9_.]+)\}|\$context\.([A-Za-z0-9_.]*[A-Za-z0-9_])/g;

export function compileFormat(format: string): CompiledFormat {
  const parts: Part[] = [];
  let last = 0;
  for (const match of format.matchAll(VARIABLE)) {
    if (match.index > last) parts.push(format.slice(last, match.index));
    parts.push(resolverFor(match[1] ?? match[2]!));
    last = match.index + match[0].length;
  }
  if (last < format.length) parts.push(format.slice(last));
  return { parts };
}

function text(value: unknown): string {
  if (value === undefined || value === null || value === "") return "-";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function renderFormat(compiled: CompiledFormat, inv: Invocation, facts: AccessLogFacts): string {
  let out = "";
  for (const part of compiled.parts) out += typeof part === "string" ? part : text(part(inv, facts));
  // A format may end with one new line (AWS allows it there only); the event is the line.
  return out.endsWith("\n") ? out.slice(0, out.endsWith("\r\n") ? -2 : -1) : out;
}
