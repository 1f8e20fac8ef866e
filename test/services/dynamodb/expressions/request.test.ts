import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyUpdate } from "../../../../src/services/dynamodb/expressions/apply-update.js";
import type { KeySchema } from "../../../../src/services/dynamodb/expressions/ast.js";
import { evaluateCondition } from "../../../../src/services/dynamodb/expressions/evaluate-condition.js";
import { compileExpressions } from "../../../../src/services/dynamodb/expressions/request.js";
import { assertValidation, N, S } from "./helpers.js";

const schema: KeySchema = { partitionKey: { name: "p", type: "S" }, sortKey: { name: "c", type: "N" } };

describe("one request's expressions together", () => {
  it("refuses mixing expression and legacy parameters, naming both", () => {
    assertValidation(
      () => compileExpressions("GetItem", { AttributesToGet: ["a"], ProjectionExpression: "a" }),
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}",
    );
    assertValidation(
      () => compileExpressions("PutItem", { Expected: { pk: { Exists: false } }, ConditionExpression: "attribute_not_exists(pk)" }),
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
    );
    assertValidation(
      () =>
        compileExpressions(
          "Query",
          { KeyConditionExpression: "p = :p", QueryFilter: {}, ExpressionAttributeValues: { ":p": S("k") } },
          { keySchema: schema },
        ),
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {QueryFilter} Expression parameters: {KeyConditionExpression}",
    );
    assertValidation(
      () =>
        compileExpressions("UpdateItem", {
          AttributeUpdates: { a: { Action: "PUT", Value: N(1) } },
          UpdateExpression: "SET a = :v",
          ExpressionAttributeValues: { ":v": N(1) },
        }),
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}",
    );
  });

  it("lets a Query combine KeyConditions with a FilterExpression", () => {
    const compiled = compileExpressions(
      "Query",
      {
        KeyConditions: { p: { ComparisonOperator: "EQ", AttributeValueList: [S("k")] } },
        FilterExpression: "a > :a",
        ExpressionAttributeValues: { ":a": N(1) },
      },
      { keySchema: schema },
    );
    assert.deepEqual(compiled.keyCondition, { partitionKey: { name: "p", value: S("k") } });
    assert.equal(compiled.filter?.kind, "compare");
  });

  it("requires a key condition for Query", () => {
    assertValidation(
      () => compileExpressions("Query", {}, { keySchema: schema }),
      "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
    );
  });

  it("refuses placeholder maps without expressions", () => {
    assertValidation(
      () => compileExpressions("PutItem", { ExpressionAttributeNames: { "#a": "a" } }),
      "ExpressionAttributeNames can only be specified when using expressions",
    );
    assertValidation(
      () => compileExpressions("PutItem", { ExpressionAttributeValues: { ":v": S("x") } }),
      "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null",
    );
    assertValidation(
      () => compileExpressions("UpdateItem", { ExpressionAttributeValues: { ":v": S("x") } }),
      "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null",
    );
  });

  it("validates the placeholder maps", () => {
    const base = { ConditionExpression: "attribute_exists(a)" };
    assertValidation(() => compileExpressions("PutItem", { ...base, ExpressionAttributeNames: {} }), "ExpressionAttributeNames must not be empty");
    assertValidation(() => compileExpressions("PutItem", { ...base, ExpressionAttributeValues: {} }), "ExpressionAttributeValues must not be empty");
    assertValidation(
      () => compileExpressions("PutItem", { ...base, ExpressionAttributeNames: { pid: "a" } }),
      'ExpressionAttributeNames contains invalid key: Syntax error; key: "pid"',
    );
    assertValidation(
      () => compileExpressions("PutItem", { ...base, ExpressionAttributeValues: { ":a-b": S("x") } }),
      'ExpressionAttributeValues contains invalid key: Syntax error; key: ":a-b"',
    );
    assertValidation(
      () => compileExpressions("PutItem", { ConditionExpression: "a = :v", ExpressionAttributeValues: { ":v": { SS: [] } } }),
      "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :v",
    );
    assertValidation(
      () => compileExpressions("PutItem", { ConditionExpression: "a = :v", ExpressionAttributeValues: { ":v": N("1e126") } }),
      "ExpressionAttributeValues contains invalid value: Number overflow. Attempting to store a number with magnitude larger than supported range for key :v",
    );
  });

  it("counts a placeholder as used when any expression of the request uses it", () => {
    const compiled = compileExpressions("UpdateItem", {
      UpdateExpression: "SET #a = :v",
      ConditionExpression: "#b = :w",
      ExpressionAttributeNames: { "#a": "a", "#b": "b" },
      ExpressionAttributeValues: { ":v": N("1.50"), ":w": S("x") },
    });
    assert.deepEqual(compiled.update?.set[0]?.value, { kind: "value", value: N("1.5") }, "values are canonicalised");
    assert.equal(compiled.condition?.kind, "compare");
  });

  it("refuses unused placeholders, names before values", () => {
    assertValidation(
      () =>
        compileExpressions("UpdateItem", {
          UpdateExpression: "SET a = :a",
          ExpressionAttributeNames: { "#x": "x", "#y": "y" },
          ExpressionAttributeValues: { ":a": N(1), ":b": N(2), ":c": N(3) },
        }),
      "Value provided in ExpressionAttributeNames unused in expressions: keys: {#x, #y}",
    );
    assertValidation(
      () =>
        compileExpressions("UpdateItem", {
          UpdateExpression: "SET a = :a",
          ExpressionAttributeValues: { ":a": N(1), ":b": N(2), ":c": N(3) },
        }),
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:b, :c}",
    );
  });

  it("reports an expression's own problem before unused placeholders, UpdateExpression first", () => {
    assertValidation(
      () =>
        compileExpressions("UpdateItem", {
          UpdateExpression: "SET status = :a",
          ConditionExpression: "#zz = :a",
          ExpressionAttributeValues: { ":a": N(1), ":b": N(2) },
        }),
      "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status",
    );
  });
});

