// Bounded fuzz test of the edge: thousands of random and mutated requests in every protocol.
// The server must answer each one (never a 500 for a client's mistake), keep answering, and
// keep its data: credentials issued before the storm still authenticate after it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { NimbusNode } from "../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";
import { sendRaw, type RawRequest } from "../helpers/signed-fetch.js";

/** Deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS: RawRequest[] = [
  { path: "/", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FR&RoleSessionName=s", service: "sts" },
  { path: "/", headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.PutItem" }, body: '{"TableName":"t","Item":{"k":{"S":"v"},"n":{"N":"1"},"l":{"L":[{"M":{"a":{"B":"AAE="}}}]}}}', service: "dynamodb" },
  { path: "/", headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "Logs_20140328.PutLogEvents" }, body: '{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":"m"}]}', service: "logs" },
  { method: "POST", path: "/2015-03-31/functions/fn/invocations", headers: { "content-type": "application/json", "x-amz-invocation-type": "RequestResponse" }, body: '{"hello":"world"}', service: "lambda" },
  { method: "GET", path: "/2015-03-31/functions/", query: { MaxItems: "10", Marker: "x" }, service: "lambda" },
  { method: "PUT", path: "/bucket/key%20with%20space", headers: { "content-type": "text/plain", "x-amz-meta-a": "b" }, body: "data", service: "s3" },
  { method: "POST", path: "/bucket", query: { delete: "" }, headers: { "content-type": "application/xml" }, body: "<Delete><Object><Key>a</Key></Object></Delete>", service: "s3" },
  { path: "/", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "Action=Publish&Version=2010-03-31&TopicArn=arn&Message=m&MessageAttributes.entry.1.Name=a&MessageAttributes.entry.1.Value.DataType=String", service: "sns" },
  { path: "/", headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQS.SendMessage" }, body: '{"QueueUrl":"http://x/000000000000/q","MessageBody":"m"}', service: "sqs" },
];

function mutate(rand: () => number, seed: RawRequest): RawRequest {
  const req: RawRequest = { ...seed, headers: { ...(seed.headers ?? {}) } };
  const body = Buffer.from(seed.body ?? "");
  const pick = Math.floor(rand() * 9);
  switch (pick) {
    case 0: // flip random bytes
      for (let i = 0; i < 1 + rand() * 8 && body.length > 0; i++) body[Math.floor(rand() * body.length)] = Math.floor(rand() * 256);
      req.body = body;
      break;
    case 1: // truncate
      req.body = body.subarray(0, Math.floor(rand() * body.length));
      break;
    case 2: // random bytes, including invalid UTF-8
      req.body = Buffer.from(Array.from({ length: Math.floor(rand() * 512) }, () => Math.floor(rand() * 256)));
      break;
    case 3: // wrong content type
      req.headers!["content-type"] = ["text/plain", "application/json", "application/xml", "", "multipart/form-data"][Math.floor(rand() * 5)]!;
      break;
    case 4: // garbage or missing Authorization
      req.service = undefined;
      if (rand() < 0.5) req.headers!["authorization"] = ["AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 Credential=", "Bearer x", "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=, Signature="][Math.floor(rand() * 4)]!;
      break;
    case 5: // garbage target or action
      if (req.headers!["x-amz-target"]) req.headers!["x-amz-target"] = req.headers!["x-amz-target"]!.replace(/\.\w+$/, "." + "X".repeat(Math.floor(rand() * 3)));
      else req.body = body.toString("latin1").replace(/Action=\w+/, "Action=");
      break;
    case 6: // weird paths
      req.path = ["/%", "/%zz", "/../../etc/passwd", "/2015-03-31/functions/%00/invocations", "//", "/bucket/" + "a".repeat(2000)][Math.floor(rand() * 6)]!;
      break;
    case 7: // deeply nested JSON
      req.body = "[".repeat(5000) + "]".repeat(5000);
      break;
    default: // swap methods
      req.method = ["GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"][Math.floor(rand() * 6)]!;
      if (req.method === "GET" || req.method === "HEAD") req.body = undefined;
  }
  return req;
}

describe("edge fuzz", () => {
  let node: NimbusNode;
  before(async () => {
    node = await startTestNimbus();
  });
  after(() => node.stop());

  it("answers 3,000 random and mutated requests without a 500, and keeps its data", async () => {
    const sts = new STSClient(clientConfig(node));
    const creds = (await sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::123456789012:role/R", RoleSessionName: "before" }))).Credentials!;
    const rand = prng(20261122);
    const failures: string[] = [];
    const total = 3000;
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const i = next++;
        const req = mutate(rand, SEEDS[i % SEEDS.length]!);
        const res = await sendRaw(node, req);
        if (res.status >= 500 && res.status !== 501) failures.push(`#${i} ${res.status} ${res.text.slice(0, 200)} for ${JSON.stringify({ ...req, body: String(req.body).slice(0, 80) })}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    assert.deepEqual(failures.slice(0, 5), []);
    assert.equal((await fetch(`${node.endpoint}/_nimbus/health`)).status, 200);
    const asRole = new STSClient(clientConfig(node, { accessKeyId: creds.AccessKeyId!, secretAccessKey: creds.SecretAccessKey!, sessionToken: creds.SessionToken! } as never));
    assert.equal((await asRole.send(new GetCallerIdentityCommand({}))).Arn, "arn:aws:sts::123456789012:assumed-role/R/before");
    sts.destroy();
    asRole.destroy();
  });
});
