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

/** A secret's text cut at this many masked characters (log events are cut at 1 KB anyway). */
const MAX_MASKED = 1024;

/**
 * A secret as execution logs show it: every character masked but the last six, as recorded
 * from AWS for API keys ("API Key: **********************************bMZHBg", a 40-character
 * key), tokens ("Incoming identity: {method.request.header.Hash=********aaaaaa}" for a
 * 14-character value) and principals ("Using valid authorizer policy for principal:
 * **********************************************bkwef5"): real execution logs quoted in public
 * log-parser fixtures (2016, 2017) and in a TestInvokeAuthorizer log (2019). Values of six
 * characters or fewer are masked whole (no recording shows one).
 */
export function redact(value: string): string {
  return value.length <= 6 ? "*".repeat(value.length) : `${"*".repeat(Math.min(value.length - 6, MAX_MASKED))}${value.slice(-6)}`;
}

/**
 * Where execution log lines go. `add` takes the lines an INFO-level log holds; `trace` the
 * request and response data (headers, bodies) that only data tracing (dataTraceEnabled) logs;
 * `error` a line saying why the request failed (a stage logging at ERROR level keeps those).
 * TestInvokeMethod's log holds all; a stage's log (stage-execution-log.ts) filters them.
 */
export interface ExecutionTrace {
  add(line: string): void;
  trace(line: string): void;
  error(line: string): void;
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

  error(line: string): void {
    this.add(line);
  }

  text(): string {
    return this.lines.join("\n") + "\n";
  }
}
