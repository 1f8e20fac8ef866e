// Paging tokens and event ids, shaped as CloudWatch Logs shapes them.
// GetLogEvents answers nextForwardToken "f/<56 digits>" and nextBackwardToken "b/<56 digits>";
// FilterLogEvents event ids are 56 digits too. Nimbus's digits encode a position in the
// (event_time, id) order: 20 digits of timestamp then 36 of sequence.
import { logsErrors } from "./errors.js";

/** A point in a stream's (event_time, id) order: just after the event (time, seq). */
export interface EventPosition {
  time: number;
  seq: number;
}

const digits = (p: EventPosition) => String(p.time).padStart(20, "0") + String(p.seq).padStart(36, "0");

/** FilterLogEvents' eventId for an event. */
export const eventId = (time: number, seq: number): string => digits({ time, seq });

/** The sequence token of a stream whose last event has this sequence number (56 digits, as AWS's). */
export const sequenceToken = (lastSeq: number): string => String(lastSeq).padStart(56, "0");

export const forwardToken = (p: EventPosition): string => `f/${digits(p)}`;
export const backwardToken = (p: EventPosition): string => `b/${digits(p)}`;

export function parseStreamToken(token: string): { direction: "f" | "b"; position: EventPosition } {
  const m = /^([fb])\/(\d{20})(\d{36})$/.exec(token);
  if (!m) throw logsErrors.invalidNextToken();
  const time = Number(m[2]);
  const seq = Number(m[3]);
  if (!Number.isSafeInteger(time) || !Number.isSafeInteger(seq)) throw logsErrors.invalidNextToken();
  return { direction: m[1] as "f" | "b", position: { time, seq } };
}

/** An opaque token holding a JSON value (the sort key where the next page starts). */
export function encodeOpaqueToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeOpaqueToken<T>(token: string, isValid: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw logsErrors.invalidNextToken();
  }
  if (!isValid(value)) throw logsErrors.invalidNextToken();
  return value;
}
