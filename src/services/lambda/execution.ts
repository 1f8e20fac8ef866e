// The port between the Lambda control plane and whatever runs function code. The control plane
// resolves what to run (a version's code, configuration and layers); an executor runs it in an
// execution environment (src/engines/lambda through engine-executor.ts) and reports the result.
import type { Scope } from "./arns.js";
import type { CodeRef, VersionRecord } from "./types.js";

/** Everything needed to run one version of one function. */
export interface ExecutableVersion {
  scope: Scope;
  functionName: string;
  /** Unqualified function ARN. */
  functionArn: string;
  version: VersionRecord;
  /** The archives of the version's layers, in the function's layer order. */
  layers: CodeRef[];
}

export interface ExecutionRequest {
  requestId: string;
  payload: Buffer;
  /** The ARN the caller used (with the version or alias qualifier it named). */
  invokedFunctionArn: string;
  /** The decoded X-Amz-Client-Context (JSON text). */
  clientContext?: string;
  /** LogType=Tail: return the last 4 KB of the invocation's log. */
  tailLogs: boolean;
}

export interface ExecutionResult {
  /** The function's response, or the error document when functionError is set. */
  payload: Buffer;
  functionError?: "Unhandled";
  /** Base64 of the last 4 KB of the invocation's log (tailLogs only). */
  logTail?: string;
  durationMs: number;
}

export interface FunctionExecutor {
  invoke(fn: ExecutableVersion, request: ExecutionRequest): Promise<ExecutionResult>;
  /** Starts `count` initialised environments for provisioned concurrency. */
  prewarm(fn: ExecutableVersion, count: number): Promise<void>;
  /** Stops the environments of a function (one version, or all). */
  drop(functionArn: string, version?: string): Promise<void>;
  stop(): Promise<void>;
}
