// awsQuery round trips with the real STS and SNS clients.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AssumeRoleCommand, ExpiredTokenException, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import {
  CreateTopicCommand,
  GetTopicAttributesCommand,
  ListTopicsCommand,
  NotFoundException,
  PublishCommand,
  SNSClient,
  DeleteTopicCommand,
} from "@aws-sdk/client-sns";
import { ServiceError } from "../../../src/aws/errors.js";
import { getProtocol } from "../../../src/aws/protocol/index.js";
import { loadServiceSpec } from "../../../src/aws/spec/loader.js";
import { asParsed, bodyText, InProcessService, TEST_CLIENT_CONFIG } from "./sdk-harness.js";

function sts() {
  const service = new InProcessService(loadServiceSpec("sts"), getProtocol("query"));
  const client = new STSClient({ ...TEST_CLIENT_CONFIG, requestHandler: service.requestHandler });
  return { service, client };
}

function sns() {
  const service = new InProcessService(loadServiceSpec("sns"), getProtocol("query"));
  const client = new SNSClient({ ...TEST_CLIENT_CONFIG, requestHandler: service.requestHandler });
  return { service, client };
}

describe("awsQuery with STS", () => {
  it("answers GetCallerIdentity (no input members) in the STS response envelope", async () => {
    const { service, client } = sts();
    service.handler = () => ({ UserId: "AIDAEXAMPLE", Account: "000000000000", Arn: "arn:aws:iam::000000000000:root" });
    const out = await client.send(new GetCallerIdentityCommand({}));
    assert.deepEqual(service.inputs[0], { operation: "GetCallerIdentity", input: {} });
    assert.equal(out.Account, "000000000000");
    assert.equal(out.Arn, "arn:aws:iam::000000000000:root");
    assert.equal(out.UserId, "AIDAEXAMPLE");
    assert.equal(out.$metadata.requestId, service.requestId);
    const res = service.responses[0]!;
    assert.equal(res.headers["Content-Type"], "text/xml");
    assert.equal(
      await bodyText(res),
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
        "<UserId>AIDAEXAMPLE</UserId><Account>000000000000</Account><Arn>arn:aws:iam::000000000000:root</Arn>" +
        `</GetCallerIdentityResult><ResponseMetadata><RequestId>${service.requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  });

  it("parses AssumeRole lists of structures (Tags.member.N.Key) and writes timestamps the SDK reads", async () => {
    const { service, client } = sts();
    const expiration = new Date("2030-01-02T03:04:05.000Z");
    service.handler = () => ({
      Credentials: { AccessKeyId: "ASIAEXAMPLE", SecretAccessKey: "secret/+=", SessionToken: "token<&>", Expiration: expiration },
      AssumedRoleUser: { AssumedRoleId: "AROAEXAMPLE:s", Arn: "arn:aws:sts::000000000000:assumed-role/r/s" },
      PackedPolicySize: 6,
    });
    const params = {
      RoleArn: "arn:aws:iam::000000000000:role/r",
      RoleSessionName: "s",
      DurationSeconds: 900,
      Tags: [
        { Key: "team", Value: "core & more" },
        { Key: "env", Value: "dev" },
      ],
      TransitiveTagKeys: ["team"],
      PolicyArns: [{ arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }],
      Policy: '{"Version":"2012-10-17"}',
    };
    const out = await client.send(new AssumeRoleCommand(params));
    assert.deepEqual(service.lastInput, params);
    assert.deepEqual(out.Credentials, { AccessKeyId: "ASIAEXAMPLE", SecretAccessKey: "secret/+=", SessionToken: "token<&>", Expiration: expiration });
    assert.equal(out.AssumedRoleUser!.Arn, "arn:aws:sts::000000000000:assumed-role/r/s");
    assert.equal(out.PackedPolicySize, 6);
  });

  it("writes modelled errors in the ErrorResponse envelope with the shape's error code", async () => {
    const { service, client } = sts();
    service.handler = () => {
      throw new ServiceError("ExpiredTokenException", "The security token included in the request is expired");
    };
    const err = await client.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::000000000000:role/r", RoleSessionName: "s" })).catch((e: unknown) => e);
    assert.ok(err instanceof ExpiredTokenException);
    assert.equal(err.message, "The security token included in the request is expired");
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.$metadata.requestId, service.requestId);
    assert.equal(
      await bodyText(service.responses[0]!),
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>ExpiredTokenException</Code>' +
        `<Message>The security token included in the request is expired</Message></Error><RequestId>${service.requestId}</RequestId></ErrorResponse>`,
    );
  });
});

describe("awsQuery with SNS", () => {
  it("parses Publish MessageAttributes (entry.N.Name / entry.N.Value.*) including binary values", async () => {
    const { service, client } = sns();
    service.handler = () => ({ MessageId: "m-1", SequenceNumber: "10000000000000000001" });
    const params = {
      TopicArn: "arn:aws:sns:us-east-1:000000000000:t",
      Message: "hello\nworld & <friends>",
      Subject: "s",
      MessageAttributes: {
        color: { DataType: "String", StringValue: "red" },
        "with.dot": { DataType: "Number", StringValue: "3" },
        raw: { DataType: "Binary", BinaryValue: new Uint8Array([0, 1, 254]) },
      },
    };
    const out = await client.send(new PublishCommand(params));
    assert.deepEqual(service.lastInput, asParsed(params));
    assert.equal(out.MessageId, "m-1");
    assert.equal(out.SequenceNumber, "10000000000000000001");
  });

  it("parses CreateTopic Attributes (entry.N.key/value) and Tags, and reads maps back from GetTopicAttributes", async () => {
    const { service, client } = sns();
    service.handler = (op) =>
      op.name === "CreateTopic" ? { TopicArn: "arn:aws:sns:us-east-1:000000000000:t" } : { Attributes: { DisplayName: "T & T", Policy: '{"a":"<b>"}' } };
    const params = {
      Name: "t",
      Attributes: { DisplayName: "T & T", FifoTopic: "false" },
      Tags: [
        { Key: "a", Value: "1" },
        { Key: "b", Value: "" },
      ],
    };
    const out = await client.send(new CreateTopicCommand(params));
    assert.deepEqual(service.lastInput, params);
    assert.equal(out.TopicArn, "arn:aws:sns:us-east-1:000000000000:t");
    const attrs = await client.send(new GetTopicAttributesCommand({ TopicArn: "arn:aws:sns:us-east-1:000000000000:t" }));
    assert.deepEqual(attrs.Attributes, { DisplayName: "T & T", Policy: '{"a":"<b>"}' });
    assert.match(await bodyText(service.responses[1]!), /<Attributes><entry><key>DisplayName<\/key><value>T &amp; T<\/value><\/entry>/);
  });

  it("writes lists as member elements (ListTopics) and answers operations without output (DeleteTopic)", async () => {
    const { service, client } = sns();
    service.handler = (op) => (op.name === "ListTopics" ? { Topics: [{ TopicArn: "arn:1" }, { TopicArn: "arn:2" }], NextToken: "n" } : {});
    const out = await client.send(new ListTopicsCommand({ NextToken: "p" }));
    assert.deepEqual(service.lastInput, { NextToken: "p" });
    assert.deepEqual(out.Topics, [{ TopicArn: "arn:1" }, { TopicArn: "arn:2" }]);
    const deleted = await client.send(new DeleteTopicCommand({ TopicArn: "arn:1" }));
    assert.equal(deleted.$metadata.httpStatusCode, 200);
    assert.equal(
      await bodyText(service.responses[1]!),
      `<DeleteTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ResponseMetadata><RequestId>${service.requestId}</RequestId></ResponseMetadata></DeleteTopicResponse>`,
    );
  });

  it("maps a shape name to its query code (NotFoundException -> NotFound, 404)", async () => {
    const { service, client } = sns();
    service.handler = () => {
      throw new ServiceError("NotFoundException", "Topic does not exist");
    };
    const err = await client.send(new GetTopicAttributesCommand({ TopicArn: "arn:nope" })).catch((e: unknown) => e);
    assert.ok(err instanceof NotFoundException);
    assert.equal(err.message, "Topic does not exist");
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.match(await bodyText(service.responses[0]!), /<Code>NotFound<\/Code>/);
  });
});
