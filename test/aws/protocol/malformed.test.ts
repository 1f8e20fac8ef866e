// Malformed requests become each protocol's 400-class error, never a thrown TypeError; the
// SDK, shown those error responses, raises them under the right name.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import type { HttpResponse } from "../../../src/aws/http.js";
import { getProtocol } from "../../../src/aws/protocol/index.js";
import type { ProtocolName } from "../../../src/aws/spec/model.js";
import { loadServiceSpec } from "../../../src/aws/spec/loader.js";
import { bodyText, cannedHandler, InProcessService, rawRequest, TEST_CLIENT_CONFIG } from "./sdk-harness.js";

function service(name: string, protocol: ProtocolName) {
  return new InProcessService(loadServiceSpec(name), getProtocol(protocol));
}

async function json(res: HttpResponse): Promise<Record<string, unknown>> {
  return JSON.parse(await bodyText(res)) as Record<string, unknown>;
}

describe("malformed awsJson requests (DynamoDB)", () => {
  const ddb = service("dynamodb", "json");
  const call = (body: string, target = "DynamoDB_20120810.GetItem") =>
    ddb.answer(rawRequest({ headers: { "x-amz-target": target, "content-type": "application/x-amz-json-1.0" }, body }));

  it("answers a body that is not JSON with a bare SerializationException", async () => {
    for (const body of ["{not json", "null", '"text"', "42"]) {
      const res = await call(body);
      assert.equal(res.status, 400, body);
      assert.deepEqual(await json(res), { __type: "com.amazon.coral.service#SerializationException" }, body);
    }
  });

  it("words wrong JSON types as AWS's Coral deserializer does", async () => {
    const cases: Array<[string, string]> = [
      ['{"TableName": 5}', "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String"],
      ['{"TableName": true}', "class java.lang.Boolean can not be converted to an String"],
      ['{"TableName": []}', "Start of list found where not expected"],
      ['{"TableName": {}}', "Start of structure or map found where not expected."],
      ['{"ConsistentRead": "yes"}', "'yes' can not be converted to an Boolean"],
      ['{"Key": "k"}', "Expected map or null"],
      ['{"Key": {"pk": "v"}}', "Expected null"],
      ['{"AttributesToGet": "a"}', "Expected list or null"],
      ['{"Key": {"pk": {"B": "abc"}}}', "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3"],
      ['{"Key": {"pk": {"B": "ab!c"}}}', "'ab!c' can not be converted to a Blob: Invalid Base64 character: '!'"],
      ["[1]", "Start of list found where not expected"],
    ];
    for (const [body, message] of cases) {
      const res = await call(body);
      assert.equal(res.status, 400, body);
      assert.deepEqual(await json(res), { __type: "com.amazon.coral.service#SerializationException", Message: message }, body);
    }
    const limit = await call('{"Limit": "5"}', "DynamoDB_20120810.Query");
    assert.equal((await json(limit)).Message, "class java.lang.String can not be converted to an Integer");
  });

  it("ignores members it does not know and treats null as absent", async () => {
    const res = await call('{"TableName": "t", "Bogus": {"x": 1}, "ConsistentRead": null}');
    assert.equal(res.status, 200);
    assert.deepEqual(ddb.lastInput, { TableName: "t" });
  });

  it("answers a missing, unknown or foreign X-Amz-Target with UnknownOperationException", async () => {
    for (const headers of [{} as Record<string, string>, { "x-amz-target": "DynamoDB_20120810.Nope" }, { "x-amz-target": "Logs_20140328.GetItem" }, { "x-amz-target": "GetItem" }]) {
      const res = await ddb.answer(rawRequest({ headers, body: "{}" }));
      assert.equal(res.status, 400);
      assert.deepEqual(await json(res), { __type: "com.amazon.coral.service#UnknownOperationException" });
    }
  });

  it("the SDK raises our SerializationException by name", async () => {
    const res = await call('{"TableName": 5}');
    const client = new DynamoDBClient({ ...TEST_CLIENT_CONFIG, requestHandler: cannedHandler(res) });
    const err = (await client.send(new GetItemCommand({ TableName: "t", Key: {} })).catch((e: unknown) => e)) as Error & { $metadata: { httpStatusCode: number } };
    assert.equal(err.name, "SerializationException");
    assert.equal(err.message, "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String");
    assert.equal(err.$metadata.httpStatusCode, 400);
  });
});

describe("malformed restJson requests (Lambda, API Gateway)", () => {
  const lambda = service("lambda", "rest-json");

  it("answers a path no operation has with 404 UnknownOperationException", async () => {
    for (const req of [rawRequest({ method: "GET", path: "/2015-03-31/nope" }), rawRequest({ method: "PATCH", path: "/2015-03-31/functions/f" })]) {
      const res = await lambda.answer(req);
      assert.equal(res.status, 404);
      assert.equal(res.headers["x-amzn-ErrorType"], "UnknownOperationException");
    }
  });

  it("answers unreadable JSON bodies with Lambda's InvalidRequestContentException", async () => {
    const res = await lambda.answer(rawRequest({ method: "POST", path: "/2015-03-31/functions", headers: { "content-type": "application/json" }, body: "{oops" }));
    assert.equal(res.status, 400);
    assert.equal(res.headers["x-amzn-ErrorType"], "InvalidRequestContentException");
    const body = await json(res);
    assert.equal(body.Type, "User");
    assert.match(String(body.message), /^Could not parse request body into json: /);
    const typed = await lambda.answer(rawRequest({ method: "POST", path: "/2015-03-31/functions", body: '{"FunctionName": "f", "Timeout": "30"}' }));
    assert.equal(typed.status, 400);
    assert.equal((await json(typed)).message, "Could not parse request body into json: class java.lang.String can not be converted to an Integer");
  });

  it("answers a query parameter of the wrong type with a 400, not a crash", async () => {
    const res = await lambda.answer(rawRequest({ method: "GET", path: "/2015-03-31/functions/", rawQuery: "MaxItems=ten" }));
    assert.equal(res.status, 400);
    assert.equal(res.headers["x-amzn-ErrorType"], "SerializationException");
  });

  it("answers API Gateway's unreadable bodies with SerializationException", async () => {
    const apigw = service("apigateway", "rest-json");
    const res = await apigw.answer(rawRequest({ method: "POST", path: "/restapis", body: '{"name": true}' }));
    assert.equal(res.status, 400);
    assert.equal(res.headers["x-amzn-ErrorType"], "SerializationException");
    assert.deepEqual(await json(res), { Message: "class java.lang.Boolean can not be converted to an String" });
  });
});

