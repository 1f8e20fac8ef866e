// COGNITO_USER_POOLS authorization: the identity source header carries a JWT issued by one of the
// authorizer's user pools, verified (signature, issuer, expiry) with jose against the pool's keys.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html
// - a method without authorizationScopes takes an ID token; with scopes, an access token whose
//   `scope` claim holds one of them;
// - missing or invalid tokens are 401 {"message":"Unauthorized"};
// - the claims reach $context.authorizer.claims and the proxy event's requestContext.authorizer.claims.
// The pools' keys come through a UserPoolKeys port: Nimbus has no Cognito service yet, so until
// one answers, such methods fail with 500 and say so in the log.
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet } from "jose";
import type { AuthorizerRecord } from "../../../../services/apigateway/records.js";
import { gatewayErrors } from "../gateway-error.js";
import type { Invocation } from "../invocation.js";
import { authorizerConfigurationError } from "./policy.js";

/** Where the keys of a user pool come from (arn:aws:cognito-idp:{region}:{account}:userpool/{poolId}). */
export interface UserPoolKeys {
  /** The pool's JWKS, or undefined when no such pool is known. */
  keys(userPoolArn: string): Promise<JSONWebKeySet | undefined>;
}

const POOL_ARN = /^arn:aws[a-zA-Z-]*:cognito-idp:([a-z0-9-]+):\d{12}:userpool\/(.+)$/;

function stringifyClaim(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export async function cognitoAuthorize(inv: Invocation, authorizer: AuthorizerRecord, pools: UserPoolKeys): Promise<void> {
  const source = (authorizer.identitySource ?? "method.request.header.Authorization").trim();
  const header = source.startsWith("method.request.header.") ? source.slice("method.request.header.".length) : "Authorization";
  const token = inv.headers.get(header);
  if (!token) throw gatewayErrors.unauthorized("No token in the identity source");
  const scopes = inv.route!.method.authorizationScopes ?? [];
  let unavailable = 0;
  for (const arn of authorizer.providerARNs ?? []) {
    const match = POOL_ARN.exec(arn);
    if (!match) continue;
    const keys = await pools.keys(arn);
    if (!keys) {
      unavailable++;
      continue;
    }
    const issuer = `https://cognito-idp.${match[1]}.amazonaws.com/${match[2]}`;
    let claims: Record<string, unknown>;
    try {
      claims = (await jwtVerify(token, createLocalJWKSet(keys), { issuer })).payload as Record<string, unknown>;
    } catch (err) {
      if (err instanceof joseErrors.JOSEError) continue;
      throw err;
    }
    const use = claims["token_use"];
    if (scopes.length > 0) {
      const granted = typeof claims["scope"] === "string" ? (claims["scope"] as string).split(" ") : [];
      if (use !== "access" || !scopes.some((s) => granted.includes(s))) throw gatewayErrors.unauthorized("The token grants none of the method's scopes");
    } else if (use !== "id") {
      throw gatewayErrors.unauthorized("An ID token is required for a method without authorization scopes");
    }
    inv.authorizer = { claims: Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, stringifyClaim(v)])) };
    return;
  }
  if (unavailable > 0 && unavailable === (authorizer.providerARNs ?? []).length) {
    throw authorizerConfigurationError("Cognito user pools are not available in Nimbus yet (no keys for the authorizer's user pools)");
  }
  throw gatewayErrors.unauthorized("The token is not valid for the authorizer's user pools");
}
