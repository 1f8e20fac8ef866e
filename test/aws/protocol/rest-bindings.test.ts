// HTTP bindings no vendored model exercises (jsonvalue headers, query-parameter maps, header
// lists of quoted strings and dates) and route precedence, checked against the wire formats
// Smithy's HTTP binding spec prescribes: https://smithy.io/2.0/spec/http-bindings.html
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getProtocol } from "../../../src/aws/protocol/index.js";
import { splitHeaderList } from "../../../src/aws/protocol/rest-bindings.js";
import type { ServiceModel } from "../../../src/aws/spec/model.js";
import { ServiceSpec } from "../../../src/aws/spec/service-spec.js";
import { loadServiceSpec } from "../../../src/aws/spec/loader.js";
import { bodyText, rawRequest } from "./sdk-harness.js";

const model: ServiceModel = {
  metadata: { apiVersion: "2024-01-01", endpointPrefix: "synthetic", protocol: "rest-json", serviceId: "Synthetic" },
  operations: {
    PutThing: {
      name: "PutThing",
      http: { method: "PUT", requestUri: "/things/{Id}", responseCode: 200 },
      input: { shape: "PutThingInput" },
      output: { shape: "PutThingOutput" },
    },
    GetThingVersion: { name: "GetThingVersion", http: { method: "GET", requestUri: "/things/{Id}/versions/{Version}" }, input: { shape: "PutThingInput" } },
    GetThingLatest: { name: "GetThingLatest", http: { method: "GET", requestUri: "/things/{Id}/versions/latest" }, input: { shape: "PutThingInput" } },
    GetAnything: { name: "GetAnything", http: { method: "GET", requestUri: "/things/{Path+}" }, input: { shape: "PutThingInput" } },
    Ping: { name: "Ping", http: { method: "POST", requestUri: "/ping" } },
  },
  shapes: {
    PutThingInput: {
      type: "structure",
      members: {
        Id: { shape: "String", location: "uri", locationName: "Id" },
        Version: { shape: "String", location: "uri", locationName: "Version" },
        Path: { shape: "String", location: "uri", locationName: "Path" },
        Context: { shape: "String", location: "header", locationName: "X-Context", jsonvalue: true },
        Tags: { shape: "StringList", location: "header", locationName: "X-Tags" },
        Dates: { shape: "DateList", location: "header", locationName: "X-Dates" },
        Since: { shape: "Timestamp", location: "header", locationName: "X-Since" },
        Enabled: { shape: "Boolean", location: "header", locationName: "X-Enabled" },
        Count: { shape: "Integer", location: "querystring", locationName: "count" },
        After: { shape: "Timestamp", location: "querystring", locationName: "after" },
        Extra: { shape: "StringMap", location: "querystring" },
        Meta: { shape: "StringMap", location: "headers", locationName: "x-meta-" },
        Token: { shape: "String", idempotencyToken: true },
        Body: { shape: "String" },
      },
    },
    PutThingOutput: {
      type: "structure",
      members: {
        Context: { shape: "String", location: "header", locationName: "X-Context", jsonvalue: true },
        Tags: { shape: "StringList", location: "header", locationName: "X-Tags" },
        Dates: { shape: "DateList", location: "header", locationName: "X-Dates" },
        Note: { shape: "String", location: "header", locationName: "X-Note" },
        Meta: { shape: "StringMap", location: "headers", locationName: "x-meta-" },
        Created: { shape: "Timestamp" },
      },
    },
    String: { type: "string" },
    Boolean: { type: "boolean" },
    Integer: { type: "integer" },
    Timestamp: { type: "timestamp" },
    StringList: { type: "list", member: { shape: "String" } },
    DateList: { type: "list", member: { shape: "Timestamp" } },
    StringMap: { type: "map", key: { shape: "String" }, value: { shape: "String" } },
  },
};

const spec = new ServiceSpec("synthetic", model);
const protocol = getProtocol("rest-json");
const ctx = { requestId: "req-1" };

