// Type-level tests of the generated code: this file only compiles (tsc -b) when the generated
// types accept what AWS accepts and reject what it rejects. Each `@ts-expect-error` line is a
// test too: it fails the build if the line ever compiles. The oracle is the official AWS SDK
// v3's own types for the same shapes: our types must be assignable to the SDK's, and both must
// require exactly the same members.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type * as SdkDynamoDB from "@aws-sdk/client-dynamodb";
import type * as SdkLambda from "@aws-sdk/client-lambda";
import type * as SdkLogs from "@aws-sdk/client-cloudwatch-logs";
import type * as SdkS3 from "@aws-sdk/client-s3";
import type * as SdkSQS from "@aws-sdk/client-sqs";
import type * as SdkSTS from "@aws-sdk/client-sts";
import type { RequestContext } from "../../src/aws/context.js";
import type * as DynamoDB from "../../src/aws/generated/dynamodb.js";
import { ConditionalCheckFailedException } from "../../src/aws/generated/dynamodb.js";
import type * as Lambda from "../../src/aws/generated/lambda.js";
import type * as Logs from "../../src/aws/generated/logs.js";
import type * as S3 from "../../src/aws/generated/s3.js";
import type * as SQS from "../../src/aws/generated/sqs.js";
import type * as STS from "../../src/aws/generated/sts.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
/** Ours can be handed to code typed by the SDK, and both require the same members. */
type MatchesSdk<Ours, Sdk> = [[Ours] extends [Sdk] ? true : false, Equal<RequiredKeys<Ours>, RequiredKeys<Sdk>>];
/** The operation names of an SDK client package: its `<Operation>Command` exports (less smithy's `$Command`). */
type OperationsOf<Sdk> = { [K in keyof Sdk]: K extends `${infer Op}Command` ? (Op extends "$" ? never : Op) : never }[keyof Sdk];

// --- The SDK as oracle -------------------------------------------------------------------
export const sdkAgreement: MatchesSdk<any, any>[] = [
  [true, true] satisfies MatchesSdk<STS.AssumeRoleRequest, SdkSTS.AssumeRoleRequest>,
  [true, true] satisfies MatchesSdk<STS.AssumeRoleResponse, SdkSTS.AssumeRoleResponse>,
  [true, true] satisfies MatchesSdk<STS.GetCallerIdentityResponse, SdkSTS.GetCallerIdentityResponse>,
  [true, true] satisfies MatchesSdk<DynamoDB.CreateTableInput, SdkDynamoDB.CreateTableInput>,
  [true, true] satisfies MatchesSdk<DynamoDB.TableDescription, SdkDynamoDB.TableDescription>,
  [true, true] satisfies MatchesSdk<SQS.SendMessageRequest, SdkSQS.SendMessageRequest>,
  [true, true] satisfies MatchesSdk<SQS.ReceiveMessageResult, SdkSQS.ReceiveMessageResult>,
  [true, true] satisfies MatchesSdk<Lambda.CreateFunctionRequest, SdkLambda.CreateFunctionRequest>,
  [true, true] satisfies MatchesSdk<Logs.PutLogEventsRequest, SdkLogs.PutLogEventsRequest>,
  // The SDK types a streaming Body as the platform's stream only; ours also allows a Buffer.
  // botocore models S3's Expires header as a string (clients send unparseable dates), the SDK as a Date.
  [true, true] satisfies MatchesSdk<Omit<S3.PutObjectRequest, "Body" | "Expires">, Omit<SdkS3.PutObjectRequest, "Body" | "Expires">>,
  [true, true] satisfies MatchesSdk<S3.ListObjectsV2Output, SdkS3.ListObjectsV2Output>,
];
export const sameOperations: true[] = [
  true satisfies Equal<keyof STS.STSOperations, OperationsOf<typeof SdkSTS>>,
  true satisfies Equal<keyof SQS.SQSOperations, OperationsOf<typeof SdkSQS>>,
];

// --- Inputs ------------------------------------------------------------------------------
export const putItem: DynamoDB.PutItemInput = {
  TableName: "Music",
  Item: { Artist: { S: "No One You Know" }, Year: { N: "2024" }, Tags: { SS: ["a", "b"] }, Raw: { B: Buffer.from("x") } },
  ConditionExpression: "attribute_not_exists(Artist)",
  ReturnValues: "ALL_OLD",
};
// @ts-expect-error TableName is required
export const putItemWithoutTable: DynamoDB.PutItemInput = { Item: {} };
// @ts-expect-error a number attribute travels as a string
export const numberAsNumber: DynamoDB.AttributeValue = { N: 2024 };
// @ts-expect-error ReturnValues is an enum
export const badEnum: DynamoDB.PutItemInput = { TableName: "t", Item: {}, ReturnValues: "EVERYTHING" };
// @ts-expect-error timestamps are Dates, not strings
export const badTimestamp: DynamoDB.TableDescription = { CreationDateTime: "2024-01-01" };

// Lambda's streaming payload may be a Buffer or a stream; S3's Body too.
export const invokeAsync: Lambda.InvokeAsyncRequest = { FunctionName: "f", InvokeArgs: Buffer.from("{}") };
export const getObject: S3.GetObjectOutput = { Body: Buffer.from("hello"), ContentLength: 5 };

// --- Renamed shapes ----------------------------------------------------------------------
export const s3Object: S3._Object = { Key: "a.txt", Size: 1 };
export const s3Error: S3._Error = { Key: "a.txt", Code: "AccessDenied" };
export const s3Event: S3._Event = "s3:ObjectCreated:*";

// --- Operations interface ----------------------------------------------------------------
class SampleTable implements Partial<DynamoDB.DynamoDBOperations> {
  readonly items = new Map<string, Record<string, DynamoDB.AttributeValue>>();
  async PutItem(_ctx: RequestContext, input: DynamoDB.PutItemInput): Promise<DynamoDB.PutItemOutput> {
    const key = input.Item["id"]?.S ?? "";
    if (input.ConditionExpression && this.items.has(key)) {
      throw new ConditionalCheckFailedException("The conditional request failed", { Item: this.items.get(key) });
    }
    this.items.set(key, input.Item);
    return {};
  }
}
// SQS DeleteQueue and PurgeQueue have no output shape: a provider may resolve to nothing or to {}.
class SampleQueue implements Partial<SQS.SQSOperations> {
  async DeleteQueue(_ctx: RequestContext, _input: SQS.DeleteQueueRequest): Promise<void> {}
  async PurgeQueue(_ctx: RequestContext, _input: SQS.PurgeQueueRequest) {
    return {};
  }
}
export const wrongOutput: Partial<DynamoDB.DynamoDBOperations> = {
  // @ts-expect-error GetItem answers an Item map, not a string
  GetItem: async () => ({ Item: "x" }),
};

describe("generated types", () => {
  it("type a provider whose errors carry the model's fields", async () => {
    const table = new SampleTable();
    const ctx = {} as RequestContext;
    await table.PutItem(ctx, { TableName: "t", Item: { id: { S: "1" } } });
    await assert.rejects(table.PutItem(ctx, { TableName: "t", Item: { id: { S: "1" } }, ConditionExpression: "attribute_not_exists(id)" }), (err: unknown) => {
      assert.ok(err instanceof ConditionalCheckFailedException);
      assert.deepEqual(err.fields.Item, { id: { S: "1" } });
      return true;
    });
    assert.deepEqual(await new SampleQueue().PurgeQueue(ctx, { QueueUrl: "q" }), {});
  });
});
