// Runs the API Gateway provider in process: a real store (SQLite in a temporary folder),
// a fake clock, and a RequestContext per call. call() runs the same input validation the
// edge runs before dispatch, so tests see what a client would.
import assert from "node:assert/strict";
import type { RequestContext } from "../../../src/aws/context.js";
import { ServiceError } from "../../../src/aws/errors.js";
import { loadServiceSpec } from "../../../src/aws/spec/loader.js";
import { parseConfig } from "../../../src/config/schema.js";
import { ApiGatewayProvider } from "../../../src/services/apigateway/provider.js";
import { validateApiGatewayInput } from "../../../src/services/apigateway/input-validation.js";
import { FakeClock } from "../../../src/shared/clock.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { openStore } from "../../../src/storage/open-store.js";
import type { Store } from "../../../src/storage/types.js";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";

export interface Harness {
  provider: ApiGatewayProvider;
  clock: FakeClock;
  store: Store;
  call<T = any>(operation: string, input: Record<string, unknown>, scope?: { accountId?: string; region?: string }): Promise<T>;
  close(): Promise<void>;
}

export async function startHarness(options: { dataDir?: string; clock?: FakeClock; postgresUrl?: string } = {}): Promise<Harness> {
  const store = await openStore(
    options.postgresUrl
      ? { dataDir: "", inMemory: false, url: options.postgresUrl }
      : options.dataDir
        ? { dataDir: options.dataDir, inMemory: false }
        : { dataDir: "", inMemory: true },
  );
  const clock = options.clock ?? new FakeClock();
  const provider = new ApiGatewayProvider({ config: parseConfig({}), store, clock, logger: silentLogger });
  await provider.start();
  const spec = loadServiceSpec("apigateway");
  return {
    provider,
    clock,
    store,
    async call(operation, input, scope = {}) {
      validateApiGatewayInput(spec, operation, input);
      const handler = (provider as unknown as Record<string, (ctx: RequestContext, input: unknown) => Promise<unknown>>)[operation];
      assert.equal(typeof handler, "function", `provider lacks ${operation}`);
      return (await handler!.call(provider, context(operation, scope.accountId ?? ACCOUNT, scope.region ?? REGION, clock), input)) as any;
    },
    close: () => store.close(),
  };
}

function context(operation: string, accountId: string, region: string, clock: FakeClock): RequestContext {
  return {
    requestId: "test-request",
    service: "apigateway",
    operation,
    protocol: "rest-json",
    accountId,
    region,
    caller: { accountId, accessKeyId: "test", arn: `arn:aws:iam::${accountId}:root`, userId: accountId },
    receivedAt: clock.now(),
    endpoint: "http://localhost:4566",
    http: { method: "GET", path: "/", rawQuery: "", query: {}, headers: {}, body: Buffer.alloc(0) },
  };
}

/** Asserts that promise rejects with an API Gateway error of this code and message. */
export async function rejects(promise: Promise<unknown>, code: string, message: string | RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof ServiceError, `expected a ServiceError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (typeof message === "string") assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

/** Creates an API and returns its id and root resource id. */
export async function newApi(h: Harness, name = "test-api"): Promise<{ apiId: string; rootId: string }> {
  const api = await h.call("CreateRestApi", { name });
  return { apiId: api.id, rootId: api.rootResourceId };
}

/** A method with a MOCK integration on a new resource. */
export async function mockMethod(h: Harness, apiId: string, parentId: string, pathPart: string, httpMethod = "GET"): Promise<string> {
  const resource = await h.call("CreateResource", { restApiId: apiId, parentId, pathPart });
  await h.call("PutMethod", { restApiId: apiId, resourceId: resource.id, httpMethod, authorizationType: "NONE" });
  await h.call("PutIntegration", { restApiId: apiId, resourceId: resource.id, httpMethod, type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } });
  return resource.id;
}
