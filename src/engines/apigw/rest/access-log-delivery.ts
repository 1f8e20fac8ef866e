// Access logging to CloudWatch Logs: a stage whose accessLogSettings name a log group and a
// format gets one log event per execute-api request in that group, the format rendered for the
// request (access-log-format.ts). https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-access-logging.html
// - Events are gathered and written in batches (LogBatcher: one store transaction per stream
//   every few milliseconds), never one write per request; CloudWatch Logs itself shows access
//   logs seconds after the request, so the delay changes nothing a client can rely on.
// - A stage without access log settings costs one property check.
// - Each node writes to a log stream of its own per log group, named as API Gateway names its
//   access log streams (32 hex digits), so concurrent nodes never interleave sequence tokens.
// Known gaps: the log group is created when missing (AWS drops the events); Kinesis Data
// Firehose destinations are accepted by UpdateStage but nothing is delivered to them.
import { randomBytes } from "node:crypto";
import { parseDestination, type LogGroupDestination } from "../../../services/apigateway/access-log-settings.js";
import type { LogBatcher } from "../../../services/lambda/log-batcher.js";
import { compileFormat, renderFormat, type AccessLogFacts, type CompiledFormat } from "./access-log-format.js";
import type { Invocation } from "./invocation.js";

/** The data plane's hook: called once per answered request. */
export interface AccessLogSink {
  deliver(inv: Invocation, facts: AccessLogFacts): void;
  /** Writes what is buffered (node stop, tests). */
  flush(): Promise<void>;
}

const MAX_CACHED = 1024;

/** A bounded memo: formats and destinations repeat across requests of a stage. */
function memo<V>(cache: Map<string, V>, key: string, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    value = make();
    cache.set(key, value);
  }
  return value;
}

export class AccessLogDelivery implements AccessLogSink {
  private readonly formats = new Map<string, CompiledFormat>();
  private readonly destinations = new Map<string, LogGroupDestination | null>();
  private readonly streams = new Map<string, string>();

  constructor(private readonly batcher: Pick<LogBatcher, "add" | "flush">) {}

  deliver(inv: Invocation, facts: AccessLogFacts): void {
    const settings = inv.served.stage.accessLogSettings;
    if (settings === undefined || !settings.format || !settings.destinationArn) return;
    const destination = memo(this.destinations, settings.destinationArn, () => {
      const parsed = parseDestination(settings.destinationArn!);
      return parsed?.kind === "logs" ? parsed : null;
    });
    if (!destination) return;
    const message = renderFormat(
      memo(this.formats, settings.format, () => compileFormat(settings.format!)),
      inv,
      facts,
    );
    const stream = memo(this.streams, `${destination.accountId}/${destination.region}/${destination.logGroupName}`, () => randomBytes(16).toString("hex"));
    this.batcher.add({ accountId: destination.accountId, region: destination.region }, destination.logGroupName, stream, [{ timestamp: inv.receivedAt, message }]);
  }

  flush(): Promise<void> {
    return this.batcher.flush();
  }
}