describe("REST HTTP bindings", () => {
  it("reads jsonvalue, list, date-list, boolean and prefix headers, query maps and labels", () => {
    const req = rawRequest({
      method: "PUT",
      path: "/things/a%2Fb%20c",
      rawQuery: "count=3&after=2019-12-16T23%3A48%3A18Z&colour=red&size=L",
      headers: {
        "x-context": Buffer.from('{"user":"u","n":[1,2]}').toString("base64"),
        "x-tags": 'a, "b,c", "say \\"hi\\""',
        "x-dates": "Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 00:00:00 GMT",
        "x-since": "Mon, 16 Dec 2019 23:48:18 GMT",
        "x-enabled": "true",
        "x-meta-owner": "alice",
        "x-meta-team": "core",
      },
      body: '{"Token":"given-token","Body":"b"}',
    });
    const op = protocol.resolveOperation(spec, req);
    assert.equal(op.name, "PutThing");
    assert.deepEqual(protocol.parseInput(spec, op, req), {
      Id: "a/b c",
      Context: { user: "u", n: [1, 2] },
      Tags: ["a", "b,c", 'say "hi"'],
      Dates: [new Date("2019-12-16T23:48:18Z"), new Date("2019-12-17T00:00:00Z")],
      Since: new Date("2019-12-16T23:48:18Z"),
      Enabled: true,
      Count: 3,
      After: new Date("2019-12-16T23:48:18Z"),
      Extra: { colour: "red", size: "L" },
      Meta: { owner: "alice", team: "core" },
      Token: "given-token",
      Body: "b",
    });
  });

  it("writes jsonvalue headers as base64 JSON, quotes list items, RFC 2047-encodes non-ASCII", async () => {
    const op = spec.operation("PutThing")!;
    const res = protocol.serializeOutput(
      spec,
      op,
      {
        Context: { a: [1, "x"] },
        Tags: ["plain", "with,comma", 'with"quote'],
        Dates: [new Date("2019-12-16T23:48:18Z")],
        Note: "caf\u00e9 \u2603",
        Meta: { owner: "alice" },
        Created: new Date(1700000000123),
      },
      ctx,
    );
    assert.equal(res.headers["X-Context"], Buffer.from('{"a":[1,"x"]}').toString("base64"));
    assert.equal(res.headers["X-Tags"], 'plain, "with,comma", "with\\"quote"');
    assert.deepEqual(splitHeaderList(res.headers["X-Tags"] as string), ["plain", "with,comma", 'with"quote']);
    assert.equal(res.headers["X-Dates"], "Mon, 16 Dec 2019 23:48:18 GMT");
    assert.equal(res.headers["X-Note"], `=?UTF-8?B?${Buffer.from("caf\u00e9 \u2603").toString("base64")}?=`);
    assert.equal(res.headers["x-meta-owner"], "alice");
    assert.equal(res.headers["x-amzn-RequestId"], "req-1");
    assert.deepEqual(JSON.parse(await bodyText(res)), { Created: 1700000000.123 });
  });

  it("prefers literal segments over labels and labels over greedy labels", () => {
    const route = (path: string) => protocol.resolveOperation(spec, rawRequest({ method: "GET", path })).name;
    assert.equal(route("/things/x/versions/latest"), "GetThingLatest");
    assert.equal(route("/things/x/versions/3"), "GetThingVersion");
    assert.equal(route("/things/x/y/z"), "GetAnything");
    const req = rawRequest({ method: "GET", path: "/things/x/y/z" });
    assert.deepEqual(protocol.parseInput(spec, protocol.resolveOperation(spec, req), req), { Path: "x/y/z" });
  });

  it("answers operations without input or output", async () => {
    const req = rawRequest({ method: "POST", path: "/ping" });
    const op = protocol.resolveOperation(spec, req);
    assert.deepEqual(protocol.parseInput(spec, op, req), {});
    const res = protocol.serializeOutput(spec, op, {}, ctx);
    assert.equal(res.status, 200);
    assert.equal(res.body, undefined);
  });

  it("tells S3 operations that share a template apart by their required members", () => {
    const s3 = loadServiceSpec("s3");
    const xml = getProtocol("rest-xml");
    const route = (method: string, path: string, rawQuery = "", headers: Record<string, string> = {}) => xml.resolveOperation(s3, rawRequest({ method, path, rawQuery, headers })).name;
    assert.equal(route("PUT", "/b/k"), "PutObject");
    assert.equal(route("PUT", "/b/k", "", { "x-amz-copy-source": "/src/k" }), "CopyObject");
    assert.equal(route("PUT", "/b/k", "partNumber=1&uploadId=u"), "UploadPart");
    assert.equal(route("PUT", "/b/k", "partNumber=1&uploadId=u", { "x-amz-copy-source": "/src/k" }), "UploadPartCopy");
    assert.equal(route("GET", "/b/k"), "GetObject");
    assert.equal(route("GET", "/b/k", "uploadId=u"), "ListParts");
    assert.equal(route("DELETE", "/b/k", "uploadId=u"), "AbortMultipartUpload");
    assert.equal(route("GET", "/b"), "ListObjects");
    assert.equal(route("GET", "/b", "list-type=2"), "ListObjectsV2");
    assert.equal(route("GET", "/b/", "list-type=2"), "ListObjectsV2");
    assert.equal(route("GET", "/b", "lifecycle"), "GetBucketLifecycleConfiguration");
    assert.equal(route("GET", "/b", "analytics&id=x"), "GetBucketAnalyticsConfiguration");
    assert.equal(route("GET", "/b", "analytics"), "ListBucketAnalyticsConfigurations");
    assert.equal(route("GET", "/"), "ListBuckets");
    assert.equal(route("POST", "/b", "delete"), "DeleteObjects");
    assert.equal(route("GET", "/b/dir/", "x-id=GetObject"), "GetObject");
  });
});
