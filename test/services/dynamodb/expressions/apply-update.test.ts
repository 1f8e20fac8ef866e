import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyUpdate, assertKeyAttributesNotUpdated } from "../../../../src/services/dynamodb/expressions/apply-update.js";
import { project } from "../../../../src/services/dynamodb/expressions/project.js";
import { parseProjection } from "../../../../src/services/dynamodb/expressions/projection-parser.js";
import { parseUpdate } from "../../../../src/services/dynamodb/expressions/update-parser.js";
import type { AttributeValue, Item } from "../../../../src/services/dynamodb/values/attribute-value.js";
import { assertValidation, attrs, N, S } from "./helpers.js";

const MISSING = "The provided expression refers to an attribute that does not exist in the item";
const WRONG_TYPE = "An operand in the update expression has an incorrect data type";
const BAD_PATH = "The document path provided in the update expression is invalid for update";

function update(
  item: Item | undefined,
  expression: string,
  values: Record<string, AttributeValue> = {},
  names: Record<string, string> = {},
  itemExists?: boolean,
): Item {
  const ast = parseUpdate(expression, attrs(names, values));
  return applyUpdate(ast, item, itemExists === undefined ? {} : { itemExists });
}

const list = (...values: (string | number)[]): AttributeValue => ({
  L: values.map((v) => (typeof v === "number" ? N(v) : S(v))),
});

describe("applying SET", () => {
  it("sets, overwrites and merges top-level attributes", () => {
    assert.deepEqual(update({ p: S("k"), a: S("hi") }, "SET b = :v", { ":v": S("hello") }), { p: S("k"), a: S("hi"), b: S("hello") });
    assert.deepEqual(update({ a: S("hi") }, "SET a = :v", { ":v": N(3) }), { a: N(3) });
    assert.deepEqual(update(undefined, "SET #n = :v", { ":v": N(1) }, { "#n": "a.b" }), { "a.b": N(1) });
  });

  it("reads every operand from the item as it was before the update", () => {
    assert.deepEqual(update({ a: S("hello") }, "SET b = a"), { a: S("hello"), b: S("hello") });
    assert.deepEqual(update({ a: S("hello") }, "REMOVE a SET b = a"), { b: S("hello") });
    assertValidation(() => update({ a: S("hello") }, "SET x = :v, y = x", { ":v": N(4) }), MISSING);
    assertValidation(() => update({}, "SET c = z"), MISSING);
    assertValidation(() => update(undefined, "SET c = z"), MISSING);
  });

  it("adds and subtracts numbers, from paths and values", () => {
    assert.deepEqual(update({ a: N(2) }, "SET a = a + :v", { ":v": N(3) }), { a: N(5) });
    assert.deepEqual(update({ a: N(2) }, "SET b = :v - a", { ":v": N(7) }), { a: N(2), b: N(5) });
    assert.deepEqual(update({}, "SET b = :x + :y", { ":x": N("0.1"), ":y": N("0.2") }), { b: N("0.3") });
    assert.deepEqual(update({}, "SET b = if_not_exists(b, :z) + :one", { ":z": N(0), ":one": N(1) }), { b: N(1) });
    assertValidation(() => update({}, "SET a = b + :v", { ":v": N(1) }), MISSING);
    assertValidation(() => update({ b: S("x") }, "SET a = b + :v", { ":v": N(1) }), WRONG_TYPE);
    assertValidation(
      () => update({}, "SET a = :x + :y", { ":x": N("9e125"), ":y": N("9e125") }),
      "Number overflow. Attempting to store a number with magnitude larger than supported range",
    );
  });

  it("appends lists with list_append and defaults with if_not_exists", () => {
    assert.deepEqual(update({ a: list("hi", 2) }, "SET a = list_append(a, :v)", { ":v": list(4) }), { a: list("hi", 2, 4) });
    assert.deepEqual(update({ a: list("x") }, "SET a = list_append(:v, a)", { ":v": list("dog") }), { a: list("dog", "x") });
    assert.deepEqual(update({}, "SET a = list_append(if_not_exists(a, :e), :v)", { ":e": list(), ":v": list(1) }), { a: list(1) });
    assert.deepEqual(update({ a: N(2) }, "SET a = if_not_exists(a, :v)", { ":v": N(3) }), { a: N(2) });
    assert.deepEqual(update({ a: N(2) }, "SET b = if_not_exists(a, :v)", { ":v": N(3) }), { a: N(2), b: N(2) });
    assertValidation(() => update({}, "SET a = list_append(b, :v)", { ":v": list(1) }), MISSING);
    assertValidation(() => update({ b: N(7) }, "SET a = list_append(b, :v)", { ":v": list(1) }), WRONG_TYPE);
    assertValidation(() => update({ b: { SS: ["x"] } }, "SET a = list_append(:v, b)", { ":v": list(1) }), WRONG_TYPE);
  });

  it("sets nested map entries and list elements", () => {
    const item: Item = { a: { M: { b: N(3), c: { L: [S("hi"), { M: { x: { M: { y: list(3, 5, 7) } } } }] } } } };
    const result = update(item, "SET a.c[1].#n.y[1] = :v, a.z = :w", { ":v": N(9), ":w": S("new") }, { "#n": "x" });
    assert.deepEqual(result, { a: { M: { b: N(3), z: S("new"), c: { L: [S("hi"), { M: { x: { M: { y: list(3, 9, 7) } } } }] } } } });
  });

  it("appends when setting an index past the end, several in index order", () => {
    const item: Item = { a: list("one", "two", "three") };
    assert.deepEqual(update(item, "SET a[7] = :v", { ":v": S("hello") }), { a: list("one", "two", "three", "hello") });
    const result = update(item, "SET a[84] = :a, a[37] = :b, a[17] = :c, a[50] = :d", {
      ":a": S("a1"),
      ":b": S("a2"),
      ":c": S("a3"),
      ":d": S("a4"),
    });
    assert.deepEqual(result, { a: list("one", "two", "three", "a3", "a2", "a4", "a1") });
  });

  it("refuses paths through missing or wrong-typed containers", () => {
    const item: Item = { a: S("hello"), b: list("hi") };
    assertValidation(() => update(item, "SET a.c = :v", { ":v": N(7) }), BAD_PATH);
    assertValidation(() => update(item, "SET b.c = :v", { ":v": N(7) }), BAD_PATH);
    assertValidation(() => update(item, "SET c.c = :v", { ":v": N(7) }), BAD_PATH);
    assertValidation(() => update(item, "SET a[0] = :v", { ":v": N(7) }), BAD_PATH);
    assertValidation(() => update(undefined, "SET c.c = :v", { ":v": N(7) }), BAD_PATH);
    assertValidation(() => update(item, "SET b[5].x = :v", { ":v": N(7) }), BAD_PATH);
  });

  it("never modifies the input item", () => {
    const item: Item = { a: { M: { b: list(1, 2), c: N(1) } }, s: { SS: ["x", "y"] } };
    const before = structuredClone(item);
    const result = update(item, "SET a.b[0] = :v, a.d = :v REMOVE a.c DELETE s :s", { ":v": N(9), ":s": { SS: ["x"] } });
    assert.deepEqual(item, before);
    assert.deepEqual(result, { a: { M: { b: list(9, 2), d: N(9) } }, s: { SS: ["y"] } });
  });
});

