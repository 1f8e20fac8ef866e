// Shared set-up for the DynamoDB end-to-end tests: a node, an SDK v3 client, and assertions on
// AWS errors as the client surfaces them (name, message, HTTP status).
import assert from "node:assert/strict";
import { CreateTableCommand, type CreateTableCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { NimbusNode } from "../../../src/nimbus.js";
import type { Clock } from "../../../src/shared/clock.js";
import { sendRaw } from "../../helpers/signed-fetch.js";
import { clientConfig, startTestNimbus } from "../../helpers/nimbus.js";

export interface DynamoHarness {
  node: NimbusNode;
  ddb: DynamoDBClient;
  stop(): Promise<void>;
}

export async function startDynamo(config: Record<string, unknown> = {}, clock?: Clock): Promise<DynamoHarness> {
  const node = await startTestNimbus(config as never, clock ? { clock } : {});
  const ddb = new DynamoDBClient(clientConfig(node));
  return {
    node,
    ddb,
    async stop() {
      ddb.destroy();
      await node.stop();
    },
  };
}

/** Asserts that `promise` rejects with the AWS error `name` and (exactly, or matching) `message`. */
export async function rejects(promise: Promise<unknown>, name: string, message?: string | RegExp): Promise<Error & Record<string, any>> {
  let caught: (Error & Record<string, any>) | undefined;
  try {
    await promise;
  } catch (error) {
    caught = error as Error & Record<string, any>;
  }
  assert.ok(caught, `expected ${name} but the call succeeded`);
  assert.equal(caught.name, name, `expected ${name}, got ${caught.name}: ${caught.message}`);
  if (typeof message === "string") assert.equal(caught.message, message);
  else if (message) assert.match(caught.message, message);
  assert.equal(caught.$metadata?.httpStatusCode, 400);
  return caught;
}

/** Sends a raw awsJson1_0 DynamoDB request (for inputs the SDK would refuse to build). */
export async function rawCall(node: NimbusNode, operation: string, body: unknown, prefix = "DynamoDB_20120810") {
  const res = await sendRaw(node, {
    service: "dynamodb",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `${prefix}.${operation}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: JSON.parse(res.text) as Record<string, any> };
}

export function hashTable(name: string, extra: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput {
  return {
    TableName: name,
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
    ...extra,
  };
}

export function compositeTable(name: string, extra: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput {
  return {
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    BillingMode: "PAY_PER_REQUEST",
    ...extra,
  };
}

export async function createTable(ddb: DynamoDBClient, input: CreateTableCommandInput): Promise<void> {
  await ddb.send(new CreateTableCommand(input));
}
