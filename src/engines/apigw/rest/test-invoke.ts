// TestInvokeMethod through the real data plane: the named method of the API as it is now runs
// request validation, the integration request (mapping templates, stage variables from the
// test input), the integration and the integration response, exactly as a deployed stage would,
// but without authorization, API keys, usage plans, throttling or caching (AWS skips them for
// test invocations). The answer carries the execution log in AWS's recorded wording
// (test_invoke_test_method, test_apigw_test_invoke_method_api).
// https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeMethod.html
// Known gaps: AWS service integrations leave no "Endpoint request" lines; the Lambda endpoint
// headers are representative, not AWS's exact set; log lines are never truncated; a proxy
// event carries the forwarding headers a deployed stage adds (AWS sends only the test headers).
import type {
  TestInvokeAuthorizerRequest,
  TestInvokeAuthorizerResponse,
  TestInvokeMethodRequest,
  TestInvokeMethodResponse,
} from "../../../aws/generated/apigateway.js";
import type { RestApiSnapshot } from "../../../services/apigateway/snapshot.js";
import type { RestApiTester, TestInvokeCaller } from "../../../services/apigateway/test-invoke-port.js";
import type { RestDataPlaneDeps } from "./data-plane.js";
import { ExecutionLog, javaMap } from "./execution-log.js";
import { GatewayError, gatewayErrors } from "./gateway-error.js";
import { gatewayResponse } from "./gateway-responses.js";
import type { HeaderMap } from "./header-map.js";
import type { MethodResponse } from "./integration-response.js";
import { runIntegration } from "./integrations/run.js";
import { validateRequest } from "./request-validation.js";
import { testInvokeAuthorizer } from "./test-invoke-authorizer.js";
import { pathParamsFor, testInvocation } from "./test-invoke-request.js";
import { tracedHttp, tracedLambda } from "./execution-trace.js";

/** The stage name test invocations of methods run in ($context.stage). */
export const TEST_INVOKE_STAGE = "test-invoke-stage";

export class RestApiTestInvoker implements RestApiTester {
  constructor(private readonly deps: RestDataPlaneDeps) {}

  async testInvokeMethod(api: RestApiSnapshot, input: TestInvokeMethodRequest, who: TestInvokeCaller): Promise<TestInvokeMethodResponse> {
    const started = process.hrtime.bigint();
    const resource = api.resources.find((r) => r.id === input.resourceId)!;
    const method = resource.methods[input.httpMethod]!;
    const inv = testInvocation(api, input.httpMethod, input, who, TEST_INVOKE_STAGE, resource.path);
    const pathParams = pathParamsFor(resource.path, inv.request.path) ?? {};
    inv.route = { resource, method, pathParams };

    const log = new ExecutionLog(inv.requestId, this.deps.clock);
    log.add(`Starting execution for request: ${inv.requestId}`);
    log.add(`HTTP Method: ${inv.httpMethod}, Resource Path: ${inv.request.path}`);
    log.add(`Method request path: ${javaMap(Object.entries(pathParams))}`);
    log.add(`Method request query string: ${javaMap(Object.entries(inv.request.query).map(([k, v]) => [k, v.join(",")] as const))}`);
    log.add(`Method request headers: ${javaMap([...inv.headers.entries()].map(({ name, values }) => [name, values.join(",")] as const))}`);
    log.add(`Method request body before transformations: ${inv.request.body.toString("utf8")}`);

    const deps = {
      ...this.deps,
      lambda: tracedLambda(this.deps.lambda, log, api.apiId, inv.traceId, () => this.deps.clock.now()),
      http: tracedHttp(this.deps.http, log),
    };
    let answer: MethodResponse;
    try {
      validateRequest(inv);
      answer = await runIntegration(inv, deps);
      const type = method.methodIntegration?.type;
      // As on a deployed stage (data-plane.ts finish): the trace id comes back from HTTP, AWS and AWS_PROXY integrations.
      if ((type === "HTTP" || type === "AWS" || type === "AWS_PROXY") && !answer.headers.has("x-amzn-trace-id")) answer.headers.set("X-Amzn-Trace-Id", inv.traceId);
      log.add(`Method response body after transformations: ${answer.body.toString("utf8")}`);
      log.add(`Method response headers: ${javaMap(joined(answer.headers))}`);
      log.add("Successfully completed execution");
    } catch (err) {
      const error = err instanceof GatewayError ? err : gatewayErrors.internal(`Execution failed due to an internal error: ${(err as Error).message}`);
      if (!(err instanceof GatewayError)) this.deps.logger.error({ reqId: inv.requestId, err }, "test invocation failed unexpectedly");
      log.add(error.detail ?? error.errorMessage ?? error.type);
      answer = gatewayResponse(inv, error, this.deps.mapping, this.deps.logger);
    }
    log.add(`Method completed with status: ${answer.status}`);

    const headers: Record<string, string> = {};
    const multiValueHeaders: Record<string, string[]> = {};
    for (const { name, values } of answer.headers.entries()) {
      headers[name] = values.join(",");
      multiValueHeaders[name] = [...values];
    }
    return {
      status: answer.status,
      body: answer.body.toString("utf8"),
      headers,
      multiValueHeaders,
      log: log.text(),
      latency: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
    };
  }

  testInvokeAuthorizer(api: RestApiSnapshot, input: TestInvokeAuthorizerRequest, who: TestInvokeCaller): Promise<TestInvokeAuthorizerResponse> {
    return testInvokeAuthorizer(this.deps, api, input, who);
  }
}

function joined(headers: HeaderMap): Array<readonly [string, string]> {
  return [...headers.entries()].map(({ name, values }) => [name, values.join(",")] as const);
}
