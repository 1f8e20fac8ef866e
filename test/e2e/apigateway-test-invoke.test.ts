// TestInvokeMethod and TestInvokeAuthorizer through the SDK v3: the method runs through the real
// data plane (MOCK, AWS with a mapping template to Lambda, AWS_PROXY to Lambda) without a
// deployment, and the answer and execution log match what AWS recorded
// (test_invoke_test_method, test_apigw_test_invoke_method_api).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateAuthorizerCommand, TestInvokeAuthorizerCommand, TestInvokeMethodCommand, type TestInvokeMethodCommandInput } from "@aws-sdk/client-api-gateway";
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient, waitUntilFunctionActiveV2 } from "@aws-sdk/client-lambda";
import type { NimbusNode } from "../../src/nimbus.js";
import { apiGatewayRecordings } from "../helpers/conformance.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";
import { ACCOUNT, apiGatewayClient, RestApiBuilder } from "../helpers/rest-api.js";
import { makeZip } from "../services/lambda/harness.js";

const REGION = "us-east-1";
const LAMBDA_ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;
const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const lambdaUri = (name: string) => `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${fnArn(name)}/invocations`;

type Recorded = Record<string, { "recorded-content": Record<string, { log: Record<string, string>; body: unknown; headers: Record<string, string>; status: number; multiValueHeaders: Record<string, string[]> }> }>;

/** A log as the recordings hold it: one entry per line, timestamps and the request id replaced. */
function normalized(log: string, requestIdTag: string): Record<string, string> {
  const lines = log.split("\n");
  const id = /^Execution log for request (.+)$/.exec(lines[0]!)?.[1] ?? "";
  const out: Record<string, string> = {};
  lines.forEach((line, i) => {
    out[`line${String(i).padStart(2, "0")}`] = line
      .replace(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} : /, "DDD MMM dd hh:mm:ss UTC yyyy : ")
      .replaceAll(id, requestIdTag);
  });
  return out;
}

/** The line's label: what it reports, without the values (the recordings' values are transformed). */
const label = (line: string) =>
  line
    .replace(/^DDD MMM dd hh:mm:ss UTC yyyy : /, "")
    .split(/: |\. | https:\/\/| </)[0];

