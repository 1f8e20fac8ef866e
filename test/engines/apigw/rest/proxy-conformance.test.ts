// Data-driven conformance of Lambda proxy integrations against AWS's recordings
// (conformance/localstack/tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json):
// - the proxy event a function receives (the recorded function echoed its event back);
// - how the function's output is validated and answered (test_aws_proxy_response_payload_format_validation).
// Each recorded entry is compared after the recorder's normalisation (placeholders bind to one
// value of ours throughout a test); the outcome of every entry is checked against
// proxy-conformance.expectations.json, so a change shows both regressions and new passes.
// UPDATE_EXPECTATIONS=1 rewrites the file.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { LambdaInvocation, LambdaInvoker, LambdaResult } from "../../../../src/engines/apigw/rest/index.js";
import type { NimbusNode } from "../../../../src/nimbus.js";
import { Bindings, differences, normalise } from "../../../e2e/apigateway-conformance/compare.js";
import { apiGatewayRecordings } from "../../../helpers/conformance.js";
import { startTestNimbus } from "../../../helpers/nimbus.js";
import { apiGatewayClient, rawCall, RestApiBuilder } from "../../../helpers/rest-api.js";
import {
  DATA_MAPPING_CASE,
  DATA_MAPPING_PARAMETERS,
  EDGE_ONLY_RESPONSE_HEADERS,
  PROXY_EVENT_CASES,
  PROXY_RESPONSE_CASES,
  type ProxyCase,
} from "./proxy-conformance-cases.js";

