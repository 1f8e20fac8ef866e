// Parse and evaluation throughput of the DynamoDB expression engine.
// Run: npx tsc -b && node dist/bench/dynamodb-expressions.js
import { ExpressionAttributes } from "../src/services/dynamodb/expressions/attributes.js";
import { applyUpdate } from "../src/services/dynamodb/expressions/apply-update.js";
import { parseCondition } from "../src/services/dynamodb/expressions/condition-parser.js";
import { evaluateCondition } from "../src/services/dynamodb/expressions/evaluate-condition.js";
import { parseUpdate } from "../src/services/dynamodb/expressions/update-parser.js";

const values = { ":v": { S: "x" }, ":n": { N: "5" }, ":l": { L: [] }, ":s": { S: "ab" } };
const names = { "#a": "a", "#s": "status" };
const condition = "#s = :v AND (size(a.b[1]) > :n OR begins_with(c, :s)) AND NOT attribute_exists(d)";
const update = "SET a.b[1] = if_not_exists(a.b[1], :n) + :n, #s = :v, l = list_append(:l, :l) REMOVE d";
const item = { a: { M: { b: { L: [{ N: "1" }, { N: "2" }] } } }, status: { S: "x" }, c: { S: "abc" } };

function measure(label: string, run: () => void): void {
  for (let i = 0; i < 2000; i++) run();
  const iterations = 50_000;
  const start = performance.now();
  for (let i = 0; i < iterations; i++) run();
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label}: ${Math.round(iterations / seconds).toLocaleString("en-US")} ops/s`);
}

measure("parse condition (~90 chars)", () => parseCondition(condition, "ConditionExpression", new ExpressionAttributes(names, values)));
measure("parse update (~95 chars)", () => parseUpdate(update, new ExpressionAttributes(names, values)));
const parsedCondition = parseCondition(condition, "ConditionExpression", new ExpressionAttributes(names, values));
measure("evaluate condition", () => evaluateCondition(parsedCondition, item));
const parsedUpdate = parseUpdate(update, new ExpressionAttributes(names, values));
measure("apply update", () => applyUpdate(parsedUpdate, item));
