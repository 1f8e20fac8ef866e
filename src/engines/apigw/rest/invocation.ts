// One execute-api request as it moves through the REST data plane: what the client sent, which
// API, stage and deployment serve it, what routing, authorization and the API key added. The
// $context variables of mapping templates and the proxy event's requestContext are views of it.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#context-variable-reference
import type { StageExecutionLog } from "./stage-execution-log.js";
import type { HttpRequest } from "../../../aws/http.js";
import type { ApiKeyRecord, Scope, UsagePlanRecord } from "../../../services/apigateway/records.js";
import type { RestApiSnapshot, StageSnapshot } from "../../../services/apigateway/snapshot.js";
import type { MappingContext } from "../mapping/index.js";
import type { GatewayError } from "./gateway-error.js";
import type { InvokeTarget } from "./invoke-url.js";
import type { RequestHeaders } from "./request-headers.js";
import { quote, quoteOrNull } from "./json-text.js";
import { RecentSet } from "../../../shared/recent-set.js";
import type { RouteMatch } from "./router.js";

/** $context.identity: every key AWS sends, null when unknown (recorded proxy events). */
export interface Identity {
  cognitoIdentityPoolId: string | null;
  accountId: string | null;
  cognitoIdentityId: string | null;
  caller: string | null;
  sourceIp: string;
  principalOrgId: string | null;
  accessKey: string | null;
  cognitoAuthenticationType: string | null;
  cognitoAuthenticationProvider: string | null;
  userArn: string | null;
  userAgent: string | null;
  user: string | null;
  apiKey?: string;
  apiKeyId?: string;
}

export interface Invocation {
  readonly requestId: string;
  /** x-amz-apigw-id and $context.extendedRequestId. */
  readonly extendedRequestId: string;
  /** Epoch ms (injected clock) and a monotonic start for latency. */
  readonly receivedAt: number;
  readonly startedHr: bigint;
  readonly request: HttpRequest;
  readonly headers: RequestHeaders;
  readonly target: InvokeTarget;
  /** X-Amzn-Trace-Id: the client's, or one started here. */
  readonly traceId: string;
  /** X-Forwarded-Proto / X-Forwarded-Port as the front door forwards them. */
  readonly scheme: "http" | "https";
  /** This node's address as the client reached it, for services that build URLs back to it (Lambda's AWS_ENDPOINT_URL). */
  readonly nodeEndpoint: string;
  readonly localPort: number;
  readonly scope: Scope;
  /** The stage as resolved (its canary included). */
  readonly served: StageSnapshot;
  /** The deployment this request runs against: the stage's or, for canary requests, the canary's. */
  readonly deployment: RestApiSnapshot;
  readonly stageVariables: Readonly<Record<string, string>>;
  readonly isCanary: boolean;
  readonly httpMethod: string;
  readonly identity: Identity;
  route?: RouteMatch;
  /** principalId, claims, and a Lambda authorizer's context keys. */
  authorizer?: Record<string, unknown>;
  apiKey?: ApiKeyRecord;
  usagePlan?: UsagePlanRecord;
  /** The gateway error being answered ($context.error). */
  error?: GatewayError;
  integrationLatencyMs?: number;
  integrationStatus?: number;
  cacheHit?: boolean;
  /** The integration's request (the full URL or ARN), for the access log and metrics. */
  integrationEndpoint?: string;
  /** The stage's execution log of this request, when the stage logs executions (stage-execution-log.ts). */
  executionLog?: StageExecutionLog;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The last second formatted: requests of one second share their requestTime. */
let formattedSecond = NaN;
let formatted = "";

/** $context.requestTime: CLF-formatted, "12/Mar/2020:19:03:58 +0000". */
export function requestTime(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second === formattedSecond) return formatted;
  const d = new Date(epochMs);
  formatted = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
  formattedSecond = second;
  return formatted;
}

/**
 * Identities anonymousIdentity made lately: their keys are in its literal's order (identityJson
 * relies on it). A ring, not a WeakSet (recent-set.ts): the proxy event is written within the same
 * request; an identity forgotten since (many requests made theirs while an authorizer ran) is
 * written by JSON.stringify, to the same text.
 */
const madeHere = new RecentSet<Identity>(64);

export function anonymousIdentity(sourceIp: string, userAgent: string | undefined): Identity {
  const identity: Identity = {
    cognitoIdentityPoolId: null,
    accountId: null,
    cognitoIdentityId: null,
    caller: null,
    sourceIp,
    principalOrgId: null,
    accessKey: null,
    cognitoAuthenticationType: null,
    cognitoAuthenticationProvider: null,
    userArn: null,
    userAgent: userAgent ?? null,
    user: null,
  };
  madeHere.add(identity);
  return identity;
}

/**
 * JSON.stringify(identity), written field by field for identities anonymousIdentity made (authorizers
 * fill in values; the API key fields, appended when set, and other identities take JSON.stringify).
 */
export function identityJson(identity: Identity): string {
  if (!madeHere.has(identity) || identity.apiKey !== undefined || identity.apiKeyId !== undefined) return JSON.stringify(identity);
  return (
    `{"cognitoIdentityPoolId":${quoteOrNull(identity.cognitoIdentityPoolId)},"accountId":${quoteOrNull(identity.accountId)}` +
    `,"cognitoIdentityId":${quoteOrNull(identity.cognitoIdentityId)},"caller":${quoteOrNull(identity.caller)},"sourceIp":${quote(identity.sourceIp)}` +
    `,"principalOrgId":${quoteOrNull(identity.principalOrgId)},"accessKey":${quoteOrNull(identity.accessKey)}` +
    `,"cognitoAuthenticationType":${quoteOrNull(identity.cognitoAuthenticationType)},"cognitoAuthenticationProvider":${quoteOrNull(identity.cognitoAuthenticationProvider)}` +
    `,"userArn":${quoteOrNull(identity.userArn)},"userAgent":${quoteOrNull(identity.userAgent)},"user":${quoteOrNull(identity.user)}}`
  );
}

/** The request context fields shared by $context and the proxy event's requestContext. */
export function requestContextFields(inv: Invocation): Record<string, unknown> {
  const route = inv.route;
  return {
    resourceId: route?.resource.id,
    resourcePath: route?.resource.path,
    httpMethod: inv.httpMethod,
    extendedRequestId: inv.extendedRequestId,
    requestTime: requestTime(inv.receivedAt),
    path: inv.target.contextPath,
    accountId: inv.scope.accountId,
    protocol: "HTTP/1.1",
    stage: inv.served.stage.stageName,
    domainPrefix: inv.target.domainPrefix,
    requestTimeEpoch: inv.receivedAt,
    requestId: inv.requestId,
    identity: { ...inv.identity },
    domainName: inv.target.domainName,
    deploymentId: inv.deployment.deploymentId,
    apiId: inv.target.apiId,
    ...(inv.authorizer ? { authorizer: inv.authorizer } : {}),
  };
}

/** $context for a mapping template render. */
export function mappingContext(inv: Invocation): MappingContext {
  const context: MappingContext = requestContextFields(inv) as MappingContext;
  if (inv.error) {
    context.error = {
      message: inv.error.errorMessage,
      messageString: JSON.stringify(inv.error.errorMessage),
      responseType: inv.error.type,
      validationErrorString: inv.error.type.startsWith("BAD_REQUEST") ? (inv.error.errorMessage ?? "") : "",
    };
  }
  if (inv.isCanary) context.isCanaryRequest = true;
  return context;
}
