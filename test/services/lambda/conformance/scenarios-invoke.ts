// Conformance scenarios from LocalStack's test_lambda.py (behaviour through Invoke), run in the
// Lambda engine. Keys start with "test_lambda.py::" so the runner reads test_lambda.snapshot.json.
import type { ScenarioFn } from "./scenario.js";

const ECHO = "def handler(event, context):\n    return event\n";

export const invokeScenarios: Record<string, ScenarioFn> = {
  ...Object.fromEntries(
    (
      [
        ["request_response", "RequestResponse"],
        ["event", "Event"],
        ["dry_run", "DryRun"],
      ] as const
    ).map(([name, type]) => [
      `test_lambda.py::TestLambdaFeatures::test_invocation_type_${name}[python3.10]`,
      async (s) => {
        const fn = s.name();
        await s.fixture(fn, { Code: { ZipFile: await s.zipOf({ "handler.py": ECHO }) } });
        s.record("invoke-result", await s.call("Invoke", { FunctionName: fn, Payload: Buffer.from("{}"), InvocationType: type }));
      },
    ]),
  ),

  "test_lambda.py::TestLambdaFeatures::test_invocation_type_no_return_payload[python-RequestResponse]": async (s) => {
    const fn = s.name();
    await s.fixture(fn, { Code: { ZipFile: await s.zipOf({ "handler.py": "def handler(event, context):\n    return None\n" }) } });
    s.record("invoke-result", await s.call("Invoke", { FunctionName: fn, Payload: Buffer.from("{}") }));
  },

  "test_lambda.py::TestLambdaFeatures::test_invocation_type_no_return_payload[python-Event]": async (s) => {
    const fn = s.name();
    await s.fixture(fn, { Code: { ZipFile: await s.zipOf({ "handler.py": "def handler(event, context):\n    return None\n" }) } });
    s.record("invoke-result", await s.call("Invoke", { FunctionName: fn, Payload: Buffer.from("{}"), InvocationType: "Event" }));
  },

  "test_lambda.py::TestLambdaFeatures::test_invoke_exceptions": async (s) => {
    s.record("invoke_function_doesnotexist", await s.call("Invoke", { FunctionName: "doesnotexist", Payload: Buffer.from("{}") }));
  },

  "test_lambda.py::TestLambdaErrors::test_lambda_handler_error": async (s) => {
    const fn = s.name();
    const code = 'def handler(event, context):\n    raise Exception("Handler fails")\n';
    await s.fixture(fn, { Handler: "lambda_handler_error.handler", Code: { ZipFile: await s.zipOf({ "lambda_handler_error.py": code }) } });
    s.record("invocation_error", await s.call("Invoke", { FunctionName: fn, Payload: Buffer.from("{}") }));
  },

  "test_lambda.py::TestLambdaBaseFeatures::test_lambda_too_large_response": async (s) => {
    const fn = s.name();
    const code = "def handler(event, context):\n    return 'x' * (6 * 1024 * 1024 + 100)\n";
    await s.fixture(fn, { Code: { ZipFile: await s.zipOf({ "handler.py": code }) } });
    s.record("invoke_result", await s.call("Invoke", { FunctionName: fn, Payload: Buffer.from("{}") }));
    s.record("invoke_result_2", await s.call("Invoke", { FunctionName: fn, Payload: Buffer.from("{}") }));
  },

  "test_lambda.py::TestLambdaErrors::test_lambda_invoke_payload_encoding_error[body-n\\x87r\\x9e\\xe9\\xb5\\xd7I\\xee\\x9bmt]": async (s) => {
    const fn = s.name();
    await s.fixture(fn, { Code: { ZipFile: await s.zipOf({ "handler.py": ECHO }) } });
    const payload = Buffer.from([0x6e, 0x87, 0x72, 0x9e, 0xe9, 0xb5, 0xd7, 0x49, 0xee, 0x9b, 0x6d, 0x74]);
    s.record("invoke_function_invalid_payload_body", await s.call("Invoke", { FunctionName: fn, Payload: payload }));
  },

  "test_lambda.py::TestLambdaErrors::test_lambda_invoke_payload_encoding_error[message-\\x99\\xeb,j\\x07\\xa1zYh]": async (s) => {
    const fn = s.name();
    await s.fixture(fn, { Code: { ZipFile: await s.zipOf({ "handler.py": ECHO }) } });
    const payload = Buffer.from([0x99, 0xeb, 0x2c, 0x6a, 0x07, 0xa1, 0x7a, 0x59, 0x68]);
    s.record("invoke_function_invalid_payload_message", await s.call("Invoke", { FunctionName: fn, Payload: payload }));
  },

  "test_lambda.py::TestLambdaConcurrency::test_lambda_concurrency_crud": async (s) => {
    const fn = s.name();
    await s.fixture(fn);
    s.record("get_function_concurrency_default", await s.call("GetFunctionConcurrency", { FunctionName: fn }));
    s.record("put_function_concurrency", await s.call("PutFunctionConcurrency", { FunctionName: fn, ReservedConcurrentExecutions: 0 }));
    s.record("get_function_concurrency_updated", await s.call("GetFunctionConcurrency", { FunctionName: fn }));
    await s.call("DeleteFunctionConcurrency", { FunctionName: fn });
    s.record("get_function_concurrency_deleted", await s.call("GetFunctionConcurrency", { FunctionName: fn }));
  },
};
