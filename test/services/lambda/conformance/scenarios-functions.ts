// Conformance scenarios: function lifecycle, identifiers and validation (TestLambdaFunction).
import type { Recorded } from "./client.js";
import type { ScenarioFn } from "./scenario.js";

export const functionScenarios: Record<string, ScenarioFn> = {
  "TestLambdaFunction::test_function_lifecycle": async (s) => {
    const fn = s.name();
    s.record("create_response", await s.fixture(fn, { MemorySize: 256, Timeout: 5 }));
    s.record("get_function_response", await s.call("GetFunction", { FunctionName: fn }));
    s.record(
      "update_func_conf_response",
      await s.call("UpdateFunctionConfiguration", {
        FunctionName: fn,
        Runtime: "python3.11",
        Description: "Changed-Description",
        MemorySize: 512,
        Timeout: 10,
        Environment: { Variables: { ENV_A: "a" } },
      }),
    );
    s.record("get_function_response_postupdate", await s.call("GetFunction", { FunctionName: fn }));
    s.record("update_code_response", await s.call("UpdateFunctionCode", { FunctionName: fn, ZipFile: await s.zip("version") }));
    s.record("get_function_response_postcodeupdate", await s.call("GetFunction", { FunctionName: fn }));
    s.record("delete_response", await s.call("DeleteFunction", { FunctionName: fn }));
    s.record("delete_postdelete", await s.call("DeleteFunction", { FunctionName: fn }));
  },

  "TestLambdaFunction::test_redundant_updates": async (s) => {
    const fn = s.name();
    s.record("create_response", await s.fixture(fn, { Description: "Initial description" }));
    s.record("first_update_result", await s.call("UpdateFunctionConfiguration", { FunctionName: fn, Description: "1st update description" }));
    s.record("get_fn_config_result", await s.call("GetFunctionConfiguration", { FunctionName: fn }));
    s.record("get_fn_result", await s.call("GetFunction", { FunctionName: fn }));
    s.record("redundant_update_result", await s.call("UpdateFunctionConfiguration", { FunctionName: fn, Description: "1st update description" }));
    s.record("get_fn_result_after_redundant_update", await s.call("GetFunction", { FunctionName: fn }));
  },

  ...Object.fromEntries(
    (["delete_function", "get_function", "get_function_configuration"] as const).map((op) => [
      `TestLambdaFunction::test_ops_with_arn_qualifier_mismatch[${op}]`,
      async (s) => {
        const operation = pascal(op);
        s.record("not_match_exception", await s.call(operation, { FunctionName: s.arn("some-function", "1"), Qualifier: "$LATEST" }));
        s.record("match_exception", await s.call(operation, { FunctionName: s.arn("some-function", "$LATEST"), Qualifier: "$LATEST" }));
      },
    ]),
  ),

  ...Object.fromEntries(
    (["get_function", "get_function_configuration"] as const).map((op) => [
      `TestLambdaFunction::test_ops_on_nonexisting_version[${op}]`,
      async (s) => {
        const fn = s.name("i-exist");
        await s.fixture(fn, { Description: "Initial description" });
        s.record("version_not_found_exception", await s.call(pascal(op), { FunctionName: fn, Qualifier: "1221" }));
      },
    ]),
  ),

  "TestLambdaFunction::test_delete_on_nonexisting_version": async (s) => {
    const fn = s.name("i-exist");
    await s.fixture(fn, { Description: "Initial description" });
    await s.call("DeleteFunction", { FunctionName: fn, Qualifier: "1233" });
    await s.call("DeleteFunction", { FunctionName: fn, Qualifier: "1233" });
    await s.call("DeleteFunction", { FunctionName: fn });
    s.record("delete_function_response_non_existent", await s.call("DeleteFunction", { FunctionName: fn }));
    s.record("delete_function_response_non_existent_with_qualifier", await s.call("DeleteFunction", { FunctionName: fn, Qualifier: "1233" }));
  },

  ...Object.fromEntries(
    (["delete_function", "get_function", "get_function_configuration", "get_function_concurrency"] as const).map((op) => [
      `TestLambdaFunction::test_ops_on_nonexisting_fn[${op}]`,
      async (s) => s.record("not_found_exception", await s.call(pascal(op), { FunctionName: s.name("i-dont-exist") })),
    ]),
  ),

  ...Object.fromEntries(
    (["get_function", "get_function_configuration", "get_function_concurrency", "delete_function", "invoke"] as const).map((op) => [
      `TestLambdaFunction::test_get_function_wrong_region[${op}]`,
      async (s) => {
        const fn = s.name("i-exist");
        await s.fixture(fn, { Description: "Initial description" });
        const wrong = `arn:aws:lambda:eu-central-1:${s.account}:function:${fn}`;
        s.record("wrong_region_exception", await s.call(pascal(op), { FunctionName: wrong }));
      },
    ]),
  ),

  "TestLambdaFunction::test_create_lambda_exceptions": async (s) => {
    const fn = s.name("invalid-function");
    const base = { FunctionName: fn, Handler: "index.handler", Code: { ZipFile: await s.zip() }, PackageType: "Zip", Role: s.role, Runtime: "python3.12" };
    s.record("invalid_role_arn_exc", await s.call("CreateFunction", { ...base, Role: "r1" }));
    s.record("invalid_runtime_exc", await s.call("CreateFunction", { ...base, Runtime: "non-existent-runtime" }));
    s.record("uppercase_runtime_exc", await s.call("CreateFunction", { ...base, Runtime: "PYTHON3.9" }));
    s.record("multiple_architectures", await s.call("CreateFunction", { ...base, Architectures: ["x86_64", "arm64"] }));
    s.record("uppercase_architecture", await s.call("CreateFunction", { ...base, Architectures: ["X86_64"] }));
    s.record("invalid_zip_exc", await s.call("CreateFunction", { ...base, Code: { ZipFile: Buffer.from("this is not a zipfile, just a random string") } }));
  },

  "TestLambdaFunction::test_update_lambda_exceptions": async (s) => {
    const fn = s.name("invalid-function");
    await s.call("CreateFunction", { FunctionName: fn, Handler: "index.handler", Code: { ZipFile: await s.zip() }, Role: s.role, Runtime: "python3.12" });
    s.record("invalid_role_arn_exc", await s.call("UpdateFunctionConfiguration", { FunctionName: fn, Role: "r1" }));
    s.record("invalid_runtime_exc", await s.call("UpdateFunctionConfiguration", { FunctionName: fn, Runtime: "non-existent-runtime" }));
    s.record("uppercase_runtime_exc", await s.call("UpdateFunctionConfiguration", { FunctionName: fn, Runtime: "PYTHON3.9" }));
  },

  "TestLambdaFunction::test_list_functions": async (s) => {
    const fn1 = s.name("list-fn-1");
    const fn2 = s.name("list-fn-2");
    s.record("create_response_1", await s.fixture(fn1, { Publish: true }));
    s.record("create_response_2", await s.fixture(fn2));
    s.record("list_functions_invalid_functionversion", await s.call("ListFunctions", { FunctionVersion: "invalid" }));
    s.record("list_all", await s.paginate("ListFunctions", { FunctionVersion: "ALL" }, "Functions", 1));
    s.record("list_default", await s.paginate("ListFunctions", {}, "Functions", 1));
  },

  "TestLambdaFunction::test_invalid_invoke": async (s) => {
    s.record("invoke_function_name_pattern_exc", await s.call("Invoke", { FunctionName: "arn:aws:lambda:us-east-1:123400000000@function:myfn", Payload: Buffer.from("{}") }));
  },
};

