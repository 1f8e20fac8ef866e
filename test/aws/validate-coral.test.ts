// The opt-in Coral wording for lists and maps of simple values (ValidationOptions.coralCollections),
// checked against messages recorded from AWS Lambda (../shared/conformance, test_lambda_api).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ServiceError } from "../../src/aws/errors.js";
import { loadServiceSpec } from "../../src/aws/spec/loader.js";
import { validateInput, type ValidationOptions } from "../../src/aws/validate.js";

const CORAL: ValidationOptions = { code: "ValidationException", coralCollections: { notNullListMembers: new Set(["Architecture"]) } };

function message(operation: string, input: Record<string, unknown>, options: ValidationOptions = CORAL): string | undefined {
  const spec = loadServiceSpec("lambda");
  try {
    validateInput(spec, spec.inputShape(spec.operation(operation)!)!, input, options);
    return undefined;
  } catch (err) {
    assert.ok(err instanceof ServiceError);
    return err.message;
  }
}

const base = { FunctionName: "f", Role: "arn:aws:iam::111111111111:role/r", Code: {} };

describe("validateInput with Coral collection wording", () => {
  it("reports a list of enums once, with every member constraint", () => {
    assert.equal(
      message("CreateFunction", { ...base, Architectures: ["X86_64"] }),
      "1 validation error detected: Value '[X86_64]' at 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]",
    );
  });

  it("still reports the list's own length", () => {
    assert.equal(
      message("CreateFunction", { ...base, Architectures: ["x86_64", "arm64"] }),
      "1 validation error detected: Value '[x86_64, arm64]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1",
    );
  });

  it("reports map values and keys as Java prints the map, doubles with .0", () => {
    assert.equal(
      message("CreateAlias", { FunctionName: "f", Name: "a", FunctionVersion: "1", RoutingConfig: { AdditionalVersionWeights: { "2": 2 } } }),
      "1 validation error detected: Value '{2=2.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]",
    );
    assert.equal(
      message("CreateAlias", { FunctionName: "f", Name: "a", FunctionVersion: "1", RoutingConfig: { AdditionalVersionWeights: { $LATEST: 0.5 } } }),
      "1 validation error detected: Value '{$LATEST=0.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]",
    );
  });

  it("never echoes sensitive maps", () => {
    assert.equal(
      message("CreateFunction", { ...base, Environment: { Variables: { A: "x" } } }),
      "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]",
    );
  });

  it("puts the caller's own violations first, in the same error", () => {
    assert.equal(
      message("CreateFunction", { ...base, Architectures: ["X86_64"] }, { ...CORAL, extraViolations: ["Value 'x' at 'runtime' failed to satisfy constraint: Y"] }),
      "2 validation errors detected: Value 'x' at 'runtime' failed to satisfy constraint: Y; Value '[X86_64]' at 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]",
    );
  });

  it("without the option, elements keep their own paths", () => {
    assert.match(message("CreateFunction", { ...base, Architectures: ["X86_64"] }, { code: "ValidationException" }) ?? "", /'architectures\.1\.member'/);
  });
});
