// The protocol registry and per-request protocol detection for services that speak several.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detectProtocol, getProtocol, SUPPORTED_PROTOCOLS } from "../../../src/aws/protocol/index.js";
import { loadServiceSpec } from "../../../src/aws/spec/loader.js";
import { rawRequest } from "./sdk-harness.js";

describe("protocol registry", () => {
  it("serves the four protocol families by their model names", () => {
    assert.deepEqual([...SUPPORTED_PROTOCOLS].sort(), ["json", "query", "rest-json", "rest-xml"]);
    for (const name of SUPPORTED_PROTOCOLS) assert.equal(getProtocol(name).name, name);
    assert.throws(() => getProtocol("ec2"), /not supported/);
  });

  it("picks JSON or query per request for SQS and CloudWatch, skipping protocols Nimbus lacks", () => {
    for (const service of ["sqs", "cloudwatch"]) {
      const spec = loadServiceSpec(service);
      const json = rawRequest({ headers: { "x-amz-target": "AmazonSQS.ListQueues", "content-type": "application/x-amz-json-1.0" }, body: "{}" });
      const form = rawRequest({ headers: { "content-type": "application/x-www-form-urlencoded" }, body: "Action=ListQueues&Version=2012-11-05" });
      const get = rawRequest({ method: "GET", rawQuery: "Action=ListQueues" });
      assert.equal(detectProtocol(spec, json).name, "json", service);
      assert.equal(detectProtocol(spec, form).name, "query", service);
      assert.equal(detectProtocol(spec, get).name, "query", service);
    }
  });

  it("uses a single-protocol service's protocol whatever the request looks like", () => {
    assert.equal(detectProtocol(loadServiceSpec("dynamodb"), rawRequest({ headers: { "content-type": "application/x-www-form-urlencoded" } })).name, "json");
    assert.equal(detectProtocol(loadServiceSpec("s3"), rawRequest({ method: "GET", path: "/" })).name, "rest-xml");
  });
});
