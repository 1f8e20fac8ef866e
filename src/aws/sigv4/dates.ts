// The dates of Signature Version 4: the ISO 8601 basic format YYYYMMDD'T'HHMMSS'Z' of
// X-Amz-Date, and the RFC 7231 IMF-fixdate a client may send in the Date header instead
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html, "x-amz-date or Date").

function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

// Requests from one client arrive many to a second with the same X-Amz-Date: the last one
// read is kept (a valid one only; the text fully determines the result).
let lastIsoText = "";
let lastIsoValue = 0;

/** Milliseconds since the epoch of a YYYYMMDDTHHMMSSZ timestamp, or undefined when it is not one (including 20150230T...). */
export function parseIsoBasic(text: string): number | undefined {
  if (text === lastIsoText) return lastIsoValue;
  const value = readIsoBasic(text);
  if (value !== undefined) {
    lastIsoText = text;
    lastIsoValue = value;
  }
  return value;
}

function readIsoBasic(text: string): number | undefined {
  if (text.length !== 16 || text.charCodeAt(8) !== 0x54 /* T */ || text.charCodeAt(15) !== 0x5a /* Z */) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 4, 2);
  const day = digits(text, 6, 2);
  const hour = digits(text, 9, 2);
  const minute = digits(text, 11, 2);
  const second = digits(text, 13, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  if (second < 0 || second > 59 || day > daysInMonth(year, month)) return undefined;
  return utc(year, month - 1, day, hour, minute, second);
}

/** Date.UTC, except that it reads years 0-99 as such (Date.UTC reads them as 1900-1999). */
function utc(year: number, monthIndex: number, day: number, hour: number, minute: number, second: number): number {
  if (year >= 100) return Date.UTC(year, monthIndex, day, hour, minute, second);
  const date = new Date(Date.UTC(2000, monthIndex, day, hour, minute, second));
  date.setUTCFullYear(year);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Milliseconds of an IMF-fixdate ("Sun, 30 Aug 2015 12:36:00 GMT"), or undefined. */
export function parseHttpDate(text: string): number | undefined {
  // Fixed layout: "Www, DD Mmm YYYY HH:MM:SS GMT" is 29 characters.
  if (text.length !== 29 || text[3] !== "," || text[4] !== " " || text[7] !== " " || text[11] !== " ") return undefined;
  if (text[16] !== " " || text[19] !== ":" || text[22] !== ":" || !text.endsWith(" GMT")) return undefined;
  const month = MONTHS.indexOf(text.slice(8, 11));
  const day = digits(text, 5, 2);
  const year = digits(text, 12, 4);
  const hour = digits(text, 17, 2);
  const minute = digits(text, 20, 2);
  const second = digits(text, 23, 2);
  if (month < 0 || day < 1 || year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return undefined;
  }
  if (day > daysInMonth(year, month + 1)) return undefined;
  return utc(year, month, day, hour, minute, second);
}

/** YYYYMMDDTHHMMSSZ, the form of X-Amz-Date and of the dates in AWS's skew messages. */
export function formatIsoBasic(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2015-08-30T12:36:00.000Z
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + "T" + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + "Z";
}

/** 2015-08-30T12:36:00Z, the form of ServerTime and Expires in S3's error documents. */
export function formatIsoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + "Z";
}
