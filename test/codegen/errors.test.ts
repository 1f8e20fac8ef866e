// Generated error classes carry the code, HTTP status and fault side the model gives each
// exception shape; code and fault side are checked against the official AWS SDK v3 clients'
// exception classes (name, $fault "client" | "server"), generated from the same AWS models.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ServiceError } from "../../src/aws/errors.js";
import * as apigateway from "../../src/aws/generated/apigateway.js";
import * as dynamodb from "../../src/aws/generated/dynamodb.js";
import * as lambda from "../../src/aws/generated/lambda.js";
import * as logs from "../../src/aws/generated/logs.js";
import * as s3 from "../../src/aws/generated/s3.js";
import * as sns from "../../src/aws/generated/sns.js";
import * as sqs from "../../src/aws/generated/sqs.js";
import * as sts from "../../src/aws/generated/sts.js";

describe("generated error classes", () => {
  it("DynamoDB ConditionalCheckFailedException: 400, sender, typed Item field", () => {
    const item = { id: { S: "1" } };
    const err = new dynamodb.ConditionalCheckFailedException("The conditional request failed", { Item: item });
    assert.ok(err instanceof ServiceError);
    assert.ok(err instanceof Error);
    assert.equal(err.code, "ConditionalCheckFailedException");
    assert.equal(err.name, "ConditionalCheckFailedException");
    assert.equal(err.message, "The conditional request failed");
    assert.equal(err.status, 400);
    assert.equal(err.sender, true);
    assert.deepEqual(err.fields, { Item: item });
  });

  it("a fault is a 500 from the Receiver (DynamoDB InternalServerError)", () => {
    const err = new dynamodb.InternalServerError("Internal server error");
    assert.equal(err.status, 500);
    assert.equal(err.sender, false);
  });

  it("Lambda ResourceNotFoundException is 404 and TooManyRequestsException 429", () => {
    const missing = new lambda.ResourceNotFoundException("Function not found: arn:aws:lambda:us-east-1:000000000000:function:f", { Type: "User" });
    assert.equal(missing.status, 404);
    assert.equal(missing.code, "ResourceNotFoundException");
    assert.deepEqual(missing.fields, { Type: "User" });
    const throttled = new lambda.TooManyRequestsException("Rate exceeded", { Reason: "ReservedFunctionConcurrentInvocationLimitExceeded", retryAfterSeconds: "1" });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.sender, true);
    assert.equal(throttled.fields.Reason, "ReservedFunctionConcurrentInvocationLimitExceeded");
  });

  it("S3 NoSuchKey and NoSuchBucket are 404s without fields", () => {
    assert.equal(new s3.NoSuchKey("The specified key does not exist.").status, 404);
    assert.equal(new s3.NoSuchBucket("The specified bucket does not exist").status, 404);
    assert.deepEqual(new s3.NoSuchKey("x").fields, {});
  });

  it("SQS QueueDoesNotExist keeps its shape name as code (the query code is the serializer's)", () => {
    const err = new sqs.QueueDoesNotExist("The specified queue does not exist.");
    assert.equal(err.code, "QueueDoesNotExist");
    assert.equal(err.status, 400);
  });

  it("STS ExpiredTokenException is a 400 from the Sender", () => {
    const err = new sts.ExpiredTokenException("The security token included in the request is expired");
    assert.equal(err.status, 400);
    assert.equal(err.sender, true);
  });

  const sdkPackages: [string, Record<string, unknown>, string][] = [
    ["@aws-sdk/client-dynamodb", dynamodb, "DynamoDBServiceException"],
    ["@aws-sdk/client-lambda", lambda, "LambdaServiceException"],
    ["@aws-sdk/client-sqs", sqs, "SQSServiceException"],
    ["@aws-sdk/client-s3", s3, "S3ServiceException"],
    ["@aws-sdk/client-sts", sts, "STSServiceException"],
    ["@aws-sdk/client-cloudwatch-logs", logs, "CloudWatchLogsServiceException"],
    ["@aws-sdk/client-api-gateway", apigateway, "APIGatewayServiceException"],
    ["@aws-sdk/client-sns", sns, "SNSServiceException"],
  ];
  for (const [pkg, generated, baseName] of sdkPackages) {
    it(`exceptions ${pkg} also knows have the same code and fault side`, async (t) => {
      const sdk = (await import(pkg)) as Record<string, unknown>;
      const base = sdk[baseName] as new (...args: never[]) => unknown;
      assert.equal(typeof base, "function", `${pkg} exports no ${baseName}`);
      type SdkException = new (opts: { message: string; $metadata: object }) => { name: string; $fault: string };
      const sdkErrors = Object.entries(sdk).filter(
        ([, value]) => typeof value === "function" && value !== base && value.prototype instanceof base,
      ) as [string, SdkException][];
      assert.ok(sdkErrors.length > 0);
      const missing: string[] = [];
      for (const [name, SdkError] of sdkErrors) {
        const ours = generated[name] as (new (message: string) => ServiceError) | undefined;
        if (!ours) {
          missing.push(name);
          continue;
        }
        const theirs = new SdkError({ message: "m", $metadata: {} });
        const mine = new ours("m");
        assert.equal(mine.code, theirs.name, name);
        assert.equal(mine.sender, theirs.$fault === "client", `${name}: SDK says ${theirs.$fault}`);
      }
      // The SDK release is not cut from the same model version as models/VERSION, so a few
      // exceptions added on one side are expected (S3's annotation errors); most must match so
      // that the comparison keeps meaning something.
      if (missing.length > 0) t.diagnostic(`not in the vendored model: ${missing.join(", ")}`);
      assert.ok(missing.length <= sdkErrors.length / 2, `too many SDK exceptions missing: ${missing.join(", ")}`);
    });
  }
});
