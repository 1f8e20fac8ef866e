// The failures the REST data plane answers with a gateway response instead of the integration's
// answer. Each carries its gateway response type; the response itself (status, headers, body)
// comes from the deployment's gateway responses (gateway-responses.ts), customisable per API.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
import type { GatewayResponseType } from "../../../aws/generated/apigateway.js";

/** x-amzn-ErrorType per type, as API Gateway labels its own errors. */
export const ERROR_TYPE_HEADER: Readonly<Record<GatewayResponseType, string>> = {
  ACCESS_DENIED: "AccessDeniedException",
  API_CONFIGURATION_ERROR: "InternalServerErrorException",
  AUTHORIZER_CONFIGURATION_ERROR: "AuthorizerConfigurationException",
  AUTHORIZER_FAILURE: "AuthorizerFailureException",
  BAD_REQUEST_BODY: "BadRequestException",
  BAD_REQUEST_PARAMETERS: "BadRequestException",
  DEFAULT_4XX: "BadRequestException",
  DEFAULT_5XX: "InternalServerErrorException",
  EXPIRED_TOKEN: "ExpiredTokenException",
  INTEGRATION_FAILURE: "InternalServerErrorException",
  INTEGRATION_TIMEOUT: "InternalServerErrorException",
  INVALID_API_KEY: "ForbiddenException",
  INVALID_SIGNATURE: "InvalidSignatureException",
  MISSING_AUTHENTICATION_TOKEN: "MissingAuthenticationTokenException",
  QUOTA_EXCEEDED: "LimitExceededException",
  REQUEST_TOO_LARGE: "RequestTooLargeException",
  RESOURCE_NOT_FOUND: "NotFoundException",
  THROTTLED: "TooManyRequestsException",
  UNAUTHORIZED: "UnauthorizedException",
  UNSUPPORTED_MEDIA_TYPE: "UnsupportedMediaTypeException",
  WAF_FILTERED: "ForbiddenException",
};

export class GatewayError extends Error {
  constructor(
    readonly type: GatewayResponseType,
    /** $context.error.message; null renders as JSON null (AWS's AUTHORIZER_CONFIGURATION_ERROR body). */
    readonly errorMessage: string | null,
    /** The status when the gateway response sets none (the DEFAULT_4XX/5XX families). */
    readonly fallbackStatus?: number,
    /** Why, for the execution log line (never sent to the client). */
    readonly detail?: string,
  ) {
    super(errorMessage ?? type);
    this.name = "GatewayError";
  }
}

/** The errors API Gateway answers most often, with AWS's exact messages. */
export const gatewayErrors = {
  missingAuthToken: () => new GatewayError("MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token"),
  forbidden: (detail?: string) => new GatewayError("INVALID_API_KEY", "Forbidden", undefined, detail),
  throttled: () => new GatewayError("THROTTLED", "Too Many Requests"),
  quotaExceeded: () => new GatewayError("QUOTA_EXCEEDED", "Limit Exceeded"),
  unauthorized: (detail?: string) => new GatewayError("UNAUTHORIZED", "Unauthorized", undefined, detail),
  unsupportedMediaType: () => new GatewayError("UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type"),
  requestTooLarge: () => new GatewayError("REQUEST_TOO_LARGE", "Request Too Long"),
  badRequestParameters: (message: string) => new GatewayError("BAD_REQUEST_PARAMETERS", message),
  badRequestBody: (message: string, detail?: string) => new GatewayError("BAD_REQUEST_BODY", message, undefined, detail),
  /** "Execution failed due to configuration error: ..." in AWS's execution log; the client sees 500. */
  configuration: (detail: string) => new GatewayError("API_CONFIGURATION_ERROR", "Internal server error", 500, detail),
  /** The integration failed (unreachable endpoint, Lambda error, malformed proxy answer). */
  integrationFailure: (detail: string, status = 500) => new GatewayError("INTEGRATION_FAILURE", "Internal server error", status, detail),
  integrationTimeout: () => new GatewayError("INTEGRATION_TIMEOUT", "Endpoint request timed out", 504, "Execution failed due to a timeout error"),
  internal: (detail: string) => new GatewayError("DEFAULT_5XX", "Internal server error", 500, detail),
} as const;
