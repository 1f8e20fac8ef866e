// The endpoint lines of an execution log (TestInvokeMethod's, and a deployed stage's when it logs
// executions), written by wrapping the ports the integrations call (Lambda and HTTP) rather
// than by instrumenting each integration: what the integration sent ("Endpoint request ...") and what it got back ("Received response ...",
// "Endpoint response ..."), as recorded from AWS (test_apigw_test_invoke_method_api).
// AWS service integrations (the internal client) leave no endpoint lines. Headers and bodies are
// data-trace lines (`trace`): a stage's execution log holds them only with dataTraceEnabled.
// A Lambda authorizer's call ends at "Sending request to ...": AWS writes no "Received response"
// or endpoint response lines for it, the authorizer's own lines follow (authorizers/authorizer-log.ts;
// TestInvokeAuthorizer logs of 2019 and 2023 quoted in public notes).
import type { HttpClient, IncomingAnswer, OutgoingRequest } from "./integrations/http-client.js";
import type { LambdaInvocation, LambdaInvoker, LambdaResult } from "./integrations/lambda-invoker.js";
import { javaMap, type ExecutionTrace } from "./execution-log.js";

const elapsedMs = (started: bigint) => Math.round(Number(process.hrtime.bigint() - started) / 1e6);

/** The "Date" header value as HTTP writes it. */
const httpDate = (epochMs: number) => new Date(epochMs).toUTCString();

/** yyyyMMddTHHmmssZ, as X-Amz-Date is written. */
const amzDate = (epochMs: number) => new Date(epochMs).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/** Whose call is logged: an integration's, or a Lambda authorizer's (its request lines only). */
export type TracedCall = "integration" | "authorizer";

export function tracedLambda(lambda: LambdaInvoker, log: ExecutionTrace, apiId: string, traceId: string, now: () => number, call: TracedCall = "integration"): LambdaInvoker {
  return {
    async invoke(request: LambdaInvocation): Promise<LambdaResult> {
      const url = `https://lambda.${request.scope.region}.amazonaws.com/2015-03-31/functions/${request.functionArn}/invocations`;
      log.add(`Endpoint request URI: ${url}`);
      if (log.tracing) {
        // API Gateway signs the call; the signature is never logged.
        log.trace(
          `Endpoint request headers: ${javaMap([
            ["x-amzn-lambda-integration-tag", request.requestId],
            ["Authorization", "*".repeat(20)],
            ["X-Amz-Date", amzDate(now())],
            ["x-amzn-apigateway-api-id", apiId],
            ["Accept", "application/json"],
            ["User-Agent", `AmazonAPIGateway_${apiId}`],
            ["X-Amzn-Trace-Id", traceId],
            ...(request.invocationType === "Event" ? [["X-Amz-Invocation-Type", "Event"] as const] : []),
          ])}`,
        );
        log.trace(`Endpoint request body after transformations: ${request.payload.toString("utf8")}`);
      }
      log.add(`Sending request to ${url}`);
      const started = process.hrtime.bigint();
      const result = await lambda.invoke(request);
      if (call === "authorizer") return result;
      log.add(`Received response. Status: ${result.statusCode}, Integration latency: ${elapsedMs(started)} ms`);
      if (log.tracing) {
        log.trace(
          `Endpoint response headers: ${javaMap([
            ["Date", httpDate(now())],
            ["Content-Type", "application/json"],
            ["Content-Length", String(result.payload.length)],
            ["Connection", "keep-alive"],
            ...(result.functionError ? [["X-Amz-Function-Error", result.functionError] as const] : []),
            ["X-Amzn-Trace-Id", traceId],
          ])}`,
        );
        log.trace(`Endpoint response body before transformations: ${result.payload.toString("utf8")}`);
      }
      return result;
    },
  };
}

export function tracedHttp(http: HttpClient, log: ExecutionTrace): HttpClient {
  return {
    async send(request: OutgoingRequest): Promise<IncomingAnswer> {
      const url = request.url.toString();
      log.add(`Endpoint request URI: ${url}`);
      if (log.tracing) {
        log.trace(`Endpoint request headers: ${javaMap([...request.headers.entries()].map(({ name, values }) => [name, values.join(",")] as const))}`);
        log.trace(`Endpoint request body after transformations: ${request.body.toString("utf8")}`);
      }
      log.add(`Sending request to ${url}`);
      const started = process.hrtime.bigint();
      const answer = await http.send(request);
      log.add(`Received response. Status: ${answer.status}, Integration latency: ${elapsedMs(started)} ms`);
      if (log.tracing) {
        log.trace(`Endpoint response headers: ${javaMap([...answer.headers.entries()].map(({ name, values }) => [name, values.join(",")] as const))}`);
        log.trace(`Endpoint response body before transformations: ${answer.body.toString("utf8")}`);
      }
      return answer;
    },
    close() {
      // The data plane owns the client's connections.
    },
  };
}
