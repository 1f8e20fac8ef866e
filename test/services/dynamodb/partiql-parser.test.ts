// The PartiQL parser on its own: what each statement parses to, AWS's "wasn't well formed" error
// for what does not, and a bounded fuzz (fixed seed) in which every input either parses or fails
// with a ValidationException, never anything else.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ServiceError } from "../../../src/aws/errors.js";
import { parseStatement } from "../../../src/services/dynamodb/partiql/parser.js";

describe("PartiQL parser", () => {
  it("parses SELECT with projections, index targets, conditions and ORDER BY", () => {
    const { statement, parameterCount } = parseStatement(
      `SELECT a.b[2], "x y" FROM "orders"."by-date" WHERE pk = ? AND (sk BETWEEN 1 AND 5 OR begins_with(sk, 'a')) AND c IS NOT MISSING AND d IN [1, 'two'] ORDER BY sk DESC`,
    );
    assert.equal(parameterCount, 1);
    assert.equal(statement.kind, "select");
    if (statement.kind !== "select") return;
    assert.deepEqual(statement.projection, [["a", "b", 2], ["x y"]]);
    assert.deepEqual(statement.from, { table: "orders", index: "by-date" });
    assert.deepEqual(statement.orderBy, { path: ["sk"], descending: true });
    assert.equal(statement.where?.kind, "and");
  });

  it("parses INSERT with nested collections, UPDATE with several clauses, DELETE with RETURNING", () => {
    const insert = parseStatement(`INSERT INTO t VALUE {'a': [1, -2.5e3, TRUE, NULL], 'm': {'k': <<'x', 'y'>>}, 'p': ?}`);
    assert.equal(insert.parameterCount, 1);
    assert.equal(insert.statement.kind, "insert");
    const update = parseStatement(`UPDATE t SET a = a + 1, b = list_append(b, [2]) REMOVE c SET d = 'x' WHERE pk = 'k' RETURNING MODIFIED OLD *`);
    assert.equal(update.statement.kind, "update");
    if (update.statement.kind === "update") {
      assert.equal(update.statement.set.length, 3);
      assert.deepEqual(update.statement.remove, [["c"]]);
      assert.equal(update.statement.returning, "MODIFIED_OLD");
    }
    const remove = parseStatement(`delete from t where pk = 'k' returning all old *;`);
    assert.equal(remove.statement.kind, "delete");
  });

  it("answers malformed statements with AWS's prefix", () => {
    for (const source of ["SELECT * FROM t WHERE " + "(".repeat(50_000), "INSERT INTO t VALUE " + "[".repeat(50_000), "SELECT * FROM t WHERE " + "NOT ".repeat(50_000) + "a = 1", "", "SELECT", "SELECT * FROM", "INSERT INTO t VALUES {'a': 1}", "UPDATE t WHERE a = 1", "SELECT * FROM t WHERE", "SELECT * FROM t WHERE a = 'x", "DROP TABLE t"]) {
      assert.throws(
        () => parseStatement(source),
        (error: unknown) => error instanceof ServiceError && error.code === "ValidationException" && error.message.startsWith("Statement wasn't well formed, can't be processed: "),
        source,
      );
    }
  });

  it("never fails with anything but a ValidationException (6,000 fuzzed statements)", () => {
    let seed = 20261122;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pieces = [
      "SELECT", "INSERT", "INTO", "UPDATE", "DELETE", "FROM", "WHERE", "SET", "REMOVE", "VALUE", "AND", "OR", "NOT", "IN", "IS",
      "MISSING", "NULL", "BETWEEN", "ORDER", "BY", "DESC", "RETURNING", "ALL", "NEW", "OLD", "*", "t", '"t"', ".", "a", "b[1]",
      "'s'", "'", '"', "1", "-2.5e3", "?", "=", "<>", "!=", "<", ">=", "(", ")", "[", "]", "{", "}", "<<", ">>", ",", ":", "+",
      "-", "size(a)", "begins_with(", "contains(", "list_append(", "set_add(", "TRUE", ";", "\u0000", "é",
    ];
    for (let i = 0; i < 6000; i++) {
      const length = 1 + Math.floor(random() * 14);
      const source = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join(random() < 0.2 ? "" : " ");
      try {
        parseStatement(source);
      } catch (error) {
        assert.ok(error instanceof ServiceError && error.code === "ValidationException", `${source}: ${(error as Error).stack}`);
      }
    }
  });
});
