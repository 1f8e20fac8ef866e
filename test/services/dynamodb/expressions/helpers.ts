// Shared helpers for the expression engine tests.
import assert from "node:assert/strict";
import { ServiceError } from "../../../../src/aws/errors.js";
import { ExpressionAttributes } from "../../../../src/services/dynamodb/expressions/attributes.js";
import type { AttributeValue } from "../../../../src/services/dynamodb/values/attribute-value.js";

/** Asserts that fn throws AWS's ValidationException (HTTP 400) with exactly this message. */
export function assertValidation(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ServiceError, `expected a ServiceError, got ${String(error)}`);
    assert.equal(error.code, "ValidationException");
    assert.equal(error.status, 400);
    assert.equal(error.message, message);
    return true;
  });
}

export const S = (value: string): AttributeValue => ({ S: value });
export const N = (value: string | number): AttributeValue => ({ N: String(value) });

export function attrs(
  names: Record<string, string> = {},
  values: Record<string, AttributeValue> = {},
): ExpressionAttributes {
  return new ExpressionAttributes(names, values);
}
