// Replays of LocalStack's TestApiGatewayApiMethod, TestApiGatewayApiModels,
// TestApiGatewayApiRequestValidator and TestApiGatewayApiAuthorizer (test_apigateway_api.py).
import * as AG from "@aws-sdk/client-api-gateway";
import type { ScenarioTable } from "./scenario.js";

const name = () => `test-api-${Math.random().toString(36).slice(2, 10)}`;
const TOKEN_URI =
  "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:myApiAuthorizer/invocations";
const CALC_SCHEMA =
  '{\n\t"title": "Calc output",\n\t"type": "object",\n\t"properties": {\n\t\t"a": {\n\t\t\t"type": "number"\n\t\t},\n\t\t"b": {\n\t\t\t"type": "number"\n\t\t},\n\t\t"op": {\n\t\t\t"description": "operation of +, -, * or /",\n\t\t\t"type": "string"\n\t\t},\n\t\t"c": {\n\t\t    "type": "number"\n\t\t}\n\t},\n\t"required": ["a", "b", "op"]\n}\n';

export const methodScenarios: ScenarioTable = {
  "TestApiGatewayApiMethod::test_method_lifecycle": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "testing resource method lifecycle" }));
    const key = { restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "ANY" };
    await t.snap("put-base-method-response", t.client.send(new AG.PutMethodCommand({ ...key, authorizationType: "NONE" })));
    await t.snap("get-base-method-response", t.client.send(new AG.GetMethodCommand(key)));
    await t.snap("del-base-method-response", t.client.send(new AG.DeleteMethodCommand(key)));
    await t.snap("get-deleted-method-response", t.client.send(new AG.GetMethodCommand(key)));
    await t.snap("delete-deleted-method-response", t.client.send(new AG.DeleteMethodCommand(key)));
  },

  "TestApiGatewayApiMethod::test_method_request_parameters": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "testing resource method request params" }));
    const key = { restApiId: api.id, resourceId: api.rootResourceId };
    await t.snap(
      "put-method-request-params-response",
      t.client.send(
        new AG.PutMethodCommand({
          ...key,
          httpMethod: "ANY",
          authorizationType: "NONE",
          requestParameters: {
            "method.request.querystring.q_optional": false,
            "method.request.querystring.q_required": true,
            "method.request.header.h_optional": false,
            "method.request.header.h_required": true,
          },
        }),
      ),
    );
    await t.snap("get-method-request-params-response", t.client.send(new AG.GetMethodCommand({ ...key, httpMethod: "ANY" })));
    await t.snap(
      "req-params-same-name",
      t.client.send(
        new AG.PutMethodCommand({
          ...key,
          httpMethod: "GET",
          authorizationType: "NONE",
          requestParameters: { "method.request.querystring.optional": false, "method.request.header.optional": false },
        }),
      ),
    );
  },

  "TestApiGatewayApiMethod::test_put_method_model": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "testing resource method model" }));
    const rootKey = { restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "ANY" };
    const model = (n: string) =>
      t.client.send(new AG.CreateModelCommand({ name: n, restApiId: api.id, contentType: "application/json", description: "", schema: JSON.stringify({ title: n, type: "object" }) }));
    await t.snap("create-model", model("MySchema"));
    await t.snap("create-model-2", model("MySchemaTwo"));
    await t.snap("put-method-request-models", t.client.send(new AG.PutMethodCommand({ ...rootKey, authorizationType: "NONE", requestModels: { "application/json": "MySchema" } })));
    const deleteModel = (n: string) => t.client.send(new AG.DeleteModelCommand({ restApiId: api.id, modelName: n }));
    await t.snap("delete-model-used", deleteModel("MySchema"));
    await t.snap(
      "update-method-model",
      t.client.send(new AG.UpdateMethodCommand({ ...rootKey, patchOperations: [{ op: "replace", path: "/requestModels/application~1json", value: "MySchemaTwo" }] })),
    );
    await t.snap("delete-model-unused", deleteModel("MySchema"));
    await t.snap("delete-model-used-2", deleteModel("MySchemaTwo"));
    const resource = await t.client.send(new AG.CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: "test" }));
    const subKey = { restApiId: api.id, resourceId: resource.id, httpMethod: "ANY" };
    await t.snap("put-method-2-request-models", t.client.send(new AG.PutMethodCommand({ ...subKey, authorizationType: "NONE", requestModels: { "application/json": "MySchemaTwo" } })));
    await t.snap("delete-model-used-by-2-method", deleteModel("MySchemaTwo"));
    await t.snap(
      "update-method-model-2",
      t.client.send(new AG.UpdateMethodCommand({ ...subKey, patchOperations: [{ op: "remove", path: "/requestModels/application~1json", value: "MySchemaTwo" }] })),
    );
    await t.snap("delete-model-used-by-method-1", deleteModel("MySchemaTwo"));
    await t.snap("delete-method-using-model-2", t.client.send(new AG.DeleteMethodCommand(rootKey)));
    await t.snap("delete-model-unused-2", deleteModel("MySchemaTwo"));
  },

  "TestApiGatewayApiMethod::test_put_method_validation": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "testing resource method request params" }));
    const put = (input: Partial<AG.PutMethodCommandInput>) =>
      t.client.send(new AG.PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "ANY", authorizationType: "NONE", ...input }));
    await t.snap("wrong-api", put({ restApiId: "fake-api", httpMethod: "WRONG" }));
    await t.snap("wrong-resource", put({ resourceId: "fake-resource-id", httpMethod: "WRONG" }));
    await t.snap("wrong-method", put({ httpMethod: "WRONG" }));
    await t.snap("missing-authorizer-id", put({ authorizationType: "CUSTOM" }));
    await t.snap("invalid-request-validator", put({ requestValidatorId: "fake-validator" }));
    await t.snap("invalid-model-name", put({ requestModels: { "application/json": "petModel" } }));
  },

  "TestApiGatewayApiMethod::test_update_method": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "testing update method" }));
    const key = { restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "ANY" };
    const patch = (ops: AG.PatchOperation[]) => t.client.send(new AG.UpdateMethodCommand({ ...key, patchOperations: ops }));
    await t.snap("put-method-response", t.client.send(new AG.PutMethodCommand({ ...key, authorizationType: "NONE" })));
    await t.snap(
      "update-method-add",
      patch([
        { op: "add", path: "/requestParameters/method.request.querystring.optional", value: "true" },
        { op: "add", path: "/requestModels/application~1json", value: "Empty" },
      ]),
    );
    await t.snap(
      "update-method-replace",
      patch([
        { op: "replace", path: "/operationName", value: "ReplacedOperationName" },
        { op: "replace", path: "/apiKeyRequired", value: "true" },
        { op: "replace", path: "/authorizationType", value: "AWS_IAM" },
        { op: "replace", path: "/requestParameters/method.request.querystring.optional", value: "false" },
      ]),
    );
    const authorizer = await t.client.send(
      new AG.CreateAuthorizerCommand({ restApiId: api.id, name: "authorizer-test", type: "TOKEN", authorizerUri: TOKEN_URI, identitySource: "method.request.header.Authorization" }),
    );
    await t.snap(
      "update-method-replace-authorizer",
      patch([
        { op: "replace", path: "/authorizerId", value: authorizer.id },
        { op: "replace", path: "/authorizationType", value: "CUSTOM" },
      ]),
    );
    await t.snap(
      "update-method-remove",
      patch([
        { op: "remove", path: "/requestParameters/method.request.querystring.optional", value: "true" },
        { op: "remove", path: "/requestModels/application~1json", value: "Empty" },
      ]),
    );
  },

  "TestApiGatewayApiMethod::test_update_method_validation": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "testing resource method request params" }));
    const key = { restApiId: api.id, resourceId: api.rootResourceId, httpMethod: "ANY" };
    const patch = (ops: AG.PatchOperation[], over: object = {}) => t.client.send(new AG.UpdateMethodCommand({ ...key, ...over, patchOperations: ops }));
    await t.snap("wrong-rest-api", patch([], { restApiId: "fake-api" }));
    await t.snap("wrong-resource-id", patch([], { resourceId: "fake-resource-id" }));
    await t.snap("method-does-not-exist", patch([{ op: "replace", path: "/operationName", value: "methodDoesNotExist" }], { httpMethod: "GET" }));
    await t.snap("put-method-response", t.client.send(new AG.PutMethodCommand({ ...key, authorizationType: "NONE", apiKeyRequired: true })));
    await t.snap("unsupported-operation", patch([{ op: "add", path: "/operationName", value: "operationName" }]));
    await t.snap("unsupported-operation-2", patch([{ op: "add", path: "/requestValidatorId", value: "wrong-id" }]));
    await t.snap("unsupported-path", patch([{ op: "add", path: "/httpMethod", value: "PUT" }]));
    await t.snap("wrong-path-request-parameters", patch([{ op: "replace", path: "/requestParameters", value: "method.request.querystring.optional=false" }]));
    await t.snap("wrong-path-request-models", patch([{ op: "add", path: "/requestModels/application/json", value: "Empty" }]));
    await t.snap("wrong-value-type", patch([{ op: "replace", path: "/apiKeyRequired", value: "whatever" }]));
    await t.snap("wrong-auth-type", patch([{ op: "replace", path: "/authorizationType", value: "CUSTOM" }]));
    await t.snap("skip-auth-id-with-wrong-type", patch([{ op: "replace", path: "/authorizerId", value: "abc123" }]));
    await t.snap(
      "wrong-auth-id",
      patch([
        { op: "replace", path: "/authorizationType", value: "CUSTOM" },
        { op: "replace", path: "/authorizerId", value: "abc123" },
      ]),
    );
    await t.snap("wrong-req-validator-id", patch([{ op: "replace", path: "/requestValidatorId", value: "fake-id" }]));
  },

  "TestApiGatewayApiModels::test_model_lifecycle": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "testing resource model lifecycle" }));
    await t.snap(
      "create-model",
      t.client.send(new AG.CreateModelCommand({ name: "CalcOutput", restApiId: api.id, contentType: "application/json", description: "Calc output model", schema: CALC_SCHEMA })),
    );
    await t.snap("get-models", t.client.send(new AG.GetModelsCommand({ restApiId: api.id })), { sortItemsBy: (m) => m.name });
    await t.snap("get-model", t.client.send(new AG.GetModelCommand({ restApiId: api.id, modelName: "CalcOutput" })));
    await t.snap("del-model", t.client.send(new AG.DeleteModelCommand({ restApiId: api.id, modelName: "CalcOutput" })));
  },

  "TestApiGatewayApiModels::test_model_validation": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "testing resource model lifecycle" }));
    const schema = JSON.stringify({ title: "MySchema", type: "object" });
    const create = (input: Partial<AG.CreateModelCommandInput>) =>
      t.client.send(new AG.CreateModelCommand({ name: "MySchema", restApiId: api.id, contentType: "application/json", description: "", ...input }));
    await t.snap("create-model-wrong-id", create({ restApiId: "abcde0", description: "Test model", schema }));
    await t.snap("get-models-wrong-id", t.client.send(new AG.GetModelsCommand({ restApiId: "abcde0" })));
    await t.snap("get-model-wrong-id", t.client.send(new AG.GetModelCommand({ restApiId: "abcde0", modelName: "MySchema" })));
    await t.snap("del-model-wrong-id", t.client.send(new AG.DeleteModelCommand({ restApiId: "abcde0", modelName: "MySchema" })));
    await create({ schema });
    await t.snap("create-model-already-exists", create({ schema }));
    await t.snap("create-model-empty-name", create({ name: "", schema }));
    await t.snap("create-model-empty-schema", create({ name: "MyEmptySchema", schema: "" }));
    await t.snap("create-model-no-schema-json", create({ name: "MyEmptySchema" }));
    await t.snap("create-model-no-schema-xml", create({ name: "MyEmptySchemaXml", contentType: "application/xml" }));
  },

  "TestApiGatewayApiModels::test_update_model": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "testing update resource model" }));
    const ops: AG.PatchOperation[] = [
      { op: "replace", path: "/schema", value: JSON.stringify({ title: "Updated schema", type: "object" }) },
      { op: "replace", path: "/description", value: "" },
    ];
    const update = (patchOperations: AG.PatchOperation[], restApiId = api.id, modelName = "MySchema") =>
      t.client.send(new AG.UpdateModelCommand({ restApiId, modelName, patchOperations }));
    await t.snap("update-model-wrong-id", update(ops, "abcde0", "mySchema"));
    await t.snap(
      "create-model",
      t.client.send(new AG.CreateModelCommand({ name: "MySchema", restApiId: api.id, contentType: "application/json", description: "", schema: JSON.stringify({ title: "MySchema", type: "object" }) })),
    );
    await t.snap("update-model", update(ops));
    await t.snap("update-model-invalid-op", update([{ op: "add", path: "/wrong-path", value: "not supported op" }]));
    await t.snap("update-model-invalid-path", update([{ op: "replace", path: "/name", value: "invalid" }]));
    await t.snap("update-model-empty-schema", update([{ op: "replace", path: "/schema", value: "" }]));
  },

  "TestApiGatewayApiRequestValidator::test_validators_crud_no_api": async (t) => {
    await t.snap(
      "wrong-rest-api-id-create-validator",
      t.client.send(new AG.CreateRequestValidatorCommand({ restApiId: "test-fake-rest-id", name: "test-validator", validateRequestBody: true, validateRequestParameters: false })),
    );
    await t.snap("wrong-rest-api-id-get-validators", t.client.send(new AG.GetRequestValidatorsCommand({ restApiId: "test-fake-rest-id" })));
  },

  "TestApiGatewayApiRequestValidator::test_request_validator_lifecycle": async (t) => {
    const api = await t.snap("create-rest-api", t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "my api" })));
    const restApiId = api?.id;
    const v = await t.snap("create-request-validator", t.client.send(new AG.CreateRequestValidatorCommand({ restApiId, name: "test-validator-x" })));
    const requestValidatorId = v?.id;
    await t.snap("get-request-validator", t.client.send(new AG.GetRequestValidatorCommand({ restApiId, requestValidatorId })));
    await t.snap("get-request-validators", t.client.send(new AG.GetRequestValidatorsCommand({ restApiId })));
    const update = (op: AG.PatchOperation) => t.client.send(new AG.UpdateRequestValidatorCommand({ restApiId, requestValidatorId, patchOperations: [op] }));
    await t.snap("update-request-validator-with-value", update({ op: "replace", path: "/validateRequestBody", value: "true" }));
    await t.snap("update-request-validator-without-value", update({ op: "replace", path: "/validateRequestBody" }));
    await t.snap("get-request-validators-after-update-operation", t.client.send(new AG.GetRequestValidatorCommand({ restApiId, requestValidatorId })));
    await t.snap("delete-request-validator", t.client.send(new AG.DeleteRequestValidatorCommand({ restApiId, requestValidatorId })));
    await t.snap("get-deleted-request-validator", t.client.send(new AG.GetRequestValidatorCommand({ restApiId, requestValidatorId })));
    await t.snap("get-request-validators-after-delete", t.client.send(new AG.GetRequestValidatorsCommand({ restApiId })));
  },

  "TestApiGatewayApiRequestValidator::test_invalid_get_request_validator": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "my api" }));
    const v = await t.client.send(new AG.CreateRequestValidatorCommand({ restApiId: api.id, name: "test-validator-x" }));
    await t.snap("get-request-validators-invalid-api-id", t.client.send(new AG.GetRequestValidatorCommand({ restApiId: "api_id", requestValidatorId: v.id })));
    await t.snap("get-request-validators-invalid-validator-id", t.client.send(new AG.GetRequestValidatorCommand({ restApiId: api.id, requestValidatorId: "validator_id" })));
  },

  "TestApiGatewayApiRequestValidator::test_invalid_get_request_validators": async (t) => {
    await t.snap("get-invalid-request-validators", t.client.send(new AG.GetRequestValidatorsCommand({ restApiId: "api_id" })));
  },

  "TestApiGatewayApiRequestValidator::test_invalid_delete_request_validator": async (t) => {
    const api = await t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "my api" }));
    const v = await t.client.send(new AG.CreateRequestValidatorCommand({ restApiId: api.id, name: "test-validator-x" }));
    await t.snap("delete-request-validator-invalid-api-id", t.client.send(new AG.DeleteRequestValidatorCommand({ restApiId: "api_id", requestValidatorId: v.id })));
    await t.snap("delete-request-validator-invalid-validator-id", t.client.send(new AG.DeleteRequestValidatorCommand({ restApiId: api.id, requestValidatorId: "validator_id" })));
  },

  "TestApiGatewayApiRequestValidator::test_create_request_validator_invalid_api_id": async (t) => {
    await t.snap("invalid-create-request-validator", t.client.send(new AG.CreateRequestValidatorCommand({ restApiId: "api_id", name: "test-validator-x" })));
  },

  "TestApiGatewayApiRequestValidator::test_invalid_update_request_validator_operations": async (t) => {
    const api = await t.snap("create-rest-api", t.client.send(new AG.CreateRestApiCommand({ name: name(), description: "my api" })));
    const v = await t.snap("create-request-validator", t.client.send(new AG.CreateRequestValidatorCommand({ restApiId: api?.id, name: "test-validator-x" })));
    const update = (op: AG.PatchOperation) => t.client.send(new AG.UpdateRequestValidatorCommand({ restApiId: api?.id, requestValidatorId: v?.id, patchOperations: [op] }));
    await t.snap("update-request-validator-invalid-add-operation", update({ op: "add", path: "/validateRequestBody", value: "true" }));
    await t.snap("update-request-validator-invalid-remove-operation", update({ op: "remove", path: "/validateRequestBody", value: "true" }));
    await t.snap("update-request-validator-invalid-path", update({ op: "replace", path: "/invalidPath", value: "true" }));
    await t.snap("update-request-validator-empty-name-value", update({ op: "replace", path: "/name" }));
  },

  "TestApiGatewayApiAuthorizer::test_authorizer_crud_no_api": async (t) => {
    await t.snap(
      "wrong-rest-api-id-create-authorizer",
      t.client.send(
        new AG.CreateAuthorizerCommand({
          restApiId: "test-fake-rest-id",
          name: "fake-auth-name",
          type: "TOKEN",
          authorizerUri: TOKEN_URI,
          identitySource: "method.request.header.Authorization",
        }),
      ),
    );
    await t.snap("wrong-rest-api-id-get-authorizers", t.client.send(new AG.GetAuthorizersCommand({ restApiId: "test-fake-rest-id" })));
  },
};
