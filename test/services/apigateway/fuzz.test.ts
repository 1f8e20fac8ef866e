// Bounded fuzz: every operation the provider implements, called with inputs built from the
// model's shapes out of awkward values (and the ids of a real API, so calls get past the
// look-ups), must answer or fail with a ServiceError, never crash. Seeded, so a failure
// reproduces.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ServiceError } from "../../../src/aws/errors.js";
import type { ShapeRef } from "../../../src/aws/spec/model.js";
import { loadServiceSpec } from "../../../src/aws/spec/loader.js";
import { mockMethod, newApi, startHarness, type Harness } from "./harness.js";

const CALLS = 3000;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("API Gateway provider under fuzzed inputs", () => {
  let h: Harness;
  const strings = ["", "x", "/", "/name", "/~1a~1b/GET/throttling/rateLimit", "/*/*/caching/enabled", "{proxy+}", "{id}", "GET", "ANY", "200", "true", "-1", "\u0000", "a".repeat(300)];
  before(async () => {
    h = await startHarness();
    const { apiId, rootId } = await newApi(h, "fuzz");
    const resourceId = await mockMethod(h, apiId, rootId, "pets");
    await h.call("CreateDeployment", { restApiId: apiId, stageName: "dev" });
    const key = await h.call("CreateApiKey", { name: "k" });
    const plan = await h.call("CreateUsagePlan", { name: "p" });
    strings.push(apiId, rootId, resourceId, "dev", key.id, plan.id, "Empty", "DEFAULT_4XX");
  });
  after(() => h.close());

  it(`answers ${CALLS} random calls with results or ServiceErrors`, async () => {
    const spec = loadServiceSpec("apigateway");
    const random = rng(Number(process.env.FUZZ_SEED ?? 20260101));
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const value = (ref: ShapeRef, depth: number): unknown => {
      const shape = spec.resolve(ref);
      switch (shape.type) {
        case "string":
          return shape.enum && random() < 0.8 ? pick(shape.enum) : pick(strings);
        case "boolean":
          return random() < 0.5;
        case "integer":
        case "long":
        case "double":
        case "float":
          return pick([0, 1, -1, 25, 500, 29000, 1e9]);
        case "blob":
          return Buffer.from(pick(['{"swagger":"2.0","info":{"title":"t"},"paths":{"/a":{"get":{}}}}', "openapi: 3.0.1\ninfo: {title: y}\npaths: {}", "", "{"]));
        case "list":
          return depth > 3 ? [] : Array.from({ length: Math.floor(random() * 3) }, () => value(shape.member, depth + 1));
        case "map":
          return depth > 3 ? {} : Object.fromEntries(Array.from({ length: Math.floor(random() * 3) }, () => [pick(strings), value(shape.value, depth + 1)]));
        case "structure": {
          const out: Record<string, unknown> = {};
          for (const [name, member] of Object.entries(shape.members)) {
            if (depth < 4 && (shape.required?.includes(name) || random() < 0.5)) out[name] = value(member, depth + 1);
          }
          return out;
        }
        default:
          return undefined;
      }
    };
    const operations = [...spec.operations.values()].filter((op) => typeof (h.provider as unknown as Record<string, unknown>)[op.name] === "function");
    assert.ok(operations.length > 100);
    for (let i = 0; i < CALLS; i++) {
      const op = pick(operations);
      const input = op.input ? (value(op.input, 0) as Record<string, unknown>) : {};
      try {
        await h.call(op.name, input);
      } catch (err) {
        if (!(err instanceof ServiceError)) assert.fail(`${op.name}(${JSON.stringify(input).slice(0, 300)}) crashed: ${(err as Error).stack}`);
      }
    }
  });
});