describe("applying REMOVE", () => {
  it("removes attributes, map entries and list elements", () => {
    const item: Item = { p: S("k"), a: { M: { b: N(3), c: { L: [S("hi"), { M: { x: { M: { y: list(3, 5, 7) } }, q: N(2) } }] } } } };
    assert.deepEqual(update(item, "REMOVE a.c[1].x.y[1], a.c[1].q"), {
      p: S("k"),
      a: { M: { b: N(3), c: { L: [S("hi"), { M: { x: { M: { y: list(3, 7) } } } }] } } },
    });
    assert.deepEqual(update({ a: { M: { b: N(1) } } }, "REMOVE a.b"), { a: { M: {} } });
    assert.deepEqual(update({ a: list(1) }, "REMOVE a[0]"), { a: list() });
  });

  it("uses pre-update positions for every list index", () => {
    const item: Item = { a: list(2, 3, 4, 5, 6, 7) };
    const expected = { a: list(2, 4, 17, 6, 7) };
    assert.deepEqual(update(item, "REMOVE a[1] SET a[3] = :v", { ":v": N(17) }), expected);
    assert.deepEqual(update(item, "SET a[3] = :v REMOVE a[1]", { ":v": N(17) }), expected);
    assert.deepEqual(update(item, "REMOVE a[0], a[1], a[5]"), { a: list(4, 5, 6) });
  });

  it("ignores missing targets but refuses invalid paths in an existing item", () => {
    const item: Item = { a: { M: { x: N(3) } }, b: list("hi") };
    assert.deepEqual(update(item, "REMOVE a.y, b[7], c"), item);
    assertValidation(() => update({ a: S("hello") }, "REMOVE a.c"), BAD_PATH);
    assertValidation(() => update({ a: S("hello") }, "REMOVE a[0]"), BAD_PATH);
    assertValidation(() => update({}, "REMOVE c.c"), BAD_PATH);
  });

  it("ignores nested REMOVE paths when the item does not exist", () => {
    assert.deepEqual(update(undefined, "REMOVE x.y, z[0]"), {});
    assert.deepEqual(update({ p: S("key") }, "REMOVE x.y", {}, {}, false), { p: S("key") });
  });
});

