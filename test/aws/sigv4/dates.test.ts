// The request dates SigV4 reads: ISO 8601 basic (X-Amz-Date) and HTTP dates (Date header).
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatIsoBasic, formatIsoSeconds, parseHttpDate, parseIsoBasic } from "../../../src/aws/sigv4/dates.js";

test("ISO 8601 basic timestamps are read exactly, and impossible dates refused", () => {
  assert.equal(parseIsoBasic("20150830T123600Z"), Date.UTC(2015, 7, 30, 12, 36, 0));
  assert.equal(parseIsoBasic("20240229T000000Z"), Date.UTC(2024, 1, 29));
  assert.equal(parseIsoBasic("20230229T000000Z"), undefined);
  assert.equal(parseIsoBasic("21000229T000000Z"), undefined);
  assert.equal(parseIsoBasic("20000229T000000Z"), Date.UTC(2000, 1, 29));
  assert.equal(parseIsoBasic("20150431T000000Z"), undefined);
  assert.equal(parseIsoBasic("20150830T246000Z"), undefined);
  assert.equal(parseIsoBasic("20150830T123600"), undefined);
  assert.equal(parseIsoBasic("2015-08-30T12:36:00Z"), undefined);
  assert.equal(formatIsoBasic(parseIsoBasic("00150830T123600Z")!), "00150830T123600Z");
});

test("HTTP dates are read in their fixed IMF-fixdate layout", () => {
  assert.equal(parseHttpDate("Sun, 30 Aug 2015 12:36:00 GMT"), Date.UTC(2015, 7, 30, 12, 36, 0));
  assert.equal(parseHttpDate("Sun, 31 Sep 2015 12:36:00 GMT"), undefined);
  assert.equal(parseHttpDate("Sunday, 30-Aug-15 12:36:00 GMT"), undefined);
  assert.equal(parseHttpDate("20150830T123600Z"), undefined);
});

test("timestamps are written back in AWS's two forms", () => {
  const ms = Date.UTC(2015, 7, 30, 13, 1, 0);
  assert.equal(formatIsoBasic(ms), "20150830T130100Z");
  assert.equal(formatIsoSeconds(ms), "2015-08-30T13:01:00Z");
});