describe("legacy parameters", () => {
  it("converts Expected, both forms, with ConditionalOperator", () => {
    const { condition } = compileExpressions("PutItem", {
      Expected: {
        a: { Value: N(1) },
        b: { Exists: false },
        c: { ComparisonOperator: "BETWEEN", AttributeValueList: [N(1), N(9)] },
      },
    });
    assert.equal(evaluateCondition(condition!, { a: N("1.0"), c: N(5) }), true);
    assert.equal(evaluateCondition(condition!, { a: N(1), b: S("x"), c: N(5) }), false);
    const or = compileExpressions("DeleteItem", { Expected: { a: { Value: N(1) }, b: { Exists: false } }, ConditionalOperator: "OR" });
    assert.equal(evaluateCondition(or.condition!, { a: N(2) }), true);
  });

  it("validates Expected as AWS does", () => {
    const invalid = "One or more parameter values were invalid: ";
    const cases: [Record<string, object>, string][] = [
      [{ a: { Exists: true } }, `${invalid}Value must be provided when Exists is true for Attribute: a`],
      [{ a: {} }, `${invalid}Value must be provided when Exists is null for Attribute: a`],
      [{ a: { Exists: false, Value: N(1) } }, `${invalid}Value cannot be used when Exists is false for Attribute: a`],
      [{ a: { ComparisonOperator: "EQ", Exists: true } }, `${invalid}Exists and ComparisonOperator cannot be used together for Attribute: a`],
      [{ a: { ComparisonOperator: "EQ", Value: N(1), AttributeValueList: [N(1)] } }, `${invalid}Value and AttributeValueList cannot be used together for Attribute: a`],
      [{ a: { AttributeValueList: [N(1)] } }, `${invalid}AttributeValueList can only be used with a ComparisonOperator for Attribute: a`],
      [{ a: { ComparisonOperator: "GT" } }, `${invalid}Value or AttributeValueList must be used with ComparisonOperator: GT for Attribute: a`],
      [{ a: { ComparisonOperator: "NULL", AttributeValueList: [N(1)] } }, `${invalid}Invalid number of argument(s) for the NULL ComparisonOperator`],
      [{ a: { ComparisonOperator: "IN", AttributeValueList: [N(1), S("x")] } }, `${invalid}AttributeValues inside AttributeValueList must be of same type`],
      [{ a: { ComparisonOperator: "BETWEEN", AttributeValueList: [N(9), N(1)] } }, "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"],
    ];
    for (const [expected, message] of cases) {
      assertValidation(() => compileExpressions("PutItem", { Expected: expected as never }), message);
    }
  });

  it("converts and validates QueryFilter and ScanFilter", () => {
    const { filter } = compileExpressions("Scan", {
      ScanFilter: {
        s: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [S("ab")] },
        l: { ComparisonOperator: "CONTAINS", AttributeValueList: [N(2)] },
        r: { ComparisonOperator: "NULL" },
      },
    });
    assert.equal(evaluateCondition(filter!, { s: S("abc"), l: { L: [N(1), N(2)] } }), true);
    assert.equal(evaluateCondition(filter!, { s: S("abc"), l: { L: [N(1)] } }), false);
    const invalid = "One or more parameter values were invalid: ";
    assertValidation(
      () => compileExpressions("Scan", { ScanFilter: { a: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [N(1)] } } }),
      `${invalid}ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type`,
    );
    assertValidation(
      () => compileExpressions("Scan", { ScanFilter: { a: { ComparisonOperator: "CONTAINS", AttributeValueList: [{ SS: ["x"] }] } } }),
      `${invalid}ComparisonOperator CONTAINS is not valid for SS AttributeValue type`,
    );
    assertValidation(
      () => compileExpressions("Scan", { ScanFilter: { a: { ComparisonOperator: "IN", AttributeValueList: [] } } }),
      `${invalid}Invalid number of argument(s) for the IN ComparisonOperator`,
    );
    assertValidation(
      () => compileExpressions("Scan", { ScanFilter: { a: { ComparisonOperator: "EQ", AttributeValueList: [{ N: "x" }] } } }),
      "The parameter cannot be converted to a numeric value: x",
    );
  });

  it("converts KeyConditions against the key schema", () => {
    const { keyCondition } = compileExpressions(
      "Query",
      {
        KeyConditions: {
          p: { ComparisonOperator: "EQ", AttributeValueList: [S("k")] },
          c: { ComparisonOperator: "GT", AttributeValueList: [N(3)] },
        },
      },
      { keySchema: schema },
    );
    assert.deepEqual(keyCondition, { partitionKey: { name: "p", value: S("k") }, sortKey: { name: "c", op: ">", values: [N(3)] } });
    assertValidation(
      () =>
        compileExpressions(
          "Query",
          { KeyConditions: { p: { ComparisonOperator: "EQ", AttributeValueList: [S("k")] }, c: { ComparisonOperator: "NOT_NULL" } } },
          { keySchema: schema },
        ),
      "Attempted conditional constraint is not an indexable operation",
    );
    assertValidation(
      () => compileExpressions("Query", { KeyConditions: { c: { ComparisonOperator: "EQ", AttributeValueList: [N(1)] } } }, { keySchema: schema }),
      "Query condition missed key schema element: p",
    );
  });

  it("converts AttributeUpdates with their own ADD and DELETE semantics", () => {
    const { update } = compileExpressions("UpdateItem", {
      AttributeUpdates: {
        a: { Value: S("put") },
        l: { Action: "ADD", Value: { L: [N(3)] } },
        n: { Action: "ADD", Value: N("1.5") },
        s: { Action: "DELETE", Value: { SS: ["x"] } },
        gone: { Action: "DELETE" },
      },
    });
    const result = applyUpdate(update!, { l: { L: [N(1)] }, n: N(1), s: { SS: ["x", "y"] }, gone: S("bye") });
    assert.deepEqual(result, { a: S("put"), l: { L: [N(1), N(3)] }, n: N("2.5"), s: { SS: ["y"] } });
    assertValidation(
      () => applyUpdate(update!, { n: S("not a number") }),
      "Type mismatch for attribute to update",
    );
    const invalid = "One or more parameter values were invalid: ";
    assertValidation(
      () => compileExpressions("UpdateItem", { AttributeUpdates: { a: { Action: "PUT" } } }),
      `${invalid}Only DELETE action is allowed when no attribute value is specified`,
    );
    assertValidation(
      () => compileExpressions("UpdateItem", { AttributeUpdates: { a: { Action: "ADD", Value: S("x") } } }),
      `${invalid}ADD action is not supported for the type S`,
    );
    assertValidation(
      () => compileExpressions("UpdateItem", { AttributeUpdates: { a: { Action: "DELETE", Value: N(1) } } }),
      `${invalid}DELETE action with value is not supported for the type N`,
    );
  });

  it("converts AttributesToGet to top-level projection paths, taken literally", () => {
    assert.deepEqual(compileExpressions("GetItem", { AttributesToGet: ["a.b", "status"] }).projection, [["a.b"], ["status"]]);
  });
});