describe("applying ADD and DELETE", () => {
  it("adds to numbers, creating missing ones", () => {
    assert.deepEqual(update({ a: N(3) }, "ADD a :v", { ":v": N(4) }), { a: N(7) });
    assert.deepEqual(update({}, "ADD b :v", { ":v": N(8) }), { b: N(8) });
    assert.deepEqual(update({ m: { M: {} } }, "ADD m.c :v", { ":v": N(-1) }), { m: { M: { c: N(-1) } } });
    assertValidation(() => update({ b: S("hi") }, "ADD b :v", { ":v": N(1) }), WRONG_TYPE);
  });

  it("adds set members without duplicates, creating missing sets", () => {
    assert.deepEqual(update({ a: { SS: ["dog", "cat"] } }, "ADD a :v", { ":v": { SS: ["cat", "pig"] } }), { a: { SS: ["dog", "cat", "pig"] } });
    assert.deepEqual(update({ a: { NS: ["1", "2"] } }, "ADD a :v", { ":v": { NS: ["2.0", "3"] } }), { a: { NS: ["1", "2", "3"] } });
    assert.deepEqual(update({}, "ADD a :v", { ":v": { BS: [Buffer.from("x")] } }), { a: { BS: [Buffer.from("x")] } });
    assertValidation(() => update({ a: list(1, 2) }, "ADD a :v", { ":v": { NS: ["3"] } }), WRONG_TYPE);
    assertValidation(() => update({ a: { SS: ["x"] } }, "ADD a :v", { ":v": { NS: ["3"] } }), WRONG_TYPE);
  });

  it("deletes set members, removing the attribute when none are left", () => {
    const item: Item = { a: { SS: ["dog", "cat", "mouse"] }, b: S("hi") };
    assert.deepEqual(update(item, "DELETE a :v", { ":v": { SS: ["cat", "mouse"] } }), { a: { SS: ["dog"] }, b: S("hi") });
    assert.deepEqual(update(item, "DELETE a :v", { ":v": { SS: ["pig"] } }), item);
    assert.deepEqual(update(item, "DELETE a :v", { ":v": { SS: ["dog", "cat", "mouse"] } }), { b: S("hi") });
    assert.deepEqual(update({ b: S("hi") }, "DELETE a :v", { ":v": { SS: ["dog"] } }), { b: S("hi") });
    assert.deepEqual(update({ n: { NS: ["1", "2"] } }, "DELETE n :v", { ":v": { NS: ["1.0"] } }), { n: { NS: ["2"] } });
    assertValidation(() => update(item, "DELETE b :v", { ":v": { SS: ["hi"] } }), WRONG_TYPE);
  });
});

describe("key attributes", () => {
  it("refuses updates that touch the key", () => {
    const message = "One or more parameter values were invalid: Cannot update attribute p. This attribute is part of the key";
    for (const expression of ["SET p = :v", "REMOVE p", "ADD p :v", "SET p.x = :v"]) {
      const ast = parseUpdate(expression, attrs({}, expression.includes(":v") ? { ":v": N(4) } : {}));
      assertValidation(() => assertKeyAttributesNotUpdated(ast, ["p", "c"]), message);
    }
    assertKeyAttributesNotUpdated(parseUpdate("SET a = :v", attrs({}, { ":v": N(4) })), ["p", "c"]);
  });
});

describe("projection", () => {
  const item: Item = {
    a: N(1),
    b: { M: { c: list("x", "y", "z"), d: S("e"), f: { M: { g: N(2) } } } },
    l: { L: [{ M: { k: S("v0"), j: S("w0") } }, { M: { k: S("v1") } }, N(2)] },
  };
  const paths = (source: string) => parseProjection(source, attrs());

  it("keeps the structure around nested paths", () => {
    assert.deepEqual(project(paths("a, b.d"), item), { a: N(1), b: { M: { d: S("e") } } });
    assert.deepEqual(project(paths("b.c[2], b.c[0]"), item), { b: { M: { c: list("x", "z") } } });
    assert.deepEqual(project(paths("l[1].k, l[0].k"), item), { l: { L: [{ M: { k: S("v0") } }, { M: { k: S("v1") } }] } });
    assert.deepEqual(project(paths("b.f.g"), item), { b: { M: { f: { M: { g: N(2) } } } } });
  });

  it("leaves out missing paths", () => {
    assert.deepEqual(project(paths("zz, b.zz, l[9], a.x"), item), {});
    assert.deepEqual(project(paths("a, zz"), item), { a: N(1) });
  });
});
