// The port through which TestInvokeMethod and TestInvokeAuthorizer run the REST data plane
// (src/engines/apigw/rest/test-invoke.ts implements it; nimbus.ts hands it to the provider as
// ServiceDeps.restApiTester). The control plane checks the identifiers and freezes the API as it
// is now (undeployed changes included, as the console's Test tab sees them); the data plane runs it.
import type { Caller } from "../../aws/context.js";
import type {
  TestInvokeAuthorizerRequest,
  TestInvokeAuthorizerResponse,
  TestInvokeMethodRequest,
  TestInvokeMethodResponse,
} from "../../aws/generated/apigateway.js";
import type { RestApiSnapshot } from "./snapshot.js";

/** Who asked, and when: test invocations carry the console user's identity. */
export interface TestInvokeCaller {
  caller: Caller;
  userAgent?: string;
  receivedAt: number;
  /** Where this node was reached, for functions that call back (AWS_ENDPOINT_URL). */
  endpoint: string;
}

export interface RestApiTester {
  testInvokeMethod(api: RestApiSnapshot, input: TestInvokeMethodRequest, who: TestInvokeCaller): Promise<TestInvokeMethodResponse>;
  testInvokeAuthorizer(api: RestApiSnapshot, input: TestInvokeAuthorizerRequest, who: TestInvokeCaller): Promise<TestInvokeAuthorizerResponse>;
}