/** Name validation (test_function_name_and_qualifier_validation): identifier, qualifier, per operation. */
const NAME_CASES: Record<string, { name: string; qualifier?: string }> = {
  function_name_is_single_invalid: { name: "*" },
  invalid_characters_in_function_name: { name: "my-function!" },
  invalid_characters_in_qualifier: { name: "my-function", qualifier: "invalid!" },
  qualifier_too_long0: { name: "my-function", qualifier: "a".repeat(129) },
  invalid_account_id_in_partial_arn: { name: "invalid-account:function:my-function" },
  invalid_region_in_arn: { name: "arn:aws:lambda:invalid-region:{account}:function:my-function" },
  non_lambda_arn: { name: "arn:aws:ec2:us-east-1:{account}:instance:i-1234567890abcdef0" },
  function_name_too_long: { name: "a".repeat(65) },
  function_name_too_long_and_invalid_region: { name: `arn:aws:lambda:invalid-region:{account}:function:my-function${"a".repeat(170)}` },
  full_arn_and_qualifier_too_long_and_invalid_region: {
    name: `arn:aws:lambda:invalid-region:{account}:function:my-function-${"a".repeat(170)}`,
    qualifier: "a".repeat(129),
  },
  qualifier_too_long1: { name: "my-function", qualifier: "a".repeat(65) },
  full_arn_with_multiple_qualifiers: { name: "arn:aws:lambda:us-east-1:{account}:function:my-function:1:2" },
  incomplete_arn: { name: "arn:aws:lambda:us-east-1:{account}:function" },
  partial_arn_with_extra_qualifier: { name: "function:my-function:$LATEST:extra" },
  latest_version_with_additional_qualifier: { name: "arn:aws:lambda:us-east-1:{account}:function:my-function:$LATEST", qualifier: "1" },
  lowercase_latest_qualifier: { name: "arn:aws:lambda:us-east-1:{account}:function:my-function", qualifier: "$latest" },
  missing_region_in_arn: { name: "arn:aws:lambda::{account}:function:my-function" },
  missing_account_id_in_arn: { name: "arn:aws:lambda:us-east-1::function:my-function" },
  misspelled_latest_in_arn: { name: "arn:aws:lambda:us-east-1:{account}:function:my-function:$LATES" },
  qualifier_too_long: { name: "my-function", qualifier: "a".repeat(129) },
  function_name_and_qualifier_too_long: { name: "my-function", qualifier: "a".repeat(65) },
};

