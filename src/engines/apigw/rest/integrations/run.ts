// Runs a method's integration: integration request -> backend -> integration response, per type.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-integration-types.html
import type { ServiceCatalog } from "../../../../aws/spec/catalog.js";
import type { InternalClient } from "../../../../internal/client.js";
import type { MappingTemplateEngine } from "../../mapping/index.js";
import { gatewayErrors } from "../gateway-error.js";
import { HeaderMap } from "../header-map.js";
import { buildIntegrationRequest } from "../integration-request.js";
import { integrationResponse, isLambdaUri, type EndpointResponse, type MethodResponse } from "../integration-response.js";
import type { Invocation } from "../invocation.js";
import { invokeAwsService } from "./aws-service.js";
import type { HttpClient } from "./http-client.js";
import { invokeHttp, proxyAnswer } from "./http.js";
import type { LambdaInvoker } from "./lambda-invoker.js";
import { invokeLambdaAws, invokeLambdaProxy } from "./lambda.js";
import { invokeMock } from "./mock.js";

export interface IntegrationDeps {
  mapping: MappingTemplateEngine;
  http: HttpClient;
  lambda: LambdaInvoker;
  internal: InternalClient;
  catalog: ServiceCatalog;
}

/** API Gateway's limit on integration time (REST APIs): 29 s unless the integration asks for less. */
export const DEFAULT_TIMEOUT_MS = 29_000;

export async function runIntegration(inv: Invocation, deps: IntegrationDeps): Promise<MethodResponse> {
  const integration = inv.route!.method.methodIntegration;
  if (!integration) throw gatewayErrors.configuration("Execution failed due to configuration error: No integration defined for method");
  const request = buildIntegrationRequest(inv, integration, deps.mapping);
  inv.integrationEndpoint = request.uri;
  const timeoutMs = integration.timeoutInMillis > 0 ? integration.timeoutInMillis : DEFAULT_TIMEOUT_MS;
  const insecure = integration.tlsConfig?.insecureSkipVerification === true;
  const timed = async <T>(backend: () => Promise<T> | T): Promise<T> => {
    const started = process.hrtime.bigint();
    try {
      return await backend();
    } finally {
      inv.integrationLatencyMs = Number(process.hrtime.bigint() - started) / 1e6;
    }
  };
  let endpoint: EndpointResponse;
  switch (integration.type) {
    case "MOCK":
      endpoint = invokeMock(request);
      break;
    case "HTTP":
      endpoint = await timed(() => invokeHttp(inv, false, request, timeoutMs, inv.traceId, deps.http, insecure));
      break;
    case "HTTP_PROXY": {
      const answer = await timed(() => invokeHttp(inv, true, request, timeoutMs, inv.traceId, deps.http, insecure));
      inv.integrationStatus = answer.status;
      const headers = new HeaderMap();
      proxyAnswer(answer, headers);
      return { status: answer.status, headers, body: answer.body };
    }
    case "AWS_PROXY":
      if (!isLambdaUri(request.uri)) throw gatewayErrors.configuration("Execution failed due to configuration error: AWS_PROXY integrations must target a Lambda function");
      return timed(() => invokeLambdaProxy(inv, integration, request, deps.lambda, timeoutMs));
    case "AWS":
      endpoint = isLambdaUri(request.uri)
        ? await timed(() => invokeLambdaAws(inv, integration, request, deps.lambda, timeoutMs))
        : await timed(() => invokeAwsService(inv, integration, request, deps.internal, deps.catalog));
      break;
    default:
      throw gatewayErrors.configuration(`Execution failed due to configuration error: Unsupported integration type ${integration.type}`);
  }
  return integrationResponse(inv, integration, request, endpoint, deps.mapping);
}
