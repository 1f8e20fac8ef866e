// The edge: internal routes, service detection, and AWS's answers to bad requests.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { NimbusNode } from "../../src/nimbus.js";
import { startTestNimbus } from "../helpers/nimbus.js";
import { sendRaw } from "../helpers/signed-fetch.js";

describe("edge", () => {
  let node: NimbusNode;
  before(async () => {
    node = await startTestNimbus();
  });
  after(() => node.stop());

  it("GET /_nimbus/health reports version, uptime and every service", async () => {
    const res = await fetch(`${node.endpoint}/_nimbus/health`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { version: string; uptimeSeconds: number; services: Record<string, string> };
    assert.match(body.version, /^\d+\.\d+\.\d+/);
    assert.equal(typeof body.uptimeSeconds, "number");
    assert.ok(["available", "running"].includes(body.services["sts"]!));
    assert.equal(body.services["dynamodb"] === undefined, false);
  });

  it("POST /_nimbus/reset wipes all state or one service's, and refuses unknown services", async () => {
    const all = await fetch(`${node.endpoint}/_nimbus/reset`, { method: "POST" });
    assert.equal(all.status, 200);
    assert.ok(((await all.json()) as { reset: string[] }).reset.includes("sts"));
    const one = await fetch(`${node.endpoint}/_nimbus/reset?service=sts`, { method: "POST" });
    assert.deepEqual(await one.json(), { reset: ["sts"] });
    const unknown = await fetch(`${node.endpoint}/_nimbus/reset`, { method: "POST", body: JSON.stringify({ service: "nope" }) });
    assert.equal(unknown.status, 400);
  });

  it("a request no service claims gets a 400 that says why", async () => {
    const res = await sendRaw(node, { method: "POST", path: "/", body: "hello" });
    assert.equal(res.status, 400);
    assert.equal(JSON.parse(res.text).__type, "UnknownServiceException");
  });

  it("a 20 MB body is refused with 413 and the server keeps answering", async () => {
    const res = await sendRaw(node, {
      path: "/",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.ListTables" },
      body: Buffer.alloc(20 * 1024 * 1024, 0x20),
      service: "dynamodb",
    });
    assert.equal(res.status, 413);
    assert.equal((await fetch(`${node.endpoint}/_nimbus/health`)).status, 200);
  });

  it("Lambda's larger documented body limit applies to Lambda-scoped requests", async () => {
    const zip = Buffer.alloc(15 * 1024 * 1024, 7).toString("base64");
    const res = await sendRaw(node, {
      path: "/2015-03-31/functions",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ FunctionName: "big", Runtime: "nodejs20.x", Role: "arn:aws:iam::000000000000:role/r", Handler: "index.handler", Code: { ZipFile: zip } }),
      service: "lambda",
    });
    assert.notEqual(res.status, 413);
    assert.equal(res.headers.get("x-amzn-errortype")?.split(":")[0], "InvalidParameterValueException");
  });

  it("a garbage Authorization header gets IncompleteSignature in the service's protocol", async () => {
    const res = await sendRaw(node, {
      path: "/",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: "garbage" },
      body: "Action=GetCallerIdentity&Version=2011-06-15",
    });
    assert.equal(res.status, 400);
    assert.match(res.text, /<Code>IncompleteSignature<\/Code>/);
  });

  it("an unknown X-Amz-Target operation gets UnknownOperationException", async () => {
    const res = await sendRaw(node, {
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.MakeCoffee" },
      body: "{}",
      service: "dynamodb",
    });
    assert.equal(res.status, 400);
    assert.match(JSON.parse(res.text).__type, /UnknownOperationException$/);
  });

  it("malformed JSON gets SerializationException, not a 500", async () => {
    const res = await sendRaw(node, {
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.ListTables" },
      body: "{not json",
      service: "dynamodb",
    });
    assert.equal(res.status, 400);
    assert.match(JSON.parse(res.text).__type, /SerializationException$/);
  });

  it("an unknown query Action gets InvalidAction", async () => {
    const res = await sendRaw(node, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=MakeCoffee&Version=2011-06-15",
      service: "sts",
    });
    assert.equal(res.status, 400);
    assert.match(res.text, /<Code>InvalidAction<\/Code>/);
  });
});