describe("API Gateway TestInvokeMethod and TestInvokeAuthorizer", () => {
  let node: NimbusNode;
  let lambda: LambdaClient;

  before(async () => {
    node = await startTestNimbus({ lambda: { stateTransitionMs: 0 } });
    lambda = new LambdaClient(clientConfig(node, { accessKeyId: ACCOUNT, secretAccessKey: "test" }));
  });
  after(async () => {
    lambda.destroy();
    await node.stop();
  });

  async function createFunction(name: string, code: string, apiId: string): Promise<void> {
    await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Role: LAMBDA_ROLE, Handler: "index.handler", Code: { ZipFile: await makeZip({ "index.js": code }) } }));
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 20, minDelay: 1, maxDelay: 1 }, { FunctionName: name });
    // As the console does when it wires a Lambda integration: test invocations need the permission too.
    await lambda.send(
      new AddPermissionCommand({ FunctionName: name, StatementId: "apigw", Action: "lambda:InvokeFunction", Principal: "apigateway.amazonaws.com", SourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/*` }),
    );
  }

  it("runs MOCK methods as AWS recorded (test_invoke_test_method), without a deployment", async () => {
    const recorded = apiGatewayRecordings<Recorded>("test_apigateway_api.snapshot.json")["tests/aws/services/apigateway/test_apigateway_api.py::TestApigatewayTestInvoke::test_invoke_test_method"]![
      "recorded-content"
    ];
    const api = await RestApiBuilder.create(apiGatewayClient(node));
    const mock = (path: string, httpMethod: string, template: string) =>
      api.method(path, httpMethod, { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }, { responses: [{ statusCode: "200", responseTemplates: { "application/json": template } }] });
    const pets = await mock("/pets", "GET", '{"pets": "all the pets"}');
    const petId = await mock("/pets/{petId}", "GET", '{"petId": "$input.params(\'petId\')"}');
    await mock("/pets/{petId}", "POST", '{"petId": "$input.params(\'petId\')"}');

    const cases: Array<[string, Omit<TestInvokeMethodCommandInput, "restApiId">]> = [
      ["test-invoke-method-get-pets", { resourceId: pets, httpMethod: "GET", pathWithQueryString: "/pets" }],
      ["test-invoke-method-get-pets-bad-path", { resourceId: pets, httpMethod: "GET", pathWithQueryString: "/random/test" }],
      ["test-invoke-method-get-pets-id", { resourceId: petId, httpMethod: "GET", pathWithQueryString: "/pets/123" }],
      ["test-invoke-method-get-pets-id-no-path", { resourceId: petId, httpMethod: "GET" }],
      ["test-invoke-method-get-pets-id-bad-path", { resourceId: petId, httpMethod: "GET", pathWithQueryString: "/random/test" }],
      ["test-invoke-method-get-with-qs", { resourceId: petId, httpMethod: "GET", pathWithQueryString: "/pets/123?foo=bar" }],
      ["test-invoke-method-post-with-body", { resourceId: petId, httpMethod: "POST", pathWithQueryString: "/pets/123", body: '{"foo": "bar"}' }],
    ];
    let n = 0;
    for (const [key, input] of cases) {
      const want = recorded[key]!;
      const got = await api.client.send(new TestInvokeMethodCommand({ restApiId: api.apiId, ...input }));
      n++;
      assert.equal(got.status, want.status, key);
      assert.deepEqual(JSON.parse(got.body!), want.body, key);
      assert.deepEqual(got.headers, want.headers, key);
      assert.deepEqual(got.multiValueHeaders, want.multiValueHeaders, key);
      assert.deepEqual(normalized(got.log!, `<request-id-${n}>`), want.log, key);
      assert.equal(typeof got.latency, "number");
    }

    const error = async (input: Partial<TestInvokeMethodCommandInput>, key: string) => {
      const want = (recorded[key] as unknown as { Error: { Code: string; Message: string } }).Error;
      await assert.rejects(api.client.send(new TestInvokeMethodCommand({ restApiId: api.apiId, resourceId: pets, httpMethod: "GET", ...input } as TestInvokeMethodCommandInput)), (err: Error) => {
        assert.deepEqual([err.name, err.message], [want.Code, want.Message]);
        return true;
      });
    };
    await error({ httpMethod: "DELETE" }, "resource-method-not-found");
    await error({ resourceId: "nothere" }, "resource-id-not-found");
    await error({ restApiId: "nothere" }, "rest-api-not-found");
  });

  it("an AWS integration to Lambda: the mapping template, stage variables from the test, and the recorded log lines", async () => {
    const api = await RestApiBuilder.create(apiGatewayClient(node));
    await createFunction("echo-mapped", "exports.handler = async (event) => ({ received: event });", api.apiId);
    const resourceId = await api.method(
      "/foo",
      "GET",
      {
        type: "AWS",
        integrationHttpMethod: "POST",
        uri: lambdaUri("echo-mapped"),
        requestTemplates: { "application/json": '{"name": "$input.path(\'$.name\')", "stage": "$context.stage", "colour": "$stageVariables.colour", "q": "$input.params(\'queryTest\')"}' },
      },
      { responses: [{ statusCode: "200" }] },
    );
    const got = await api.client.send(
      new TestInvokeMethodCommand({
        restApiId: api.apiId,
        resourceId,
        httpMethod: "GET",
        pathWithQueryString: "/foo?queryTest=value",
        headers: { "content-type": "application/json" },
        body: '{"name": "Ada"}',
        stageVariables: { colour: "blue" },
      }),
    );
    assert.equal(got.status, 200, got.log);
    assert.deepEqual(JSON.parse(got.body!), { received: { name: "Ada", stage: "test-invoke-stage", colour: "blue", q: "value" } });
    assert.equal(got.headers!["Content-Type"], "application/json");
    assert.match(got.headers!["X-Amzn-Trace-Id"]!, /^Root=1-/);

    // The same lines, in the same order, as AWS logged for this kind of integration.
    const recorded = apiGatewayRecordings<Recorded>("test_apigateway_basic.snapshot.json")["tests/aws/services/apigateway/test_apigateway_basic.py::TestAPIGateway::test_apigw_test_invoke_method_api"]![
      "recorded-content"
    ]["test_invoke_method_response_with_body"]!;
    const log = normalized(got.log!, "<request-id>");
    assert.deepEqual(Object.values(log).map(label), Object.values(recorded.log).map(label));
    assert.equal(log["line03"], "DDD MMM dd hh:mm:ss UTC yyyy : Method request path: {}");
    assert.equal(log["line04"], "DDD MMM dd hh:mm:ss UTC yyyy : Method request query string: {queryTest=value}");
    assert.equal(log["line05"], "DDD MMM dd hh:mm:ss UTC yyyy : Method request headers: {content-type=application/json}");
    assert.equal(log["line07"], `DDD MMM dd hh:mm:ss UTC yyyy : Endpoint request URI: https://lambda.${REGION}.amazonaws.com/2015-03-31/functions/${fnArn("echo-mapped")}/invocations`);
    assert.equal(log["line09"], 'DDD MMM dd hh:mm:ss UTC yyyy : Endpoint request body after transformations: {"name": "Ada", "stage": "test-invoke-stage", "colour": "blue", "q": "value"}');
    assert.match(log["line11"]!, /^DDD MMM dd hh:mm:ss UTC yyyy : Received response\. Status: 200, Integration latency: \d+ ms$/);
    assert.equal(log["line17"], "DDD MMM dd hh:mm:ss UTC yyyy : Method completed with status: 200");
  });

  it("an AWS_PROXY integration gets the proxy event of a test invocation and answers what the function returns", async () => {
    const api = await RestApiBuilder.create(apiGatewayClient(node));
    await createFunction(
      "proxy-test",
      `exports.handler = async (event) => ({ statusCode: 201, headers: { "X-Fn": "yes" }, body: JSON.stringify({ path: event.path, resource: event.resource, id: event.pathParameters.id, q: event.queryStringParameters, stage: event.requestContext.stage, ip: event.requestContext.identity.sourceIp, vars: event.stageVariables, body: event.body }) });`,
      api.apiId,
    );
    const resourceId = await api.method("/items/{id}", "POST", { type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri("proxy-test") });
    const got = await api.client.send(
      new TestInvokeMethodCommand({ restApiId: api.apiId, resourceId, httpMethod: "POST", pathWithQueryString: "/items/42?x=1", body: "hello", stageVariables: { env: "test" } }),
    );
    assert.equal(got.status, 201, got.log);
    assert.deepEqual(JSON.parse(got.body!), { path: "/items/42", resource: "/items/{id}", id: "42", q: { x: "1" }, stage: "test-invoke-stage", ip: "test-invoke-source-ip", vars: { env: "test" }, body: "hello" });
    assert.equal(got.headers!["X-Fn"], "yes");
    assert.deepEqual(got.multiValueHeaders!["X-Fn"], ["yes"]);
    assert.match(got.log!, /Endpoint request body after transformations: \{"resource":"\/items\/\{id\}","path":"\/items\/42","httpMethod":"POST"/);
    assert.match(got.log!, /Successfully completed execution\n.* : Method completed with status: 201\n$/);
  });

  it("a failing integration is answered with the gateway response and logged", async () => {
    const api = await RestApiBuilder.create(apiGatewayClient(node));
    await createFunction("bad-proxy", "exports.handler = async () => ({ nope: true, statusCode: 'x' });", api.apiId);
    const resourceId = await api.method("/", "GET", { type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri("bad-proxy") });
    const got = await api.client.send(new TestInvokeMethodCommand({ restApiId: api.apiId, resourceId, httpMethod: "GET" }));
    assert.equal(got.status, 502);
    assert.deepEqual(JSON.parse(got.body!), { message: "Internal server error" });
    assert.match(got.log!, /Method completed with status: 502\n$/);
    assert.doesNotMatch(got.log!, /Successfully completed execution/);
  });

  it("TestInvokeAuthorizer runs a TOKEN authorizer: principal, policy and the status a client would get", async () => {
    const api = await RestApiBuilder.create(apiGatewayClient(node));
    await createFunction(
      "token-auth",
      `exports.handler = async (event) => {
        if (event.authorizationToken === "bad") throw new Error("Unauthorized");
        const effect = event.authorizationToken === "deny" ? "Deny" : "Allow";
        return { principalId: "user-" + event.authorizationToken, policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: event.methodArn }] }, context: { tier: "gold" } };
      };`,
      api.apiId,
    );
    const authorizer = await api.client.send(
      new CreateAuthorizerCommand({ restApiId: api.apiId, name: "tok", type: "TOKEN", authorizerUri: lambdaUri("token-auth"), identitySource: "method.request.header.Authorization" }),
    );
    const test = (headers: Record<string, string>) => api.client.send(new TestInvokeAuthorizerCommand({ restApiId: api.apiId, authorizerId: authorizer.id!, headers }));

    const allowed = await test({ Authorization: "alice" });
    assert.equal(allowed.clientStatus, 200, allowed.log);
    assert.equal(allowed.principalId, "user-alice");
    const policy = JSON.parse(allowed.policy!);
    assert.equal(policy.Statement[0].Effect, "Allow");
    assert.equal(policy.Statement[0].Resource, `arn:aws:execute-api:${REGION}:${ACCOUNT}:${api.apiId}/ESTestInvoke-stage/GET/`);
    assert.match(allowed.log!, /^Execution log for request [0-9a-f-]{36}\n.* : Starting authorizer: \w+ for request: [0-9a-f-]{36}\n/);
    assert.match(allowed.log!, /Successfully completed authorizer execution\n$/);

    assert.equal((await test({ Authorization: "deny" })).clientStatus, 403);
    assert.equal((await test({ Authorization: "bad" })).clientStatus, 401);
    assert.equal((await test({})).clientStatus, 401);
  });
});
