import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { conditionPaths } from "../../../../src/services/dynamodb/expressions/condition-paths.js";
import { parseCondition } from "../../../../src/services/dynamodb/expressions/condition-parser.js";
import { evaluateCondition } from "../../../../src/services/dynamodb/expressions/evaluate-condition.js";
import { filterToCondition } from "../../../../src/services/dynamodb/expressions/legacy/conditions.js";
import { parseProjection } from "../../../../src/services/dynamodb/expressions/projection-parser.js";
import { parseUpdate } from "../../../../src/services/dynamodb/expressions/update-parser.js";
import { assertValidation, attrs, N, S } from "./helpers.js";

describe("expression limits", () => {
  it("accepts 4096 bytes and refuses 4097, counting UTF-8 bytes of the raw string", () => {
    const pad = (bytes: number) => `a${"b".repeat(bytes - 1)}`;
    assert.deepEqual(parseProjection(pad(4096), attrs()), [[pad(4096)]]);
    assertValidation(
      () => parseProjection(pad(4097), attrs()),
      "Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097",
    );
    // 2048 "é" are 4096 bytes of UTF-8 though only 2048 UTF-16 units, plus "a = " in front.
    assertValidation(
      () => parseCondition(`a = ${"é".repeat(2048)}`, "FilterExpression", attrs()),
      "Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: 4100",
    );
    assertValidation(
      () => parseUpdate(`SET ${"a".repeat(5000)} = :v`, attrs({}, { ":v": N(1) })),
      "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size; expression size: 5009",
    );
  });

  it("allows 300 operators and refuses 301, not counting AND, OR and NOT", () => {
    const conditions = (count: number) => Array.from({ length: count }, () => "a<:v").join(" AND ");
    assert.equal(parseCondition(conditions(300), "ConditionExpression", attrs({}, { ":v": N(1) })).kind, "and");
    assertValidation(
      () => parseCondition(conditions(301), "ConditionExpression", attrs({}, { ":v": N(1) })),
      "Invalid ConditionExpression: The expression contains too many operators; operator count: 301",
    );
    const actions = (count: number) => "SET " + Array.from({ length: count }, (_, i) => `a${i}=:v+:v`).join(",");
    assert.equal(parseUpdate(actions(300), attrs({}, { ":v": N(1) })).set.length, 300);
    assertValidation(
      () => parseUpdate(actions(301), attrs({}, { ":v": N(1) })),
      "Invalid UpdateExpression: The expression contains too many operators; operator count: 301",
    );
  });

  it("evaluates legacy filters with thousands of conditions without deep recursion", () => {
    const filter: Record<string, { ComparisonOperator: string; AttributeValueList: unknown[] }> = {};
    for (let i = 0; i < 50_000; i++) filter[`a${i}`] = { ComparisonOperator: "EQ", AttributeValueList: [S("x")] };
    const condition = filterToCondition(filter, "OR")!;
    assert.equal(evaluateCondition(condition, { a49999: S("x") }), true);
    assert.equal(evaluateCondition(condition, { b: S("x") }), false);
    const all = filterToCondition(filter)!;
    assert.equal(evaluateCondition(all, { a0: S("x") }), false);
    assert.equal(conditionPaths(all).length, 50_000);
  });
});
