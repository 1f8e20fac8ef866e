// Lambda's own input checks, beyond what the model expresses (the edge has already applied the
// model's required members, lengths, ranges, enums and patterns). Messages and error types are
// AWS's, from recorded AWS responses (test_lambda_api.snapshot.json) and the Lambda quotas page
// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
import { invalidParameter, invalidParameterConstraint } from "./errors.js";
import { DEPRECATED_RUNTIMES, SUPPORTED_RUNTIMES } from "./runtimes.js";

/** Function names are at most 64 characters (the model allows 140 for ARNs). */
export const MAX_FUNCTION_NAME = 64;
/** Memory: 128 MB to 10,240 MB (the model's MemorySize allows up to 32,768). */
export const MAX_MEMORY_MB = 10_240;
/** Environment variables: 4 KB measured over their compact JSON form. */
export const MAX_ENVIRONMENT_BYTES = 4096;
export const MAX_LAYERS = 5;
/** Tags per function (https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html). */
export const MAX_TAGS = 50;

/**
 * Keys Lambda sets itself and refuses in a function's configuration
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
 */
const RESERVED_ENVIRONMENT_KEYS: ReadonlySet<string> = new Set([
  "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
]);

/** CreateFunction: the name part may be at most 64 characters (AWS reports the value given). */
export function checkNewFunctionName(given: string, name: string): void {
  if (name.length > MAX_FUNCTION_NAME) {
    throw invalidParameterConstraint(given, "functionName", `Member must have length less than or equal to ${MAX_FUNCTION_NAME}`);
  }
}

export function checkRuntime(runtime: string): void {
  if (SUPPORTED_RUNTIMES.includes(runtime)) return;
  if (DEPRECATED_RUNTIMES.has(runtime)) {
    throw invalidParameter(
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
    );
  }
  throw invalidParameter(
    `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${SUPPORTED_RUNTIMES.join(", ")}] or be a valid ARN`,
  );
}

/** Zip functions need both a runtime and a handler. */
export function checkZipRuntimeAndHandler(runtime: string | undefined, handler: string | undefined): void {
  if (runtime === undefined || handler === undefined) {
    throw invalidParameter("Runtime and Handler are mandatory parameters for functions created with deployment packages.");
  }
}

export function checkMemorySize(memorySize: number): void {
  if (memorySize > MAX_MEMORY_MB) {
    throw invalidParameter(`'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to ${MAX_MEMORY_MB}`);
  }
}

export function checkEnvironment(variables: Record<string, string>): void {
  const measured = JSON.stringify(variables);
  if (Buffer.byteLength(measured, "utf8") > MAX_ENVIRONMENT_BYTES) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
  const reserved = Object.keys(variables).filter((k) => RESERVED_ENVIRONMENT_KEYS.has(k));
  if (reserved.length > 0) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(", ")}`,
    );
  }
}

export function checkTagCount(count: number): void {
  if (count > MAX_TAGS) throw invalidParameter("Number of tags exceeds resource tag limit.");
}

/**
 * Layer runtimes, as AWS validates them on PublishLayerVersion: the whole list against the
 * runtimes functions may use (the model's Runtime enum, older and longer, is not applied).
 */
export function layerRuntimeViolations(runtimes: string[] | undefined): string[] {
  if (!runtimes || runtimes.every((r) => SUPPORTED_RUNTIMES.includes(r))) return [];
  return [
    `Value '[${runtimes.join(", ")}]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: [${SUPPORTED_RUNTIMES.join(", ")}]`,
  ];
}
