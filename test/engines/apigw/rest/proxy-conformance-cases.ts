// The requests behind LocalStack's AWS recordings of Lambda proxy integrations
// (conformance/localstack/tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json),
// rewritten as data: what the recorded test sent (read from its description of each call),
// keyed by the snapshot entry the answer was recorded under. python-requests' default headers
// (Accept */*, Accept-Encoding gzip, deflate) are spelled out, as the recorded events show them.
export interface ProxyCase {
  /** The recorded test (snapshot key suffix) and entry. */
  test: string;
  entry: string;
  method: string;
  /** The path after the host (host-style URL: it starts with the stage). */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const PYTHON_DEFAULTS = { Accept: "*/*", "Accept-Encoding": "gzip, deflate" };
const PROXY_TEST = "test_lambda_aws_proxy_integration";
const TEST_HEADERS = { ...PYTHON_DEFAULTS, "User-Agent": "python-requests/testing", "tEsT-HEADeR": "aValUE", authorization: "random-value" };

/** Cases of test_lambda_aws_proxy_integration: stage "stage", resources /{proxy+} and /hardcoded (ANY, AWS_PROXY). */
export const PROXY_EVENT_CASES: ProxyCase[] = [
  { test: PROXY_TEST, entry: "invocation-payload-without-trailing-slash", method: "GET", path: "/stage/proxy-value", headers: TEST_HEADERS },
  { test: PROXY_TEST, entry: "invocation-payload-with-trailing-slash", method: "GET", path: "/stage/proxy-value/", headers: TEST_HEADERS },
  { test: PROXY_TEST, entry: "invocation-payload-with-double-slash", method: "GET", path: "/stage/proxy-value//double-slash", headers: TEST_HEADERS },
  { test: PROXY_TEST, entry: "invocation-payload-with-prepended-slash-to-stage", method: "GET", path: "//stage/proxy-value", headers: TEST_HEADERS },
  { test: PROXY_TEST, entry: "invocation-payload-with-prepended-slash", method: "GET", path: "/stage//proxy-value", headers: TEST_HEADERS },
  { test: PROXY_TEST, entry: "invocation-payload-without-trailing-slash-and-query-params", method: "GET", path: "/stage/proxy-value?urlparam=test", headers: TEST_HEADERS },
  { test: PROXY_TEST, entry: "invocation-payload-with-trailing-slash-and-query-params", method: "GET", path: "/stage/proxy-value/?urlparam=test", headers: TEST_HEADERS },
  {
    test: PROXY_TEST,
    entry: "invocation-payload-with-path-encoded-email",
    method: "GET",
    path: "/stage/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com",
    headers: TEST_HEADERS,
  },
  {
    test: PROXY_TEST,
    entry: "invocation-payload-with-params-encoding",
    method: "GET",
    // "whitespace=foo bar" goes out percent-encoded; "#" and what follows never leave the client.
    path: "/stage/proxy-value/api?dateTimeOffset=2023-06-12T18:05:10.123456+00:00&email=test%2Balias@gmail.com&plus=test+alias@gmail.com&url=https://www.google.com/&whitespace=foo%20bar&zhash=abort/",
    headers: TEST_HEADERS,
  },
  {
    test: PROXY_TEST,
    entry: "invocation-payload-with-params-encoding-multi",
    method: "POST",
    path: "/stage/proxy-value?category=electronics&category=books&price=10&price=20&price=30",
    headers: { ...PYTHON_DEFAULTS, "Content-Type": "application/json;charset=utf-8", aUThorization: "Bearer token123;API key456", "User-Agent": "python-requests/testing" },
    body: JSON.stringify({ message: "hello world" }).replace(":", ": "),
  },
  { test: PROXY_TEST, entry: "invocation-hardcoded", method: "GET", path: "/stage//hardcoded", headers: TEST_HEADERS },
];

/** test_lambda_aws_proxy_integration_request_data_mapping: stage "test", resource /{pathVariable}, requestParameters ignored by AWS_PROXY. */
export const DATA_MAPPING_CASE: ProxyCase = {
  test: "test_lambda_aws_proxy_integration_request_data_mapping",
  entry: "http-proxy-invocation-data-mapping",
  method: "POST",
  path: "/test/foobar?testQueryString=foo&testVar=bar",
  headers: {
    "Accept-Encoding": "gzip, deflate",
    "Content-Type": "application/json",
    Accept: "application/json",
    foobar: "mapped-value",
    "user-Agent": "test/integration",
    headerVar: "request-value",
  },
  body: JSON.stringify({ message: "hello world" }).replace(":", ": "),
};

export const DATA_MAPPING_PARAMETERS: Record<string, string> = {
  "integration.request.header.headerVar": "method.request.header.foobar",
  "integration.request.path.qsVar": "method.request.querystring.testVar",
  "integration.request.path.pathVar": "method.request.path.pathVariable",
  "integration.request.querystring.queryString": "method.request.querystring.testQueryString",
  "integration.request.querystring.testQs": "method.request.querystring.testQueryString",
  "integration.request.querystring.testEmptyQs": "method.request.header.emptyheader",
};

/** test_aws_proxy_response_payload_format_validation: the function answers what the request body holds. */
export interface ProxyResponseCase {
  entry: string;
  /** The function's output (undefined: the client sent no body, and the function fails). */
  output?: unknown;
  status: number;
  withHeaders: boolean;
}

export const PROXY_RESPONSE_CASES: ProxyResponseCase[] = [
  { entry: "invoke-api-no-body", output: { statusCode: 200 }, status: 200, withHeaders: false },
  { entry: "invoke-api-with-headers", output: { statusCode: 200, headers: { "test-header": "value", "header-bool": true } }, status: 200, withHeaders: true },
  { entry: "invoke-api-with-headers-null", output: { statusCode: 200, headers: null }, status: 200, withHeaders: true },
  { entry: "invoke-api-wrong-format", output: { statusCode: 200, wrongValue: "value" }, status: 502, withHeaders: false },
  { entry: "invoke-api-empty-response", status: 502, withHeaders: false },
  { entry: "invoke-api-b64-encoded-true", output: { statusCode: 200, body: "dGVzdC1kYXRh", isBase64Encoded: true }, status: 200, withHeaders: false },
  { entry: "invoke-api-b64-encoded-false", output: { statusCode: 200, body: "dGVzdC1kYXRh" }, status: 200, withHeaders: false },
  { entry: "invoke-api-multi-headers-valid", output: { statusCode: 200, multiValueHeaders: { "test-multi": ["value1", "value2"] } }, status: 200, withHeaders: true },
  {
    entry: "invoke-api-multi-headers-overwrite",
    output: { statusCode: 200, multiValueHeaders: { "test-multi": ["value-multi"] }, headers: { "test-multi": "value-solo" } },
    status: 200,
    withHeaders: true,
  },
  {
    entry: "invoke-api-multi-headers-overwrite-casing",
    output: { statusCode: 200, multiValueHeaders: { "tesT-Multi": ["value-multi"] }, headers: { "test-multi": "value-solo" } },
    status: 200,
    withHeaders: true,
  },
  { entry: "invoke-api-multi-headers-invalid", output: { statusCode: 200, multiValueHeaders: { "test-multi-invalid": "value1" } }, status: 502, withHeaders: false },
  { entry: "invoke-api-invalid-status-code", output: { statusCode: "test" }, status: 502, withHeaders: false },
  { entry: "invoke-api-status-code-str", output: { statusCode: "201" }, status: 201, withHeaders: false },
  { entry: "invoke-api-just-string", output: "justAString", status: 502, withHeaders: false },
  { entry: "invoke-api-only-headers", output: { headers: { "test-header": "value" } }, status: 200, withHeaders: false },
];

/**
 * Response headers CloudFront adds in front of EDGE APIs, and connection management of the
 * HTTP server (Connection, Keep-Alive, Date), which say nothing about API Gateway: left out of
 * the comparison.
 */
export const EDGE_ONLY_RESPONSE_HEADERS = ["Connection", "Keep-Alive", "Date", "Via", "X-Amz-Cf-Id", "X-Amz-Cf-Pop", "X-Cache"];
