// The JSON codec's reader keeps nested values that read as they were parsed instead of copying
// them; what it reads must be exactly what a full copy would give, and the copy must start
// wherever a member is dropped or converted.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getProtocol } from "../../../src/aws/protocol/index.js";
import { loadServiceSpec } from "../../../src/aws/spec/loader.js";

const spec = loadServiceSpec("dynamodb");
const protocol = getProtocol("json");
const putItem = spec.operation("PutItem")!;

const read = (body: unknown) =>
  protocol.parseInput(spec, putItem, { method: "POST", path: "/", rawQuery: "", query: {}, headers: {}, body: Buffer.from(JSON.stringify(body)) } as never);

describe("JSON codec reading nested values", () => {
  it("reads an item of strings, numbers, sets, lists and maps as sent", () => {
    const item = { pk: { S: "a" }, n: { N: "1" }, m: { M: { l: { L: [{ S: "x" }, { BOOL: true }, { NULL: true }] } } }, ss: { SS: ["a", "b"] } };
    assert.deepEqual(read({ TableName: "t", Item: item }), { TableName: "t", Item: item });
  });

  it("decodes binaries deep inside an otherwise unchanged item", () => {
    const input = read({ TableName: "t", Item: { pk: { S: "a" }, m: { M: { a: { S: "x" }, b: { B: "AAH/" }, c: { S: "y" } } }, bs: { BS: ["AQ==", "Ag=="] } } });
    assert.deepEqual(input, {
      TableName: "t",
      Item: { pk: { S: "a" }, m: { M: { a: { S: "x" }, b: { B: Buffer.from([0, 1, 255]) }, c: { S: "y" } } }, bs: { BS: [Buffer.from([1]), Buffer.from([2])] } },
    });
    const m = (input.Item as unknown as Record<string, { M: Record<string, unknown> }>).m!.M;
    assert.deepEqual(Object.keys(m), ["a", "b", "c"]);
  });

  it("leaves out null members, null list elements and members the model does not have", () => {
    const input = read({
      TableName: "t",
      Item: { a: { S: "a", extra: "no" }, b: { N: null, S: "b" }, l: { L: [{ S: "1" }, null, { S: "2" }] }, m: { M: { x: { S: "1" }, gone: null, y: { S: "2" } } }, ["__proto__"]: { S: "p" } },
    });
    assert.deepEqual(Object.keys(input.Item as object), ["a", "b", "l", "m", "__proto__"]);
    const item = input.Item as Record<string, unknown>;
    assert.deepEqual(item.a, { S: "a" });
    assert.deepEqual(Object.keys(item.b as object), ["S"]);
    assert.deepEqual(item.l, { L: [{ S: "1" }, { S: "2" }] });
    assert.deepEqual(item.m, { M: { x: { S: "1" }, y: { S: "2" } } });
    assert.deepEqual(Object.getOwnPropertyDescriptor(item, "__proto__")?.value, { S: "p" });
  });

  it("still refuses a value of the wrong JSON type inside an item", () => {
    assert.throws(() => read({ TableName: "t", Item: { a: { S: 1 } } }), (err: Error & { code?: string }) => err.code === "SerializationException");
    assert.throws(() => read({ TableName: "t", Item: { a: { L: {} } } }), (err: Error & { code?: string }) => err.code === "SerializationException");
  });
});
