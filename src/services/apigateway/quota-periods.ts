// Usage plan quota periods, in UTC days (usage counters are kept per UTC day).
// https://docs.aws.amazon.com/apigateway/latest/api/API_QuotaSettings.html: the period is DAY,
// WEEK or MONTH; `offset` is the day the period starts on: for WEEK 0 is Sunday and 1
// Monday, for MONTH 0 is the first day of the month; DAY takes offset 0 only.
import type { QuotaSettings } from "../../aws/generated/apigateway.js";

const DAY_MS = 86_400_000;

/** The UTC day of an instant, "YYYY-MM-DD". */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Midnight UTC of a "YYYY-MM-DD" day, or NaN when it is not one. */
export function parseDay(day: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return Number.NaN;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) || dayOf(ms) !== day ? Number.NaN : ms;
}

/** Every day from start to end inclusive. */
export function daysBetween(startDay: string, endDay: string): string[] {
  const out: string[] = [];
  for (let ms = parseDay(startDay); ms <= parseDay(endDay); ms += DAY_MS) out.push(dayOf(ms));
  return out;
}

/** The first day of the quota period that contains `day`. */
export function periodStart(quota: QuotaSettings, day: string): string {
  const ms = parseDay(day);
  const offset = quota.offset ?? 0;
  const date = new Date(ms);
  switch (quota.period) {
    case "WEEK": {
      const back = (date.getUTCDay() - offset + 7) % 7;
      return dayOf(ms - back * DAY_MS);
    }
    case "MONTH": {
      const y = date.getUTCFullYear();
      const m = date.getUTCMonth();
      const startThisMonth = Date.UTC(y, m, 1 + offset);
      return dayOf(ms >= startThisMonth ? startThisMonth : Date.UTC(y, m - 1, 1 + offset));
    }
    default:
      return day;
  }
}
