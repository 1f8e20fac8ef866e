// MOCK integrations: no backend; the request template's {"statusCode": N} picks the integration
// response, whose parameters and template make the answer (the console's "Enable CORS" OPTIONS
// method is one). https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html
// The statusCode is read leniently, as AWS reads it ({statusCode: 200} with an unquoted name
// works: recorded test_integration_mock_with_path_param); an empty body means 200; a body
// without a usable statusCode fails with 500 ("Unable to parse statusCode").
import { gatewayErrors } from "../gateway-error.js";
import { HeaderMap } from "../header-map.js";
import type { IntegrationRequest } from "../integration-request.js";
import type { EndpointResponse } from "../integration-response.js";

const LENIENT_STATUS = /["']?statusCode["']?\s*:\s*["']?(\d{3})\b/;

export function mockStatus(body: string): number | undefined {
  if (body.trim() === "") return 200;
  try {
    const parsed = JSON.parse(body) as { statusCode?: unknown };
    if (typeof parsed?.statusCode === "number" && Number.isInteger(parsed.statusCode)) return parsed.statusCode;
    if (typeof parsed?.statusCode === "string" && /^\d{3}$/.test(parsed.statusCode)) return Number(parsed.statusCode);
    return undefined;
  } catch {
    const match = LENIENT_STATUS.exec(body);
    return match ? Number(match[1]) : undefined;
  }
}

export function invokeMock(request: IntegrationRequest): EndpointResponse {
  const status = mockStatus(request.body.toString("utf8"));
  if (status === undefined) {
    throw gatewayErrors.internal(
      "Execution failed due to configuration error: Unable to parse statusCode. It should be an integer that is defined in the request template.",
    );
  }
  return { status, headers: new HeaderMap(), body: Buffer.alloc(0) };
}
