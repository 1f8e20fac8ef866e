// The Lambda engine's small interface: the control plane (CreateFunction, Invoke, ...) hands
// the engine a resolved FunctionSpec and an InvokeRequest and gets an InvokeResult back.
// The engine knows nothing about stores or the Lambda API; it only runs code.
import type { Clock } from "../../shared/clock.js";
import type { Logger } from "../../shared/logger.js";

export interface FunctionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Everything needed to run one version of one function. Treat as immutable once handed over. */
export interface FunctionSpec {
  /** Unqualified function ARN (arn:aws:lambda:<region>:<account>:function:<name>). */
  functionArn: string;
  functionName: string;
  /** "$LATEST" or a published version number. */
  version: string;
  /** AWS runtime identifier: nodejs20.x, python3.12, provided.al2023, ... */
  runtime: string;
  /** nodejs: "path/to/file.export"; python: "package.module.function"; provided: free text. */
  handler: string;
  memoryMb: number;
  timeoutSec: number;
  /** The function's own environment variables (Environment.Variables). */
  environment: Record<string, string>;
  /** The unpacked deployment package (LAMBDA_TASK_ROOT). */
  codeDir: string;
  /**
   * codeDir is a developer's live folder (hot reload), not an unpacked package: the engine
   * watches it and replaces the version's environments before the first invocation after a
   * change (code-watcher.ts). Optional extension; absent means an immutable package.
   */
  hotReload?: boolean;
  /** Unpacked layers in the function's layer order (later layers win, as in /opt). */
  layerDirs: string[];
  ephemeralStorageMb: number;
  region: string;
  accountId: string;
  credentials: FunctionCredentials;
  /** AWS_ENDPOINT_URL: where SDK calls made by the function reach Nimbus. */
  endpointUrl: string;
  logGroup: string;
}

export interface InvokeRequest {
  requestId: string;
  payload: Buffer;
  /** The ARN the caller used (may carry a version or alias qualifier). */
  invokedFunctionArn: string;
  /** Decoded client context JSON text (the X-Amz-Client-Context header, base64-decoded). */
  clientContext?: string;
  /** Cognito identity JSON text: {"cognitoIdentityId": ..., "cognitoIdentityPoolId": ...}. */
  cognitoIdentity?: string;
  /** X-Ray trace header; one is generated when absent, as Lambda always passes one. */
  traceId?: string;
  /** LogType=Tail: return the last 4 KB of this invocation's log. */
  tailLogs?: boolean;
}

export interface InvokeResult {
  /** The function's response, or the error document when functionError is set. */
  payload: Buffer;
  /** X-Amz-Function-Error. */
  functionError?: "Unhandled";
  /**
   * The error type behind functionError (Runtime.ExitError, Sandbox.Timedout, the handler's
   * own error name, ...). Extension to the brief's interface: handy for metrics and the console.
   */
  errorType?: string;
  /** X-Amz-Log-Result: base64 of the last 4 KB of the invocation's log (tailLogs only). */
  logTail?: string;
  durationMs: number;
  billedDurationMs: number;
  /** Set on the first invocation of a freshly initialised environment. */
  initDurationMs?: number;
  maxMemoryUsedMb: number;
}

export interface LogEvent {
  timestamp: number;
  message: string;
}

/** The account and region a log group belongs to (log group names repeat across accounts). */
export interface LogOwner {
  accountId: string;
  region: string;
}

/** Where function logs go (the CloudWatch Logs service implements this). */
export interface LogSink {
  /** `owner` is the function's account and region (an optional argument added for the control plane). */
  append(logGroup: string, logStream: string, events: LogEvent[], owner?: LogOwner): void;
}

export interface WarmPoolShape {
  runtime: string;
  memoryMb: number;
  ephemeralStorageMb: number;
}

export interface WarmPoolOptions {
  /** Pre-started generic processes kept per shape (runtime family, memory, storage). 0 disables. */
  size: number;
  /** At most this many shapes are kept warm; the least recently used shape is dropped. */
  maxShapes: number;
  /** Shapes to warm as soon as the engine starts (others are warmed after their first use). */
  shapes?: WarmPoolShape[];
}

export interface LambdaEngineDeps {
  clock: Clock;
  logger: Logger;
  logSink: LogSink;
  /** Private working folder: per-environment /tmp folders and merged layer trees live here. */
  workDir: string;
  /** Idle environments are stopped after this long (AWS keeps them for minutes). */
  keepAliveMs?: number;
  /** The init phase limit (AWS: 10 s for on-demand functions). */
  initTimeoutMs?: number;
  /** The Nimbus runtimes/ folder holding the bootstraps; found next to the package by default. */
  runtimesDir?: string;
  /** Node binary for nodejs* runtimes (default: the one running Nimbus). */
  nodeExecutable?: string;
  /** Python interpreter for python* runtimes (default: python3 on PATH, resolved once). */
  pythonExecutable?: string;
  /**
   * A node_modules folder holding @aws-sdk/* that functions resolve without bundling, as the
   * SDK shipped in /var/runtime/node_modules on AWS (default: the one Nimbus itself uses).
   */
  nodeSdkModulesDir?: string;
  /** Pre-started generic runtime processes; false disables the pool. */
  warmPool?: WarmPoolOptions | false;
  /** How often the memory watchdog samples a running environment's resident size. */
  memoryCheckIntervalMs?: number;
  /**
   * Freeze idle environments (SIGSTOP on the process group) and thaw them for the next
   * invocation, as Lambda freezes execution environments between invocations (default true).
   */
  freezeIdle?: boolean;
  /** How long an idle environment waits before it is frozen (default 50 ms; 0 freezes at once). */
  freezeDelayMs?: number;
  /** At most how often an environment's /tmp is measured against its ephemeral storage (default 1 s). */
  storageCheckIntervalMs?: number;
  /** An environment is stopped once idle after this many invocations (default 100,000; engine.ts says why). */
  maxEnvironmentInvocations?: number;
  /** An environment is stopped once idle after this long since it started (default 2 hours). */
  maxEnvironmentLifetimeMs?: number;
}
