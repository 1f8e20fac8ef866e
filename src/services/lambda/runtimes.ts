// Which runtimes the control plane accepts, in the order AWS lists them in its error messages
// (recorded AWS responses, test_lambda_api.snapshot.json), and which are deprecated: still in
// the API model's Runtime enum but refused for creating or updating functions
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtimes-deprecated).
import { createHash } from "node:crypto";

export const SUPPORTED_RUNTIMES: readonly string[] = [
  "nodejs20.x", "python3.14", "provided.al2023", "python3.12", "python3.13", "nodejs24.x", "nodejs22.x",
  "java25", "python3.10", "python3.11", "java21", "ruby3.3", "ruby3.4", "ruby3.2", "python3.8", "python3.9",
  "java17", "nodejs16.x", "dotnet10", "dotnet8", "java11", "dotnet6", "nodejs18.x", "provided.al2", "java8.al2",
];

/** Runtimes AWS still names in its model but no longer lets functions be created or updated with. */
export const DEPRECATED_RUNTIMES: ReadonlySet<string> = new Set([
  "nodejs", "nodejs4.3", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs4.3-edge",
  "java8", "python2.7", "python3.6", "python3.7", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1",
  "dotnetcore3.1", "go1.x", "ruby2.5", "ruby2.7", "provided", "ruby4.0",
]);

/**
 * The runtime values ListLayers and ListLayerVersions accept as a filter: AWS validates them
 * against a wider, older list than functions (recorded AWS response, test_layer_exceptions).
 */
export const LAYER_FILTER_RUNTIMES: readonly string[] = [
  "ruby3.5", "ruby2.6", "dotnetcore1.0", "python3.7", "nodejs8.10", "nasa", "ruby2.7", "python2.7-greengrass",
  "dotnetcore2.0", "python3.8", "java21", "dotnet6", "dotnetcore2.1", "python3.9", "java11", "nodejs6.10",
  "provided", "dotnetcore3.1", "dotnet8", "java25", "java17", "nodejs", "nodejs4.3", "java8.al2", "go1.x",
  "dotnet10", "nodejs20.x", "go1.9", "byol", "nodejs10.x", "provided.al2023", "nodejs22.x", "python3.10",
  "java8", "nodejs12.x", "python3.11", "nodejs24.x", "nodejs8.x", "python3.12", "nodejs14.x", "nodejs8.9",
  "nodejs26.x", "python3.13", "python3.14", "nodejs16.x", "python3.15", "provided.al2", "nodejs4.3-edge",
  "nodejs18.x", "ruby3.2", "python3.4", "ruby3.3", "ruby3.4", "ruby2.5", "python3.6", "python2.7",
];

export const ARCHITECTURES: readonly string[] = ["x86_64", "arm64"];

/**
 * RuntimeVersionConfig.RuntimeVersionArn: AWS names the managed runtime build a function runs
 * on (arn:aws:lambda:<region>::runtime:<64 hex>). Nimbus has one build per runtime, so the id
 * is a stable digest of the runtime name.
 */
export function runtimeVersionArn(partition: string, region: string, runtime: string): string {
  const id = createHash("sha256").update(`nimbus-runtime:${runtime}`).digest("hex");
  return `arn:${partition}:lambda:${region}::runtime:${id}`;
}
