// Importing who may call what: security schemes become authorizers (those with
// x-amazon-apigateway-authorizer), the API key requirement ("apiKey" in the x-api-key header)
// or IAM (x-amazon-apigateway-authtype awsSigv4); request validators come from
// x-amazon-apigateway-request-validators.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-authorizer.html
import type { AuthorizerType } from "../../aws/generated/apigateway.js";
import { newShortId } from "./ids.js";
import { asObject, asString, isObject, type Json, type ParsedOpenApi } from "./openapi-document.js";
import type { ApiDefinition, AuthorizerRecord, MethodRecord, RequestValidatorRecord } from "./records.js";

export type SchemeKind = { kind: "apiKey" } | { kind: "iam" } | { kind: "authorizer"; authorizer: AuthorizerRecord };

const AUTHORIZER_TYPES: Record<string, AuthorizerType> = { token: "TOKEN", request: "REQUEST", cognito_user_pools: "COGNITO_USER_POOLS" };

/** Reads the security schemes, adding (or, when merging, replacing by name) authorizers. */
export function importSecuritySchemes(parsed: ParsedOpenApi, def: ApiDefinition, warnings: string[]): Map<string, SchemeKind> {
  const doc = parsed.doc;
  const schemes = parsed.version === "swagger" ? asObject(doc["securityDefinitions"]) : asObject(asObject(doc["components"])["securitySchemes"]);
  const out = new Map<string, SchemeKind>();
  for (const [name, raw] of Object.entries(schemes)) {
    const scheme = asObject(raw);
    const ext = scheme["x-amazon-apigateway-authorizer"];
    const authType = asString(scheme["x-amazon-apigateway-authtype"]);
    if (isObject(ext)) {
      const type = AUTHORIZER_TYPES[(asString(ext["type"]) ?? "token").toLowerCase()];
      if (!type) {
        warnings.push(`Unable to create authorizer '${name}': unsupported authorizer type ${asString(ext["type"])}`);
        continue;
      }
      const existing = def.authorizers.find((a) => a.name === name);
      const authorizer: AuthorizerRecord = { id: existing?.id ?? newShortId(), name, type };
      const header = asString(scheme["in"]) === "header" ? asString(scheme["name"]) : undefined;
      const identitySource = asString(ext["identitySource"]) ?? (header ? `method.request.header.${header}` : undefined);
      if (authType) authorizer.authType = authType;
      if (asString(ext["authorizerUri"])) authorizer.authorizerUri = asString(ext["authorizerUri"]);
      if (asString(ext["authorizerCredentials"])) authorizer.authorizerCredentials = asString(ext["authorizerCredentials"]);
      if (identitySource) authorizer.identitySource = identitySource;
      if (asString(ext["identityValidationExpression"])) authorizer.identityValidationExpression = asString(ext["identityValidationExpression"]);
      if (typeof ext["authorizerResultTtlInSeconds"] === "number") authorizer.authorizerResultTtlInSeconds = ext["authorizerResultTtlInSeconds"];
      if (Array.isArray(ext["providerARNs"])) authorizer.providerARNs = ext["providerARNs"].map(String);
      def.authorizers = [...def.authorizers.filter((a) => a.name !== name), authorizer];
      out.set(name, { kind: "authorizer", authorizer });
    } else if (authType?.toLowerCase() === "awssigv4") {
      out.set(name, { kind: "iam" });
    } else if (asString(scheme["type"]) === "apiKey" && asString(scheme["in"]) === "header" && asString(scheme["name"])?.toLowerCase() === "x-api-key") {
      out.set(name, { kind: "apiKey" });
    }
  }
  return out;
}

/** Applies an operation's `security` requirements (or the document's) to a method. */
export function applySecurity(method: MethodRecord, security: Json | undefined, schemes: Map<string, SchemeKind>, where: string, warnings: string[]): void {
  if (!Array.isArray(security)) return;
  for (const requirement of security) {
    for (const [name, scopes] of Object.entries(asObject(requirement))) {
      const scheme = schemes.get(name);
      if (!scheme) {
        warnings.push(`Unable to find security scheme '${name}' referenced at ${where}`);
        continue;
      }
      if (scheme.kind === "apiKey") method.apiKeyRequired = true;
      else if (scheme.kind === "iam") method.authorizationType = "AWS_IAM";
      else {
        const cognito = scheme.authorizer.type === "COGNITO_USER_POOLS";
        method.authorizationType = cognito ? "COGNITO_USER_POOLS" : "CUSTOM";
        method.authorizerId = scheme.authorizer.id;
        if (cognito && Array.isArray(scopes) && scopes.length > 0) method.authorizationScopes = scopes.map(String);
      }
    }
  }
}

/** x-amazon-apigateway-request-validators: validators by name (replaced by name when merging). */
export function importRequestValidators(parsed: ParsedOpenApi, def: ApiDefinition): Map<string, RequestValidatorRecord> {
  const out = new Map<string, RequestValidatorRecord>(def.requestValidators.map((v) => [v.name, v]));
  for (const [name, raw] of Object.entries(asObject(parsed.doc["x-amazon-apigateway-request-validators"]))) {
    const spec = asObject(raw);
    const validator: RequestValidatorRecord = {
      id: out.get(name)?.id ?? newShortId(),
      name,
      validateRequestBody: spec["validateRequestBody"] === true,
      validateRequestParameters: spec["validateRequestParameters"] === true,
    };
    out.set(name, validator);
  }
  def.requestValidators = [...out.values()];
  return out;
}
