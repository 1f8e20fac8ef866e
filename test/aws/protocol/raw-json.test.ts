// RawJson: JSON text a provider already holds in wire form is spliced into the answer as it is,
// and the answer is exactly what serializing the parsed value would give.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getProtocol } from "../../../src/aws/protocol/index.js";
import { RawJson, stringifyWithRaw } from "../../../src/aws/protocol/raw-json.js";
import { loadServiceSpec } from "../../../src/aws/spec/loader.js";
import { decodeItem } from "../../../src/services/dynamodb/storage/item-codec.js";

const spec = loadServiceSpec("dynamodb");
const protocol = getProtocol("json");
const query = spec.operation("Query")!;
const ctx = { requestId: "r-1" } as never;
const serialize = (output: Record<string, unknown>) => protocol.serializeOutput(spec, query, output, ctx).body as string;

describe("RawJson", () => {
  const stored = ['{"pk":{"S":"a"},"b":{"B":"AAH/"}}', '{"pk":{"S":"\\u2028 \\"q\\""},"m":{"M":{"__proto__":{"S":"p"}}}}'];

  it("splices stored items into a Query answer, which equals the answer for the decoded items", () => {
    const raw = serialize({ Count: 2, ScannedCount: 2, Items: stored.map((t) => new RawJson(t)), LastEvaluatedKey: { pk: { S: "a" } } });
    assert.equal(raw, `{"Count":2,"ScannedCount":2,"Items":[${stored.join(",")}],"LastEvaluatedKey":{"pk":{"S":"a"}}}`);
    assert.deepEqual(JSON.parse(raw), JSON.parse(serialize({ Count: 2, ScannedCount: 2, Items: stored.map(decodeItem), LastEvaluatedKey: { pk: { S: "a" } } })));
  });

  it("does not leak into the next answer of the same codec", () => {
    serialize({ Count: 1, ScannedCount: 1, Items: [new RawJson(stored[0]!)] });
    assert.equal(serialize({ Count: 0, ScannedCount: 0, Items: [] }), '{"Count":0,"ScannedCount":0,"Items":[]}');
  });

  it("stringifies like JSON.stringify around the raw parts", () => {
    const value = { a: undefined, b: [1, undefined, () => 1, "x\u2028"], c: null, d: new RawJson('{"z":1}'), e: Buffer.from("hi"), f: { g: new Date(0) } };
    const expected = JSON.stringify({ ...value, d: { z: 1 } });
    assert.equal(stringifyWithRaw(value), expected);
  });

  it("is still right JSON when something else stringifies it", () => {
    assert.equal(JSON.stringify({ items: [new RawJson('{"pk":{"S":"a"}}')] }), '{"items":[{"pk":{"S":"a"}}]}');
  });
});
