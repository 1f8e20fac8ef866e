// TestInvokeAuthorizer: runs a Lambda (TOKEN or REQUEST) or Cognito authorizer of the API as it is
// now with the identity the test supplies (headers, query string, stage variables), through the
// same code a deployed stage uses (authorizers/), with no result caching. The function's answer
// is reported as AWS reports it: principalId, the policy document as JSON text, and clientStatus,
// the status a client would get (200 allowed, 401 unauthorized, 403 denied, 500 when the
// authorizer cannot be run or answers nonsense).
// https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeAuthorizer.html
// The method ARN a test authorizer sees names the stage "ESTestInvoke-stage" and GET /.
// The log is written by the code a deployed stage's execution log uses (authorizers/authorizer-log.ts,
// whose sources are real AWS logs), then, as TestInvokeAuthorizer logs of 2019 and 2023 end
// (quoted in public notes), the exception's name: "Unauthorized", "AuthorizerConfigurationException".
// Known gaps: `authorization` is not reported; the denial line and a Cognito authorizer's lines
// are Nimbus's best knowledge (no AWS recording of them was found).
import type { TestInvokeAuthorizerRequest, TestInvokeAuthorizerResponse } from "../../../aws/generated/apigateway.js";
import type { AuthorizerRecord, MethodRecord } from "../../../services/apigateway/records.js";
import type { RestApiSnapshot } from "../../../services/apigateway/snapshot.js";
import type { TestInvokeCaller } from "../../../services/apigateway/test-invoke-port.js";
import { AuthorizerResultCache } from "./authorizers/index.js";
import { logAuthorizerCompleted, logAuthorizerStarted, logIncomingIdentity } from "./authorizers/authorizer-log.js";
import { cognitoAuthorize } from "./authorizers/cognito.js";
import { lambdaAuthorize } from "./authorizers/lambda-authorizer.js";
import type { RestDataPlaneDeps } from "./data-plane.js";
import { ExecutionLog } from "./execution-log.js";
import { GatewayError, gatewayErrors } from "./gateway-error.js";
import type { LambdaInvoker } from "./integrations/lambda-invoker.js";
import { testInvocation } from "./test-invoke-request.js";
import { tracedLambda } from "./execution-trace.js";

const TEST_AUTHORIZER_STAGE = "ESTestInvoke-stage";

export async function testInvokeAuthorizer(
  deps: RestDataPlaneDeps,
  api: RestApiSnapshot,
  input: TestInvokeAuthorizerRequest,
  who: TestInvokeCaller,
): Promise<TestInvokeAuthorizerResponse> {
  const started = process.hrtime.bigint();
  const authorizer = api.authorizers[input.authorizerId]!;
  const inv = testInvocation(api, "GET", input, who, TEST_AUTHORIZER_STAGE, "/");
  const root = api.resources.find((r) => r.parentId === undefined) ?? api.resources[0]!;
  const method: MethodRecord = { httpMethod: "GET", authorizationType: authorizer.type === "COGNITO_USER_POOLS" ? "COGNITO_USER_POOLS" : "CUSTOM", authorizerId: authorizer.id, apiKeyRequired: false };
  inv.route = { resource: root, method, pathParams: {} };

  const log = new ExecutionLog(inv.requestId, deps.clock);

  let answer: unknown;
  const lambda: LambdaInvoker = tracedLambda(
    {
      async invoke(request) {
        const result = await deps.lambda.invoke(request);
        try {
          answer = JSON.parse(result.payload.toString("utf8"));
        } catch {
          answer = undefined;
        }
        return result;
      },
    },
    log,
    api.apiId,
    inv.traceId,
    () => deps.clock.now(),
    "authorizer",
  );

  let clientStatus = 200;
  const cognito = authorizer.type === "COGNITO_USER_POOLS";
  try {
    if (cognito) await testCognitoAuthorizer(deps, inv, authorizer, log);
    else await lambdaAuthorize(inv, authorizer, lambda, new AuthorizerResultCache(deps.clock), log);
  } catch (err) {
    const error = err instanceof GatewayError ? err : gatewayErrors.internal((err as Error).message);
    clientStatus = error.type === "UNAUTHORIZED" ? 401 : error.type === "ACCESS_DENIED" ? 403 : 500;
    if (error.type === "ACCESS_DENIED") log.add(`The client is not authorized to perform this operation. ${error.errorMessage ?? ""}`.trim());
    else if (error.type === "UNAUTHORIZED" && !cognito) log.add("Unauthorized");
    else {
      log.add(error.detail ?? error.errorMessage ?? error.type);
      if (error.type === "AUTHORIZER_CONFIGURATION_ERROR") log.add("AuthorizerConfigurationException");
    }
  }

  const out: TestInvokeAuthorizerResponse = { clientStatus, log: log.text(), latency: Math.round(Number(process.hrtime.bigint() - started) / 1e6) };
  const claims = inv.authorizer?.["claims"];
  if (claims && typeof claims === "object") out.claims = claims as Record<string, string>;
  if (answer && typeof answer === "object" && clientStatus !== 500) {
    const record = answer as Record<string, unknown>;
    if (record["principalId"] !== undefined && record["principalId"] !== null) out.principalId = String(record["principalId"]);
    if (record["policyDocument"] !== undefined) out.policy = JSON.stringify(record["policyDocument"]);
  }
  return out;
}

/** A Cognito authorizer, logged with the Lambda authorizer's lines (no recording of Cognito's exists). */
async function testCognitoAuthorizer(deps: RestDataPlaneDeps, inv: ReturnType<typeof testInvocation>, authorizer: AuthorizerRecord, log: ExecutionLog): Promise<void> {
  const source = authorizer.identitySource ?? "method.request.header.Authorization";
  logAuthorizerStarted(log, authorizer, inv.requestId);
  logIncomingIdentity(log, authorizer, [source], [identityOf(inv.headers.get.bind(inv.headers), inv.request.query, inv.stageVariables, source)]);
  await cognitoAuthorize(inv, authorizer, deps.userPools);
  logAuthorizerCompleted(log, String(inv.authorizer?.["principalId"] ?? ""));
}

/** An identity source's value in the test request (method.request.header/querystring.X, stageVariables.X). */
function identityOf(header: (name: string) => string | undefined, query: Record<string, string[]>, variables: Readonly<Record<string, string>>, source: string): string | undefined {
  if (source.startsWith("method.request.header.")) return header(source.slice("method.request.header.".length));
  if (source.startsWith("method.request.querystring.")) return query[source.slice("method.request.querystring.".length)]?.at(-1);
  if (source.startsWith("stageVariables.")) return variables[source.slice("stageVariables.".length)];
  return undefined;
}
