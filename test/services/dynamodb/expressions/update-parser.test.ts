import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseProjection } from "../../../../src/services/dynamodb/expressions/projection-parser.js";
import { parseUpdate, updatedPaths, updatedTopLevelNames } from "../../../../src/services/dynamodb/expressions/update-parser.js";
import { assertValidation, attrs, N, S } from "./helpers.js";

const values = { ":v": S("x"), ":n": N(5), ":l": { L: [] }, ":ss": { SS: ["a"] }, ":b": { BOOL: true } };
const names = { "#a": "a", "#s": "status", "#dot": "a.b" };
const parse = (source: string) => parseUpdate(source, attrs(names, values));
const fails = (source: string, message: string) => assertValidation(() => parse(source), `Invalid UpdateExpression: ${message}`);

describe("update grammar", () => {
  it("parses all four clauses, in any order and case", () => {
    const update = parse("remove x, y[2] set a = :v, #dot = b + :n add c :n, d :ss delete e :ss");
    assert.deepEqual(update.remove, [["x"], ["y", 2]]);
    assert.deepEqual(update.set[0], { path: ["a"], value: { kind: "value", value: S("x") } });
    assert.deepEqual(update.set[1]!.path, ["a.b"]);
    assert.equal(update.set[1]!.value.kind, "plus");
    assert.deepEqual(update.add.map((a) => a.path), [["c"], ["d"]]);
    assert.deepEqual(update.delete, [{ path: ["e"], value: { SS: ["a"] } }]);
    assert.deepEqual(updatedTopLevelNames(update), ["a", "a.b", "x", "y", "c", "d", "e"]);
    assert.equal(updatedPaths(update).length, 7);
  });

  it("parses functions, and + or - between exactly two operands", () => {
    assert.deepEqual(parse("SET a = if_not_exists(a, :n) + :n").set[0]!.value, {
      kind: "plus",
      left: { kind: "if_not_exists", path: ["a"], fallback: { kind: "value", value: N(5) } },
      right: { kind: "value", value: N(5) },
    });
    assert.equal(parse("SET a = list_append(if_not_exists(a, :l), :l)").set[0]!.value.kind, "list_append");
    assert.equal(parse("SET a = (b - :n)").set[0]!.value.kind, "minus");
    assert.equal(parse("SET a = (b) + (:n)").set[0]!.value.kind, "plus");
    assert.equal(parse("SET a = if_not_exists(b, if_not_exists(c, :n))").set[0]!.value.kind, "if_not_exists");
  });

  it("reports syntax errors as AWS does", () => {
    fails("INVALID SYNTAX HERE", 'Syntax error; token: "INVALID", near: "INVALID SYNTAX"');
    fails("SET a = :v,", 'Syntax error; token: "<EOF>", near: ","');
    fails("SET _123 = :v", 'Syntax error; token: "_", near: "SET _123"');
    fails("SET 123a = :v", 'Syntax error; token: "123", near: "SET 123a"');
    fails("SET a = :n + :n + :n", 'Syntax error; token: "+", near: ":n + :n"');
    fails("SET a = if_not_exists(a, :n + :n)", 'Syntax error; token: "+", near: ":n + :n"');
    fails("SET :a = :v", 'Syntax error; token: ":a", near: "SET :a ="');
    fails("SET a[#a] = :v", 'Syntax error; token: "#a", near: "[#a]"');
    fails("SET", 'Syntax error; token: "<EOF>", near: "SET"');
    fails("ADD a b", 'Syntax error; token: "b", near: "a b"');
    fails("SET a = _f(b)", 'Syntax error; token: "_", near: "= _f"');
    fails("SET hi-there = :v", 'Syntax error; token: "-", near: "hi-there"');
  });

  it("rejects an empty expression, repeated clauses and reserved words", () => {
    fails("", "The expression can not be empty;");
    fails("SET a = :v SET b = :v", 'The "SET" section can only be used once in an update expression;');
    fails("SET a = :v REMOVE b set c = :v", 'The "SET" section can only be used once in an update expression;');
    fails("SET status = :v", "Attribute name is a reserved keyword; reserved keyword: status");
  });

  it("rejects overlapping and conflicting paths, after resolving #names", () => {
    fails("SET a = :v, a.b = :n", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]");
    fails("SET a = :v REMOVE a", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]");
    fails("SET #a = :v, a = :n", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]");
    fails("SET a[1][1] = :v, a[1] = :n", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, [1], [1]], path two: [a, [1]]");
    fails("SET a.b = :v, a[1] = :n", "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]");
    fails("SET a.b.c = :v, a.b[2] = :n", "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b, c], path two: [a, b, [2]]");
    assert.equal(parse("SET a.b = :v, a.c.d = :n, b.x = :v REMOVE a.x, b.y").set.length, 3);
  });

  it("checks function names, operand counts, types and paths", () => {
    fails("SET a = f(b, c, d)", "Invalid function name; function: f");
    fails("SET a = LIST_APPEND(:l, :l)", "Invalid function name; function: LIST_APPEND");
    fails("SET a = size(b)", "The function is not allowed in an update expression; function: size");
    fails("SET a = list_append(:l)", "Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1");
    fails("SET a = list_append(:l, :v)", "Incorrect operand type for operator or function; operator or function: list_append, operand type: S");
    fails("SET a = list_append(list_append(:l, :l), :l)", "The function is not allowed to be used this way in an expression; function: list_append");
    fails("SET a = if_not_exists(:n, :n)", "Operator or function requires a document path; operator or function: if_not_exists");
    fails("SET a = :v + :n", "Incorrect operand type for operator or function; operator or function: +, operand type: S");
    fails("SET a = :n - :l", "Incorrect operand type for operator or function; operator or function: -, operand type: L");
  });

  it("checks ADD and DELETE operand types", () => {
    fails("ADD a :v", "Incorrect operand type for operator or function; operator: ADD, operand type: STRING");
    fails("ADD a :l", "Incorrect operand type for operator or function; operator: ADD, operand type: LIST");
    fails("ADD a :b", "Incorrect operand type for operator or function; operator: ADD, operand type: BOOLEAN");
    fails("DELETE a :n", "Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER");
  });

  it("rejects undefined names before undefined values", () => {
    fails("SET #x = :zz", "An expression attribute name used in the document path is not defined; attribute name: #x");
    fails("SET a = :zz", "An expression attribute value used in expression is not defined; attribute value: :zz");
    // if_not_exists(:zz, ...) looks the value up before noticing it is not a path, as AWS does
    fails("SET b = if_not_exists(:zz, :n)", "An expression attribute value used in expression is not defined; attribute value: :zz");
  });
});

describe("projection grammar", () => {
  const project = (source: string) => parseProjection(source, attrs(names, values));
  const projectionFails = (source: string, message: string) =>
    assertValidation(() => project(source), `Invalid ProjectionExpression: ${message}`);

  it("parses nested paths", () => {
    assert.deepEqual(project("a, b.c[1].d, #s, #dot"), [["a"], ["b", "c", 1, "d"], ["status"], ["a.b"]]);
  });

  it("rejects bad syntax, reserved words, undefined names and overlaps", () => {
    projectionFails("!!!", 'Syntax error; token: "!", near: "!!"');
    projectionFails("a,,b", 'Syntax error; token: ",", near: ",,b"');
    projectionFails("a,", 'Syntax error; token: "<EOF>", near: ","');
    projectionFails("", "The expression can not be empty;");
    projectionFails("a, name", "Attribute name is a reserved keyword; reserved keyword: name");
    projectionFails("#zz", "An expression attribute name used in the document path is not defined; attribute name: #zz");
    projectionFails("a, a.b", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]");
    projectionFails("a, a", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]");
    projectionFails("a.b, a[1]", "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]");
  });
});
