// What PutIntegration/UpdateIntegration check, worded as recorded
// (test_apigateway_integrations.snapshot.json, test_put_integration_validation):
// - HTTP, HTTP_PROXY, AWS and AWS_PROXY need an integration HTTP method;
// - HTTP(_PROXY) URIs are absolute http(s) URLs (stage variables allowed);
// - AWS(_PROXY) URIs are API Gateway service ARNs,
//   arn:aws:apigateway:{region}:{subdomain.service|service}:{path|action}/{...}
//   (https://docs.aws.amazon.com/apigateway/latest/api/API_Integration.html#apigw-Type-Integration-uri);
// - AWS_PROXY only reaches Lambda functions (and Firehose);
// - timeouts are 50..29000 ms.
import { badRequest } from "./errors.js";
import type { IntegrationRecord, MethodRecord } from "./records.js";

export const PASSTHROUGH_BEHAVIORS = ["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"] as const;
export const DEFAULT_TIMEOUT_MS = 29_000;

export function checkIntegration(integration: IntegrationRecord, method: MethodRecord): void {
  const { type } = integration;
  if (type !== "MOCK" && !integration.httpMethod) throw badRequest("Enumeration value for HttpMethod must be non-empty");
  if (type === "HTTP" || type === "HTTP_PROXY") {
    if (!isHttpEndpoint(integration.uri)) throw badRequest("Invalid HTTP endpoint specified for URI");
  } else if (type === "AWS" || type === "AWS_PROXY") {
    checkAwsUri(integration.uri, type);
  }
  if (!(PASSTHROUGH_BEHAVIORS as readonly string[]).includes(integration.passthroughBehavior)) {
    throw badRequest(`Invalid passthrough behavior specified: ${integration.passthroughBehavior}. Valid values: ${PASSTHROUGH_BEHAVIORS.join(", ")}`);
  }
  if (!Number.isInteger(integration.timeoutInMillis) || integration.timeoutInMillis < 50 || integration.timeoutInMillis > DEFAULT_TIMEOUT_MS) {
    throw badRequest("Timeout should be between 50 ms and 29000 ms");
  }
  if (integration.connectionType === "VPC_LINK" && !integration.connectionId) {
    throw badRequest("ConnectionId must be set for vpc link integrations");
  }
  checkIntegrationRequestParameters(integration.requestParameters, method);
}

function isHttpEndpoint(uri: string | undefined): boolean {
  // Stage variables may stand for any part of the URL: http://${stageVariables.host}/path.
  return uri !== undefined && /^https?:\/\/[^\s/?#]+([/?#]\S*)?$/i.test(uri);
}

function checkAwsUri(uri: string | undefined, type: "AWS" | "AWS_PROXY"): void {
  const parts = uri?.split(":") ?? [];
  if (parts.length < 6 || parts[0] !== "arn") throw badRequest("Invalid ARN specified in the request");
  const service = parts[4]!;
  const target = parts.slice(5).join(":");
  if (parts[2] !== "apigateway" || !/^(path|action)\//.test(target)) {
    throw badRequest("AWS ARN for integration must contain path or action");
  }
  if (type === "AWS_PROXY" && !/(^|\.)lambda$/.test(service) && !/(^|\.)firehose$/.test(service)) {
    throw badRequest("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
  }
}

const invalidMapping = (detail: string) =>
  badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [${detail}]`);

const INTEGRATION_REQUEST_PARAM = /^integration\.request\.(querystring|header|path|multivaluequerystring|multivalueheader)\.[^\s]+$/;
const METHOD_REQUEST_REF = /^method\.request\.(querystring|header|path|multivaluequerystring|multivalueheader)\.[^\s]+$/;

/**
 * integration.request.{location}.{name} keys; a value naming a method request parameter must
 * name one the method declares.
 */
export function checkIntegrationRequestParameters(params: Record<string, string> | undefined, method: MethodRecord): void {
  for (const [key, value] of Object.entries(params ?? {})) {
    if (!INTEGRATION_REQUEST_PARAM.test(key)) throw invalidMapping(`Invalid mapping expression specified: ${key}`);
    if (typeof value !== "string") throw invalidMapping(`Invalid mapping expression specified: ${String(value)}`);
    if (METHOD_REQUEST_REF.test(value) && !(method.requestParameters && value in method.requestParameters)) {
      throw invalidMapping(`Invalid mapping expression parameter specified: ${value}`);
    }
  }
}

const METHOD_RESPONSE_HEADER = /^method\.response\.header\.[^\s.]+$/;

export function checkIntegrationResponseParameters(params: Record<string, string> | undefined): void {
  for (const key of Object.keys(params ?? {})) {
    if (!METHOD_RESPONSE_HEADER.test(key)) throw invalidMapping(`Invalid mapping expression specified: ${key}`);
  }
}

const MEDIA_TYPE = /^[\w.+*-]+\/[\w.+*-]+(\s*;.*)?$/;

/** Templates as AWS stores them: keyed by media type; an empty template reads back as null. */
export function normalizeTemplates(templates: Record<string, string | null> | undefined): Record<string, string | null> | undefined {
  if (templates === undefined) return undefined;
  const out: Record<string, string | null> = {};
  for (const [contentType, template] of Object.entries(templates)) {
    if (!MEDIA_TYPE.test(contentType)) throw badRequest(`Validation Result: warnings : [], errors : [Invalid content type specified: ${contentType}]`);
    out[contentType] = template === "" || template === undefined ? null : template;
  }
  return out;
}
