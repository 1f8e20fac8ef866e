// The JSON codec's writer reuses nested values that are already wire-shaped instead of copying
// them; what it writes must be exactly what a full copy would write.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getProtocol } from "../../../src/aws/protocol/index.js";
import { loadServiceSpec } from "../../../src/aws/spec/loader.js";

const spec = loadServiceSpec("dynamodb");
const protocol = getProtocol("json");
const getItem = spec.operation("GetItem")!;
const query = spec.operation("Query")!;
const ctx = { requestId: "r-1" } as never;

const bodyOf = (op: typeof getItem, output: Record<string, unknown>) => JSON.parse(protocol.serializeOutput(spec, op, output, ctx).body as string);

describe("JSON codec writing nested values", () => {
  it("writes a wire-shaped item unchanged", () => {
    const item = { pk: { S: "a" }, n: { N: "1" }, m: { M: { l: { L: [{ S: "x" }, { BOOL: true }, { NULL: true }] } } }, ss: { SS: ["a", "b"] } };
    assert.deepEqual(bodyOf(getItem, { Item: item }), { Item: item });
  });

  it("converts binaries deep inside an otherwise unchanged item, without touching the input", () => {
    const item = { pk: { S: "a" }, m: { M: { a: { S: "x" }, b: { B: new Uint8Array([0, 1, 255]) }, c: { S: "y" } } }, bs: { BS: [new Uint8Array([1]), new Uint8Array([2])] } };
    assert.deepEqual(bodyOf(getItem, { Item: item }), { Item: { pk: { S: "a" }, m: { M: { a: { S: "x" }, b: { B: "AAH/" }, c: { S: "y" } } }, bs: { BS: ["AQ==", "Ag=="] } } });
    assert.ok(item.m.M.b.B instanceof Uint8Array);
  });

  it("leaves out null members, null list elements and members the model does not have", () => {
    const items = [{ pk: { S: "a", extra: "no" } }, { pk: { S: "b", N: null } }, { l: { L: [{ S: "1" }, null, { S: "2" }] } }, { m: { M: { a: { S: "1" }, gone: null, b: { S: "2" } } } }];
    assert.deepEqual(bodyOf(query, { Items: items, Count: 4, ScannedCount: 4 }), {
      Items: [{ pk: { S: "a" } }, { pk: { S: "b" } }, { l: { L: [{ S: "1" }, { S: "2" }] } }, { m: { M: { a: { S: "1" }, b: { S: "2" } } } }],
      Count: 4,
      ScannedCount: 4,
    });
  });

  it("keeps a map key named __proto__ as an attribute name", () => {
    const item = JSON.parse('{"__proto__":{"S":"p"},"b":{"B":"AA=="}}') as Record<string, unknown>;
    item.b = { B: new Uint8Array([0]) };
    const text = protocol.serializeOutput(spec, getItem, { Item: item }, ctx).body as string;
    assert.equal(text, '{"Item":{"__proto__":{"S":"p"},"b":{"B":"AA=="}}}');
  });
});
