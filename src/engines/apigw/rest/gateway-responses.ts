// Answers a GatewayError with the API's gateway response for its type: the status code, the
// gatewayresponse.header.* parameters and the response template (default
// {"message":$context.error.messageString}), rendered with $context.error.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html
// A default response of INTEGRATION_FAILURE answers the status of the failure itself (500 or
// 502), not the 504 GetGatewayResponse lists: AWS does so (test_lambda_aws_proxy_integration_non_post_method).
import { GATEWAY_RESPONSE_DEFAULTS } from "../../../services/apigateway/gateway-responses.js";
import type { Logger } from "../../../shared/logger.js";
import type { MappingTemplateEngine } from "../mapping/index.js";
import { selectResponseTemplate } from "../mapping/index.js";
import { ERROR_TYPE_HEADER, type GatewayError } from "./gateway-error.js";
import { mappingContext, type Invocation } from "./invocation.js";
import { asSingle, resolveMapping } from "./parameter-mapping.js";
import { HeaderMap } from "./header-map.js";

const DEFAULT_STATUS = new Map(GATEWAY_RESPONSE_DEFAULTS);
const DEFAULT_TEMPLATE = '{"message":$context.error.messageString}';

export interface GatewayAnswer {
  status: number;
  headers: HeaderMap;
  body: Buffer;
}

export function gatewayResponse(inv: Invocation, error: GatewayError, mapping: MappingTemplateEngine, logger: Logger): GatewayAnswer {
  inv.error = error;
  const configured = inv.deployment.gatewayResponses[error.type];
  const defaultStatus = DEFAULT_STATUS.get(error.type);
  const customised = configured && (!configured.defaultResponse || configured.statusCode !== defaultStatus);
  const status = Number((customised ? configured.statusCode : undefined) ?? error.fallbackStatus ?? configured?.statusCode ?? (error.type.includes("5XX") ? 500 : 400));
  const headers = new HeaderMap();
  const context = mappingContext(inv);
  const sources = {
    request: { pathParams: inv.route?.pathParams ?? {}, query: inv.request.query, headers: inv.headers, body: inv.request.body.toString("utf8") },
    stageVariables: inv.stageVariables,
    context: () => context,
  };
  for (const [target, expression] of Object.entries(configured?.responseParameters ?? {})) {
    if (!target.startsWith("gatewayresponse.header.")) continue;
    const value = asSingle(resolveMapping(expression, sources));
    if (value !== undefined) headers.set(target.slice("gatewayresponse.header.".length), value);
  }
  const selected = selectResponseTemplate(configured?.responseTemplates, inv.headers.get("accept"));
  const template = selected?.template ?? DEFAULT_TEMPLATE;
  let body = "";
  try {
    body = mapping.renderMappingTemplate(template, {
      body: "",
      pathParams: sources.request.pathParams,
      queryParams: inv.request.query,
      headers: inv.headers.toMultiValued(),
      context,
      stageVariables: inv.stageVariables,
    }).body;
  } catch (err) {
    logger.warn({ reqId: inv.requestId, err: (err as Error).message }, "gateway response template failed");
    body = JSON.stringify({ message: error.errorMessage });
  }
  if (!headers.has("content-type")) headers.set("Content-Type", selected?.contentType ?? "application/json");
  headers.set("x-amzn-ErrorType", ERROR_TYPE_HEADER[error.type]);
  return { status, headers, body: Buffer.from(body, "utf8") };
}
