// Authorizers: Lambda TOKEN and REQUEST (policy evaluation, context passing, caching and its
// flush, Unauthorized), AWS_IAM with SigV4 (strict mode) and COGNITO_USER_POOLS with real JWTs.
// The authorizer functions are scripted through the data plane's LambdaInvoker port.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { APIGatewayClient, CreateAuthorizerCommand, FlushStageAuthorizersCacheCommand } from "@aws-sdk/client-api-gateway";
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from "jose";
import type { LambdaInvocation, LambdaInvoker, LambdaResult, UserPoolKeys } from "../../../../src/engines/apigw/rest/index.js";
import type { NimbusNode } from "../../../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "../../../helpers/nimbus.js";
import { callApi, RestApiBuilder } from "../../../helpers/rest-api.js";
import { sendRaw } from "../../../helpers/signed-fetch.js";

// Strict auth mode: the SDK signs with the static test/test pair, which is account 000000000000.
const ACCOUNT = "000000000000";
const AUTH_FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:authorizer`;
const AUTH_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${AUTH_FN}/invocations`;
const POOL = `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/us-east-1_TestPool`;
const ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool";
const MOCK = { type: "MOCK" as const, requestTemplates: { "application/json": '{"statusCode": 200}' } };
const CONTEXT_ECHO = {
  responses: [
    {
      statusCode: "200",
      responseTemplates: {
        "application/json": '{"principal": "$context.authorizer.principalId", "user": "$context.authorizer.user", "tier": "$context.authorizer.tier", "caller": "$context.identity.caller", "userArn": "$context.identity.userArn", "email": "$context.authorizer.claims.email"}',
      },
    },
  ],
};

/** The authorizer function: decides from the token (or the REQUEST event's header) what to answer. */
class ScriptedAuthorizer implements LambdaInvoker {
  calls: Array<Record<string, unknown>> = [];
  async invoke(request: LambdaInvocation): Promise<LambdaResult> {
    const event = JSON.parse(request.payload.toString("utf8")) as Record<string, unknown> & { headers?: Record<string, string> };
    this.calls.push(event);
    const token = (event.authorizationToken as string | undefined) ?? event.headers?.["X-Token"] ?? "";
    const ok = (body: unknown) => ({ statusCode: 200, payload: Buffer.from(JSON.stringify(body)) });
    const policy = (effect: string, resource: string) => ({ Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: resource }] });
    switch (token) {
      case "allow":
        return ok({ principalId: "user-1", policyDocument: policy("Allow", "*"), context: { user: "ann", tier: 3 } });
      case "deny":
        return ok({ principalId: "user-2", policyDocument: policy("Deny", "*") });
      case "other-method":
        return ok({ principalId: "user-3", policyDocument: policy("Allow", "arn:aws:execute-api:*:*:*/*/DELETE/*") });
      case "bad-context":
        return ok({ principalId: "user-4", policyDocument: policy("Allow", "*"), context: { nested: { no: 1 } } });
      case "unauthorized":
        return { statusCode: 200, functionError: "Unhandled", payload: Buffer.from(JSON.stringify({ errorType: "Error", errorMessage: "Unauthorized" })) };
      default:
        return { statusCode: 200, functionError: "Unhandled", payload: Buffer.from(JSON.stringify({ errorType: "Error", errorMessage: "boom" })) };
    }
  }
}

