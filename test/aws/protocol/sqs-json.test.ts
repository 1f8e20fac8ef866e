// SQS speaks awsJson1_0 to current SDKs (awsQueryCompatible): round trips with the real client,
// including the x-amzn-query-error header the SDK turns into the query error code.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { QueueDoesNotExist, ReceiveMessageCommand, SendMessageCommand, SQSClient, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { ServiceError } from "../../../src/aws/errors.js";
import { detectProtocol, getProtocol } from "../../../src/aws/protocol/index.js";
import { loadServiceSpec } from "../../../src/aws/spec/loader.js";
import { asParsed, InProcessService, TEST_CLIENT_CONFIG } from "./sdk-harness.js";

const md5 = (text: string) => createHash("md5").update(text).digest("hex");
const queueUrl = "http://localhost:4566/000000000000/q";

function sqs() {
  const service = new InProcessService(loadServiceSpec("sqs"), getProtocol("json"));
  const client = new SQSClient({ ...TEST_CLIENT_CONFIG, requestHandler: service.requestHandler });
  return { service, client };
}

describe("awsJson1_0 with SQS", () => {
  it("the SDK's SQS requests are recognised as JSON, not query", async () => {
    const { service, client } = sqs();
    service.handler = () => ({ Attributes: { VisibilityTimeout: "30" } });
    await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["VisibilityTimeout"] }));
    const req = service.requests[0]!;
    assert.equal(req.headers["x-amz-target"], "AmazonSQS.GetQueueAttributes");
    assert.equal(detectProtocol(service.spec, req).name, "json");
    assert.deepEqual(service.lastInput, { QueueUrl: queueUrl, AttributeNames: ["VisibilityTimeout"] });
  });

  it("parses SendMessage with string and binary message attributes", async () => {
    const { service, client } = sqs();
    const body = "hello <sqs> & friends";
    service.handler = () => ({ MessageId: "5fea7756-0ea4-451a-a703-a558b933e274", MD5OfMessageBody: md5(body) });
    const params = {
      QueueUrl: queueUrl,
      MessageBody: body,
      DelaySeconds: 5,
      MessageAttributes: {
        city: { DataType: "String", StringValue: "Any City" },
        blob: { DataType: "Binary", BinaryValue: new Uint8Array([1, 2, 3]) },
      },
    };
    const out = await client.send(new SendMessageCommand(params));
    assert.deepEqual(service.lastInput, asParsed(params));
    assert.equal(out.MessageId, "5fea7756-0ea4-451a-a703-a558b933e274");
    assert.equal(service.responses[0]!.headers["Content-Type"], "application/x-amz-json-1.0");
  });

  it("writes ReceiveMessage's messages, attributes and message attributes the SDK reads back", async () => {
    const { service, client } = sqs();
    const message = {
      MessageId: "m1",
      ReceiptHandle: "rh1",
      Body: "b",
      MD5OfBody: md5("b"),
      Attributes: { SentTimestamp: "1700000000000", ApproximateReceiveCount: "1" },
      MessageAttributes: { city: { DataType: "String", StringValue: "Any City" } },
    };
    service.handler = () => ({ Messages: [message] });
    const out = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ["All"], MessageSystemAttributeNames: ["All"] }));
    assert.deepEqual(service.lastInput, { QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ["All"], MessageSystemAttributeNames: ["All"] });
    assert.deepEqual(out.Messages, [message]);
  });

  it("answers errors with the namespaced __type and the x-amzn-query-error header", async () => {
    const { service, client } = sqs();
    service.handler = () => {
      throw new ServiceError("QueueDoesNotExist", "The specified queue does not exist.");
    };
    const err = await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "x" })).catch((e: unknown) => e);
    assert.ok(err instanceof QueueDoesNotExist);
    assert.equal(err.message, "The specified queue does not exist.");
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal((err as unknown as { Code: string }).Code, "AWS.SimpleQueueService.NonExistentQueue");
    const res = service.responses[0]!;
    assert.equal(res.headers["x-amzn-query-error"], "AWS.SimpleQueueService.NonExistentQueue;Sender");
    assert.deepEqual(JSON.parse(String(res.body)), { __type: "com.amazonaws.sqs#QueueDoesNotExist", message: "The specified queue does not exist." });
  });
});
