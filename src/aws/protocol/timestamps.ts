// Timestamp wire formats. Defaults per protocol follow the Smithy protocol specs:
// awsJson1_0/1_1 and restJson1 bodies use epoch seconds; query and restXml bodies use
// ISO 8601 (date-time); HTTP headers use RFC 7231 IMF-fixdate; query strings use ISO 8601.
// A member's or shape's timestampFormat trait overrides the default.
import type { TimestampFormat } from "../spec/model.js";

export function formatTimestamp(date: Date, format: TimestampFormat): string | number {
  switch (format) {
    case "unixTimestamp":
      // Fractional seconds with millisecond precision, as the SDKs write them.
      return Math.round(date.getTime()) / 1000;
    case "rfc822":
      return date.toUTCString();
    case "iso8601":
      return date.toISOString();
  }
}

/** Parses any of the three formats; returns undefined when the value is not a timestamp. */
export function parseTimestamp(value: unknown, format: TimestampFormat): Date | undefined {
  if (value instanceof Date) return value;
  if (format === "unixTimestamp" || typeof value === "number") {
    const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
    if (Number.isFinite(n)) return new Date(Math.round(n * 1000));
    if (typeof value !== "string") return undefined;
  }
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
