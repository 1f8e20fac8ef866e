// API Gateway's execution log text, as TestInvokeMethod and TestInvokeAuthorizer return it:
//   Execution log for request {id}
//   Mon Sep 29 19:28:50 UTC 2025 : Starting execution for request: {id}
//   Mon Sep 29 19:28:50 UTC 2025 : Method request path: {petId=123}
//   ...
// then a final new line. Maps are written as Java prints them ({a=b, c=d}), timestamps as
// java.util.Date prints them (recorded: test_invoke_test_method, test_apigw_test_invoke_method_api).
import type { Clock } from "../../../shared/clock.js";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** "Mon Sep 29 19:28:50 UTC 2025". */
export function javaDate(epochMs: number): string {
  const d = new Date(epochMs);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${time} UTC ${d.getUTCFullYear()}`;
}

/** {a=b, c=d}: a map as Java's toString writes it. */
export function javaMap(entries: Iterable<readonly [string, string]>): string {
  const parts: string[] = [];
  for (const [k, v] of entries) parts.push(`${k}=${v}`);
  return `{${parts.join(", ")}}`;
}

/**
 * Where execution log lines go. `add` takes the lines an INFO-level log holds; `trace` the
 * request and response data (headers, bodies) that only data tracing (dataTraceEnabled) logs.
 * TestInvokeMethod's log holds both; a stage's log (stage-execution-log.ts) filters them.
 */
export interface ExecutionTrace {
  add(line: string): void;
  trace(line: string): void;
  /** Whether trace lines are kept: callers skip building them (bodies as text) otherwise. */
  readonly tracing: boolean;
}

export class ExecutionLog implements ExecutionTrace {
  private readonly lines: string[];

  constructor(
    requestId: string,
    private readonly clock: Clock,
  ) {
    this.lines = [`Execution log for request ${requestId}`];
  }

  add(line: string): void {
    this.lines.push(`${javaDate(this.clock.now())} : ${line}`);
  }

  readonly tracing = true;

  trace(line: string): void {
    this.add(line);
  }

  text(): string {
    return this.lines.join("\n") + "\n";
  }
}
