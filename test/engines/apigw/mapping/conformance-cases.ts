// Recorded AWS cases that show a mapping template's input and its output.
// The recorded outputs live in ../shared/conformance/localstack/tests/aws/services/apigateway/
// *.snapshot.json (responses recorded against AWS). The snapshots hold only outputs, so each case
// here restates the inputs of the test that recorded it (templates, parameters, payloads), as
// that test sent them, and how to get from our engine's output to the recorded value. Where the
// recording passed through a backend (a Lambda echo, SQS), the case models that step minimally.
import { createHash } from "node:crypto";
import type { MappingInput } from "../../../../src/engines/apigw/mapping/index.js";
import { selectIntegrationResponse, selectTemplate, type PassthroughBehavior } from "../../../../src/engines/apigw/mapping/index.js";
import { engine, input } from "./helpers.js";

export interface ConformanceCase {
  /** Stable name: "<snapshot file>::<test id>::<recorded key>". */
  name: string;
  file: string;
  test: string;
  key: string;
  /**
   * The value to compare with the recorded one (after the same normalisation the test applied).
   * Gets the recorded value when part of the input is itself recorded (a backend's answer).
   */
  actual(recorded: unknown): unknown;
  /** Picks the compared part of the recorded value (default: all of it). */
  expected?(recorded: unknown): unknown;
}

const cases: ConformanceCase[] = [];
function add(file: string, test: string, key: string, actual: (recorded: unknown) => unknown, expected?: (recorded: unknown) => unknown): void {
  cases.push({ name: `${file}::${test.replace(/^.*::/, "")}::${key}`, file, test, key, actual, ...(expected ? { expected } : {}) });
}

/** The body and status of a MOCK integration: request template -> statusCode -> integration response -> response template. */
function mockIntegration(opts: {
  requestTemplates: Record<string, string>;
  passthrough?: PassthroughBehavior;
  responses: Array<{ statusCode: string; selectionPattern?: string; responseTemplates?: Record<string, string> }>;
  request: Partial<MappingInput>;
  contentType?: string;
}): { body: string; status: number; headers: Record<string, string> } {
  const req = input(opts.request);
  const selection = selectTemplate(opts.requestTemplates, opts.contentType, opts.passthrough ?? "WHEN_NO_MATCH");
  if (!("template" in selection)) throw new Error(`no request template selected: ${JSON.stringify(selection)}`);
  const rendered = engine.renderMappingTemplate(selection.template, req);
  // A MOCK integration answers with the statusCode of the rendered request (lenient JSON: "{statusCode: 200}" works).
  const statusMatch = /"?statusCode"?\s*:\s*"?(\d{3})/.exec(rendered.body);
  const integrationStatus = statusMatch ? statusMatch[1]! : "500";
  const response = selectIntegrationResponse(opts.responses, integrationStatus);
  if (!response) throw new Error("no integration response selected");
  const template = response.responseTemplates?.["application/json"];
  const context = { ...req.context, ...rendered.carry };
  const out = template ? engine.renderMappingTemplate(template, input({ ...opts.request, body: "", context })) : undefined;
  const status = out?.overrides.status ?? rendered.overrides.status ?? Number(response.statusCode);
  return { body: out?.body ?? "", status, headers: { ...rendered.overrides.headers, ...out?.overrides.headers } };
}

