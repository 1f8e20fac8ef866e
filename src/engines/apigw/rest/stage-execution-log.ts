// A deployed stage's execution log for one request: the lines API Gateway writes to CloudWatch
// Logs when a method's loggingLevel is INFO or ERROR (stage methodSettings, "*/*" or per method).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-execution-logging.html
// - Each line is one log event "({requestId}) {text}", in the log group
//   API-Gateway-Execution-Logs_{restApiId}/{stageName}; events are truncated at 1 KB.
// - INFO logs the execution trace; ERROR only the lines of a request that failed; request and
//   response headers and bodies only with dataTraceEnabled (data tracing).
// - Authorization headers, API keys, identity tokens and principals are redacted as API Gateway
//   redacts them (execution-log.ts `redact`).
// Lines are gathered before the method (and so its setting) is known and filtered at the end;
// once routing found the method, lines its setting drops are no longer kept (nor built: `tracing`).
// The order and wording follow real execution logs (sources cited where each line is written):
//   Extended Request Id -> authorizer steps (authorizers/authorizer-log.ts) -> usage plan check
//   (api-keys.ts) -> "Starting execution", the method request (data-plane.ts) -> integration
//   (execution-trace.ts) -> "Successfully completed execution" -> "Method completed with status".
// A step that failed with a line of AWS's wording (`error`) is not logged a second time in
// Nimbus's words (`errorUnlessReported`). What is missing is listed in data-plane.ts.
import type { LogEvent } from "../../../engines/lambda/index.js";
import type { MethodSetting } from "../../../aws/generated/apigateway.js";
import type { StageRecord } from "../../../services/apigateway/records.js";
import type { Clock } from "../../../shared/clock.js";
import { redact, type ExecutionTrace } from "./execution-log.js";

/** CloudWatch events of execution logs are cut at 1 KB. */
const MAX_EVENT_BYTES = 1024;

/** Header values API Gateway does not log in clear. */
const REDACTED_HEADERS = new Set(["authorization", "x-api-key"]);

const enum Kind {
  Info,
  Trace,
  Error,
}

export interface ExecutionLogSettings {
  level: "INFO" | "ERROR";
  dataTrace: boolean;
}

/** Whether any method of the stage logs executions (a stage without costs one scan of its settings). */
export function stageLogsExecutions(stage: StageRecord): boolean {
  for (const key in stage.methodSettings) if (levelOf(stage.methodSettings[key]) !== undefined) return true;
  return false;
}

/** The logging a method's setting asks for (undefined: OFF). */
export function executionLogSettings(setting: MethodSetting | undefined): ExecutionLogSettings | undefined {
  const level = levelOf(setting);
  return level === undefined ? undefined : { level, dataTrace: setting?.dataTraceEnabled === true };
}

function levelOf(setting: MethodSetting | undefined): "INFO" | "ERROR" | undefined {
  const level = setting?.loggingLevel?.toUpperCase();
  return level === "INFO" || level === "ERROR" ? level : undefined;
}

/** A header map's entries for the log, secrets redacted. */
export function loggedHeaders(entries: Iterable<{ name: string; values: readonly string[] }>): Array<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [];
  for (const { name, values } of entries) {
    const value = values.join(",");
    out.push([name, REDACTED_HEADERS.has(name.toLowerCase()) ? redact(value) : value]);
  }
  return out;
}

export class StageExecutionLog implements ExecutionTrace {
  private readonly lines: Array<{ kind: Kind; timestamp: number; text: string }> = [];
  private failed = false;
  /** A step wrote why the request failed in AWS's words. */
  private reported = false;
  /** The method's setting, once routing found the method (null: it logs nothing). */
  private settings: ExecutionLogSettings | null | undefined;

  constructor(
    private readonly requestId: string,
    private readonly clock: Clock,
  ) {}

  /** The method is known: lines its setting would drop are not kept from now on. */
  settle(settings: ExecutionLogSettings | undefined): void {
    this.settings = settings ?? null;
  }

  /** Trace lines are wanted unless the method's setting rules them out. */
  get tracing(): boolean {
    return this.settings === undefined || (this.settings !== null && this.settings.level === "INFO" && this.settings.dataTrace);
  }

  /** The setting that applies: the method's once settled, else the one given (the stage-wide "*\/*"). */
  settingsOr(fallback: ExecutionLogSettings | undefined): ExecutionLogSettings | undefined {
    return this.settings === undefined ? fallback : (this.settings ?? undefined);
  }

  add(line: string): void {
    if (this.settings === null || this.settings?.level === "ERROR") return;
    this.keep(Kind.Info, line);
  }

  trace(line: string): void {
    if (this.tracing) this.keep(Kind.Trace, line);
  }

  /** A line about the request failing: logged at ERROR level too. */
  error(line: string): void {
    this.failed = true;
    this.reported = true;
    if (this.settings !== null) this.keep(Kind.Error, line);
  }

  /** The data plane's line for a failed request, unless the failing step already wrote AWS's. */
  errorUnlessReported(line: string): void {
    if (this.reported) this.failed = true;
    else this.error(line);
  }

  private keep(kind: Kind, line: string): void {
    // Events are cut at 1 KB: a longer text (a body) need not be kept whole until then.
    this.lines.push({ kind, timestamp: this.clock.now(), text: line.length > MAX_EVENT_BYTES ? line.slice(0, MAX_EVENT_BYTES) : line });
  }

  /** The last line: at ERROR level it is written for failed requests only. */
  completed(status: number): void {
    const line = `Method completed with status: ${status}`;
    if (this.failed) this.error(line);
    else this.add(line);
  }

  /** The log events the settings keep (none at ERROR level for a request that succeeded). */
  events(settings: ExecutionLogSettings): LogEvent[] {
    const events: LogEvent[] = [];
    for (const { kind, timestamp, text } of this.lines) {
      if (settings.level === "ERROR" && kind !== Kind.Error) continue;
      if (kind === Kind.Trace && !settings.dataTrace) continue;
      events.push({ timestamp, message: truncate(`(${this.requestId}) ${text}`) });
    }
    return events;
  }
}

function truncate(message: string): string {
  if (message.length <= MAX_EVENT_BYTES / 4 || Buffer.byteLength(message) <= MAX_EVENT_BYTES) return message;
  return Buffer.from(message).subarray(0, MAX_EVENT_BYTES).toString("utf8");
}
