// Operations Nimbus does not implement answer NotImplemented (HTTP 501) in the protocol the
// client spoke, and the real SDK reads it as an error, never as a fake success.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CloudWatchLogsClient, PutDeliverySourceCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient, ListExportsCommand } from "@aws-sdk/client-dynamodb";
import { GetCodeSigningConfigCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetBucketIntelligentTieringConfigurationCommand, S3Client } from "@aws-sdk/client-s3";
import { CreatePlatformApplicationCommand, SNSClient } from "@aws-sdk/client-sns";
import { ListQueueTagsCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { NimbusNode } from "../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";

describe("NotImplemented in every protocol", () => {
  let node: NimbusNode;
  before(async () => {
    node = await startTestNimbus();
  });
  after(() => node.stop());

  const expectNotImplemented = async (call: Promise<unknown>) => {
    await assert.rejects(call, (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(err.name, "NotImplemented");
      assert.match(err.message, /not implemented in Nimbus/);
      assert.equal(err.$metadata?.httpStatusCode, 501);
      return true;
    });
  };

  it("awsJson1_0 (DynamoDB)", async () => {
    const c = new DynamoDBClient(clientConfig(node));
    await expectNotImplemented(c.send(new ListExportsCommand({})));
  });
  it("awsJson1_0 + query compatible (SQS)", async () => {
    const c = new SQSClient(clientConfig(node));
    await expectNotImplemented(c.send(new ListQueueTagsCommand({ QueueUrl: `${node.endpoint}/000000000000/q` })));
  });
  it("awsJson1_1 (CloudWatch Logs)", async () => {
    const c = new CloudWatchLogsClient(clientConfig(node));
    await expectNotImplemented(c.send(new PutDeliverySourceCommand({ name: "s", resourceArn: "arn:aws:s3:::b", logType: "ACCESS_LOGS" })));
  });
  it("restJson1 (Lambda)", async () => {
    const c = new LambdaClient(clientConfig(node));
    await expectNotImplemented(c.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: "arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdef0" })));
  });
  it("awsQuery (SNS)", async () => {
    const c = new SNSClient(clientConfig(node));
    await expectNotImplemented(c.send(new CreatePlatformApplicationCommand({ Name: "p", Platform: "GCM", Attributes: {} })));
  });
  it("restXml (S3)", async () => {
    const c = new S3Client({ ...clientConfig(node), forcePathStyle: true });
    await expectNotImplemented(c.send(new GetBucketIntelligentTieringConfigurationCommand({ Bucket: "b", Id: "x" })));
  });
});
