// The platform lines Lambda writes into a function's log stream, byte for byte:
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
// (START/END/REPORT, INIT_START) and the stream naming YYYY/MM/DD/[version]<32 hex>.
// CloudWatch messages from Lambda keep their trailing newline, and so do ours.
import { createHash, randomBytes } from "node:crypto";

export function logStreamName(now: number, version: string): string {
  const d = new Date(now);
  const mm = String(d.getUTCMonth() + 1).padStart(2, "0");
  const dd = String(d.getUTCDate()).padStart(2, "0");
  return `${d.getUTCFullYear()}/${mm}/${dd}/[${version}]${randomBytes(16).toString("hex")}`;
}

export function initStartLine(region: string, runtimeVersionLabel: string): string {
  // The runtime version ARN names a runtime build; Nimbus derives a stable one per runtime.
  const build = createHash("sha256").update(`nimbus:${runtimeVersionLabel}`).digest("hex");
  return `INIT_START Runtime Version: ${runtimeVersionLabel}.vNimbus\tRuntime Version ARN: arn:aws:lambda:${region}::runtime:${build}\n`;
}

/** INIT_REPORT: written when init ends in failure; no errorType means it timed out. */
export function initReportLine(durationMs: number, errorType: string | undefined): string {
  const status = errorType === undefined ? "Status: timeout\t" : `Status: error\tError Type: ${errorType}\t`;
  return `INIT_REPORT Init Duration: ${durationMs.toFixed(2)} ms\tPhase: init\t${status}\n`;
}

export const startLine = (requestId: string, version: string): string => `START RequestId: ${requestId} Version: ${version}\n`;

export const endLine = (requestId: string): string => `END RequestId: ${requestId}\n`;

export interface ReportFields {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  /** Present for failed invocations: "timeout" or "error" (with errorType). */
  status?: "timeout" | "error";
  errorType?: string;
}

export function reportLine(r: ReportFields): string {
  let line =
    `REPORT RequestId: ${r.requestId}\tDuration: ${r.durationMs.toFixed(2)} ms\tBilled Duration: ${r.billedDurationMs} ms\t` +
    `Memory Size: ${r.memorySizeMb} MB\tMax Memory Used: ${r.maxMemoryUsedMb} MB\t`;
  if (r.initDurationMs !== undefined) line += `Init Duration: ${r.initDurationMs.toFixed(2)} ms\t`;
  if (r.status) line += `Status: ${r.status}\t`;
  if (r.errorType) line += `Error Type: ${r.errorType}\t`;
  return `${line}\n`;
}

/** The line Lambda logs when it stops an invocation at its timeout. */
export function timeoutLogLine(now: number, requestId: string, timeoutSec: number): string {
  return `${new Date(now).toISOString()} ${requestId} Task timed out after ${timeoutSec.toFixed(2)} seconds\n`;
}

/** LogType=Tail: the last 4 KB of the invocation's log, base64-encoded (X-Amz-Log-Result). */
export function logTail(lines: readonly string[], maxBytes = 4096): string {
  const all = Buffer.from(lines.join(""), "utf8");
  return (all.length > maxBytes ? all.subarray(all.length - maxBytes) : all).toString("base64");
}

/**
 * Billed duration: rounded up to the millisecond. Since August 2025 the init phase of
 * on-demand functions is billed too, so a cold start bills init + invoke.
 * https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/
 */
export function billedDuration(durationMs: number, initDurationMs?: number): number {
  return Math.ceil(durationMs + (initDurationMs ?? 0));
}
