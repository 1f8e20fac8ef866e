import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareScalars, compareStrings, valuesEqual } from "../../../../src/services/dynamodb/values/compare.js";
import { attributeValueProblem, canonicalAttributeValue } from "../../../../src/services/dynamodb/values/validate.js";

describe("DynamoDB comparison", () => {
  it("orders strings by UTF-8 bytes, not UTF-16 code units", () => {
    assert.ok(compareStrings("a", "b") < 0);
    assert.ok(compareStrings("ab", "a") > 0);
    // U+FF5E (3 UTF-8 bytes, EF BD 9E) sorts before U+1F600 (4 bytes, F0 ...); UTF-16 says otherwise.
    assert.ok(compareStrings("\uff5e", "\u{1f600}") < 0);
    assert.ok("\uff5e" > "\u{1f600}", "JavaScript's own order differs, which is the point");
    assert.equal(compareStrings("same", "same"), 0);
  });

  it("orders binary as unsigned bytes", () => {
    assert.ok(compareScalars({ B: Buffer.from([127]) }, { B: Buffer.from([128]) })! < 0);
    assert.ok(compareScalars({ B: Buffer.from([1, 2]) }, { B: Buffer.from([1]) })! > 0);
  });

  it("does not order values of different or unordered types", () => {
    assert.equal(compareScalars({ S: "1" }, { N: "1" }), undefined);
    assert.equal(compareScalars({ BOOL: true }, { BOOL: true }), undefined);
    assert.equal(compareScalars({ L: [] }, { L: [] }), undefined);
  });

  it("compares sets regardless of order, numbers numerically", () => {
    assert.ok(valuesEqual({ SS: ["a", "b"] }, { SS: ["b", "a"] }));
    assert.ok(!valuesEqual({ SS: ["a", "b"] }, { SS: ["a"] }));
    assert.ok(valuesEqual({ NS: ["1.0", "2"] }, { NS: ["2", "1"] }));
    assert.ok(valuesEqual({ BS: [Buffer.from("x"), Buffer.from("y")] }, { BS: [Buffer.from("y"), Buffer.from("x")] }));
    assert.ok(valuesEqual({ N: "10" }, { N: "1e1" }));
    assert.ok(!valuesEqual({ S: "1" }, { N: "1" }));
  });

  it("compares lists in order and maps by key", () => {
    assert.ok(valuesEqual({ L: [{ S: "a" }, { N: "1" }] }, { L: [{ S: "a" }, { N: "1.0" }] }));
    assert.ok(!valuesEqual({ L: [{ S: "a" }, { N: "1" }] }, { L: [{ N: "1" }, { S: "a" }] }));
    assert.ok(valuesEqual({ M: { a: { S: "x" }, b: { NULL: true } } }, { M: { b: { NULL: true }, a: { S: "x" } } }));
    assert.ok(!valuesEqual({ M: { a: { S: "x" } } }, { M: { a: { S: "x" }, b: { S: "y" } } }));
    assert.ok(!valuesEqual({ M: { a: { S: "x" } } }, { M: { constructor: { S: "x" } } }));
  });
});

describe("attribute value validation", () => {
  it("reports AWS's messages", () => {
    const cases: [unknown, string][] = [
      [{}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"],
      [{ S: "a", N: "1" }, "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"],
      [{ S: "a", N: "b" }, "The parameter cannot be converted to a numeric value: b"],
      [{ NS: ["1", ""] }, "The parameter cannot be converted to a numeric value"],
      [{ NS: ["1", "1.0"] }, "Input collection contains duplicates"],
      [{ SS: [] }, "One or more parameter values were invalid: An string set  may not be empty"],
      [{ NS: [] }, "One or more parameter values were invalid: An number set  may not be empty"],
      [{ BS: [] }, "One or more parameter values were invalid: Binary sets should not be empty"],
      [{ SS: ["a", "a"] }, "One or more parameter values were invalid: Input collection [a, a] contains duplicates."],
      [{ NULL: false }, "One or more parameter values were invalid: Null attribute value types must have the value of true"],
      [{ L: [{ N: "1e126" }] }, "Number overflow. Attempting to store a number with magnitude larger than supported range"],
      [{ M: { a: {} } }, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"],
    ];
    for (const [value, message] of cases) assert.equal(attributeValueProblem(value), message, JSON.stringify(value));
    assert.equal(attributeValueProblem({ M: { a: { S: "" }, b: { L: [] } } }), undefined);
  });

  it("canonicalises numbers without copying what is already canonical", () => {
    const canonical = { M: { a: { S: "x" } } };
    assert.equal(canonicalAttributeValue(canonical), canonical);
    assert.deepEqual(canonicalAttributeValue({ L: [{ N: "1.50" }, { NS: ["2.0"] }] }), { L: [{ N: "1.5" }, { NS: ["2"] }] });
  });
});
