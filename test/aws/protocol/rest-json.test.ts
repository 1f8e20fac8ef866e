// restJson1 round trips with the real Lambda and API Gateway clients.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  ResourceNotFoundException,
  TooManyRequestsException,
} from "@aws-sdk/client-lambda";
import { APIGatewayClient, CreateRestApiCommand, GetResourcesCommand, NotFoundException } from "@aws-sdk/client-api-gateway";
import { ServiceError } from "../../../src/aws/errors.js";
import { getProtocol } from "../../../src/aws/protocol/index.js";
import { loadServiceSpec } from "../../../src/aws/spec/loader.js";
import { asParsed, bodyText, InProcessService, TEST_CLIENT_CONFIG } from "./sdk-harness.js";

function lambda() {
  const service = new InProcessService(loadServiceSpec("lambda"), getProtocol("rest-json"));
  const client = new LambdaClient({ ...TEST_CLIENT_CONFIG, requestHandler: service.requestHandler });
  return { service, client };
}

function apigateway() {
  const service = new InProcessService(loadServiceSpec("apigateway"), getProtocol("rest-json"));
  const client = new APIGatewayClient({ ...TEST_CLIENT_CONFIG, requestHandler: service.requestHandler });
  return { service, client };
}

describe("restJson1 with Lambda", () => {
  it("parses CreateFunction (nested structures, blob zip, maps, lists) and answers 201", async () => {
    const { service, client } = lambda();
    const config = {
      FunctionName: "hello",
      FunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:hello",
      Runtime: "nodejs20.x" as const,
      Timeout: 30,
      MemorySize: 256,
      LastModified: "2024-01-02T03:04:05.000+0000",
      Environment: { Variables: { A: "1", B: "two" } },
      Layers: [{ Arn: "arn:aws:lambda:us-east-1:000000000000:layer:l:1", CodeSize: 10 }],
      State: "Active" as const,
    };
    service.handler = () => config;
    const params = {
      FunctionName: "hello",
      Role: "arn:aws:iam::000000000000:role/r",
      Runtime: "nodejs20.x" as const,
      Handler: "index.handler",
      Code: { ZipFile: new Uint8Array([0x50, 0x4b, 3, 4, 0, 255]) },
      Timeout: 30,
      MemorySize: 256,
      Publish: true,
      Environment: { Variables: { A: "1", B: "two" } },
      Tags: { team: "core" },
      Architectures: ["arm64" as const],
    };
    const out = await client.send(new CreateFunctionCommand(params));
    assert.equal(service.inputs[0]!.operation, "CreateFunction");
    assert.deepEqual(service.lastInput, asParsed(params));
    assert.equal(out.$metadata.httpStatusCode, 201);
    assert.equal(out.$metadata.requestId, service.requestId);
    assert.deepEqual({ ...out, $metadata: undefined }, { ...config, $metadata: undefined });
  });

  it("binds Invoke's path label, Qualifier query, log-type header and raw Payload both ways", async () => {
    const { service, client } = lambda();
    const result = Buffer.from('{"ok":true,"bytes":"\u00e9"}');
    service.handler = () => ({ StatusCode: 200, FunctionError: "Unhandled", LogResult: Buffer.from("START RequestId").toString("base64"), ExecutedVersion: "7", Payload: result });
    const payload = new TextEncoder().encode('{"name":"w\u00f6rld"}');
    const out = await client.send(new InvokeCommand({ FunctionName: "my fn:prod", Qualifier: "7", LogType: "Tail", InvocationType: "RequestResponse", Payload: payload }));
    const req = service.requests[0]!;
    assert.equal(req.method, "POST");
    assert.deepEqual(service.lastInput, asParsed({ FunctionName: "my fn:prod", Qualifier: "7", LogType: "Tail", InvocationType: "RequestResponse", Payload: payload }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, "Unhandled");
    assert.equal(out.ExecutedVersion, "7");
    assert.equal(Buffer.from(out.LogResult!, "base64").toString(), "START RequestId");
    assert.deepEqual(Buffer.from(out.Payload!), result);
  });

  it("takes the status from a statusCode member (202 for an async Invoke) and leaves out an absent payload", async () => {
    const { service, client } = lambda();
    service.handler = () => ({ StatusCode: 202 });
    const out = await client.send(new InvokeCommand({ FunctionName: "f", InvocationType: "Event" }));
    assert.equal(service.lastInput!.Payload, undefined);
    assert.equal(out.StatusCode, 202);
    assert.equal(out.$metadata.httpStatusCode, 202);
  });

  it("reads ListFunctions query parameters and GetFunction, DeleteFunction (status from its StatusCode member, no body)", async () => {
    const { service, client } = lambda();
    service.handler = (op) =>
      op.name === "ListFunctions" ? { Functions: [{ FunctionName: "a" }, { FunctionName: "b" }], NextMarker: "m2" } : op.name === "DeleteFunction" ? { StatusCode: 204 } : {};
    const out = await client.send(new ListFunctionsCommand({ MaxItems: 2, Marker: "m 1&x=y", FunctionVersion: "ALL" }));
    assert.equal(service.inputs[0]!.operation, "ListFunctions");
    assert.deepEqual(service.lastInput, { MaxItems: 2, Marker: "m 1&x=y", FunctionVersion: "ALL" });
    assert.deepEqual(out.Functions, [{ FunctionName: "a" }, { FunctionName: "b" }]);
    assert.equal(out.NextMarker, "m2");
    await client.send(new GetFunctionCommand({ FunctionName: "arn:aws:lambda:us-east-1:000000000000:function:a", Qualifier: "$LATEST" }));
    assert.deepEqual(service.inputs[1], { operation: "GetFunction", input: { FunctionName: "arn:aws:lambda:us-east-1:000000000000:function:a", Qualifier: "$LATEST" } });
    const deleted = await client.send(new DeleteFunctionCommand({ FunctionName: "a" }));
    assert.equal(service.inputs[2]!.operation, "DeleteFunction");
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    assert.equal(service.responses[2]!.body, undefined);
  });

  it("writes modelled errors with x-amzn-ErrorType, the shape's Message casing and extra fields", async () => {
    const { service, client } = lambda();
    service.handler = () => {
      throw new ServiceError("ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope", undefined, { fields: { Type: "User" } });
    };
    const err = await client.send(new GetFunctionCommand({ FunctionName: "nope" })).catch((e: unknown) => e);
    assert.ok(err instanceof ResourceNotFoundException);
    assert.equal(err.message, "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope");
    assert.equal(err.Type, "User");
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.equal(err.$metadata.requestId, service.requestId);
    const res = service.responses[0]!;
    assert.equal(res.headers["x-amzn-ErrorType"], "ResourceNotFoundException");
    assert.deepEqual(JSON.parse(await bodyText(res)), { Message: "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope", Type: "User" });
  });

  it("puts header-bound error members in headers (TooManyRequestsException Retry-After, 429)", async () => {
    const { service, client } = lambda();
    service.handler = () => {
      throw new ServiceError("TooManyRequestsException", "Rate exceeded", undefined, { fields: { retryAfterSeconds: "3", Type: "User", Reason: "ReservedFunctionConcurrentInvocationLimitExceeded" } });
    };
    const err = await client.send(new InvokeCommand({ FunctionName: "f" })).catch((e: unknown) => e);
    assert.ok(err instanceof TooManyRequestsException);
    assert.equal(err.message, "Rate exceeded");
    assert.equal(err.retryAfterSeconds, "3");
    assert.equal(err.Reason, "ReservedFunctionConcurrentInvocationLimitExceeded");
    assert.equal(err.$metadata.httpStatusCode, 429);
    assert.equal(service.responses[0]!.headers["Retry-After"], "3");
  });
});

describe("restJson1 with API Gateway", () => {
  it("parses CreateRestApi and the SDK reads timestamps, maps and lists back", async () => {
    const { service, client } = apigateway();
    const created = new Date("2024-05-06T07:08:09Z");
    service.handler = () => ({ id: "abc123", name: "api", createdDate: created, rootResourceId: "root1", binaryMediaTypes: ["image/png"], tags: { a: "b" }, endpointConfiguration: { types: ["REGIONAL"] } });
    const params = { name: "api", description: "d", binaryMediaTypes: ["image/png"], tags: { a: "b" }, endpointConfiguration: { types: ["REGIONAL" as const] }, disableExecuteApiEndpoint: false, minimumCompressionSize: 0 };
    const out = await client.send(new CreateRestApiCommand(params));
    assert.deepEqual(service.lastInput, params);
    assert.equal(out.$metadata.httpStatusCode, 201);
    assert.deepEqual(out.createdDate, created);
    assert.deepEqual(out.tags, { a: "b" });
    assert.deepEqual(out.endpointConfiguration, { types: ["REGIONAL"] });
  });

  it("binds GetResources labels and list query parameters, and renames items to the wire name 'item'", async () => {
    const { service, client } = apigateway();
    service.handler = () => ({ items: [{ id: "r1", path: "/", resourceMethods: { GET: { httpMethod: "GET", authorizationType: "NONE" } } }], position: "p2" });
    const out = await client.send(new GetResourcesCommand({ restApiId: "abc123", limit: 25, embed: ["methods", "x,y"], position: "p1" }));
    assert.deepEqual(service.lastInput, { restApiId: "abc123", limit: 25, embed: ["methods", "x,y"], position: "p1" });
    assert.ok((await bodyText(service.responses[0]!)).startsWith('{"item":['));
    assert.deepEqual(out.items, [{ id: "r1", path: "/", resourceMethods: { GET: { httpMethod: "GET", authorizationType: "NONE" } } }]);
    assert.equal(out.position, "p2");
  });

  it("writes API Gateway errors with lower-case message", async () => {
    const { service, client } = apigateway();
    service.handler = () => {
      throw new ServiceError("NotFoundException", "Invalid API identifier specified 000000000000:nope");
    };
    const err = await client.send(new GetResourcesCommand({ restApiId: "nope" })).catch((e: unknown) => e);
    assert.ok(err instanceof NotFoundException);
    assert.equal(err.message, "Invalid API identifier specified 000000000000:nope");
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.deepEqual(JSON.parse(await bodyText(service.responses[0]!)), { message: "Invalid API identifier specified 000000000000:nope" });
  });
});
