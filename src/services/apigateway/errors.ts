// API Gateway's error messages, worded exactly as AWS words them. Sources: the responses
// recorded against AWS in LocalStack's snapshot files
// (conformance/localstack/tests/aws/services/apigateway/*.snapshot.json), and the API
// reference (https://docs.aws.amazon.com/apigateway/latest/api/CommonErrors.html) for the rest.
import { BadRequestException, ConflictException, NotFoundException } from "../../aws/generated/apigateway.js";

export const notFound = {
  api: (accountId: string, apiId: string) => new NotFoundException(`Invalid API identifier specified ${accountId}:${apiId}`),
  resource: () => new NotFoundException("Invalid Resource identifier specified"),
  method: () => new NotFoundException("Invalid Method identifier specified"),
  integration: () => new NotFoundException("Invalid Integration identifier specified"),
  responseStatus: () => new NotFoundException("Invalid Response status code specified"),
  model: (name: string) => new NotFoundException(`Invalid model name specified: ${name}`),
  requestValidator: () => new NotFoundException("Invalid Request Validator identifier specified"),
  authorizer: () => new NotFoundException("Invalid Authorizer identifier specified"),
  deployment: () => new NotFoundException("Invalid Deployment identifier specified"),
  stage: () => new NotFoundException("Invalid Stage identifier specified"),
  apiKey: () => new NotFoundException("Invalid API Key identifier specified"),
  usagePlan: () => new NotFoundException("Invalid Usage Plan ID specified"),
  usagePlanKey: () => new NotFoundException("Invalid Usage Plan Key identifier specified"),
  domainName: () => new NotFoundException("Invalid domain name identifier specified"),
  basePathMapping: () => new NotFoundException("Invalid base path mapping identifier specified"),
  gatewayResponse: () => new NotFoundException("Gateway response type not defined on api"),
  documentationPart: () => new NotFoundException("Invalid Documentation part identifier specified"),
  parameterName: () => new NotFoundException("Invalid parameter name specified"),
  contentType: () => new NotFoundException("Content-Type specified was not found"),
};

export const badRequest = (message: string) => new BadRequestException(message);
export const conflict = (message: string) => new ConflictException(message);

/** What AWS answers when two writers race on one API (and, oddly, for some missing-API cases). */
export const concurrentModification = () =>
  new ConflictException("Unable to complete operation due to concurrent modification. Please try again later.");

export const AUTHORIZER_REQUIRED =
  "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.";
