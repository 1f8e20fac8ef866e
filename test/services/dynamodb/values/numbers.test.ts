import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  addNumbers,
  compareNumbers,
  normalizeNumber,
  numberProblem,
  subtractNumbers,
} from "../../../../src/services/dynamodb/values/numbers.js";
import { assertValidation } from "../expressions/helpers.js";

const OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range";
const UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range";
const PRECISION = "Attempting to store more than 38 significant digits in a Number";

describe("DynamoDB numbers", () => {
  it("canonicalises to AWS's plain form", () => {
    const cases: [string, string][] = [
      ["1.0", "1"],
      ["-0", "0"],
      ["-0.000", "0"],
      ["0e1000", "0"],
      ["1e2", "100"],
      ["+3", "3"],
      [".123", "0.123"],
      ["0001.23", "1.23"],
      ["1e+5", "100000"],
      ["12.5e-1", "1.25"],
      ["-17.4E37", "-174000000000000000000000000000000000000"],
      ["0.050", "0.05"],
      ["5.", "5"],
    ];
    for (const [input, expected] of cases) assert.equal(normalizeNumber(input), expected, input);
  });

  it("accepts the full range: 1E-130 to 9.99...E+125, both signs, 38 digits", () => {
    assert.equal(normalizeNumber("1E-130"), "0." + "0".repeat(129) + "1");
    assert.equal(normalizeNumber("-1e-130"), "-0." + "0".repeat(129) + "1");
    assert.equal(normalizeNumber("9.9999999999999999999999999999999999999E+125"), "9".repeat(38) + "0".repeat(88));
    assert.equal(normalizeNumber("31415926535897932384626433832795028841e30"), "31415926535897932384626433832795028841" + "0".repeat(30));
    assert.equal(normalizeNumber("3.1415926535897932384626433832795028841"), "3.1415926535897932384626433832795028841");
  });

  it("rejects out-of-range and over-precise numbers with AWS's messages", () => {
    assertValidation(() => normalizeNumber("1e126"), OVERFLOW);
    assertValidation(() => normalizeNumber("-1e126"), OVERFLOW);
    assertValidation(() => normalizeNumber("11e125"), OVERFLOW);
    assertValidation(() => normalizeNumber("1e-131"), UNDERFLOW);
    assertValidation(() => normalizeNumber("0.9e-130"), UNDERFLOW);
    assertValidation(() => normalizeNumber("123456789012345678901234567890123456789"), PRECISION);
    assertValidation(() => normalizeNumber("-1.23456789012345678901234567890123456789"), PRECISION);
    assertValidation(() => normalizeNumber("1.0e100000000"), OVERFLOW);
  });

  it("rejects non-numbers, naming the value when there is one", () => {
    assertValidation(() => normalizeNumber(""), "The parameter cannot be converted to a numeric value");
    for (const text of ["NaN", "Infinity", "-Infinity", "dog", " 1", "1 ", "0x10", "1e", "1e+", "-", ".", "1..2", "1e5.5"]) {
      assertValidation(() => normalizeNumber(text), `The parameter cannot be converted to a numeric value: ${text}`);
    }
    assert.equal(numberProblem("12"), undefined);
  });

  it("compares numerically", () => {
    assert.equal(compareNumbers("1.0", "1"), 0);
    assert.ok(compareNumbers("-2", "1") < 0);
    assert.ok(compareNumbers("10", "9") > 0);
    assert.ok(compareNumbers("-10", "-9") < 0);
    assert.ok(compareNumbers("0.5", "0.45") > 0);
    assert.ok(compareNumbers("0", "-0.1") > 0);
    assert.ok(compareNumbers("1e-130", "0") > 0);
    assert.equal(compareNumbers("100", "1e2"), 0);
  });

  it("adds and subtracts exactly", () => {
    assert.equal(addNumbers("1", "10000000000000000000000"), "10000000000000000000001");
    assert.equal(subtractNumbers("10000000000000000000000", "1"), "9999999999999999999999");
    assert.equal(addNumbers("0.1", "0.2"), "0.3");
    assert.equal(subtractNumbers("5", "5"), "0");
    assert.equal(addNumbers("-1.5", "0.25"), "-1.25");
  });

  it("reports inexact or out-of-range arithmetic as an overflow, as DynamoDB does", () => {
    assertValidation(() => addNumbers("9e125", "9e125"), OVERFLOW);
    assertValidation(() => subtractNumbers("9e125", "-9e125"), OVERFLOW);
    // DynamoDB answers "overflow" even when the problem is precision (Alternator test_number.py).
    assertValidation(() => addNumbers("1e50", "1"), OVERFLOW);
    assertValidation(() => subtractNumbers("1e50", "1"), OVERFLOW);
  });
});
