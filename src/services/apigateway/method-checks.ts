// Checks a method's settings must pass against the rest of its API (authorizers, validators,
// models) and the grammar of parameter mapping keys. Messages as recorded from AWS
// (TestApiGatewayApiMethod in test_apigateway_api.snapshot.json).
import { AUTHORIZER_REQUIRED, badRequest } from "./errors.js";
import type { ApiDefinition, MethodRecord } from "./records.js";

export const HTTP_METHODS = ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY"] as const;
export const AUTHORIZATION_TYPES = ["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"] as const;

export function checkHttpMethod(httpMethod: string): void {
  if (!(HTTP_METHODS as readonly string[]).includes(httpMethod)) {
    throw badRequest(`Invalid HttpMethod specified. Valid options are ${HTTP_METHODS.join(",")}`);
  }
}

/**
 * authorizationType/authorizerId agreement: CUSTOM needs a TOKEN or REQUEST authorizer of the
 * API, COGNITO_USER_POOLS a COGNITO_USER_POOLS one; for other types AWS drops the id.
 */
export function settleAuthorization(def: ApiDefinition, method: MethodRecord): void {
  // AWS takes the type in any case ("none" is accepted) and answers it upper-cased.
  const type = method.authorizationType.toUpperCase();
  method.authorizationType = type;
  if (!(AUTHORIZATION_TYPES as readonly string[]).includes(type)) {
    throw badRequest(`Invalid authorization type specified. Valid options are ${AUTHORIZATION_TYPES.join(",")}`);
  }
  if (type === "CUSTOM" || type === "COGNITO_USER_POOLS") {
    const authorizer = def.authorizers.find((a) => a.id === method.authorizerId);
    const fits = authorizer !== undefined && (type === "CUSTOM") === (authorizer.type !== "COGNITO_USER_POOLS");
    if (!fits) throw badRequest(AUTHORIZER_REQUIRED);
  } else {
    delete method.authorizerId;
  }
}

export function checkRequestValidator(def: ApiDefinition, validatorId: string | undefined): void {
  if (validatorId !== undefined && !def.requestValidators.some((v) => v.id === validatorId)) {
    throw badRequest("Invalid Request Validator identifier specified");
  }
}

export function checkModelNames(def: ApiDefinition, models: Record<string, string> | undefined): void {
  for (const name of Object.values(models ?? {})) {
    if (!def.models.some((m) => m.name === name)) throw badRequest(`Invalid model identifier specified: ${name}`);
  }
}

const invalidMapping = (key: string) =>
  badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${key}]`);

const METHOD_REQUEST_PARAM = /^method\.request\.(querystring|header|path|multivaluequerystring|multivalueheader)\.(.+)$/;

/**
 * Method request parameter keys: method.request.{querystring|header|path}.{name}, names unique
 * across locations (a query string and a header parameter may not share a name).
 */
export function checkMethodRequestParameters(params: Record<string, unknown> | undefined): void {
  const seen = new Set<string>();
  for (const key of Object.keys(params ?? {})) {
    const match = METHOD_REQUEST_PARAM.exec(key);
    if (!match) throw invalidMapping(key);
    const name = match[2]!;
    if (seen.has(name)) throw badRequest("Parameter names must be unique across querystring, header and path");
    seen.add(name);
  }
}

export function checkMethodResponseParameters(params: Record<string, unknown> | undefined): void {
  for (const key of Object.keys(params ?? {})) {
    if (!/^method\.response\.header\.[^.\s]+$/.test(key)) throw invalidMapping(key);
  }
}
