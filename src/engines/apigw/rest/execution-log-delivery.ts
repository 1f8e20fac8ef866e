// Execution logs to CloudWatch Logs: the events of a request's StageExecutionLog go to the log
// group API Gateway manages for the stage, API-Gateway-Execution-Logs_{restApiId}/{stageName},
// in the API's account and region, created on first use as API Gateway creates it.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-execution-logging.html
// Events are batched (LogBatcher, shared with access logs); each node writes its own stream per
// group (32 hex digits, as API Gateway names them), so nodes never interleave.
import { randomBytes } from "node:crypto";
import type { LogBatcher } from "../../../services/lambda/log-batcher.js";
import type { Invocation } from "./invocation.js";
import type { ExecutionLogSettings, StageExecutionLog } from "./stage-execution-log.js";

export interface ExecutionLogSink {
  deliver(inv: Invocation, log: StageExecutionLog, settings: ExecutionLogSettings): void;
}

const MAX_STREAMS = 1024;

/** The log group of a stage's execution logs. */
export function executionLogGroup(apiId: string, stageName: string): string {
  return `API-Gateway-Execution-Logs_${apiId}/${stageName}`;
}

export class ExecutionLogDelivery implements ExecutionLogSink {
  private readonly streams = new Map<string, string>();

  constructor(private readonly batcher: Pick<LogBatcher, "add">) {}

  deliver(inv: Invocation, log: StageExecutionLog, settings: ExecutionLogSettings): void {
    const events = log.events(settings);
    if (events.length === 0) return;
    const group = executionLogGroup(inv.target.apiId, inv.served.stage.stageName);
    const key = `${inv.scope.accountId}/${inv.scope.region}/${group}`;
    let stream = this.streams.get(key);
    if (stream === undefined) {
      if (this.streams.size >= MAX_STREAMS) this.streams.clear();
      stream = randomBytes(16).toString("hex");
      this.streams.set(key, stream);
    }
    this.batcher.add({ accountId: inv.scope.accountId, region: inv.scope.region }, group, stream, events);
  }
}
