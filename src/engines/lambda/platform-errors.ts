// The error documents Lambda itself returns when an invocation fails outside the function's
// control. Shapes follow the Lambda runtime interface emulator's interop.ErrorResponse
// (errorType before errorMessage) and the messages AWS returns today, e.g.
// {"errorType":"Sandbox.Timedout","errorMessage":"RequestId: ... Error: Task timed out after 3.00 seconds"}.

/** interop.MaxPayloadSize: 6 MiB + 100 bytes, for responses (and error responses) of a runtime. */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

export interface PlatformError {
  errorType: string;
  errorMessage: string;
}

export const platformErrorPayload = (e: PlatformError): Buffer =>
  Buffer.from(JSON.stringify({ errorType: e.errorType, errorMessage: e.errorMessage }));

export function timedOut(requestId: string, timeoutSec: number): PlatformError {
  return { errorType: "Sandbox.Timedout", errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSec.toFixed(2)} seconds` };
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The process ended while an invocation (or init) was pending. */
export function runtimeExited(requestId: string, exit: ProcessExit, outOfMemory: boolean): PlatformError {
  const reason = describeExit(exit);
  const errorMessage =
    reason === undefined
      ? `RequestId: ${requestId} Error: Runtime exited without providing a reason`
      : `RequestId: ${requestId} Error: Runtime exited with error: ${reason}`;
  return { errorType: outOfMemory ? "Runtime.OutOfMemory" : "Runtime.ExitError", errorMessage };
}

export function responseTooLarge(size: number): PlatformError {
  return {
    errorType: "Function.ResponseSizeTooLarge",
    errorMessage: `Response payload size (${size} bytes) exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
  };
}

/** provided runtimes: no executable bootstrap in the code or the layers (or no hot-reload folder). */
export function invalidEntrypoint(requestId: string, detail: string): PlatformError {
  return { errorType: "Runtime.InvalidEntrypoint", errorMessage: `RequestId: ${requestId} Error: ${detail}` };
}

// Lambda's platform is written in Go and reports exits as Go's os.ProcessState does.
const GO_SIGNAL_NAMES: Partial<Record<NodeJS.Signals, string>> = {
  SIGHUP: "hangup",
  SIGINT: "interrupt",
  SIGQUIT: "quit",
  SIGILL: "illegal instruction",
  SIGTRAP: "trace/breakpoint trap",
  SIGABRT: "aborted",
  SIGBUS: "bus error",
  SIGFPE: "floating point exception",
  SIGKILL: "killed",
  SIGUSR1: "user defined signal 1",
  SIGSEGV: "segmentation fault",
  SIGUSR2: "user defined signal 2",
  SIGPIPE: "broken pipe",
  SIGALRM: "alarm clock",
  SIGTERM: "terminated",
  SIGXCPU: "CPU time limit exceeded",
  SIGXFSZ: "file size limit exceeded",
  SIGSYS: "bad system call",
};

/** "exit status 1", "signal: killed", or undefined for a clean exit (status 0). */
export function describeExit(exit: ProcessExit): string | undefined {
  if (exit.signal) return `signal: ${GO_SIGNAL_NAMES[exit.signal] ?? exit.signal}`;
  if (exit.code === 0 || exit.code === null) return undefined;
  return `exit status ${exit.code}`;
}
