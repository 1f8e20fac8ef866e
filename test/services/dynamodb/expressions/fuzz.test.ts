// Bounded fuzzing: thousands of random and mutated expressions (fixed seed) through every
// grammar. Each must either parse or fail with a ValidationException carrying the expression
// kind's prefix; anything else (TypeError, RangeError, a hang) is a bug. What parses is also
// evaluated or applied, which must not fail except with a ValidationException.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ServiceError } from "../../../../src/aws/errors.js";
import { applyUpdate, UPDATE_MESSAGES } from "../../../../src/services/dynamodb/expressions/apply-update.js";
import type { Condition, DocumentPath, UpdateAst } from "../../../../src/services/dynamodb/expressions/ast.js";
import { parseCondition } from "../../../../src/services/dynamodb/expressions/condition-parser.js";
import { evaluateCondition } from "../../../../src/services/dynamodb/expressions/evaluate-condition.js";
import { parseKeyCondition } from "../../../../src/services/dynamodb/expressions/key-condition.js";
import { project } from "../../../../src/services/dynamodb/expressions/project.js";
import { parseProjection } from "../../../../src/services/dynamodb/expressions/projection-parser.js";
import { parseUpdate } from "../../../../src/services/dynamodb/expressions/update-parser.js";
import type { AttributeValue, Item } from "../../../../src/services/dynamodb/values/attribute-value.js";
import { attrs, N, S } from "./helpers.js";

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCABULARY = [
  "a", "b", "c", "p", "list", "status", "x1_", "#a", "#b", "#zz", ":v", ":n", ":l", ":s", ":ss", ":zz",
  "AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE", "and", "set",
  "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "size",
  "if_not_exists", "list_append", "foo",
  "(", ")", "[", "]", ",", ".", "=", "<>", "<", "<=", ">", ">=", "+", "-", "0", "1", "17", "99999999999",
  "!", "#", ":", "_", "$", "\"", "é", "\u{1F600}", " ", "  ", "\t", "\n",
];

const SEEDS = [
  "a = :v AND (b < :n OR NOT attribute_exists(c))",
  "size(a.b[1]) BETWEEN :n AND :n",
  "#a IN (:v, :n, :s) OR begins_with(a, :s)",
  "contains(list[0].x, :v) AND attribute_type(a, :s)",
  "SET a = if_not_exists(a, :n) + :n, b = list_append(:l, b) REMOVE c[2] ADD d :ss DELETE e :ss",
  "SET a.b[3].c = :v",
  "p = :v AND c BETWEEN :n AND :n",
  "a, b.c[1], #a.d",
  "((a = :v) AND (b = :v))",
];

const values: Record<string, AttributeValue> = {
  ":v": S("x"),
  ":n": N(5),
  ":l": { L: [N(1)] },
  ":s": S("SS"),
  ":ss": { SS: ["a", "b"] },
};
const names = { "#a": "a", "#b": "status" };
const item: Item = {
  a: { M: { b: { L: [N(1), S("two"), { M: { c: N(3) } }, N(4)] }, d: S("x") } },
  b: { L: [N(2)] },
  c: { L: [S("x"), S("y"), S("z")] },
  d: N(1),
  e: { SS: ["a", "c"] },
  list: { L: [{ M: { x: S("xyz") } }] },
  p: S("pk"),
};

function mutate(source: string, next: () => number): string {
  const pick = <T>(array: readonly T[]): T => array[Math.floor(next() * array.length)]!;
  let text = source;
  const edits = Math.floor(next() * 3);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (text.length + 1));
    switch (Math.floor(next() * 4)) {
      case 0:
        text = text.slice(0, at) + pick(VOCABULARY) + text.slice(at);
        break;
      case 1:
        text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
        break;
      case 2:
        text = text.slice(0, at) + text.slice(at, at + 8) + text.slice(at);
        break;
      default:
        text = text.slice(0, at) + pick(VOCABULARY) + text.slice(at + 1);
    }
  }
  return text;
}

