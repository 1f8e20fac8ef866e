// Replays of LocalStack's TestApiGatewayGatewayResponse, TestApigatewayIntegration,
// TestApigatewayIntegrationResponse, TestApigatewayMethodResponse and TestApiGatewayStage
// (test_apigateway_api.py).
import * as AG from "@aws-sdk/client-api-gateway";
import type { ScenarioContext, ScenarioTable } from "./scenario.js";

const name = () => `test-api-${Math.random().toString(36).slice(2, 10)}`;
const byType = (r: { responseType?: string }) => r.responseType ?? "";
const TEMPLATE =
  '{\n     "message": $context.error.messageString,\n     "type":  "$context.error.responseType",\n     "stage":  "$context.stage",\n     "resourcePath":  "$context.resourcePath",\n     "stageVariables.a":  "$stageVariables.a",\n     "statusCode": "\'404\'"\n}';
const PARAMS = {
  "gatewayresponse.header.x-request-path": "method.request.path.petId",
  "gatewayresponse.header.Access-Control-Allow-Origin": "'a.b.c'",
  "gatewayresponse.header.x-request-query": "method.request.querystring.q",
  "gatewayresponse.header.x-request-header": "method.request.header.Accept",
};

/**
 * The account's CloudWatch role for API Gateway, which AWS requires before a stage may log to
 * CloudWatch Logs; the account the recordings were made in had one (its access log updates
 * succeeded).
 */
async function withCloudWatchRole(t: ScenarioContext): Promise<void> {
  await t.client.send(new AG.UpdateAccountCommand({ patchOperations: [{ op: "replace", path: "/cloudwatchRoleArn", value: "arn:aws:iam::111111111111:role/apigw-cloudwatch" }] }));
}

