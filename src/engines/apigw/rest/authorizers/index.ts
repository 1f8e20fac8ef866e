// Method authorization, by the method's authorizationType: NONE, AWS_IAM, CUSTOM (a Lambda
// authorizer, TOKEN or REQUEST) or COGNITO_USER_POOLS.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html
// A stage that logs executions gets a Lambda authorizer's steps in its log (authorizer-log.ts);
// without one, the function's port is used as it is (nothing is built for the log).
import { tracedLambda } from "../execution-trace.js";
import type { LambdaInvoker } from "../integrations/lambda-invoker.js";
import type { Invocation } from "../invocation.js";
import { cognitoAuthorize, type UserPoolKeys } from "./cognito.js";
import { iamAuthorize, type IamAuthDeps } from "./iam.js";
import { lambdaAuthorize } from "./lambda-authorizer.js";
import { authorizerConfigurationError } from "./policy.js";
import type { AuthorizerResultCache } from "./result-cache.js";

export interface AuthorizerDeps {
  lambda: LambdaInvoker;
  iam: IamAuthDeps;
  userPools: UserPoolKeys;
  results: AuthorizerResultCache;
}

/** Whether a method has an authorizer to run (authorizationType other than NONE). */
export function needsAuthorization(method: { authorizationType: string }): boolean {
  const type = method.authorizationType;
  return type !== "NONE" && type.toUpperCase() !== "NONE";
}

export async function authorize(inv: Invocation, deps: AuthorizerDeps): Promise<void> {
  const method = inv.route!.method;
  switch (method.authorizationType.toUpperCase()) {
    case "NONE":
      return;
    case "AWS_IAM":
      return iamAuthorize(inv, deps.iam);
    case "CUSTOM":
    case "COGNITO_USER_POOLS": {
      const authorizer = method.authorizerId ? inv.deployment.authorizers[method.authorizerId] : undefined;
      if (!authorizer) throw authorizerConfigurationError(`The method's authorizer ${method.authorizerId ?? "(none)"} does not exist in the deployment`);
      if (authorizer.type === "COGNITO_USER_POOLS") return cognitoAuthorize(inv, authorizer, deps.userPools);
      const log = inv.executionLog;
      if (!log) return lambdaAuthorize(inv, authorizer, deps.lambda, deps.results);
      const lambda = tracedLambda(deps.lambda, log, inv.target.apiId, inv.traceId, () => deps.iam.clock.now(), "authorizer");
      return lambdaAuthorize(inv, authorizer, lambda, deps.results, log);
    }
    default:
      throw authorizerConfigurationError(`Unknown authorization type ${method.authorizationType}`);
  }
}

export { AuthorizerResultCache } from "./result-cache.js";
export type { UserPoolKeys } from "./cognito.js";
