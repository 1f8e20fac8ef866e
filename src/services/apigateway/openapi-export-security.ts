// How an export names who may call a method: security schemes (Swagger securityDefinitions,
// OpenAPI 3 components.securitySchemes) and per-method `security`, as API Gateway writes them:
// API keys as "api_key" (x-api-key header), IAM as "sigv4" (x-amazon-apigateway-authtype
// awsSigv4), and each authorizer under its name with x-amazon-apigateway-authorizer.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-authorizer.html
import { allMethods } from "./definition.js";
import type { Json, JsonObject, OpenApiVersion } from "./openapi-document.js";
import type { ApiDefinition, AuthorizerRecord, MethodRecord } from "./records.js";

export function exportAuthorizers(def: ApiDefinition, withAuthorizers: boolean, _version: OpenApiVersion): JsonObject {
  const out: JsonObject = {};
  let apiKeys = false;
  let sigv4 = false;
  for (const { method } of allMethods(def)) {
    apiKeys ||= method.apiKeyRequired;
    sigv4 ||= method.authorizationType === "AWS_IAM";
  }
  if (apiKeys) out["api_key"] = { type: "apiKey", name: "x-api-key", in: "header" };
  if (sigv4) out["sigv4"] = { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" };
  if (!withAuthorizers) return out;
  for (const authorizer of def.authorizers) out[authorizer.name] = authorizerScheme(authorizer);
  return out;
}

function authorizerScheme(a: AuthorizerRecord): JsonObject {
  const header = /^method\.request\.header\.(.+)$/.exec(a.identitySource ?? "")?.[1];
  const extension: JsonObject = { type: a.type.toLowerCase() };
  if (a.authorizerUri) extension["authorizerUri"] = a.authorizerUri;
  if (a.authorizerCredentials) extension["authorizerCredentials"] = a.authorizerCredentials;
  if (a.providerARNs) extension["providerARNs"] = [...a.providerARNs];
  if (a.type !== "TOKEN" && a.identitySource) extension["identitySource"] = a.identitySource;
  if (a.identityValidationExpression) extension["identityValidationExpression"] = a.identityValidationExpression;
  if (a.authorizerResultTtlInSeconds !== undefined) extension["authorizerResultTtlInSeconds"] = a.authorizerResultTtlInSeconds;
  return {
    type: "apiKey",
    name: header ?? "Unused",
    in: "header",
    "x-amazon-apigateway-authtype": a.authType ?? (a.type === "COGNITO_USER_POOLS" ? "cognito_user_pools" : "custom"),
    "x-amazon-apigateway-authorizer": extension,
  };
}

export function exportMethodSecurity(def: ApiDefinition, method: MethodRecord): Json[] | undefined {
  const requirement: JsonObject = {};
  if (method.authorizationType === "AWS_IAM") requirement["sigv4"] = [];
  const authorizer = def.authorizers.find((a) => a.id === method.authorizerId);
  if (authorizer && (method.authorizationType === "CUSTOM" || method.authorizationType === "COGNITO_USER_POOLS")) {
    requirement[authorizer.name] = [...(method.authorizationScopes ?? [])];
  }
  if (method.apiKeyRequired) requirement["api_key"] = [];
  return Object.keys(requirement).length > 0 ? Object.entries(requirement).map(([k, v]) => ({ [k]: v })) : undefined;
}