/** Parses an application/x-www-form-urlencoded body as SQS's query protocol does. */
function formParams(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

// --- test_apigateway_lambda.py ---------------------------------------------------------------

const LAMBDA = "test_apigateway_lambda.snapshot.json";
{
  const test = "tests/aws/services/apigateway/test_apigateway_lambda.py::test_lambda_aws_integration_with_request_template";
  const template = `{"param1": "$input.params('param1')"}`;
  // The Lambda echoes its event; without a response template the integration response passes it through.
  add(LAMBDA, test, "lambda-aws-integration-1", () => JSON.parse(engine.renderMappingTemplate(template, input({ queryParams: { param1: "foobar" } })).body));
  add(LAMBDA, test, "lambda-aws-integration-2", () => JSON.parse(engine.renderMappingTemplate(template, input({ queryParams: { param1: "foobar", Signature: "1" } })).body));
}
{
  const test = "tests/aws/services/apigateway/test_apigateway_lambda.py::test_lambda_aws_integration_response_with_mapping_templates";
  // tests/aws/files/response-template.vm
  const responseTemplate = `#set($inputRoot = $input.path('$'))
$input.json("$")
#if($inputRoot.toString().contains("customerror"))
    #set($context.responseOverride.status = 400)
#else
    #set($context.responseOverride.status = 202)
#end
`;
  // The Lambda's answer is what the response template echoes back ($input.json("$")), so the
  // recorded body is the template's input; the recorded status comes from responseOverride.
  for (const key of ["response-template-202", "response-template-400"]) {
    add(LAMBDA, test, key, (recorded) => {
      const lambdaOutput = JSON.stringify((recorded as { body: unknown }).body);
      const out = engine.renderMappingTemplate(responseTemplate, input({ body: lambdaOutput }));
      return { body: JSON.parse(out.body), statusCode: out.overrides.status ?? 200 };
    });
  }
}

// --- test_apigateway_basic.py ----------------------------------------------------------------

const BASIC = "test_apigateway_basic.snapshot.json";
for (const behavior of ["WHEN_NO_MATCH", "NEVER", "WHEN_NO_TEMPLATES"] as const) {
  for (const url of ["UrlType.PATH_BASED", "UrlType.HOST_BASED"]) {
    for (const method of ["GET", "POST"]) {
      const test = `tests/aws/services/apigateway/test_apigateway_basic.py::TestIntegrations::test_mock_integration_response[${behavior}-${url}-${method}]`;
      add(BASIC, test, "mock-response", () => {
        const result = mockIntegration({
          requestTemplates: { "application/json": '{"statusCode":200}' },
          passthrough: behavior,
          contentType: "application/json",
          responses: [{ statusCode: "200", responseTemplates: { "application/json": '{"statusCode": 200, "id": $input.params().path.id}' } }],
          request: { pathParams: { id: "42" }, headers: { "Content-Type": "application/json" }, context: { httpMethod: method } },
        });
        return JSON.parse(result.body);
      });
    }
  }
}
add(BASIC, "tests/aws/services/apigateway/test_apigateway_basic.py::TestAPIGateway::test_api_gateway_mock_integration", "mocked-response", () => {
  // tests/aws/files/openapi-mock.json: GET /echo/{data}, passthroughBehavior when_no_templates.
  const result = mockIntegration({
    requestTemplates: { "application/json": '{"statusCode": 200}' },
    passthrough: "WHEN_NO_TEMPLATES",
    responses: [{ statusCode: "200", responseTemplates: { "application/json": `{"echo": "$input.params('data')", "response": "mocked"}` } }],
    request: { pathParams: { data: "foobar" } },
  });
  return JSON.parse(result.body);
});

// --- test_apigateway_integrations.py ---------------------------------------------------------

const INTEGRATIONS = "test_apigateway_integrations.snapshot.json";
{
  const test = "tests/aws/services/apigateway/test_apigateway_integrations.py::test_integration_mock_with_request_overrides_in_response_template";
  const requestTemplate = `#set($body = $util.base64Decode($input.params('testPath')))
#set($context.requestOverride.path.body = $body)
{
  "statusCode": 200
}
`;
  const responseTemplate = `
#set($body = $util.parseJson($context.requestOverride.path.body))
#set($inputBody = $body.message)
#if($inputBody == "path1")
{
   "response": "path was path one"
}
#elseif($inputBody == "path2")
{
   "response": "path was path two"
}
#else
{
  "response": "this is the else clause"
}
#end
`;
  for (const [key, message] of [["invoke-path1", "path1"], ["invoke-path2", "path2"], ["invoke-path-else", "whatever"]] as const) {
    add(INTEGRATIONS, test, key, () => {
      const testPath = Buffer.from(JSON.stringify({ message })).toString("base64");
      const result = mockIntegration({
        requestTemplates: { "application/json": requestTemplate },
        responses: [{ statusCode: "200", selectionPattern: "2\\d{2}", responseTemplates: { "application/json": responseTemplate } }],
        request: { pathParams: { testPath } },
      });
      return JSON.parse(result.body);
    });
  }
}
{
  const test = "tests/aws/services/apigateway/test_apigateway_integrations.py::test_integration_mock_with_response_override_in_request_template";
  const requestTemplate = `
#set($context.responseOverride.status = 444)
#set($context.responseOverride.header.foo = "bar")
#set($context.responseOverride.custom = "is also passed around")
{
  "statusCode": 200
}
`;
  const responseTemplate = `
#set($statusOverride = $context.responseOverride.status)
#set($fooHeader = $context.responseOverride.header.foo)
#set($custom = $context.responseOverride.custom)
{
    "statusOverride": "$statusOverride",
    "fooHeader": "$fooHeader",
    "custom": "$custom"
}
`;
  for (const withTemplate of [true, false]) {
    add(INTEGRATIONS, `${test}[${withTemplate ? "True" : "False"}]`, "response", () => {
      const result = mockIntegration({
        requestTemplates: { "application/json": requestTemplate },
        responses: [{ statusCode: "200", selectionPattern: "2\\d{2}", ...(withTemplate ? { responseTemplates: { "application/json": responseTemplate } } : {}) }],
        request: {},
      });
      if (result.headers.foo !== "bar") throw new Error(`header foo is ${result.headers.foo}`);
      // The test recorded response.content (Python bytes) when there was no response template.
      return { body: withTemplate ? JSON.parse(result.body) : `b'${result.body}'`, status_code: result.status };
    });
  }
}
add(INTEGRATIONS, "tests/aws/services/apigateway/test_apigateway_integrations.py::test_integration_mock_with_vtl_map_assignation", "response", () => {
  const requestTemplate = `
#set($paramName = "foo")
#set($context.requestOverride.querystring[$paramName] = "bar")
#set($paramPutName = "putfoo")
$context.requestOverride.querystring.put($paramPutName, "putBar")
#set($context["requestOverride"].querystring["nestedfoo"] = "nestedFoo")
{
  "statusCode": 200
}
`;
  const responseTemplate = `
#set($value = $context.requestOverride.querystring["foo"])
#set($value2 = $context.requestOverride.querystring["putfoo"])
#set($value3 = $context.requestOverride.querystring["nestedfoo"])
{
    "value": "$value",
    "value2": "$value2",
    "value3": "$value3"
}
`;
  const result = mockIntegration({
    requestTemplates: { "application/json": requestTemplate },
    responses: [{ statusCode: "200", selectionPattern: "2\\d{2}", responseTemplates: { "application/json": responseTemplate } }],
    request: {},
  });
  return { body: JSON.parse(result.body), status_code: result.status };
});

// --- test_apigateway_http.py -----------------------------------------------------------------

const HTTP = "test_apigateway_http.snapshot.json";
for (const [key, status] of [["matching-response", "200"], ["non-matching-response", "400"]] as const) {
  const test = "tests/aws/services/apigateway/test_apigateway_http.py::test_http_integration_invoke_status_code_passthrough[HTTP]";
  // The backend (a Lambda URL echoing the status) answered `status` with the recorded body; the
  // fixture's only integration response is the default 200 with template $input.json('$').
  add(HTTP, test, key, (recorded) => {
    const backendBody = JSON.stringify((recorded as { body: unknown }).body);
    const response = selectIntegrationResponse([{ statusCode: "200", responseTemplates: { "application/json": "$input.json('$')" } }], status);
    const out = engine.renderMappingTemplate(response!.responseTemplates["application/json"], input({ body: backendBody }));
    return { body: JSON.parse(out.body), status_code: Number(response!.statusCode) };
  });
}

// --- test_apigateway_sqs.py ------------------------------------------------------------------

const SQS = "test_apigateway_sqs.snapshot.json";
add(SQS, "tests/aws/services/apigateway/test_apigateway_sqs.py::test_sqs_aws_integration", "sqs-messages", () => {
  const template = "Action=SendMessage&MessageBody=$input.body";
  // requests' json= sends {"foo": "bar"}; the second call sends no body at all.
  return [`{"foo": "bar"}`, ""].map((body) => {
    const selection = selectTemplate({ "application/json": template }, body ? "application/json" : undefined, "NEVER");
    if (!("template" in selection)) throw new Error("no template");
    const messageBody = formParams(engine.renderMappingTemplate(selection.template, input({ body })).body).MessageBody!;
    return { MD5OfBody: createHash("md5").update(messageBody).digest("hex"), Body: JSON.parse(messageBody) };
  });
}, (recorded) => (recorded as Array<{ MD5OfBody: string; Body: unknown }>).map(({ MD5OfBody, Body }) => ({ MD5OfBody, Body })));
for (const attr of ["MessageAttribute", "MessageAttributes"]) {
  const test = `tests/aws/services/apigateway/test_apigateway_sqs.py::test_sqs_aws_integration_with_message_attribute[${attr}]`;
  const template = `Action=SendMessage&MessageBody=$input.body&${attr}.1.Name=user-agent&${attr}.1.Value.DataType=String&${attr}.1.Value.StringValue=$input.params('HeaderFoo')`;
  const rendered = () => formParams(engine.renderMappingTemplate(template, input({ body: `{"foo": "bar"}`, headers: { HeaderFoo: "BAR-Header" } })).body);
  add(SQS, test, "sqs-message-body", () => JSON.parse(rendered().MessageBody!));
  add(SQS, test, "sqs-message-attributes", () => {
    const p = rendered();
    return { [p[`${attr}.1.Name`]!]: { DataType: p[`${attr}.1.Value.DataType`], StringValue: p[`${attr}.1.Value.StringValue`] } };
  });
}
add(SQS, "tests/aws/services/apigateway/test_apigateway_sqs.py::test_sqs_request_and_response_xml_templates_integration", "sqs-json-response", () => {
  const responseTemplate = `
            #set($responseBody = $input.path('$.SendMessageResponse'))
            #set($requestId = $input.path('$.SendMessageResponse.ResponseMetadata.RequestId'))
            #set($messageId = $responseBody.SendMessageResult.MessageId)
            {
            "requestId": "$requestId",
            "messageId": "$messageId"
            }
            `;
  // SQS's JSON answer to SendMessage (query protocol with Accept: application/json), ids as the snapshot names them.
  const sqsAnswer = { SendMessageResponse: { ResponseMetadata: { RequestId: "<uuid:2>" }, SendMessageResult: { MD5OfMessageBody: "x", MessageId: "<uuid:1>" } } };
  return JSON.parse(engine.renderMappingTemplate(responseTemplate, input({ body: JSON.stringify(sqsAnswer) })).body);
});
add(SQS, "tests/aws/services/apigateway/test_apigateway_sqs.py::test_sqs_amz_json_protocol", "sqs-messages", () => {
  const template = `
{
    "QueueUrl": "http://queue",
    "MessageBody": "{\\"context\\": {#foreach( $key in $context.keySet() )\\"$key\\": \\"$context.get($key)\\"#if($foreach.hasNext),#end#end},\\"identity\\": {#foreach( $key in $context.identity.keySet() )\\"$key\\": \\"$context.identity.get($key)\\"#if($foreach.hasNext),#end#end},\\"requestOverride\\": {#foreach( $key in $context.requestOverride.keySet() )\\"$key\\": \\"$context.requestOverride.get($key)\\"#if($foreach.hasNext),#end#end},\\"responseOverride\\": {#foreach( $key in $context.responseOverride.keySet() )\\"$key\\": \\"$context.responseOverride.get($key)\\"#if($foreach.hasNext),#end#end},\\"authorizer_keys\\": {#foreach( $key in $context.authorizer.keySet() )\\"$key\\": \\"$util.escapeJavaScript($context.authorizer.get($key))\\"#if($foreach.hasNext),#end#end}}"}
`;
  // The request context as the snapshot names its values, given in alphabetical order: the
  // template must list the keys in AWS's (HashMap) order regardless.
  const context: Record<string, unknown> = {
    accountId: "111111111111",
    apiId: "<api-id:1>",
    deploymentId: "<deployment-id:1>",
    domainName: "<domain-name:1>",
    domainPrefix: "<api-id:1>",
    extendedRequestId: "<extended-request-id:1>",
    httpMethod: "POST",
    identity: {
      accessKey: null,
      accountId: null,
      caller: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: "<source-ip:1>",
      user: null,
      userAgent: "python/requests/tests",
      userArn: null,
    },
    path: "/testing/sqs",
    protocol: "HTTP/1.1",
    requestId: "<uuid:2>",
    requestTime: "<request-time:1>",
    requestTimeEpoch: "request-time-epoch",
    resourceId: "<resource-id:1>",
    resourcePath: "/sqs",
    stage: "testing",
  };
  const rendered = engine.renderMappingTemplate(template, input({ body: "{}", context }));
  const messageBody = JSON.parse(rendered.body).MessageBody as string;
  // Compared as text so that key order counts.
  return [{ Body: JSON.stringify(JSON.parse(messageBody)) }];
}, (recorded) => (recorded as Array<{ Body: unknown }>).map(({ Body }) => ({ Body: JSON.stringify(Body) })));

export const conformanceCases: readonly ConformanceCase[] = cases;