/** An API whose root GET has a MOCK integration (the fixture most response tests start from). */
async function mockGet(t: ScenarioContext, withResponse = false) {
  const api = await t.client.send(new AG.CreateRestApiCommand({ name: name() }));
  const key = { restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET" };
  await t.client.send(new AG.PutMethodCommand({ ...key, authorizationType: "NONE" }));
  await t.client.send(new AG.PutIntegrationCommand({ ...key, type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }));
  if (withResponse) {
    await t.client.send(
      new AG.PutMethodResponseCommand({ ...key, statusCode: "200", responseParameters: { "method.response.header.my-header": false }, responseModels: { "application/json": "Empty" } }),
    );
  }
  return { api, key };
}

export const responseScenarios: ScenarioTable = {
  "TestApiGatewayGatewayResponse::test_gateway_response_crud": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "APIGW test GatewayResponse" }));
    const key = { restApiId: api.id, responseType: "MISSING_AUTHENTICATION_TOKEN" as const };
    await t.snap("get-gateway-response-default", t.client.send(new AG.GetGatewayResponseCommand(key)));
    await t.snap(
      "put-gateway-response",
      t.client.send(new AG.PutGatewayResponseCommand({ ...key, statusCode: "404", responseParameters: PARAMS, responseTemplates: { "application/json": TEMPLATE } })),
    );
    await t.snap("get-gateway-responses", t.client.send(new AG.GetGatewayResponsesCommand({ restApiId: api.id })), { sortItemsBy: byType });
    await t.snap("get-gateway-response", t.client.send(new AG.GetGatewayResponseCommand(key)));
    await t.snap("delete-gateway-response", t.client.send(new AG.DeleteGatewayResponseCommand(key)));
    await t.snap("get-deleted-gw-response", t.client.send(new AG.GetGatewayResponseCommand(key)));
  },

  "TestApiGatewayGatewayResponse::test_gateway_response_put": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "APIGW test GatewayResponse" }));
    const put = (input: Partial<AG.PutGatewayResponseCommandInput>) =>
      t.client.send(new AG.PutGatewayResponseCommand({ restApiId: api.id, responseType: "MISSING_AUTHENTICATION_TOKEN", ...input }));
    await t.snap("put-gateway-response-all-value", put({ statusCode: "404", responseParameters: PARAMS, responseTemplates: { "application/json": TEMPLATE } }));
    await t.snap("put-gateway-response-status-only", put({ statusCode: "404" }));
    await t.snap("put-gateway-response-response-parameters-only", put({ responseParameters: { "gatewayresponse.header.x-request-header": "method.request.header.Accept" } }));
    await t.snap("put-gateway-response-response-templates-only", put({ responseTemplates: { "application/json": TEMPLATE } }));
    await t.snap(
      "put-gateway-response-default-5xx",
      put({
        responseType: "DEFAULT_5XX",
        statusCode: "599",
        responseParameters: { "gatewayresponse.header.x-request-header": "method.request.header.Accept" },
        responseTemplates: { "application/json": TEMPLATE },
      }),
    );
    await t.snap("put-gateway-response-default-ignored", put({ responseType: "AUTHORIZER_FAILURE", responseParameters: { "gatewayresponse.header.foo": "'bar'" } }));
    await t.snap("get-gateway-responses", t.client.send(new AG.GetGatewayResponsesCommand({ restApiId: api.id })), { sortItemsBy: byType });
  },

  "TestApiGatewayGatewayResponse::test_gateway_response_validation": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "APIGW test GatewayResponse" }));
    // The recorder replaced the random fake id with the text "fake-api-id"; use that text.
    const fake = "fake-api-id";
    const fakeType = "FAKE_RESPONSE_TYPE" as AG.GatewayResponseType;
    await t.snap("get-gateway-responses-no-api", t.client.send(new AG.GetGatewayResponsesCommand({ restApiId: fake })));
    await t.snap("get-gateway-response-no-api", t.client.send(new AG.GetGatewayResponseCommand({ restApiId: fake, responseType: "DEFAULT_4XX" })));
    await t.snap("delete-gateway-response-no-api", t.client.send(new AG.DeleteGatewayResponseCommand({ restApiId: fake, responseType: "DEFAULT_4XX" })));
    await t.snap("update-gateway-response-no-api", t.client.send(new AG.UpdateGatewayResponseCommand({ restApiId: fake, responseType: "DEFAULT_4XX", patchOperations: [] })));
    await t.snap("delete-gateway-response-not-set", t.client.send(new AG.DeleteGatewayResponseCommand({ restApiId: api.id, responseType: "DEFAULT_4XX" })));
    await t.snap("get-gateway-response-wrong-response-type", t.client.send(new AG.GetGatewayResponseCommand({ restApiId: api.id, responseType: fakeType })));
    await t.snap("delete-gateway-response-wrong-response-type", t.client.send(new AG.DeleteGatewayResponseCommand({ restApiId: api.id, responseType: fakeType })));
    await t.snap("update-gateway-response-wrong-response-type", t.client.send(new AG.UpdateGatewayResponseCommand({ restApiId: api.id, responseType: fakeType, patchOperations: [] })));
    await t.snap(
      "put-gateway-response-wrong-response-type",
      t.client.send(new AG.PutGatewayResponseCommand({ restApiId: api.id, responseType: fakeType, statusCode: "404", responseParameters: {}, responseTemplates: {} })),
    );
  },

  "TestApiGatewayGatewayResponse::test_update_gateway_response": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "APIGW test GatewayResponse" }));
    const update = (ops: AG.PatchOperation[], responseType: AG.GatewayResponseType = "DEFAULT_4XX") =>
      t.client.send(new AG.UpdateGatewayResponseCommand({ restApiId: api.id, responseType, patchOperations: ops }));
    const origin = "/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin";
    await t.snap("update-gateway-response-not-set", update([{ op: "replace", path: "/statusCode", value: "444" }]));
    await t.snap("default-get-gateway-response", t.client.send(new AG.GetGatewayResponseCommand({ restApiId: api.id, responseType: "DEFAULT_4XX" })));
    await t.snap(
      "put-gateway-response",
      t.client.send(
        new AG.PutGatewayResponseCommand({
          restApiId: api.id,
          responseType: "DEFAULT_4XX",
          statusCode: "404",
          responseParameters: PARAMS,
          responseTemplates: { "application/json": JSON.stringify({ "application/json": '{"message":$context.error.messageString}' }) },
        }),
      ),
    );
    await t.snap(
      "update-gateway-response",
      update([
        { op: "replace", path: "/statusCode", value: "444" },
        { op: "replace", path: origin, value: "'example.com'" },
        {
          op: "add",
          path: "/responseTemplates/application~1xml",
          value: "<gatewayResponse><message>$context.error.messageString</message><type>$context.error.responseType</type></gatewayResponse>",
        },
      ]),
    );
    await t.snap("get-gateway-response", t.client.send(new AG.GetGatewayResponseCommand({ restApiId: api.id, responseType: "DEFAULT_4XX" })));
    await t.snap("update-gateway-add-status-code", update([{ op: "add", path: "/statusCode", value: "444" }]));
    await t.snap("update-gateway-remove-status-code", update([{ op: "remove", path: "/statusCode" }]));
    await t.snap("update-gateway-replace-invalid-parameter", update([{ op: "replace", path: origin, value: "'example.com'" }], "DEFAULT_5XX"));
    await t.snap("update-gateway-no-path", update([{ op: "add", value: "'example.com'" }]));
    await t.snap("update-gateway-wrong-op", update([{ op: "wrong-op" as AG.Op, path: "/statusCode", value: "'example.com'" }]));
    await t.snap("update-gateway-wrong-path", update([{ op: "add", path: "/wrongPath", value: "'example.com'" }]));
    await t.snap("update-gateway-replace-invalid-parameter-0-none", update([{ op: "replace", path: "/responseTemplates/application~1xml" }]));
    await t.snap("update-gateway-replace-invalid-parameter-1-none", update([{ op: "replace", path: origin }]));
  },

  "TestApigatewayIntegration::test_put_integration_wrong_type": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "APIGW test PutIntegration Types" }));
    await t.snap(
      "put-integration-wrong-type",
      t.client.send(new AG.PutIntegrationCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET", type: "HTTPS_PROXY" as AG.IntegrationType })),
    );
  },

  "TestApigatewayIntegration::test_put_integration_response_validation": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "testing PutIntegrationResponse method exc" }));
    const base = { restApiId: api.id, resourceId: api.rootResourceId };
    await t.client.send(new AG.PutMethodCommand({ ...base, httpMethod: "POST", authorizationType: "NONE" }));
    const integration = (over: object) =>
      t.client.send(new AG.PutIntegrationCommand({ ...base, httpMethod: "GET", integrationHttpMethod: "GET", type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' }, ...over }));
    await t.snap("put-integration-wrong-method", integration({}));
    await t.snap("put-integration-wrong-resource", integration({ resourceId: "badresource" }));
    await integration({ httpMethod: "POST" });
    const response = (over: object) =>
      t.client.send(new AG.PutIntegrationResponseCommand({ ...base, httpMethod: "GET", statusCode: "200", selectionPattern: "", responseTemplates: { "application/json": "{}" }, ...over }));
    await t.snap("put-integration-response-wrong-method", response({}));
    await t.snap("put-integration-response-wrong-resource", response({ resourceId: "badresource" }));
  },

  "TestApigatewayIntegration::test_put_integration_request_parameter_bool_type": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "APIGW test PutIntegration RequestParam" }));
    const base = { restApiId: api.id, resourceId: api.rootResourceId };
    await t.snap(
      "bool-method",
      t.client.send(new AG.PutMethodCommand({ ...base, httpMethod: "GET", authorizationType: "NONE", requestParameters: { "method.request.path.testPath": true } })),
    );
    // The recorded test sent a boolean key (Python's True); JSON object keys are strings, "true".
    await t.snap(
      "put-method-request-param-wrong-type",
      t.client.send(new AG.PutMethodCommand({ ...base, httpMethod: "POST", authorizationType: "NONE", requestParameters: { "method.request.path.testPath": true, true: true } })),
    );
    const integration = (requestParameters: Record<string, unknown>) =>
      t.client.send(new AG.PutIntegrationCommand({ ...base, httpMethod: "GET", type: "HTTP_PROXY", requestParameters: requestParameters as Record<string, string> }));
    await t.snap("put-integration-request-param-wrong-type", integration({ true: true }));
    await t.snap("put-integration-request-param-bool-value", integration({ "integration.request.path.testPath": true }));
  },

  "TestApigatewayIntegrationResponse::test_integration_response_invalid_responsetemplates": async (t) => {
    const { key } = await mockGet(t);
    const put = (responseTemplates: Record<string, unknown>) =>
      t.client.send(new AG.PutIntegrationResponseCommand({ ...key, statusCode: "200", selectionPattern: "", responseTemplates: responseTemplates as Record<string, string> }));
    await t.snap("put-integration-response-invalid-responseTemplates-1", put({ "application/json": 123 }));
    await t.snap("put-integration-response-invalid-responseTemplates-2", put({ 123: '{"statusCode": 200}' }));
  },

  "TestApigatewayIntegrationResponse::test_integration_response_wrong_api": async (t) => {
    const key = { restApiId: "wrong-api", resourceId: "dummy-value", httpMethod: "GET", statusCode: "200" };
    await t.snap("put-integration-response-wrong-api", t.client.send(new AG.PutIntegrationResponseCommand(key)));
    await t.snap("get-integration-response-wrong-api", t.client.send(new AG.GetIntegrationResponseCommand(key)));
  },

  "TestApigatewayIntegrationResponse::test_integration_response_wrong_resource": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "APIGW test Integration Resource" }));
    const key = { restApiId: api.id, resourceId: "wrong-resource", httpMethod: "GET", statusCode: "200" };
    await t.snap("put-integration-response-wrong-resource", t.client.send(new AG.PutIntegrationResponseCommand(key)));
    await t.snap("get-integration-response-wrong-resource", t.client.send(new AG.GetIntegrationResponseCommand(key)));
  },

  "TestApigatewayIntegrationResponse::test_integration_response_wrong_method": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "APIGW test Integration Method" }));
    const key = { restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "wrong-method", statusCode: "200" };
    await t.snap("put-integration-response-wrong-method", t.client.send(new AG.PutIntegrationResponseCommand(key)));
    await t.snap("get-integration-response-wrong-method", t.client.send(new AG.GetIntegrationResponseCommand(key)));
  },

  "TestApigatewayIntegrationResponse::test_integration_response_invalid_statuscode": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "APIGW test Integration Invalid StatusCode" }));
    const key = { restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET", statusCode: "wrong" };
    await t.snap("put-integration-response-invalid-statusCode", t.client.send(new AG.PutIntegrationResponseCommand({ ...key, responseTemplates: { "application/json": '"created"' }, selectionPattern: "" })));
    await t.snap("get-integration-response-invalid-statusCode", t.client.send(new AG.GetIntegrationResponseCommand(key)));
  },

  "TestApigatewayIntegrationResponse::test_integration_response_invalid_integration": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name() }));
    const key = { restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET" };
    await t.client.send(new AG.PutMethodCommand({ ...key, authorizationType: "NONE" }));
    await t.snap("get-integration-response-without-integration", t.client.send(new AG.GetIntegrationResponseCommand({ ...key, statusCode: "200" })));
  },

  "TestApigatewayIntegrationResponse::test_integration_response_wrong_status_code": async (t) => {
    const { key } = await mockGet(t);
    await t.snap("get-integration-response-wrong-status-code", t.client.send(new AG.GetIntegrationResponseCommand({ ...key, statusCode: "201" })));
  },

  "TestApigatewayIntegrationResponse::test_lifecycle_integration_response": async (t) => {
    const { key } = await mockGet(t);
    await t.snap(
      "put-integration-response",
      t.client.send(new AG.PutIntegrationResponseCommand({ ...key, statusCode: "200", responseTemplates: { "application/json": '"created"' }, selectionPattern: "" })),
    );
    await t.snap("get-integration-response", t.client.send(new AG.GetIntegrationResponseCommand({ ...key, statusCode: "200" })));
    await t.snap(
      "update-integration-response",
      t.client.send(
        new AG.UpdateIntegrationResponseCommand({ ...key, statusCode: "200", patchOperations: [{ op: "replace", path: "/selectionPattern", value: "updated-pattern" }] }),
      ),
    );
    await t.snap(
      "overwrite-integration-response",
      t.client.send(new AG.PutIntegrationResponseCommand({ ...key, statusCode: "200", responseTemplates: { "application/json": "overwrite" }, selectionPattern: "overwrite-pattern" })),
    );
    await t.snap("get-method", t.client.send(new AG.GetMethodCommand(key)));
    await t.snap("delete-integration-response", t.client.send(new AG.DeleteIntegrationResponseCommand({ ...key, statusCode: "200" })));
  },

  "TestApigatewayIntegrationResponse::test_delete_integration_response_errors": async (t) => {
    const { api, key } = await mockGet(t);
    await t.snap(
      "put-integration-response",
      t.client.send(new AG.PutIntegrationResponseCommand({ ...key, statusCode: "200", responseTemplates: { "application/json": '"created"' }, selectionPattern: "" })),
    );
    const del = (over: object) => t.client.send(new AG.DeleteIntegrationResponseCommand({ ...key, statusCode: "200", ...over }));
    await t.snap("non-existent-resource", del({ resourceId: "wrong-resource" }));
    await t.snap("non-existent-api-id", del({ restApiId: "wrong-api" }));
    await t.snap("non-existent-method", del({ httpMethod: "POST" }));
    await t.snap("non-existent-status-code", del({ statusCode: "201" }));
    await t.snap("bad-method", del({ httpMethod: "WRONG", resourceId: api.rootResourceId }));
  },

  "TestApigatewayIntegration::test_get_integration_non_existent": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name() }));
    const key = { restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET" };
    await t.snap("get-integration-no-api", t.client.send(new AG.GetIntegrationCommand({ ...key, restApiId: "wrong-api" })));
    await t.snap("get-integration-no-resource", t.client.send(new AG.GetIntegrationCommand({ ...key, resourceId: "wrong-resource" })));
    await t.snap("get-integration-no-method", t.client.send(new AG.GetIntegrationCommand(key)));
    await t.client.send(new AG.PutMethodCommand({ ...key, authorizationType: "NONE" }));
    await t.snap("get-integration-no-integration", t.client.send(new AG.GetIntegrationCommand(key)));
  },

  "TestApigatewayIntegration::test_create_integration_with_vpc_link": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name() }));
    const key = { restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "GET" };
    await t.client.send(new AG.PutMethodCommand({ ...key, authorizationType: "NONE" }));
    await t.snap(
      "put-integration-vpc-link",
      t.client.send(
        new AG.PutIntegrationCommand({
          ...key,
          type: "HTTP_PROXY",
          integrationHttpMethod: "GET",
          uri: "http://my-vpclink-test-nlb-1234567890abcdef.us-east-1.amazonaws.com",
          connectionType: "VPC_LINK",
          connectionId: "${stageVariables.vpcLinkId}",
        }),
      ),
    );
    await t.snap("get-integration-vpc-link", t.client.send(new AG.GetIntegrationCommand(key)));
    await t.snap(
      "update-integration-vpc-link",
      t.client.send(new AG.UpdateIntegrationCommand({ ...key, patchOperations: [{ op: "replace", path: "/connectionId", value: "${stageVariables.vpcLinkIdBeta}" }] })),
    );
    await t.snap("get-integration-update-vpc-link", t.client.send(new AG.GetIntegrationCommand(key)));
  },

  "TestApigatewayIntegration::test_put_integration_response_templates": async (t) => {
    const { key } = await mockGet(t);
    const put = (templates?: Record<string, string>) =>
      t.client.send(new AG.PutIntegrationResponseCommand({ ...key, statusCode: "200", selectionPattern: "", ...(templates ? { responseTemplates: templates } : {}) }));
    await t.snap("put-integration-response-template-none", put({ "application/json": null as unknown as string }));
    await t.snap("put-integration-response-template-empty", put({ "application/json": "" }));
    await t.snap("put-integration-no-response-template", put());
  },

  "TestApigatewayMethodResponse::test_lifecycle_method_response": async (t) => {
    const { key } = await mockGet(t);
    await t.snap("put-method-response", t.client.send(new AG.PutMethodResponseCommand({ ...key, statusCode: "200", responseParameters: {}, responseModels: {} })));
    await t.snap("get-integration-response", t.client.send(new AG.GetMethodResponseCommand({ ...key, statusCode: "200" })));
    const update = (op: AG.Op) =>
      t.client.send(
        new AG.UpdateMethodResponseCommand({
          ...key,
          statusCode: "200",
          patchOperations: [
            { op, path: "/responseParameters/method.response.header.my-header", value: "true" },
            { op, path: "/responseModels/application~1json", value: "Empty" },
          ],
        }),
      );
    await t.snap("add-method-responses", update("add"));
    await t.snap("update-method-responses", update("replace"));
    await t.snap("get-method", t.client.send(new AG.GetMethodCommand(key)));
    await t.snap("delete-method-response", t.client.send(new AG.DeleteMethodResponseCommand({ ...key, statusCode: "200" })));
  },

  "TestApigatewayMethodResponse::test_update_method_response": async (t) => {
    const { key } = await mockGet(t, true);
    const update = (op: AG.Op) =>
      t.client.send(
        new AG.UpdateMethodResponseCommand({
          ...key,
          statusCode: "200",
          patchOperations: [
            { op, path: "/responseParameters/method.response.header.my-header", value: "true" },
            { op, path: "/responseModels/application~1json", value: "Empty" },
          ],
        }),
      );
    await t.snap("remove-update-method-response", update("remove"));
    await t.snap("add-update-method-response", update("add"));
  },

  "TestApigatewayMethodResponse::test_update_method_response_wrong_operations": async (t) => {
    const { key } = await mockGet(t, true);
    const header = { op: "wrong_op" as AG.Op, path: "/responseParameters/method.response.header.my-header", value: "true" };
    const model = { op: "wrong_op" as AG.Op, path: "/responseModels/application~1json", value: "Empty" };
    const update = (ops: AG.PatchOperation[]) => t.client.send(new AG.UpdateMethodResponseCommand({ ...key, statusCode: "200", patchOperations: ops }));
    await t.snap("update-method-response-wrong-operation-1", update([header]));
    await t.snap("update-method-response-wrong-operation-2", update([model]));
    await t.snap("update-method-response-wrong-operation-3", update([header, model]));
    await t.snap("update-method-response-wrong-operation-4", update([header, model, header, model]));
    await t.snap("update-method-response-wrong-operation-5", update([header, { ...model, op: "remove" }, model]));
  },

  "TestApigatewayMethodResponse::test_update_method_response_negative_tests": async (t) => {
    const { key } = await mockGet(t, true);
    const header = { op: "replace" as AG.Op, path: "/responseParameters/method.response.header.my-header", value: "true" };
    const update = (over: object, ops: AG.PatchOperation[] = [header]) =>
      t.client.send(new AG.UpdateMethodResponseCommand({ ...key, statusCode: "200", patchOperations: ops, ...over }));
    await t.snap("update-method-response-wrong-statuscode", update({ statusCode: "201" }));
    await t.snap("update-method-response-invalid-statuscode", update({ statusCode: "wrong" }));
    await t.snap("update-method-response-invalid-statuscode-and-wrong-op", update({ statusCode: "wrong" }, [{ ...header, op: "wrong_op" as AG.Op }]));
    await t.snap("update-method-response-wrong-resource", update({ resourceId: "wrong" }));
    await t.snap("update-method-response-wrong-method", update({ httpMethod: "POST" }));
  },

  "TestApigatewayMethodResponse::test_update_method_lack_response_parameters_and_models": async (t) => {
    const { key } = await mockGet(t);
    await t.client.send(new AG.PutMethodResponseCommand({ ...key, statusCode: "200", responseParameters: {}, responseModels: {} }));
    const update = (op: AG.PatchOperation) => t.client.send(new AG.UpdateMethodResponseCommand({ ...key, statusCode: "200", patchOperations: [op] }));
    await t.snap("update-method-response-operation-without-response-parameters", update({ op: "remove", path: "/responseParameters/method.response.header.my-header", value: "true" }));
    await t.snap("update-method-response-operation-without-response-models", update({ op: "remove", path: "/responseModels/application~1json", value: "Empty" }));
    await t.snap("update-method-response-operation-with-wrong-path", update({ op: "remove", path: "/wrong/method.response.header.my-header", value: "true" }));
  },

  "TestApigatewayMethodResponse::test_update_method_wrong_param_names": async (t) => {
    const { key } = await mockGet(t, true);
    const update = (op: AG.PatchOperation) => t.client.send(new AG.UpdateMethodResponseCommand({ ...key, statusCode: "200", patchOperations: [op] }));
    await t.snap("update-method-response-operation-with-wrong-param-name-1", update({ op: "replace", path: "/responseParameters/wrong", value: "true" }));
    await t.snap("update-method-response-operation-with-wrong-param-name-2", update({ op: "remove", path: "/responseParameters/wrong", value: "true" }));
    await t.snap("update-method-response-operation-with-wrong-param-name-3", update({ op: "replace", path: "/responseModels/wrong", value: "Empty" }));
    await t.snap("update-method-response-operation-with-wrong-param-name-4", update({ op: "remove", path: "/responseModels/wrong", value: "Empty" }));
  },

  "TestApiGatewayStage::test_get_stages_filters_by_deployment_id": async (t) => {
    const { api } = await mockGet(t);
    const d1 = await t.client.send(new AG.CreateDeploymentCommand({ restApiId: api.id }));
    const d2 = await t.client.send(new AG.CreateDeploymentCommand({ restApiId: api.id }));
    await t.client.send(new AG.CreateStageCommand({ restApiId: api.id, stageName: "stage1", deploymentId: d1.id }));
    await t.client.send(new AG.CreateStageCommand({ restApiId: api.id, stageName: "stage2", deploymentId: d2.id }));
    const sortStages = <T extends { item?: AG.Stage[] }>(p: Promise<T>) => p.then((r) => ({ ...r, item: [...(r.item ?? [])].sort((a, b) => (a.stageName! < b.stageName! ? -1 : 1)) }));
    await t.snap("all-stages", sortStages(t.client.send(new AG.GetStagesCommand({ restApiId: api.id }))));
    await t.snap("stages-deploy1", t.client.send(new AG.GetStagesCommand({ restApiId: api.id, deploymentId: d1.id })));
    await t.snap("stages-deploy2", t.client.send(new AG.GetStagesCommand({ restApiId: api.id, deploymentId: d2.id })));
  },

  "TestApiGatewayStage::test_stage_access_log_settings": async (t) => {
    const { api } = await mockGet(t);
    await withCloudWatchRole(t);
    const deployment = await t.snap("create-deployment", t.client.send(new AG.CreateDeploymentCommand({ restApiId: api.id })));
    await t.snap("create-stage", t.client.send(new AG.CreateStageCommand({ restApiId: api.id, stageName: "dev", deploymentId: deployment?.id, description: "dev stage" })));
    const arn = "arn:aws:logs:us-east-1:111111111111:log-group:apigw-access-logs";
    const update = (op: AG.PatchOperation) => t.client.send(new AG.UpdateStageCommand({ restApiId: api.id, stageName: "dev", patchOperations: [op] }));
    await t.snap("update-stage-access-log-dest-add", update({ op: "add", path: "/accessLogSettings/destinationArn", value: arn }));
    await t.snap("update-stage-access-log-dest-replace", update({ op: "replace", path: "/accessLogSettings/destinationArn", value: `${arn}a` }));
    await t.snap("update-stage-access-log-format-add", update({ op: "add", path: "/accessLogSettings/format", value: "$context.requestId $context.identity.sourceIp" }));
    await t.snap("update-stage-access-log-remove-all", update({ op: "remove", path: "/accessLogSettings" }));
  },

  "TestApiGatewayStage::test_stage_access_log_settings_validation": async (t) => {
    const { api } = await mockGet(t);
    await withCloudWatchRole(t);
    const deployment = await t.snap("create-deployment", t.client.send(new AG.CreateDeploymentCommand({ restApiId: api.id })));
    await t.snap("create-stage", t.client.send(new AG.CreateStageCommand({ restApiId: api.id, stageName: "dev", deploymentId: deployment?.id, description: "dev stage" })));
    const update = (op: AG.Op, path: string, value?: string) =>
      t.client.send(new AG.UpdateStageCommand({ restApiId: api.id, stageName: "dev", patchOperations: [{ op, path, ...(value !== undefined ? { value } : {}) }] }));
    const arn = "arn:aws:logs:us-east-1:111111111111:log-group:apigw-access-logs";
    await t.snap("invalid-path-add", update("add", "/accessLogSettings/randomValue", "x"));
    await t.snap("invalid-path-remove", update("remove", "/accessLogSettings/randomValue"));
    await t.snap("invalid-path-replace", update("replace", "/accessLogSettings/randomValue", "x"));
    await t.snap("star-and-add", update("add", "/accessLogSettings/*", "x"));
    await t.snap("star-and-remove", update("remove", "/accessLogSettings/*"));
    await t.snap("star-and-replace", update("replace", "/accessLogSettings/*", "x"));
    await t.snap("root-and-add", update("add", "/accessLogSettings", "x"));
    await t.snap("root-and-replace", update("replace", "/accessLogSettings", "x"));
    await t.snap("update-stage-access-log-dest-add", update("add", "/accessLogSettings/destinationArn", arn));
    await t.snap("update-stage-access-log-destinationArn-empty", update("replace", "/accessLogSettings/destinationArn", ""));
    await t.snap("update-stage-access-log-format-empty", update("replace", "/accessLogSettings/format", ""));
    await t.snap("update-stage-access-log-dest-remove", update("remove", "/accessLogSettings/destinationArn"));
  },
};