function soup(next: () => number): string {
  const length = Math.floor(next() * 14);
  const words: string[] = [];
  for (let i = 0; i < length; i++) words.push(VOCABULARY[Math.floor(next() * VOCABULARY.length)]!);
  return words.join(next() < 0.7 ? " " : "");
}

/** Messages that legitimately come without an "Invalid <kind>: " prefix. */
const KEY_CONDITION_MESSAGES = [
  "Invalid operator used in KeyConditionExpression: ",
  "Invalid condition in KeyConditionExpression: ",
  "KeyConditionExpressions ",
  "Query condition missed key schema element: ",
  "Query key condition not supported",
  "Conditions can be of length 1 or 2 only",
  "Attempted conditional constraint is not an indexable operation",
  "One or more parameter values were invalid: Condition parameter type does not match schema type",
];
const RUNTIME_UPDATE_MESSAGES = [
  UPDATE_MESSAGES.missingAttribute,
  UPDATE_MESSAGES.wrongType,
  UPDATE_MESSAGES.invalidPath,
  "Number overflow. Attempting to store a number with magnitude larger than supported range",
];

/** Runs fn; any failure must be a ValidationException whose message starts with one of the prefixes. */
function expectOnly(fn: () => void, prefixes: readonly string[], source: string): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    if (!(error instanceof ServiceError)) {
      assert.fail(`non-ServiceError for ${JSON.stringify(source)}: ${(error as Error)?.stack ?? String(error)}`);
    }
    assert.equal(error.code, "ValidationException", source);
    assert.equal(error.status, 400, source);
    assert.ok(
      prefixes.some((prefix) => error.message.startsWith(prefix)),
      `unexpected message for ${JSON.stringify(source)}: ${error.message}`,
    );
    return false;
  }
}

describe("expression fuzzing", () => {
  it("never throws anything but ValidationException and never hangs", () => {
    const next = random(0x5eed);
    const started = performance.now();
    let parsed = 0;
    const total = 6000;
    const keySchema = { partitionKey: { name: "p", type: "S" as const }, sortKey: { name: "c", type: "N" as const } };
    for (let i = 0; i < total; i++) {
      const source = i % 2 === 0 ? mutate(SEEDS[i % SEEDS.length]!, next) : soup(next);
      let condition: Condition | undefined;
      if (expectOnly(() => (condition = parseCondition(source, "ConditionExpression", attrs(names, values))), ["Invalid ConditionExpression: "], source)) {
        parsed++;
        // Evaluation of a parsed condition never fails.
        evaluateCondition(condition!, item);
        evaluateCondition(condition!, undefined);
      }
      let update: UpdateAst | undefined;
      if (expectOnly(() => (update = parseUpdate(source, attrs(names, values))), ["Invalid UpdateExpression: "], source)) {
        parsed++;
        expectOnly(() => applyUpdate(update!, item), RUNTIME_UPDATE_MESSAGES, source);
        expectOnly(() => applyUpdate(update!, undefined), RUNTIME_UPDATE_MESSAGES, source);
      }
      let paths: DocumentPath[] | undefined;
      if (expectOnly(() => (paths = parseProjection(source, attrs(names, values))), ["Invalid ProjectionExpression: "], source)) {
        parsed++;
        project(paths!, item);
      }
      if (
        expectOnly(
          () => parseKeyCondition(source, attrs(names, values), keySchema),
          ["Invalid KeyConditionExpression: ", ...KEY_CONDITION_MESSAGES],
          source,
        )
      ) {
        parsed++;
      }
    }
    const elapsed = performance.now() - started;
    if (process.env.FUZZ_STATS) console.log(`fuzz: ${total} inputs, ${parsed} parsed, ${Math.round(elapsed)} ms`);
    assert.ok(parsed > 100, `the corpus should include valid expressions too (parsed ${parsed})`);
    assert.ok(elapsed < 5000, `fuzzing took ${Math.round(elapsed)} ms`);
  });
});