for (const [caseName, { name, qualifier }] of Object.entries(NAME_CASES)) {
  for (const op of ["get_function", "delete_function", "invoke", "create_function"] as const) {
    functionScenarios[`TestLambdaFunction::test_function_name_and_qualifier_validation[${caseName}-${op}]`] = async (s) => {
      const fnName = name.replace("{account}", s.account);
      if (op === "create_function") {
        const combined = qualifier === undefined ? fnName : `${fnName}:${qualifier}`;
        s.record(
          "create_function_exception",
          errorView(await s.call("CreateFunction", { FunctionName: combined, Handler: "index.handler", Code: { ZipFile: await s.zip() }, Role: s.role, Runtime: "python3.12" })),
        );
        return;
      }
      const input: Record<string, unknown> = { FunctionName: fnName, ...(qualifier !== undefined ? { Qualifier: qualifier } : {}) };
      if (op === "invoke") input.Payload = Buffer.from("{}");
      s.record(`${op}_exception`, errorView(await s.call(pascal(op), input)));
    };
  }
}

/**
 * How this test snapshots errors: a validation error as its code, count and messages, any other
 * error as its code and message.
 */
function errorView(r: Recorded): unknown {
  const error = r.Error as { Code: string; Message: string } | undefined;
  if (!error) return r;
  const m = /^(\d+) validation errors? detected: (.*)$/s.exec(error.Message);
  if (m) return { Code: error.Code, Count: Number(m[1]), Errors: m[2]!.split("; ") };
  return { Code: error.Code, Message: error.Message };
}

export function pascal(snake: string): string {
  return snake.split("_").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
}