const SOURCE_DIR = join(import.meta.dirname, "../../../../../test/engines/apigw/rest");
const EXPECTATIONS = join(SOURCE_DIR, "proxy-conformance.expectations.json");
const FUNCTION_ARN = "arn:aws:lambda:us-east-1:111111111111:function:echo";
const URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations`;
const ROLE = "arn:aws:iam::111111111111:role/apigw-invoke";
/** Placeholders the recorder wrote for values that vary by call and client; any value fits them. */
const WILDCARDS = new Set(["<X-Forwarded-For>", "<X-Forwarded-Port>", "<X-Forwarded-Proto>", "<request-time>", "<request-time-epoch>", "<date>"]);

const recordings = apiGatewayRecordings("test_apigateway_lambda.snapshot.json");
function recorded(test: string, entry: string): unknown {
  const key = Object.keys(recordings).find((k) => k.endsWith(`::${test}`));
  return key ? recordings[key]!["recorded-content"][entry] : undefined;
}

/** Our value with the recorder's wildcard placeholders copied in where the recording has them. */
function applyWildcards(rec: unknown, ours: unknown): unknown {
  if (typeof rec === "string" && WILDCARDS.has(rec)) return ours === undefined ? ours : rec;
  if (Array.isArray(rec) && Array.isArray(ours)) return ours.map((v, i) => applyWildcards(rec[i], v));
  if (rec && typeof rec === "object" && ours && typeof ours === "object" && !Array.isArray(ours)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(ours)) out[k] = applyWildcards((rec as Record<string, unknown>)[k], v);
    return out;
  }
  return ours;
}

/** Echoes the proxy event (as the recorded function did), or answers what the request body asks for. */
class RecordingInvoker implements LambdaInvoker {
  mode: "echo" | "from-body" = "echo";
  async invoke(request: LambdaInvocation): Promise<LambdaResult> {
    const event = JSON.parse(request.payload.toString("utf8")) as { body: string | null };
    if (this.mode === "echo") {
      return { statusCode: 200, payload: Buffer.from(JSON.stringify({ statusCode: 200, body: JSON.stringify(event), isBase64Encoded: false })) };
    }
    if (event.body === null) {
      return { statusCode: 200, functionError: "Unhandled", payload: Buffer.from(JSON.stringify({ errorMessage: "the JSON object must be str, not NoneType", errorType: "TypeError" })) };
    }
    return { statusCode: 200, payload: Buffer.from(event.body) };
  }
}

const outcomes: Record<string, string> = {};
const expectations: Record<string, string> = (() => {
  try {
    return JSON.parse(readFileSync(EXPECTATIONS, "utf8")) as Record<string, string>;
  } catch {
    return {};
  }
})();

function check(id: string, diffs: string[]): void {
  const outcome = diffs.length === 0 ? "pass" : `fail: ${diffs[0]}`;
  outcomes[id] = outcome;
  if (process.env["UPDATE_EXPECTATIONS"]) return;
  assert.equal(outcome, expectations[id] ?? "(no expectation recorded)", `${id}\n${diffs.slice(0, 10).join("\n")}`);
}

describe("Lambda proxy integration conformance (recorded AWS answers)", () => {
  let node: NimbusNode;
  const invoker = new RecordingInvoker();
  let proxyApi: RestApiBuilder;
  let mappingApi: RestApiBuilder;
  let responseApi: RestApiBuilder;

  before(async () => {
    node = await startTestNimbus({}, { restApis: { lambda: invoker } });
    const client = apiGatewayClient(node);
    const integration = { type: "AWS_PROXY" as const, integrationHttpMethod: "POST", uri: URI, credentials: ROLE };
    proxyApi = await RestApiBuilder.create(client, { description: "Integration test API" });
    await proxyApi.method("/{proxy+}", "ANY", integration);
    await proxyApi.method("/hardcoded", "ANY", integration);
    await proxyApi.deploy("stage");
    mappingApi = await RestApiBuilder.create(client);
    await mappingApi.method(
      "/{pathVariable}",
      "ANY",
      { ...integration, requestParameters: DATA_MAPPING_PARAMETERS },
      { method: { requestParameters: Object.fromEntries(Object.values(DATA_MAPPING_PARAMETERS).map((v) => [v, true])) } },
    );
    await mappingApi.deploy("test");
    responseApi = await RestApiBuilder.create(client);
    await responseApi.method("/{proxy+}", "ANY", integration);
    await responseApi.deploy("test");
  });

  after(() => {
    if (process.env["UPDATE_EXPECTATIONS"]) writeFileSync(EXPECTATIONS, JSON.stringify(outcomes, Object.keys(outcomes).sort(), 2) + "\n");
    return node.stop();
  });

  const send = (apiId: string, c: ProxyCase) => {
    const url = new URL(node.endpoint);
    return rawCall(url, c.path, c.method, { Host: `${apiId}.execute-api.localhost:${url.port}`, ...c.headers }, c.body);
  };

  describe("the proxy event", () => {
    // Placeholders are bound per recorded test, as the recorder numbered them.
    const bindingsOf = new Map<string, Bindings>();
    for (const c of [...PROXY_EVENT_CASES, DATA_MAPPING_CASE]) {
      it(`${c.test} / ${c.entry}`, async () => {
        invoker.mode = "echo";
        const api = c === DATA_MAPPING_CASE ? mappingApi : proxyApi;
        const res = await send(api.apiId, c);
        assert.equal(res.status, 200, res.text);
        const rec = recorded(c.test, c.entry);
        assert.ok(rec, "recording found");
        const event = normalise(res.text);
        const ours = c === DATA_MAPPING_CASE ? { content: event, status_code: res.status } : event;
        const bindings = bindingsOf.get(c.test) ?? new Bindings();
        bindingsOf.set(c.test, bindings);
        if (c.test === PROXY_EVENT_CASES[0]!.test) bindings.matchString("<api-id>", api.apiId);
        check(`${c.test}/${c.entry}`, differences(rec, applyWildcards(rec, ours), bindings));
      });
    }
  });

  describe("the function's output", () => {
    const bindings = new Bindings();
    for (const c of PROXY_RESPONSE_CASES) {
      it(`test_aws_proxy_response_payload_format_validation / ${c.entry}`, async () => {
        invoker.mode = "from-body";
        const url = new URL(node.endpoint);
        const body = c.output === undefined ? undefined : JSON.stringify(c.output);
        const res = await rawCall(url, "/test/test", "POST", {
          Host: `${responseApi.apiId}.execute-api.localhost:${url.port}`,
          "User-Agent": "python/test",
          ...(body ? { "Content-Type": "application/json" } : {}),
        }, body);
        assert.equal(res.status, c.status, res.text);
        let content: unknown;
        try {
          content = JSON.parse(res.text);
        } catch {
          content = res.text;
        }
        const ours: Record<string, unknown> = { content };
        if (c.withHeaders) {
          const headers: Record<string, string> = {};
          for (let i = 0; i < res.rawHeaderNames.length; i++) {
            const name = res.rawHeaderNames[i]!;
            if (!EDGE_ONLY_RESPONSE_HEADERS.some((h) => h.toLowerCase() === name.toLowerCase())) headers[name] = res.headers[name.toLowerCase()]!;
          }
          ours.headers = headers;
        }
        const rec = structuredClone(recorded("test_aws_proxy_response_payload_format_validation", c.entry)) as Record<string, unknown>;
        assert.ok(rec, "recording found");
        if (rec.headers) for (const h of EDGE_ONLY_RESPONSE_HEADERS) delete (rec.headers as Record<string, unknown>)[h];
        check(`test_aws_proxy_response_payload_format_validation/${c.entry}`, differences(rec, ours, bindings));
      });
    }
  });
});
