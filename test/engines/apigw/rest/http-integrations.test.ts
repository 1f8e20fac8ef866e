// HTTP and HTTP_PROXY integrations against a node:http backend on 127.0.0.1 that echoes what it
// received: what is forwarded, mapped and remapped, status selection, timeouts, failures.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { NimbusNode } from "../../../../src/nimbus.js";
import { startTestNimbus } from "../../../helpers/nimbus.js";
import { apiGatewayClient, callApi, RestApiBuilder } from "../../../helpers/rest-api.js";

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  rawHeaderNames: string[];
  body: string;
}

describe("HTTP and HTTP_PROXY integrations", () => {
  let node: NimbusNode;
  let backend: Server;
  let base: string;
  let api: RestApiBuilder;

  before(async () => {
    backend = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const url = new URL(req.url!, "http://backend");
        if (url.pathname.startsWith("/slow")) {
          setTimeout(() => res.end("late"), 2000).unref();
          return;
        }
        const status = url.pathname.startsWith("/status/") ? Number(url.pathname.slice(8)) : 200;
        const names: string[] = [];
        for (let i = 0; i < req.rawHeaders.length; i += 2) names.push(req.rawHeaders[i]!);
        const echo: Echo = { method: req.method!, url: req.url!, headers: req.headers as Record<string, string>, rawHeaderNames: names, body: Buffer.concat(chunks).toString("utf8") };
        const text = JSON.stringify(echo);
        res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), "X-Backend": "yes", Server: "echo/1.0" });
        res.end(text);
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;

    node = await startTestNimbus();
    api = await RestApiBuilder.create(apiGatewayClient(node));
    await api.method(
      "/proxy/{proxy+}",
      "ANY",
      { type: "HTTP_PROXY", integrationHttpMethod: "ANY", uri: `${base}/{proxy}`, requestParameters: { "integration.request.path.proxy": "method.request.path.proxy" } },
      { method: { requestParameters: { "method.request.path.proxy": true } } },
    );
    await api.method(
      "/mapped/{id}",
      "POST",
      {
        type: "HTTP",
        integrationHttpMethod: "PUT",
        uri: `${base}/items/{itemId}`,
        requestParameters: {
          "integration.request.path.itemId": "method.request.path.id",
          "integration.request.querystring.source": "method.request.header.x-source",
          "integration.request.header.X-Stage": "stageVariables.label",
          "integration.request.header.X-Fixed": "'fixed value'",
        },
        requestTemplates: { "application/json": '{"wrapped": $input.json(\'$\'), "id": "$input.params(\'id\')"}' },
      },
      {
        method: { requestParameters: { "method.request.path.id": true, "method.request.header.x-source": false } },
        responses: [
          {
            statusCode: "200",
            responseParameters: { "method.response.header.X-From-Backend": "integration.response.header.X-Backend", "method.response.header.Server": "'mine'" },
            responseTemplates: { "application/json": '{"sawMethod": "$input.path(\'$.method\')", "sawUrl": "$input.path(\'$.url\')", "sawBody": $input.path(\'$.body\')}' },
            methodResponseParameters: { "method.response.header.X-From-Backend": false, "method.response.header.Server": false },
          },
        ],
      },
    );
    await api.method(
      "/status/{code}",
      "GET",
      { type: "HTTP", integrationHttpMethod: "GET", uri: `${base}/status/{code}`, requestParameters: { "integration.request.path.code": "method.request.path.code" } },
      {
        method: { requestParameters: { "method.request.path.code": true } },
        responses: [
          { statusCode: "200", responseTemplates: { "application/json": '{"ok": true}' } },
          { statusCode: "400", selectionPattern: "4\\d{2}", responseTemplates: { "application/json": '{"clientError": true}' } },
        ],
      },
    );
    await api.method("/plain", "GET", { type: "HTTP", integrationHttpMethod: "GET", uri: `${base}/plain` }, { responses: [{ statusCode: "200" }] });
    await api.method("/slow", "GET", { type: "HTTP_PROXY", integrationHttpMethod: "GET", uri: `${base}/slow`, timeoutInMillis: 100 });
    await api.method("/down", "GET", { type: "HTTP_PROXY", integrationHttpMethod: "GET", uri: "http://127.0.0.1:1/nothing" });
    await api.method("/staged", "GET", { type: "HTTP_PROXY", integrationHttpMethod: "GET", uri: "http://${stageVariables.backendHost}/from-stage" });
    await api.deploy("dev", { label: "development", backendHost: new URL(base).host });
  });

  after(async () => {
    await node.stop();
    await new Promise<void>((resolve) => backend.close(() => resolve()));
  });

  it("HTTP_PROXY forwards method, path, query, headers and body, and passes the answer through", async () => {
    const res = await callApi(node, api.apiId, "dev", "/proxy/a/b%20c?x=1&x=2", { method: "PATCH", headers: { "X-Custom": "v", "Content-Type": "text/plain" }, body: "hello" });
    assert.equal(res.status, 200);
    const echo = res.json<Echo>();
    assert.equal(echo.method, "PATCH");
    assert.equal(echo.url, "/a/b%20c?x=1&x=2");
    assert.equal(echo.headers["x-custom"], "v");
    assert.equal(echo.headers["x-amzn-apigateway-api-id"], api.apiId);
    assert.match(echo.headers["x-amzn-trace-id"]!, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    assert.equal(echo.body, "hello");
    assert.equal(res.headers["x-backend"], "yes");
    assert.equal(res.headers["x-amzn-remapped-server"], "echo/1.0");
    assert.ok(res.headers["x-amzn-remapped-content-length"], "the backend's Content-Length comes back remapped");
    assert.equal(res.headers["x-amzn-trace-id"], undefined, "no trace id on HTTP_PROXY answers");
  });

  it("HTTP_PROXY passes the backend's status code through", async () => {
    const res = await callApi(node, api.apiId, "dev", "/proxy/status/418");
    assert.equal(res.status, 418);
  });

  it("HTTP sends only mapped parameters, the template's body and API Gateway's own headers", async () => {
    const res = await callApi(node, api.apiId, "dev", "/mapped/42?ignored=yes", {
      method: "POST",
      headers: { "Content-Type": "application/json", "x-source": "mobile", "X-Not-Mapped": "nope" },
      body: JSON.stringify({ a: 1 }),
    });
    assert.equal(res.status, 200, res.text);
    const out = res.json<{ sawMethod: string; sawUrl: string; sawBody: unknown }>();
    assert.equal(out.sawMethod, "PUT");
    assert.equal(out.sawUrl, "/items/42?source=mobile");
    // $input.path('$.body') prints the backend's string as is: the mapped body, a JSON object.
    assert.deepEqual(out.sawBody, { wrapped: { a: 1 }, id: "42" });
    assert.equal(res.headers["x-from-backend"], "yes");
    assert.equal(res.headers["x-amzn-remapped-server"], "mine");
  });

  it("HTTP: an empty body reads as {} in the template", async () => {
    const mapped = await callApi(node, api.apiId, "dev", "/mapped/1", { method: "POST", headers: { "Content-Type": "application/json" } });
    assert.deepEqual(mapped.json<{ sawBody: unknown }>().sawBody, { wrapped: {}, id: "1" });
  });

  it("HTTP: the backend receives API Gateway's own headers, not the client's", async () => {
    const res = await callApi(node, api.apiId, "dev", "/plain", { headers: { "X-Client": "c", "User-Agent": "curl/8" } });
    assert.equal(res.status, 200);
    const echo = res.json<Echo>();
    assert.equal(echo.headers["x-client"], undefined);
    assert.equal(echo.headers["user-agent"], `AmazonAPIGateway_${api.apiId}`);
    assert.equal(echo.headers["accept"], "application/json");
    assert.equal(echo.headers["x-amzn-apigateway-api-id"], api.apiId);
    assert.equal(res.headers["content-type"], "application/json");
  });

  it("HTTP selects the integration response by the backend's status code", async () => {
    const ok = await callApi(node, api.apiId, "dev", "/status/200");
    assert.deepEqual([ok.status, ok.json()], [200, { ok: true }]);
    const notFound = await callApi(node, api.apiId, "dev", "/status/404");
    assert.deepEqual([notFound.status, notFound.json()], [400, { clientError: true }]);
    const serverError = await callApi(node, api.apiId, "dev", "/status/503");
    assert.deepEqual([serverError.status, serverError.json()], [200, { ok: true }], "no pattern matches 503: the default response applies");
  });

  it("answers 504 when the backend is slower than the integration timeout", async () => {
    const res = await callApi(node, api.apiId, "dev", "/slow");
    assert.equal(res.status, 504);
    assert.deepEqual(res.json(), { message: "Endpoint request timed out" });
    assert.equal(res.headers["x-amzn-errortype"], "InternalServerErrorException");
  });

  it("answers 500 when the backend cannot be reached", async () => {
    const res = await callApi(node, api.apiId, "dev", "/down");
    assert.equal(res.status, 500);
    assert.deepEqual(res.json(), { message: "Internal server error" });
  });

  it("fills stage variables into the integration URI", async () => {
    const res = await callApi(node, api.apiId, "dev", "/staged");
    assert.equal(res.status, 200);
    assert.equal(res.json<Echo>().url, "/from-stage");
  });
});