describe("authorizers", () => {
  let node: NimbusNode;
  let api: RestApiBuilder;
  const authFn = new ScriptedAuthorizer();
  let privateKey: CryptoKey;
  let jwks: JSONWebKeySet;
  const pools: UserPoolKeys = { keys: async (arn) => (arn === POOL ? jwks : undefined) };

  const idToken = (claims: Record<string, unknown>, issuer = ISSUER) =>
    new SignJWT({ token_use: "id", email: "ann@example.com", ...claims }).setProtectedHeader({ alg: "RS256", kid: "k1" }).setIssuer(issuer).setSubject("sub-1").setIssuedAt().setExpirationTime("1h").sign(privateKey);

  before(async () => {
    const pair = await generateKeyPair("RS256");
    privateKey = pair.privateKey as CryptoKey;
    jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" }] };
    node = await startTestNimbus({ auth: "strict" }, { restApis: { lambda: authFn, userPools: pools } });
    api = await RestApiBuilder.create(new APIGatewayClient(clientConfig(node)));
    const client = api.client;
    const token = await client.send(
      new CreateAuthorizerCommand({ restApiId: api.apiId, name: "token", type: "TOKEN", authorizerUri: AUTH_URI, identitySource: "method.request.header.Authorization", identityValidationExpression: "^[a-z-]+$", authorizerResultTtlInSeconds: 300 }),
    );
    const request = await client.send(
      new CreateAuthorizerCommand({ restApiId: api.apiId, name: "request", type: "REQUEST", authorizerUri: AUTH_URI, identitySource: "method.request.header.X-Token, method.request.querystring.tenant", authorizerResultTtlInSeconds: 0 }),
    );
    const cognito = await client.send(new CreateAuthorizerCommand({ restApiId: api.apiId, name: "pool", type: "COGNITO_USER_POOLS", providerARNs: [POOL], identitySource: "method.request.header.Authorization" }));
    await api.method("/token", "GET", MOCK, { ...CONTEXT_ECHO, method: { authorizationType: "CUSTOM", authorizerId: token.id! } });
    await api.method("/request", "GET", MOCK, { ...CONTEXT_ECHO, method: { authorizationType: "CUSTOM", authorizerId: request.id! } });
    await api.method("/iam", "GET", MOCK, { ...CONTEXT_ECHO, method: { authorizationType: "AWS_IAM" } });
    await api.method("/cognito", "GET", MOCK, { ...CONTEXT_ECHO, method: { authorizationType: "COGNITO_USER_POOLS", authorizerId: cognito.id! } });
    await api.deploy("prod");
  });
  after(() => node.stop());

  const get = (path: string, headers: Record<string, string> = {}) => callApi(node, api.apiId, "prod", path, { headers });

  it("TOKEN: an Allow policy lets the request through with the authorizer's context", async () => {
    const res = await get("/token", { Authorization: "allow" });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), { principal: "user-1", user: "ann", tier: "3", caller: "", userArn: "", email: "" });
    const event = authFn.calls.at(-1)!;
    assert.equal(event.type, "TOKEN");
    assert.equal(event.authorizationToken, "allow");
    assert.match(event.methodArn as string, new RegExp(`^arn:aws:execute-api:us-east-1:${ACCOUNT}:${api.apiId}/prod/GET/token$`));
  });

  it("TOKEN: results are cached per token until the stage's authorizer cache is flushed", async () => {
    const before = authFn.calls.length;
    assert.equal((await get("/token", { Authorization: "allow" })).status, 200);
    assert.equal(authFn.calls.length, before, "answered from the cache");
    await api.client.send(new FlushStageAuthorizersCacheCommand({ restApiId: api.apiId, stageName: "prod" }));
    assert.equal((await get("/token", { Authorization: "allow" })).status, 200);
    assert.equal(authFn.calls.length, before + 1);
  });

  it("TOKEN: Deny, a policy for another method, and a missing or malformed token", async () => {
    const deny = await get("/token", { Authorization: "deny" });
    assert.deepEqual([deny.status, deny.json()], [403, { message: "User is not authorized to access this resource with an explicit deny" }]);
    assert.equal(deny.headers["x-amzn-errortype"], "AccessDeniedException");
    const other = await get("/token", { Authorization: "other-method" });
    assert.deepEqual([other.status, other.json()], [403, { message: "User is not authorized to access this resource" }]);
    const calls = authFn.calls.length;
    const missing = await get("/token");
    assert.deepEqual([missing.status, missing.json()], [401, { message: "Unauthorized" }]);
    const malformed = await get("/token", { Authorization: "NOT VALID" });
    assert.equal(malformed.status, 401);
    assert.equal(authFn.calls.length, calls, "the function is not called without a valid token");
  });

  it("TOKEN: an 'Unauthorized' error is 401, other failures 500 with a null message", async () => {
    const unauthorized = await get("/token", { Authorization: "unauthorized" });
    assert.deepEqual([unauthorized.status, unauthorized.json()], [401, { message: "Unauthorized" }]);
    const failing = await get("/token", { Authorization: "failing" });
    assert.deepEqual([failing.status, failing.json()], [500, { message: null }]);
    assert.equal(failing.headers["x-amzn-errortype"], "AuthorizerConfigurationException");
    const badContext = await get("/token", { Authorization: "bad-context" });
    assert.equal(badContext.status, 500);
  });

  it("REQUEST: every identity source must be present; the event carries the request", async () => {
    const missing = await callApi(node, api.apiId, "prod", "/request", { headers: { "X-Token": "allow" } });
    assert.equal(missing.status, 401);
    const res = await callApi(node, api.apiId, "prod", "/request?tenant=t1", { headers: { "X-Token": "allow" } });
    assert.equal(res.status, 200, res.text);
    const event = authFn.calls.at(-1)! as Record<string, unknown> & { queryStringParameters: Record<string, string>; requestContext: { stage: string } };
    assert.equal(event.type, "REQUEST");
    assert.deepEqual(event.queryStringParameters, { tenant: "t1" });
    assert.equal(event.requestContext.stage, "prod");
    const calls = authFn.calls.length;
    await callApi(node, api.apiId, "prod", "/request?tenant=t1", { headers: { "X-Token": "allow" } });
    assert.equal(authFn.calls.length, calls + 1, "TTL 0: no caching");
  });

  it("AWS_IAM: unsigned requests are refused, signed ones carry the caller's identity", async () => {
    const unsigned = await get("/iam");
    assert.deepEqual([unsigned.status, unsigned.json()], [403, { message: "Missing Authentication Token" }]);
    const path = `/restapis/${api.apiId}/prod/_user_request_/iam`;
    const signed = await sendRaw(node, { method: "GET", path, service: "execute-api", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
    assert.equal(signed.status, 200, signed.text);
    const body = JSON.parse(signed.text) as { caller: string; userArn: string };
    assert.equal(body.userArn, "arn:aws:iam::000000000000:root");
    const wrong = await sendRaw(node, { method: "GET", path, service: "execute-api", credentials: { accessKeyId: "test", secretAccessKey: "wrong" } });
    assert.equal(wrong.status, 403);
    assert.match(JSON.parse(wrong.text).message as string, /signature we calculated does not match/);
  });

  it("COGNITO_USER_POOLS: a valid ID token passes with its claims, anything else is 401", async () => {
    const ok = await get("/cognito", { Authorization: await idToken({}) });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json<{ email: string }>().email, "ann@example.com");
    assert.equal((await get("/cognito")).status, 401);
    assert.equal((await get("/cognito", { Authorization: await idToken({}, "https://cognito-idp.us-east-1.amazonaws.com/other") })).status, 401);
    assert.equal((await get("/cognito", { Authorization: await idToken({ token_use: "access" }) })).status, 401, "an access token needs method scopes");
    assert.equal((await get("/cognito", { Authorization: "not.a.jwt" })).status, 401);
  });
});
