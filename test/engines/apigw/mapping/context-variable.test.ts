// $context, $stageVariables and the overrides templates write into $context.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { render, renderFull } from "./helpers.js";

const context = {
  requestId: "req-1",
  extendedRequestId: "ext-1",
  apiId: "abc123",
  stage: "dev",
  resourceId: "res1",
  resourcePath: "/pets/{id}",
  httpMethod: "POST",
  path: "/dev/pets/1",
  protocol: "HTTP/1.1",
  requestTime: "09/Apr/2015:12:34:56 +0000",
  requestTimeEpoch: 1428582896000,
  domainName: "abc123.execute-api.us-east-1.amazonaws.com",
  domainPrefix: "abc123",
  accountId: "111111111111",
  identity: { sourceIp: "192.0.2.1", userAgent: "curl/8", caller: null, user: null, accountId: null, apiKey: "key", apiKeyId: "kid", cognitoIdentityId: null },
  authorizer: { principalId: "user-1", claims: { sub: "s-1", email: "a@b.c" }, tenant: "t1" },
};

describe("$context", () => {
  it("exposes the request context values", () => {
    assert.equal(
      render("$context.requestId $context.extendedRequestId $context.apiId $context.stage $context.resourceId $context.resourcePath $context.httpMethod $context.path $context.protocol $context.requestTimeEpoch $context.domainName $context.domainPrefix $context.accountId", { context }),
      "req-1 ext-1 abc123 dev res1 /pets/{id} POST /dev/pets/1 HTTP/1.1 1428582896000 abc123.execute-api.us-east-1.amazonaws.com abc123 111111111111",
    );
  });
  it("exposes identity, rendering absent values as empty", () => {
    assert.equal(render("$context.identity.sourceIp|$context.identity.userAgent|$context.identity.caller|$context.identity.apiKey|$context.identity.apiKeyId|$context.identity.cognitoIdentityId|", { context }), "192.0.2.1|curl/8||key|kid||");
  });
  it("exposes the authorizer's principalId, claims and context keys", () => {
    assert.equal(render("$context.authorizer.principalId $context.authorizer.claims.sub $context.authorizer.claims['email'] $context.authorizer.tenant", { context }), "user-1 s-1 a@b.c t1");
  });
  it("renders its nested objects as empty, as AWS does", () => {
    assert.equal(render("[$context.identity][$context.authorizer.claims][$context.requestOverride][$context.responseOverride.header]", { context }), "[][][][]");
  });
  it("iterates keySet() in java.util.HashMap order", () => {
    assert.equal(render("$context.identity.keySet()", { context: { identity: { user: "u", sourceIp: "ip", caller: "c", accountId: "a" } } }), "[accountId, caller, sourceIp, user]");
  });
  it("has no authorizer without an authorizer", () => {
    assert.equal(render("#if($context.authorizer)yes#else no#end $context.containsKey('authorizer')", { context: { requestId: "r" } }), " no false");
  });
});

describe("$stageVariables", () => {
  it("exposes stage variables by name", () => {
    assert.equal(render("$stageVariables.env/$stageVariables.get('url')", { stageVariables: { env: "prod", url: "https://x" } }), "prod/https://x");
  });
});

describe("$context.responseOverride and requestOverride", () => {
  it("returns the status and headers a template sets", () => {
    const result = renderFull("#set($context.responseOverride.status = 400)#set($context.responseOverride.header.X-Foo = 'bar')#set($context.responseOverride.header['Set-Cookie'] = 'a=1')body");
    assert.equal(result.body, "body");
    assert.deepEqual(result.overrides, { status: 400, headers: { "X-Foo": "bar", "Set-Cookie": "a=1" } });
  });
  it("accepts a status given as a string and ignores an invalid one", () => {
    assert.equal(renderFull("#set($context.responseOverride.status = '202')").overrides.status, 202);
    assert.equal(renderFull("#set($context.responseOverride.status = 'abc')").overrides.status, undefined);
    assert.equal(renderFull("#set($context.responseOverride.status = 1000)").overrides.status, undefined);
  });
  it("lets a template read back what it set", () => {
    assert.equal(render("#set($context.responseOverride.status = 444)$context.responseOverride.status"), "444");
  });
  it("returns request overrides of path, header and query string", () => {
    const result = renderFull("#set($context.requestOverride.header.h1 = 'v1')#set($name = 'q1')#set($context.requestOverride.querystring[$name] = 'x')$context.requestOverride.path.put('p', 'y')");
    assert.deepEqual(result.requestOverrides, { path: { p: "y" }, header: { h1: "v1" }, querystring: { q1: "x" } });
  });
  it("carries overrides to the next template of the same request", () => {
    const first = renderFull("#set($context.responseOverride.status = 444)#set($context.responseOverride.custom = 'kept')#set($context.requestOverride.path.body = 'b')");
    const second = renderFull("$context.responseOverride.status|$context.responseOverride.custom|$context.requestOverride.path.body", { context: first.carry });
    assert.equal(second.body, "444|kept|b");
    assert.equal(second.overrides.status, 444);
  });
  it("does not leak state between renders", () => {
    renderFull("#set($context.responseOverride.status = 500)#set($context.stage = 'changed')", { context });
    const again = renderFull("$context.stage", { context });
    assert.equal(again.body, "dev");
    assert.equal(again.overrides.status, undefined);
  });
});
