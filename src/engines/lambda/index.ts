// The Lambda execution engine: public surface for the Lambda control plane.
export { LambdaEngine } from "./engine.js";
export { CodeUnpackError, MAX_UNZIPPED_BYTES, unpackCode, type UnpackedCode, type UnpackOptions } from "./code-unpack.js";
export { RESERVED_VARIABLES } from "./environment-variables.js";
export { MAX_RESPONSE_BYTES } from "./platform-errors.js";
export { resolveRuntime, UnsupportedRuntimeError, type RuntimeFamily, type RuntimeInfo } from "./runtimes.js";
export type {
  FunctionCredentials,
  FunctionSpec,
  InvokeRequest,
  InvokeResult,
  LambdaEngineDeps,
  LogEvent,
  LogOwner,
  LogSink,
  WarmPoolOptions,
  WarmPoolShape,
} from "./types.js";