describe("malformed query requests (STS, SNS)", () => {
  const sts = service("sts", "query");
  const form = { "content-type": "application/x-www-form-urlencoded; charset=utf-8" };

  it("answers a request without Action with MissingAction", async () => {
    const res = await sts.answer(rawRequest({ headers: form, body: "Version=2011-06-15" }));
    assert.equal(res.status, 400);
    assert.match(await bodyText(res), /<Error><Type>Sender<\/Type><Code>MissingAction<\/Code><Message>Missing Action<\/Message><\/Error>/);
  });

  it("answers an unknown Action with InvalidAction and the SDK raises it by name", async () => {
    const res = await sts.answer(rawRequest({ headers: form, body: "Action=Nope&Version=2011-06-15" }));
    assert.equal(res.status, 400);
    assert.match(await bodyText(res), /<Code>InvalidAction<\/Code><Message>The action Nope is not valid for this web service.<\/Message>/);
    const client = new STSClient({ ...TEST_CLIENT_CONFIG, requestHandler: cannedHandler(res) });
    const err = (await client.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e)) as Error & { $metadata: { requestId: string } };
    assert.equal(err.name, "InvalidAction");
    assert.equal(err.message, "The action Nope is not valid for this web service.");
    assert.equal(err.$metadata.requestId, sts.requestId);
  });

  it("answers a value of the wrong type with InvalidParameterValue naming the parameter", async () => {
    const res = await sts.answer(rawRequest({ headers: form, body: "Action=AssumeRole&RoleArn=a&RoleSessionName=s&DurationSeconds=long" }));
    assert.equal(res.status, 400);
    assert.match(await bodyText(res), /<Code>InvalidParameterValue<\/Code><Message>Value long for parameter DurationSeconds is invalid\. Reason: /);
  });

  it("reads GET requests with the parameters in the query string", async () => {
    sts.handler = () => ({ Account: "000000000000" });
    const res = await sts.answer(rawRequest({ method: "GET", rawQuery: "Action=GetCallerIdentity&Version=2011-06-15" }));
    assert.equal(res.status, 200);
    assert.equal(sts.inputs.at(-1)!.operation, "GetCallerIdentity");
  });

  it("reads an empty list (Name=) and ignores indexes that are not numbers", async () => {
    const sns = service("sns", "query");
    await sns.answer(rawRequest({ headers: form, body: "Action=CreateTopic&Name=t&Tags=&Attributes.entry.x.key=a&Attributes.entry.1.key=k&Attributes.entry.1.value=v" }));
    assert.deepEqual(sns.lastInput, { Name: "t", Tags: [], Attributes: { k: "v" } });
  });
});

describe("malformed restXml requests (S3)", () => {
  const s3 = service("s3", "rest-xml");
  const createBucket = (body: string) => s3.answer(rawRequest({ method: "PUT", path: "/b", body }));

  it("answers XML that is not well-formed, has the wrong root or a DOCTYPE with MalformedXML", async () => {
    for (const body of [
      "<CreateBucketConfiguration><LocationConstraint>eu-west-1</CreateBucketConfiguration>",
      "<Other><LocationConstraint>eu-west-1</LocationConstraint></Other>",
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><CreateBucketConfiguration><LocationConstraint>&a;</LocationConstraint></CreateBucketConfiguration>',
      "not xml at all",
    ]) {
      const res = await createBucket(body);
      assert.equal(res.status, 400, body);
      assert.match(await bodyText(res), /<Error><Code>MalformedXML<\/Code><Message>The XML you provided was not well-formed or did not validate against our published schema<\/Message>/);
    }
  });

  it("the SDK raises MalformedXML by name with S3's request ids", async () => {
    const res = await createBucket("<oops");
    const client = new S3Client({ ...TEST_CLIENT_CONFIG, forcePathStyle: true, requestHandler: cannedHandler(res) });
    const err = (await client.send(new CreateBucketCommand({ Bucket: "b" })).catch((e: unknown) => e)) as Error & { $metadata: { requestId: string; extendedRequestId: string } };
    assert.equal(err.name, "MalformedXML");
    assert.equal(err.$metadata.requestId, s3.requestId);
    assert.equal(err.$metadata.extendedRequestId, res.headers["x-amz-id-2"]);
  });

  it("answers a method no operation has on the path with 405 MethodNotAllowed", async () => {
    const res = await s3.answer(rawRequest({ method: "PATCH", path: "/b/k" }));
    assert.equal(res.status, 405);
    assert.match(await bodyText(res), /<Code>MethodNotAllowed<\/Code>/);
  });

  it("answers a query parameter of the wrong type with InvalidArgument", async () => {
    const res = await s3.answer(rawRequest({ method: "GET", path: "/b", rawQuery: "list-type=2&max-keys=many" }));
    assert.equal(res.status, 400);
    assert.match(await bodyText(res), /<Code>InvalidArgument<\/Code>/);
  });
});
