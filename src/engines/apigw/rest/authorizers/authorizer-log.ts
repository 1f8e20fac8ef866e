// The execution log lines of a Lambda authorizer (TOKEN or REQUEST), shared by a deployed stage's
// log and TestInvokeAuthorizer's. Wording, order and redaction from real API Gateway logs:
// - a deployed stage (2017), quoted in a public log parser's test fixtures:
//     Starting authorizer: elkw5b for request: cf101403-...
//     Incoming identity: ****...I1BUdE                      (a TOKEN authorizer: the token itself)
//     Endpoint request URI / headers / body (execution-trace.ts)
//     Authorizer result body before parsing: {...}
//     Using valid authorizer policy for principal: ****...bkwef5
//     Successfully completed authorizer execution
//   then the usage plan check (api-keys.ts) and "Starting execution for request";
// - TestInvokeAuthorizer (2019, REQUEST): "Incoming identity: {method.request.header.Hash=********aaaaaa}",
//   and for a function answering Unauthorized "Unauthorized request: {requestId}";
// - TestInvokeAuthorizer (2023, TOKEN): "Incoming identity: ****...j5G-Ng";
// - a deployed stage whose token was missing or failed the validation expression (the function is
//   not called): "Extended Request Id: ..." then "Unauthorized request: {requestId}" only
//   (https://repost.aws/knowledge-center/api-gateway-403-error-lambda-authorizer, and a stage log
//   of 2026 quoted in public notes);
// - an authorizer whose policy denies still logs "Using valid authorizer policy" and "Successfully
//   completed authorizer execution" (TestInvokeAuthorizer, 2017): the policy is evaluated after.
// Not written, for want of a recording of AWS's wording: a line for a policy taken from the
// authorizer cache, and lines for COGNITO_USER_POOLS and AWS_IAM methods.
import type { AuthorizerRecord } from "../../../../services/apigateway/records.js";
import { javaMap, redact, type ExecutionTrace } from "../execution-log.js";

export function logAuthorizerStarted(log: ExecutionTrace, authorizer: AuthorizerRecord, requestId: string): void {
  log.add(`Starting authorizer: ${authorizer.id} for request: ${requestId}`);
}

/** The identity the authorizer is called with: a TOKEN authorizer's token, a REQUEST authorizer's sources. */
export function logIncomingIdentity(log: ExecutionTrace, authorizer: AuthorizerRecord, sources: readonly string[], values: ReadonlyArray<string | undefined>): void {
  if (authorizer.type === "TOKEN") log.add(`Incoming identity: ${redact(values[0] ?? "")}`);
  else log.add(`Incoming identity: ${javaMap(sources.map((source, i) => [source, redact(values[i] ?? "")] as const))}`);
}

/** The authorizer answered with a policy (whether or not that policy lets the request through). */
export function logAuthorizerCompleted(log: ExecutionTrace, principalId: string): void {
  log.add(`Using valid authorizer policy for principal: ${redact(principalId)}`);
  log.add("Successfully completed authorizer execution");
}

/** 401: the identity is missing or invalid, or the function answered Unauthorized. */
export function logUnauthorized(log: ExecutionTrace, requestId: string): void {
  log.error(`Unauthorized request: ${requestId}`);
}
