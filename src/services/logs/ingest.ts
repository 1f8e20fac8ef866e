// The in-process API other parts of Nimbus use to write logs without HTTP (the Lambda engine's
// function logs). The group and the stream are created on demand, as Lambda creates
// /aws/lambda/<function> and its streams; the events of one call (of every stream it names) are
// stored in one transaction.

export interface IngestEvent {
  /** Milliseconds since the epoch. */
  timestamp: number;
  message: string;
}

/** Events for one stream of one group, in an account and region. */
export interface IngestBatch {
  accountId: string;
  region: string;
  logGroupName: string;
  logStreamName: string;
  events: readonly IngestEvent[];
}

export interface LogsIngest {
  /**
   * Appends events to logGroupName/logStreamName in the account and region, creating both when
   * missing. Events need not be sorted. None of PutLogEvents' batch limits apply.
   */
  appendEvents(accountId: string, region: string, logGroupName: string, logStreamName: string, events: readonly IngestEvent[]): Promise<void>;
  /** appendEvents for several streams at once, in one transaction (all or none are stored). */
  appendBatches(batches: readonly IngestBatch[]): Promise<void>;
}

/** The logs service's ingest API, from the service manager (the provider starts on first use). */
export async function logsIngest(services: { get(service: string): Promise<object | undefined> }): Promise<LogsIngest> {
  const provider = await services.get("logs");
  if (!provider || typeof (provider as Partial<LogsIngest>).appendBatches !== "function") throw new Error("logs: the CloudWatch Logs service is not registered");
  return provider as LogsIngest;
}
