// Model-constraint validation, worded as AWS's request validation words it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ServiceError } from "../../src/aws/errors.js";
import { loadServiceSpec } from "../../src/aws/spec/loader.js";
import { validateInput } from "../../src/aws/validate.js";

function check(service: string, operation: string, input: Record<string, unknown>, code = "ValidationException"): string | undefined {
  const spec = loadServiceSpec(service);
  const shape = spec.inputShape(spec.operation(operation)!)!;
  try {
    validateInput(spec, shape, input, { code });
    return undefined;
  } catch (err) {
    assert.ok(err instanceof ServiceError);
    assert.equal(err.code, code);
    assert.equal(err.status, 400);
    return err.message;
  }
}

describe("validateInput", () => {
  it("accepts a valid input", () => {
    assert.equal(check("dynamodb", "CreateTable", { TableName: "Music", KeySchema: [{ AttributeName: "a", KeyType: "HASH" }] }), undefined);
    assert.match(check("dynamodb", "CreateTable", { TableName: "Music", KeySchema: [{ AttributeName: "a", KeyType: "SIDE" }] }) ?? "", /'keySchema\.1\.member\.keyType'/);
  });

  it("reports a missing required member as null", () => {
    assert.equal(
      check("dynamodb", "DescribeTable", {}),
      "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null",
    );
  });

  it("reports length, pattern and enum violations and nested map paths, all in one message", () => {
    assert.equal(
      check("dynamodb", "Query", { TableName: "t", ExclusiveStartKey: undefined, IndexName: "a!", KeyConditions: { k: { ComparisonOperator: "SIDEWAYS" } } }),
      "3 validation errors detected: " +
        "Value 'a!' at 'indexName' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
        "Value 'a!' at 'indexName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value 'SIDEWAYS' at 'keyConditions.k.member.comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [EQ, NE, IN, LE, LT, GE, GT, BETWEEN, NOT_NULL, NULL, CONTAINS, NOT_CONTAINS, BEGINS_WITH]",
    );
  });

  it("reports numeric ranges", () => {
    assert.equal(
      check("lambda", "UpdateFunctionConfiguration", { FunctionName: "f", MemorySize: 64 }),
      "1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
    );
  });

  it("never echoes a sensitive value", () => {
    const message = check("secretsmanager", "CreateSecret", { Name: "s", SecretString: "" });
    assert.equal(message, "1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length greater than or equal to 1");
  });

  it("measures string length in code points", () => {
    // 256 characters but 512 UTF-16 units: within Description's maximum of 256.
    assert.equal(check("lambda", "UpdateFunctionConfiguration", { FunctionName: "f", Description: "😀".repeat(256) }), undefined);
    assert.match(check("lambda", "UpdateFunctionConfiguration", { FunctionName: "f", Description: "😀".repeat(257) }) ?? "", /less than or equal to 256/);
  });

  it("uses the service's own error code", () => {
    assert.match(check("sts", "AssumeRole", { RoleArn: "arn:aws:iam::123456789012:role/R", RoleSessionName: "x" }, "ValidationError") ?? "", /roleSessionName/);
  });
});
