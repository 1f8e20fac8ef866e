import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KeySchema } from "../../../../src/services/dynamodb/expressions/ast.js";
import { keyConditionMatches } from "../../../../src/services/dynamodb/expressions/evaluate-condition.js";
import { parseKeyCondition } from "../../../../src/services/dynamodb/expressions/key-condition.js";
import type { AttributeValue } from "../../../../src/services/dynamodb/values/attribute-value.js";
import { assertValidation, attrs, N, S } from "./helpers.js";

const schema: KeySchema = { partitionKey: { name: "p", type: "S" }, sortKey: { name: "c", type: "N" } };
const hashOnly: KeySchema = { partitionKey: { name: "p", type: "S" } };
const values: Record<string, AttributeValue> = { ":p": S("key"), ":c": N(3), ":d": N(7), ":s": S("x"), ":a": N(1) };

function parse(source: string, keySchema: KeySchema = schema, names: Record<string, string> = {}) {
  const used = Object.fromEntries(Object.entries(values).filter(([key]) => source.includes(key)));
  return parseKeyCondition(source, attrs(names, used), keySchema);
}

describe("KeyConditionExpression", () => {
  it("reduces to partition equality and one sort key condition, in either order and either side", () => {
    assert.deepEqual(parse("p = :p"), { partitionKey: { name: "p", value: S("key") } });
    assert.deepEqual(parse("p = :p AND c BETWEEN :c AND :d"), {
      partitionKey: { name: "p", value: S("key") },
      sortKey: { name: "c", op: "between", values: [N(3), N(7)] },
    });
    assert.deepEqual(parse(":c < c AND :p = p").sortKey, { name: "c", op: ">", values: [N(3)] });
    assert.deepEqual(parse("((c >= :c) AND (p = :p))").sortKey, { name: "c", op: ">=", values: [N(3)] });
    assert.deepEqual(parse("#n1 = :p AND #n2 <= :c", schema, { "#n1": "p", "#n2": "c" }).sortKey, { name: "c", op: "<=", values: [N(3)] });
    const strings: KeySchema = { partitionKey: { name: "p", type: "S" }, sortKey: { name: "c", type: "S" } };
    assert.deepEqual(parse("p = :p AND begins_with(c, :s)", strings).sortKey, { name: "c", op: "begins_with", values: [S("x")] });
  });

  it("refuses operators and functions a key condition cannot use", () => {
    assertValidation(() => parse("p = :p AND c <> :c"), "Invalid operator used in KeyConditionExpression: <>");
    assertValidation(() => parse("p = :p AND c IN (:c)"), "Invalid operator used in KeyConditionExpression: IN");
    assertValidation(() => parse("c = :c OR p = :p"), "Invalid operator used in KeyConditionExpression: OR");
    assertValidation(() => parse("NOT c = :c AND p = :p"), "Invalid operator used in KeyConditionExpression: NOT");
    assertValidation(() => parse("p = :p AND attribute_exists(c)"), "Invalid operator used in KeyConditionExpression: attribute_exists");
    assertValidation(() => parse("p = :p AND size(c) = :c"), "KeyConditionExpressions cannot contain nested operations");
    assertValidation(() => parse("p = :p AND dog(c, :c)"), "Invalid KeyConditionExpression: Invalid function name; function: dog");
    assertValidation(() => parse("p = :p AND BEGINS_WITH(c, :s)"), "Invalid KeyConditionExpression: Invalid function name; function: BEGINS_WITH");
    assertValidation(
      () => parse("p = :p AND begins_with(c, :c)"),
      "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
    );
    assertValidation(() => parse("p = :p AND c != :c"), 'Invalid KeyConditionExpression: Syntax error; token: "!", near: "c !="');
    assertValidation(() => parse(""), "Invalid KeyConditionExpression: The expression can not be empty;");
  });

  it("refuses malformed conditions", () => {
    assertValidation(() => parse("p = :p AND :c = :d"), "Invalid condition in KeyConditionExpression: No key attribute specified");
    assertValidation(() => parse("p = c"), "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
    assertValidation(() => parse("p = :p AND a.b < :a"), "KeyConditionExpressions cannot have conditions on nested attributes");
    assertValidation(() => parse("p = :p AND p = :p"), "KeyConditionExpressions must only contain one condition per key");
    assertValidation(() => parse("p = :p AND c >= :c AND c <= :d"), "KeyConditionExpressions must only contain one condition per key");
    assertValidation(
      () => parse("p = :p AND :c BETWEEN c AND :d"),
      "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand",
    );
  });

  it("checks the conditions against the key schema", () => {
    assertValidation(() => parse("c = :c"), "Query condition missed key schema element: p");
    assertValidation(() => parse("p = :p AND a < :a"), "Query condition missed key schema element: c");
    assertValidation(() => parse("p = :p AND c < :c AND a < :a"), "Conditions can be of length 1 or 2 only");
    assertValidation(() => parse("p < :p"), "Query key condition not supported");
    assertValidation(() => parse("p = :p AND c = :c", hashOnly), "Query key condition not supported");
    assertValidation(() => parse("p = :c"), "One or more parameter values were invalid: Condition parameter type does not match schema type");
    assertValidation(() => parse("p = :p AND c = :s"), "One or more parameter values were invalid: Condition parameter type does not match schema type");
  });

  it("matches items", () => {
    const condition = parse("p = :p AND c BETWEEN :c AND :d");
    assert.equal(keyConditionMatches(condition, { p: S("key"), c: N(3) }), true);
    assert.equal(keyConditionMatches(condition, { p: S("key"), c: N("7.0") }), true);
    assert.equal(keyConditionMatches(condition, { p: S("key"), c: N(8) }), false);
    assert.equal(keyConditionMatches(condition, { p: S("other"), c: N(4) }), false);
    const bytes: KeySchema = { partitionKey: { name: "p", type: "S" }, sortKey: { name: "c", type: "B" } };
    const prefix = parseKeyCondition("p = :p AND begins_with(c, :b)", attrs({}, { ":p": S("key"), ":b": { B: Buffer.from([0x80]) } }), bytes);
    assert.equal(keyConditionMatches(prefix, { p: S("key"), c: { B: Buffer.from([0x80, 1]) } }), true);
    assert.equal(keyConditionMatches(prefix, { p: S("key"), c: { B: Buffer.from([0x7f, 1]) } }), false);
  });
});
