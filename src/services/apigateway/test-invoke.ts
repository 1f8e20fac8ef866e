// TestInvokeMethod and TestInvokeAuthorizer: the console's Test tab. The API is run as it is now
// (no deployment needed) through the real data plane, with no authorization, API key or
// throttling for methods, and the answer carries AWS's execution log.
// https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeMethod.html
// https://docs.aws.amazon.com/apigateway/latest/api/API_TestInvokeAuthorizer.html
// Recorded (TestApigatewayTestInvoke::test_invoke_test_method): an unknown API or resource is
// "Invalid Resource identifier specified", an unknown method "Invalid Method identifier specified".
import type { RequestContext } from "../../aws/context.js";
import type {
  TestInvokeAuthorizerRequest,
  TestInvokeAuthorizerResponse,
  TestInvokeMethodRequest,
  TestInvokeMethodResponse,
} from "../../aws/generated/apigateway.js";
import { scopeOf } from "./api-repository.js";
import type { ControlPlaneDeps } from "./deps.js";
import { notFound } from "./errors.js";
import type { RestApiTester, TestInvokeCaller } from "./test-invoke-port.js";
import { buildSnapshot, type RestApiSnapshot } from "./snapshot.js";

/** The deployment id API Gateway reports for test invocations ($context.deploymentId). */
const TEST_DEPLOYMENT_ID = "test-invoke-deployment-id";

export class TestInvokeOps {
  constructor(
    private readonly deps: ControlPlaneDeps,
    private readonly tester: (() => Promise<RestApiTester>) | undefined,
  ) {}

  async method(ctx: RequestContext, input: TestInvokeMethodRequest): Promise<TestInvokeMethodResponse> {
    const api = await this.current(ctx, input.restApiId, notFound.resource);
    const resource = api.resources.find((r) => r.id === input.resourceId);
    if (!resource) throw notFound.resource();
    if (!Object.hasOwn(resource.methods, input.httpMethod)) throw notFound.method();
    return (await this.engine()).testInvokeMethod(api, input, caller(ctx));
  }

  async authorizer(ctx: RequestContext, input: TestInvokeAuthorizerRequest): Promise<TestInvokeAuthorizerResponse> {
    const api = await this.current(ctx, input.restApiId, () => notFound.api(ctx.accountId, input.restApiId));
    if (!Object.hasOwn(api.authorizers, input.authorizerId)) throw notFound.authorizer();
    return (await this.engine()).testInvokeAuthorizer(api, input, caller(ctx));
  }

  /** The API as it is now, frozen the way a deployment freezes it. */
  private async current(ctx: RequestContext, apiId: string, missing: () => Error): Promise<RestApiSnapshot> {
    const scope = scopeOf(ctx);
    const doc = await this.deps.apis.load(scope, apiId, missing);
    return buildSnapshot(scope, apiId, TEST_DEPLOYMENT_ID, ctx.receivedAt, { api: doc.attrs, definition: doc.definition });
  }

  private engine(): Promise<RestApiTester> {
    if (!this.tester) throw new Error("apigateway: the REST data plane is not available to run test invocations");
    return this.tester();
  }
}

function caller(ctx: RequestContext): TestInvokeCaller {
  const userAgent = ctx.http.headers["user-agent"];
  return { caller: ctx.caller, ...(userAgent ? { userAgent } : {}), receivedAt: ctx.receivedAt, endpoint: ctx.endpoint };
}
