// A benchmark row is measured, not available yet (the target answers NotImplemented: Nimbus
// while a provider is still being built) or failed. Rows that cannot be measured say why
// instead of aborting the whole run.

export type Outcome<T> =
  | { kind: "ok"; value: T }
  | { kind: "not-implemented"; detail: string }
  | { kind: "failed"; detail: string };

/** True for an error answered as "not implemented": the SDK's parsed NotImplemented error
 *  (HTTP 501), or a raw HTTP answer that says so. */
export function isNotImplemented(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const e = err as { name?: unknown; $metadata?: { httpStatusCode?: number }; status?: number };
  return e.name === "NotImplemented" || e.name === "NotImplementedError" || e.$metadata?.httpStatusCode === 501 || e.status === 501;
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.split("\n")[0]!.slice(0, 240);
  return String(err).slice(0, 240);
}

/** Runs a measurement; an error becomes a not-implemented or failed outcome. */
export async function attempt<T>(body: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { kind: "ok", value: await body() };
  } catch (err) {
    return { kind: isNotImplemented(err) ? "not-implemented" : "failed", detail: describeError(err) };
  }
}

/** The text a table cell shows for a row that could not be measured. */
export function unavailable(outcome: Exclude<Outcome<unknown>, { kind: "ok" }>): string {
  return outcome.kind === "not-implemented" ? `not implemented yet: ${outcome.detail.replace(/^NotImplemented: /, "")}` : `failed: ${outcome.detail}`;
}

/** An HTTP answer turned into an error the outcome helpers understand. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 200)}`);
    this.name = status === 501 || /NotImplemented/.test(body) ? "NotImplemented" : "HttpStatusError";
  }
}
