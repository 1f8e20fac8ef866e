// The environment of a function process, as AWS defines it:
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
// Paths AWS roots at /var/task, /var/runtime and /opt are rooted at the function's unpacked
// code, Nimbus's runtimes/<language> folder and the merged layer folder (layers.ts) instead.
// Nothing of Nimbus's own environment leaks into functions except what the interpreters need
// to start (the host's LD_LIBRARY_PATH, appended last).
import { dirname, join } from "node:path";
import type { RuntimeInfo } from "./runtimes.js";
import type { FunctionSpec } from "./types.js";

export interface FunctionPaths {
  /** Merged layers: the "/opt" equivalent. */
  optDir: string;
  /** Nimbus's runtimes/<language> folder: the "/var/runtime" equivalent. */
  runtimeDir: string;
  /** The folder holding the language binary: the "/var/lang/bin" equivalent (absent for provided). */
  languageBinDir?: string;
  /** node_modules shipping @aws-sdk/* ("/var/runtime/node_modules"). */
  nodeSdkModulesDir?: string;
}

/** Variables a function may not set (Lambda rejects them at CreateFunction); applied last here. */
export const RESERVED_VARIABLES = new Set([
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_DEFAULT_REGION",
  "AWS_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
  "TZ",
]);

/** The per-function part of the environment (everything but the per-environment values). */
export function functionEnvironment(spec: FunctionSpec, runtime: RuntimeInfo, paths: FunctionPaths): Record<string, string> {
  const opt = paths.optDir;
  const task = spec.codeDir;
  const bins = [paths.languageBinDir, "/usr/local/bin", "/usr/bin", "/bin", join(opt, "bin")].filter(Boolean);
  const hostLibraryPath = process.env.LD_LIBRARY_PATH;
  const libs = [task, join(task, "lib"), join(opt, "lib"), ...(hostLibraryPath ? [hostLibraryPath] : [])];

  // Unreserved: the function's own variables may override these.
  const env: Record<string, string> = {
    LANG: "en_US.UTF-8",
    PATH: bins.join(":"),
    LD_LIBRARY_PATH: libs.join(":"),
  };
  if (runtime.family === "node") {
    env.NODE_PATH = nodePath(runtime, paths, task).join(":");
  } else if (runtime.family === "python") {
    env.PYTHONPATH = pythonPath(runtime, paths).join(":");
  }
  Object.assign(env, spec.environment);

  env._HANDLER = spec.handler;
  env.AWS_REGION = spec.region;
  env.AWS_DEFAULT_REGION = spec.region;
  if (runtime.executionEnv) env.AWS_EXECUTION_ENV = runtime.executionEnv;
  else delete env.AWS_EXECUTION_ENV;
  env.AWS_LAMBDA_FUNCTION_NAME = spec.functionName;
  env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE = String(spec.memoryMb);
  env.AWS_LAMBDA_FUNCTION_VERSION = spec.version;
  env.AWS_LAMBDA_INITIALIZATION_TYPE = "on-demand";
  env.AWS_LAMBDA_LOG_GROUP_NAME = spec.logGroup;
  env.AWS_ACCESS_KEY_ID = spec.credentials.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = spec.credentials.secretAccessKey;
  if (spec.credentials.sessionToken) env.AWS_SESSION_TOKEN = spec.credentials.sessionToken;
  else delete env.AWS_SESSION_TOKEN;
  env.AWS_ENDPOINT_URL = spec.endpointUrl;
  env.LAMBDA_TASK_ROOT = task;
  env.LAMBDA_RUNTIME_DIR = paths.runtimeDir;
  env.TZ = ":UTC";
  delete env._X_AMZN_TRACE_ID;
  delete env.AWS_ACCESS_KEY;
  return env;
}

/** The per-environment values, laid over the function's environment. */
export function environmentVariables(
  functionEnv: Record<string, string>,
  perEnvironment: { logStreamName: string; runtimeApi: string; tmpDir: string },
): Record<string, string> {
  return {
    ...functionEnv,
    AWS_LAMBDA_LOG_STREAM_NAME: perEnvironment.logStreamName,
    AWS_LAMBDA_RUNTIME_API: perEnvironment.runtimeApi,
    // The private /tmp: Node's os.tmpdir() and Python's tempfile honour TMPDIR.
    TMPDIR: perEnvironment.tmpDir,
  };
}

/** AWS: /opt/nodejs/node20/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task */
function nodePath(runtime: RuntimeInfo, paths: FunctionPaths, task: string): string[] {
  const opt = paths.optDir;
  return [
    join(opt, "nodejs", `node${runtime.languageVersion}`, "node_modules"),
    join(opt, "nodejs", "node_modules"),
    ...(paths.nodeSdkModulesDir ? [paths.nodeSdkModulesDir] : []),
    paths.runtimeDir,
    task,
  ];
}

/** AWS puts /opt/python/lib/python3.x/site-packages and /opt/python right after /var/task. */
function pythonPath(runtime: RuntimeInfo, paths: FunctionPaths): string[] {
  const opt = paths.optDir;
  return [join(opt, "python", "lib", `python${runtime.languageVersion}`, "site-packages"), join(opt, "python"), paths.runtimeDir];
}

export function binDirOf(executable: string): string {
  return dirname(executable);
}
