// Evaluates the IAM policy a Lambda authorizer returns against the method ARN of the request.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
// An explicit Deny wins; else an Allow must match; else access is implicitly denied. Resources
// are execute-api ARNs with * and ? wildcards (arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}).
import { GatewayError } from "../gateway-error.js";

export type PolicyDecision = "allow" | "deny" | "implicit-deny";

interface Statement {
  Effect?: unknown;
  Action?: unknown;
  Resource?: unknown;
}

function list(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

const patterns = new Map<string, RegExp>();

export function wildcardMatch(pattern: string, value: string): boolean {
  let regex = patterns.get(pattern);
  if (!regex) {
    regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "s");
    if (patterns.size > 10_000) patterns.clear();
    patterns.set(pattern, regex);
  }
  return regex.test(value);
}

function actionMatches(actions: string[]): boolean {
  return actions.some((a) => a === "*" || wildcardMatch(a.toLowerCase(), "execute-api:invoke"));
}

/** Throws AWS's authorizer configuration error when the document is not a policy. */
export function parsePolicy(document: unknown): Statement[] {
  if (document === null || typeof document !== "object") throw invalid("policyDocument is missing or not an object");
  const statements = (document as { Statement?: unknown }).Statement;
  const listOf = Array.isArray(statements) ? statements : statements && typeof statements === "object" ? [statements] : undefined;
  if (!listOf) throw invalid("policyDocument.Statement is missing");
  return listOf as Statement[];
}

export function evaluatePolicy(statements: readonly Statement[], methodArn: string): PolicyDecision {
  let allowed = false;
  for (const s of statements) {
    if (!actionMatches(list(s.Action))) continue;
    if (!list(s.Resource).some((r) => wildcardMatch(r, methodArn))) continue;
    const effect = typeof s.Effect === "string" ? s.Effect.toLowerCase() : "";
    if (effect === "deny") return "deny";
    if (effect === "allow") allowed = true;
  }
  return allowed ? "allow" : "implicit-deny";
}

/** The answer for a policy that does not let the request through. */
export function accessDenied(decision: PolicyDecision): GatewayError {
  return decision === "deny"
    ? new GatewayError("ACCESS_DENIED", "User is not authorized to access this resource with an explicit deny")
    : new GatewayError("ACCESS_DENIED", "User is not authorized to access this resource");
}

function invalid(detail: string): GatewayError {
  return authorizerConfigurationError(`Invalid authorizer response: ${detail}`);
}

/** 500 {"message": null}: what AWS answers when an authorizer cannot be run or answers nonsense. */
export function authorizerConfigurationError(detail: string): GatewayError {
  return new GatewayError("AUTHORIZER_CONFIGURATION_ERROR", null, 500, `Execution failed due to configuration error: ${detail}`);
}

