// Routing of execute-api requests: invoke URL styles, the most specific resource, greedy paths,
// ANY, unknown routes (403 MissingAuthenticationToken, as recorded from AWS), missing stages.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetRestApiCommand } from "@aws-sdk/client-api-gateway";
import type { NimbusNode } from "../../../../src/nimbus.js";
import { startTestNimbus } from "../../../helpers/nimbus.js";
import { apiGatewayClient, callApi, RestApiBuilder } from "../../../helpers/rest-api.js";

/** A MOCK method answering {"route": "<label>", "proxy": "<path param>"}. */
function echoRoute(label: string, param?: string) {
  return {
    integration: { type: "MOCK" as const, requestTemplates: { "application/json": '{"statusCode": 200}' } },
    options: {
      responses: [
        {
          statusCode: "200",
          responseTemplates: { "application/json": `{"route": "${label}"${param ? `, "param": "$input.params('${param}')"` : ""}}` },
        },
      ],
    },
  };
}

describe("REST data plane routing", () => {
  let node: NimbusNode;
  let api: RestApiBuilder;

  before(async () => {
    node = await startTestNimbus();
    api = await RestApiBuilder.create(apiGatewayClient(node));
    const add = async (path: string, method: string, label: string, param?: string) => {
      const r = echoRoute(label, param);
      await api.method(path, method, r.integration, r.options);
    };
    await add("/", "GET", "root");
    await add("/pets", "GET", "pets");
    await add("/pets/{petId}", "GET", "pet", "petId");
    await add("/pets/special", "GET", "special");
    await add("/pets/{petId}/toys", "ANY", "toys", "petId");
    await add("/{proxy+}", "ANY", "greedy", "proxy");
    await add("/files/{path+}", "GET", "files", "path");
    await api.deploy("test");
  });
  after(() => node.stop());

  const route = async (path: string, method = "GET", hostStyle = false) => {
    const res = await callApi(node, api.apiId, "test", path, { method, hostStyle });
    return { status: res.status, body: res.text ? res.json<Record<string, string>>() : undefined, headers: res.headers };
  };

  it("serves the root resource", async () => {
    assert.deepEqual((await route("")).body, { route: "root" });
    assert.deepEqual((await route("/")).body, { route: "root" });
  });

  it("prefers a literal path part to a parameter, and a parameter to a greedy path", async () => {
    assert.deepEqual((await route("/pets/special")).body, { route: "special" });
    assert.deepEqual((await route("/pets/42")).body, { route: "pet", param: "42" });
    assert.deepEqual((await route("/elsewhere/deep/path")).body, { route: "greedy", param: "elsewhere/deep/path" });
  });

  it("ignores one trailing slash", async () => {
    assert.deepEqual((await route("/pets/")).body, { route: "pets" });
  });

  it("serves ANY for every method, and falls back from a resource without the method to a greedy one", async () => {
    assert.deepEqual((await route("/pets/7/toys", "DELETE")).body, { route: "toys", param: "7" });
    assert.deepEqual((await route("/pets/7", "POST")).body, { route: "greedy", param: "pets/7" });
  });

  it("keeps path parameters undecoded", async () => {
    assert.deepEqual((await route("/files/a%2Fb/c%20d")).body?.param, "a%2Fb/c%20d");
  });

  it("answers unknown routes with 403 MissingAuthenticationToken", async () => {
    const small = await RestApiBuilder.create(apiGatewayClient(node));
    const r = echoRoute("exists");
    await small.method("/exists", "GET", r.integration, r.options);
    await small.deploy("test");
    assert.equal((await callApi(node, small.apiId, "test", "/exists")).status, 200);
    const wrongMethod = await callApi(node, small.apiId, "test", "/exists", { method: "POST" });
    assert.equal(wrongMethod.status, 403);
    assert.deepEqual(wrongMethod.json(), { message: "Missing Authentication Token" });
    const res = await callApi(node, small.apiId, "test", "/nothing/here", { method: "GET" });
    assert.equal(res.status, 403);
    assert.deepEqual(res.json(), { message: "Missing Authentication Token" });
    assert.equal(res.headers["x-amzn-errortype"], "MissingAuthenticationTokenException");
    assert.match(res.headers["x-amzn-requestid"]!, /^[0-9a-f-]{36}$/);
  });

  it("answers the same through the host-style URL", async () => {
    assert.deepEqual((await route("/pets/42", "GET", true)).body, { route: "pet", param: "42" });
    const missing = await callApi(node, api.apiId, "nostage", "/pets", { hostStyle: true });
    assert.equal(missing.status, 403);
    assert.deepEqual(missing.json(), { message: "Forbidden" });
  });

  it("answers 403 Forbidden for a stage or API that does not exist", async () => {
    const noStage = await callApi(node, api.apiId, "prod", "/pets");
    assert.equal(noStage.status, 403);
    assert.deepEqual(noStage.json(), { message: "Forbidden" });
    const noApi = await callApi(node, "doesnotexist", "test", "/pets");
    assert.equal(noApi.status, 403);
  });

  it("sends x-amzn-RequestId and x-amz-apigw-id with AWS's casing", async () => {
    const res = await callApi(node, api.apiId, "test", "/pets");
    assert.ok(res.rawHeaderNames.includes("x-amzn-RequestId"));
    assert.ok(res.rawHeaderNames.includes("x-amz-apigw-id"));
    assert.match(res.headers["x-amz-apigw-id"]!, /^[A-Za-z0-9_-]{15}=$/);
  });

  it("leaves the control plane's own /restapis paths alone", async () => {
    const got = await api.client.send(new GetRestApiCommand({ restApiId: api.apiId }));
    assert.equal(got.id, api.apiId);
  });
});
