// The catalogue the edge detects services with, checked against what the AWS docs and
// clients use for each service (signing names, X-Amz-Target prefixes, protocols).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { vendoredServices } from "../../codegen/generated-files.js";
import { SERVICE_CATALOG } from "../../src/aws/generated/catalog.js";
import type { ServiceCatalogEntry } from "../../src/aws/spec/catalog-types.js";

function entry(name: string): ServiceCatalogEntry {
  const found = SERVICE_CATALOG.find((e) => e.name === name);
  assert.ok(found, `no catalogue entry for ${name}`);
  return found;
}

describe("SERVICE_CATALOG", () => {
  it("has one entry per vendored model, sorted by name", () => {
    assert.deepEqual(SERVICE_CATALOG.map((e) => e.name), vendoredServices());
  });

  it("sts: query protocol, signs as sts", () => {
    const sts = entry("sts");
    assert.deepEqual(sts.protocols, ["query"]);
    assert.equal(sts.signingName, "sts");
    assert.equal(sts.apiVersion, "2011-06-15");
    assert.equal(sts.pathPrefixes, undefined);
  });

  it("dynamodb: JSON 1.0 with target prefix DynamoDB_20120810", () => {
    const ddb = entry("dynamodb");
    assert.deepEqual(ddb.protocols, ["json"]);
    assert.equal(ddb.jsonVersion, "1.0");
    assert.equal(ddb.targetPrefix, "DynamoDB_20120810");
    assert.equal(ddb.signingName, "dynamodb");
  });

  it("dynamodbstreams: its own target prefix, but signs as dynamodb", () => {
    const streams = entry("dynamodbstreams");
    assert.equal(streams.targetPrefix, "DynamoDBStreams_20120810");
    assert.equal(streams.signingName, "dynamodb");
    assert.equal(streams.endpointPrefix, "streams.dynamodb");
  });

  it("logs: JSON 1.1", () => {
    const logs = entry("logs");
    assert.deepEqual(logs.protocols, ["json"]);
    assert.equal(logs.jsonVersion, "1.1");
    assert.equal(logs.targetPrefix, "Logs_20140328");
  });

  it("lambda: rest-json under dated path prefixes", () => {
    const lambda = entry("lambda");
    assert.deepEqual(lambda.protocols, ["rest-json"]);
    assert.equal(lambda.targetPrefix, undefined);
    for (const prefix of ["2015-03-31", "2016-08-19", "2017-03-31", "2018-10-31"]) {
      assert.ok(lambda.pathPrefixes?.includes(prefix), prefix);
    }
    assert.ok(lambda.pathPrefixes?.every((p) => /^\d{4}-\d{2}-\d{2}$/.test(p)));
  });

  it("s3: rest-xml; its bucket-label paths give no prefix", () => {
    const s3 = entry("s3");
    assert.deepEqual(s3.protocols, ["rest-xml"]);
    assert.deepEqual(s3.pathPrefixes, ["WriteGetObjectResponse"]);
  });

  it("sqs: JSON first, query still answered (awsQueryCompatible)", () => {
    const sqs = entry("sqs");
    assert.deepEqual(sqs.protocols, ["json", "query"]);
    assert.equal(sqs.targetPrefix, "AmazonSQS");
  });

  it("apigateway and apigatewayv2: both sign as apigateway, told apart by path", () => {
    assert.deepEqual(entry("apigatewayv2").pathPrefixes, ["v2"]);
    assert.equal(entry("apigatewayv2").signingName, "apigateway");
    assert.ok(entry("apigateway").pathPrefixes?.includes("restapis"));
    assert.ok(entry("apigateway").pathPrefixes?.includes("apikeys"));
  });

  it("stepfunctions signs as states, cloudwatch as monitoring", () => {
    assert.equal(entry("stepfunctions").signingName, "states");
    assert.equal(entry("stepfunctions").targetPrefix, "AWSStepFunctions");
    assert.equal(entry("cloudwatch").signingName, "monitoring");
    // The model prefers smithy-rpc-v2-cbor, which ProtocolName does not include.
    assert.deepEqual(entry("cloudwatch").protocols, ["json", "query"]);
  });

  it("no path prefix is claimed by two services", () => {
    const owner = new Map<string, string>();
    for (const e of SERVICE_CATALOG) {
      for (const prefix of e.pathPrefixes ?? []) {
        assert.equal(owner.get(prefix), undefined, `${prefix}: ${owner.get(prefix)} and ${e.name}`);
        owner.set(prefix, e.name);
      }
    }
  });

  it("no two JSON services share a target prefix", () => {
    const prefixes = SERVICE_CATALOG.flatMap((e) => (e.targetPrefix ? [e.targetPrefix] : []));
    assert.equal(new Set(prefixes).size, prefixes.length);
  });
});
