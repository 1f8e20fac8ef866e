import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCondition } from "../../../../src/services/dynamodb/expressions/condition-parser.js";
import { evaluateCondition } from "../../../../src/services/dynamodb/expressions/evaluate-condition.js";
import type { AttributeValue, Item } from "../../../../src/services/dynamodb/values/attribute-value.js";
import { attrs, N, S } from "./helpers.js";

const item: Item = {
  s: S("hello"),
  n: N(10),
  b: { B: Buffer.from([1, 2, 3]) },
  t: { BOOL: true },
  z: { NULL: true },
  ss: { SS: ["a", "b"] },
  ns: { NS: ["1", "2.5"] },
  bs: { BS: [Buffer.from([9])] },
  l: { L: [S("x"), N(1), { M: { k: S("v") } }] },
  m: { M: { inr: { M: { deep: N(7) } }, lst: { L: [N(1), N(2)] } } },
  u: S("é𝄞"),
};

function check(source: string, values: Record<string, AttributeValue>, target: Item | "absent" = item): boolean {
  const condition = parseCondition(source, "ConditionExpression", attrs({}, values));
  return evaluateCondition(condition, target === "absent" ? undefined : target);
}

describe("condition evaluation", () => {
  it("compares numbers numerically and strings and binary by bytes", () => {
    assert.equal(check("n = :v", { ":v": N("10.0") }), true);
    assert.equal(check("n > :v", { ":v": N(9) }), true);
    assert.equal(check("n < :v", { ":v": N(100) }), true);
    assert.equal(check("s >= :v", { ":v": S("hello") }), true);
    assert.equal(check("s < :v", { ":v": S("help") }), true);
    assert.equal(check("b < :v", { ":v": { B: Buffer.from([1, 2, 4]) } }), true);
    assert.equal(check("b <= :v", { ":v": { B: Buffer.from([1, 2]) } }), false);
  });

  it("treats different types as unequal and unordered", () => {
    assert.equal(check("n = :v", { ":v": S("10") }), false);
    assert.equal(check("n <> :v", { ":v": S("10") }), true);
    assert.equal(check("n < :v", { ":v": S("99") }), false);
    assert.equal(check("n >= :v", { ":v": S("99") }), false);
    assert.equal(check("l < :v", { ":v": { L: [] } }), false);
  });

  it("makes comparisons with a nope attribute false, except <>", () => {
    assert.equal(check("nope = :v", { ":v": S("x") }), false);
    assert.equal(check("nope < :v", { ":v": S("x") }), false);
    assert.equal(check("nope <> :v", { ":v": S("x") }), true);
    assert.equal(check("NOT nope = :v", { ":v": S("x") }), true);
    assert.equal(check("a <> :v", { ":v": S("x") }, "absent"), true);
  });

  it("compares sets, lists and maps structurally", () => {
    assert.equal(check("ss = :v", { ":v": { SS: ["b", "a"] } }), true);
    assert.equal(check("ns = :v", { ":v": { NS: ["2.50", "1"] } }), true);
    assert.equal(check("l = :v", { ":v": { L: [S("x"), N("1.0"), { M: { k: S("v") } }] } }), true);
    assert.equal(check("m.inr = :v", { ":v": { M: { deep: N(7) } } }), true);
  });

  it("evaluates BETWEEN and IN", () => {
    assert.equal(check("n BETWEEN :a AND :b", { ":a": N(10), ":b": N(20) }), true);
    assert.equal(check("n BETWEEN :a AND :b", { ":a": N(11), ":b": N(20) }), false);
    assert.equal(check("s BETWEEN :a AND :b", { ":a": N(1), ":b": N(2) }), false);
    assert.equal(check("n IN (:a, :b)", { ":a": S("10"), ":b": N("1e1") }), true);
    assert.equal(check("nope IN (:a)", { ":a": S("x") }), false);
  });

  it("evaluates document paths into maps and lists", () => {
    assert.equal(check("m.inr.deep = :v", { ":v": N(7) }), true);
    assert.equal(check("m.lst[1] = :v", { ":v": N(2) }), true);
    assert.equal(check("m.lst[5] = :v", { ":v": N(2) }), false);
    assert.equal(check("l[2].k = :v", { ":v": S("v") }), true);
    assert.equal(check("l.k = :v", { ":v": S("v") }), false);
    assert.equal(check("m[0] = :v", { ":v": S("v") }), false);
  });

  it("evaluates attribute_exists, attribute_not_exists and attribute_type", () => {
    assert.equal(check("attribute_exists(l[2].k)", {}), true);
    assert.equal(check("attribute_exists(l[3])", {}), false);
    assert.equal(check("attribute_exists(s.x)", {}), false);
    assert.equal(check("attribute_not_exists(nope)", {}), true);
    assert.equal(check("attribute_not_exists(s)", {}, "absent"), true);
    assert.equal(check("attribute_type(ns, :t)", { ":t": S("NS") }), true);
    assert.equal(check("attribute_type(z, :t)", { ":t": S("NULL") }), true);
    assert.equal(check("attribute_type(n, :t)", { ":t": S("S") }), false);
  });

  it("evaluates begins_with on strings and binary only", () => {
    assert.equal(check("begins_with(s, :p)", { ":p": S("hel") }), true);
    assert.equal(check("begins_with(s, :p)", { ":p": S("lo") }), false);
    assert.equal(check("begins_with(b, :p)", { ":p": { B: Buffer.from([1, 2]) } }), true);
    assert.equal(check("begins_with(b, :p)", { ":p": { B: Buffer.from([2]) } }), false);
    assert.equal(check("begins_with(l, :p)", { ":p": S("x") }), false);
  });

  it("evaluates contains on strings, binary, sets and lists", () => {
    assert.equal(check("contains(s, :p)", { ":p": S("ell") }), true);
    assert.equal(check("contains(b, :p)", { ":p": { B: Buffer.from([2, 3]) } }), true);
    assert.equal(check("contains(ss, :p)", { ":p": S("a") }), true);
    assert.equal(check("contains(ss, :p)", { ":p": S("c") }), false);
    assert.equal(check("contains(ns, :p)", { ":p": N("2.50") }), true);
    assert.equal(check("contains(bs, :p)", { ":p": { B: Buffer.from([9]) } }), true);
    assert.equal(check("contains(l, :p)", { ":p": N(1) }), true);
    assert.equal(check("contains(l, :p)", { ":p": { M: { k: S("v") } } }), true);
    assert.equal(check("contains(n, :p)", { ":p": N(1) }), false);
    assert.equal(check("NOT contains(nope, :p)", { ":p": S("x") }), true);
  });

  it("evaluates size() of every sized type, strings in UTF-16 code units", () => {
    assert.equal(check("size(s) = :v", { ":v": N(5) }), true);
    assert.equal(check("size(u) = :v", { ":v": N(3) }), true);
    assert.equal(check("size(b) = :v", { ":v": N(3) }), true);
    assert.equal(check("size(ss) = :v", { ":v": N(2) }), true);
    assert.equal(check("size(l) = :v", { ":v": N(3) }), true);
    assert.equal(check("size(m) = :v", { ":v": N(2) }), true);
    assert.equal(check("size(n) >= :v", { ":v": N(0) }), false);
    assert.equal(check("size(nope) >= :v", { ":v": N(0) }), false);
    assert.equal(check("size(m.lst) > size(ss)", {}), false);
    assert.equal(check("size(l) > size(ss)", {}), true);
  });

  it("evaluates AND, OR and NOT", () => {
    assert.equal(check("n = :a AND s = :b", { ":a": N(10), ":b": S("hello") }), true);
    assert.equal(check("n = :a AND s = :b", { ":a": N(10), ":b": S("nope") }), false);
    assert.equal(check("n = :a OR s = :b", { ":a": N(11), ":b": S("hello") }), true);
    assert.equal(check("NOT (n = :a OR s = :b)", { ":a": N(11), ":b": S("hello") }), false);
  });

  it("reads attributes named like Object.prototype members as absent", () => {
    const tricky = evaluateCondition(
      parseCondition("attribute_exists(#p) OR attribute_exists(#c)", "ConditionExpression", attrs({ "#p": "__proto__", "#c": "constructor" }, {})),
      item,
    );
    assert.equal(tricky, false);
  });
});
