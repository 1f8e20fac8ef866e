import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCondition } from "../../../../src/services/dynamodb/expressions/condition-parser.js";
import { assertValidation, attrs, N, S } from "./helpers.js";

const values = { ":v": S("x"), ":n": N(5), ":m": N(3), ":t": S("SS"), ":s": S("ab") };
const names = { "#a": "a", "#s": "status" };
const parse = (source: string, kind: "ConditionExpression" | "FilterExpression" = "ConditionExpression") =>
  parseCondition(source, kind, attrs(names, values));
const fails = (source: string, message: string) => assertValidation(() => parse(source), `Invalid ConditionExpression: ${message}`);

describe("condition grammar", () => {
  it("parses comparisons, BETWEEN, IN, functions and nested paths", () => {
    assert.deepEqual(parse("a.b[1].#a <> :v"), {
      kind: "compare",
      op: "<>",
      left: { kind: "path", path: ["a", "b", 1, "a"] },
      right: { kind: "value", value: S("x") },
    });
    assert.deepEqual(parse("a BETWEEN :m AND :n"), {
      kind: "between",
      operand: { kind: "path", path: ["a"] },
      low: { kind: "value", value: N(3) },
      high: { kind: "value", value: N(5) },
    });
    assert.equal(parse("a IN (:v, :n, b)").kind, "in");
    assert.deepEqual(parse("size(a) > :n"), {
      kind: "compare",
      op: ">",
      left: { kind: "size", operand: { kind: "path", path: ["a"] } },
      right: { kind: "value", value: N(5) },
    });
    assert.deepEqual(parse("attribute_not_exists(#a)"), { kind: "attribute_not_exists", path: ["a"] });
    assert.equal(parse("contains(a, :v)").kind, "contains");
    assert.equal(parse("begins_with(a, :s)").kind, "begins_with");
    assert.equal(parse("attribute_type(a, :t)").kind, "attribute_type");
  });

  it("binds NOT tighter than AND, and AND tighter than OR", () => {
    const tree = parse("NOT a = :v OR b = :v AND c = :v");
    assert.equal(tree.kind, "or");
    if (tree.kind !== "or") return;
    assert.equal(tree.left.kind, "not");
    assert.equal(tree.right.kind, "and");
  });

  it("is case-insensitive for keywords and whitespace-insensitive", () => {
    assert.equal(parse("a bEtWeEn :m aNd :n").kind, "between");
    assert.equal(parse("  a=:v   and\tb=:v\n").kind, "and");
  });

  it("accepts one level of parentheses around conditions and operands", () => {
    assert.equal(parse("(a) = :v").kind, "compare");
    assert.equal(parse("((a) = :v)").kind, "compare");
    assert.equal(parse("(a = :v) AND (b = :v)").kind, "and");
    assert.equal(parse("#a = :v OR (b = :v AND c = :v)").kind, "or");
    assert.equal(parse("(attribute_exists (a)) AND (((b <> :v) AND (b <> :s)) AND (c = :n))").kind, "and");
    assert.equal(parse("((a = :v) OR (b = :v) AND (c = :v))").kind, "or");
    assert.equal(parse("((a = :v AND b = :v) AND c = :v)").kind, "and");
  });

  it("rejects redundant parentheses", () => {
    for (const source of ["((a = :v))", "((a)) = :v", "((((a < b))))", "(a = :v AND b = :v) AND ((c = :v OR d = :v))"]) {
      fails(source, "The expression has redundant parentheses;");
    }
  });

  it("reports syntax errors with the token and the text from the previous to the next token", () => {
    fails("a", 'Syntax error; token: "<EOF>", near: "a"');
    fails("attribute_exists(car_id) AND NOT #a", 'Syntax error; token: "<EOF>", near: "#a"');
    fails("a-b", 'Syntax error; token: "-", near: "a-b"');
    fails("a = :v AND", 'Syntax error; token: "<EOF>", near: "AND"');
    fails("a = :v !", 'Syntax error; token: "!", near: ":v !"');
    fails("contains()", 'Syntax error; token: ")", near: "()"');
    fails("[object Object]", 'Syntax error; token: "[", near: "[object"');
    fails("_a = :v", 'Syntax error; token: "_", near: "_a"');
    fails("a = 5", 'Syntax error; token: "5", near: "= 5"');
    fails("a[:v] = :v", 'Syntax error; token: ":v", near: "[:v]"');
    fails("a = :v AND in = :v", 'Syntax error; token: "in", near: "AND in ="');
    fails("a IN ()", 'Syntax error; token: ")", near: "()"');
    fails("# = :v", 'Syntax error; token: "#", near: "# ="');
    fails("a = :", 'Syntax error; token: ":", near: "= :"');
    fails("a = :v)", 'Syntax error; token: ")", near: ":v)"');
    fails("a != :v", 'Syntax error; token: "!", near: "a !="');
    fails("a = (b = :v)", 'Syntax error; token: "=", near: "b = :v"');
    fails("(a AND b) = :v", 'Syntax error; token: "AND", near: "a AND b"');
    assertValidation(() => parse("a", "FilterExpression"), 'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "a"');
  });

  it("rejects an empty expression", () => {
    fails("", "The expression can not be empty;");
  });

  it("rejects reserved words used as bare names, anywhere in a path", () => {
    fails("status = :v", "Attribute name is a reserved keyword; reserved keyword: status");
    fails("a.Size = :v", "Attribute name is a reserved keyword; reserved keyword: Size");
    assert.equal(parse("#s = :v").kind, "compare");
  });

  it("rejects undefined names and values", () => {
    fails("#x = :v", "An expression attribute name used in the document path is not defined; attribute name: #x");
    fails("a = :zz", "An expression attribute value used in expression is not defined; attribute value: :zz");
  });

  it("checks functions: names, operand counts, operand types and document paths", () => {
    fails("foo(a)", "Invalid function name; function: foo");
    fails("SIZE(a) = :n", "Invalid function name; function: SIZE");
    fails("size(a)", "The function is not allowed to be used this way in an expression; function: size");
    fails("attribute_exists(a) = :v", "The function is not allowed to be used this way in an expression; function: attribute_exists");
    fails("size(attribute_exists(a)) = :n", "The function is not allowed to be used this way in an expression; function: attribute_exists");
    fails("size(a, b) = :n", "Incorrect number of operands for operator or function; operator or function: size, number of operands: 2");
    fails("contains(a)", "Incorrect number of operands for operator or function; operator or function: contains, number of operands: 1");
    fails("size(:n) = :n", "Incorrect operand type for operator or function; operator or function: size, operand type: N");
    fails("begins_with(a, :n)", "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
    fails("begins_with(a, size(b))", "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
    fails("attribute_exists(:v)", "Operator or function requires a document path; operator or function: attribute_exists");
    fails("attribute_type(a, :n)", "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N");
    fails("attribute_type(a, b)", "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
    fails("attribute_type(a, :v)", "Invalid attribute type name found; type: x, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
  });

  it("requires distinct operands", () => {
    fails("a = a", "The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]");
    fails("a.b[1] <> #a.b[1]", "The first operand must be distinct from the remaining operands for this operator or function; operator: <>, first operand: [a, b, [1]]");
    fails("contains(a, a)", "The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [a]");
  });

  it("checks literal BETWEEN bounds", () => {
    fails("a BETWEEN :n AND :m", "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:3}");
    fails("a BETWEEN :n AND :v", "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {S:x}");
  });

  it("limits IN to 100 operands", () => {
    const list = Array.from({ length: 101 }, () => ":v").join(", ");
    fails(`a IN (${list})`, "The IN operator is provided with too many operands; number of operands: 101");
    assert.equal(parse(`a IN (${Array.from({ length: 100 }, () => ":v").join(", ")})`).kind, "in");
  });

  it("reports semantic problems in AWS's priority order", () => {
    // redundant parentheses before an unknown function before a reserved word before an undefined value
    fails("((status = :zz)) AND foo(a)", "The expression has redundant parentheses;");
    fails("status = :zz AND foo(a)", "Invalid function name; function: foo");
    fails("status = :zz", "Attribute name is a reserved keyword; reserved keyword: status");
    // a syntax error anywhere wins over every semantic problem
    fails("status = :zz AND foo(a) AND", 'Syntax error; token: "<EOF>", near: "AND"');
  });

  it("does not recurse without bound on hostile nesting", () => {
    assertValidation(() => parse("(".repeat(1500) + "a = :v" + ")".repeat(1500)), 'Invalid ConditionExpression: Syntax error; token: "(", near: "((("');
    assertValidation(() => parse("NOT ".repeat(1000) + "a = :v"), 'Invalid ConditionExpression: Syntax error; token: "NOT", near: "NOT NOT NOT"');
  });
});
