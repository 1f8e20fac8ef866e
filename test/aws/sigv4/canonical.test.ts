// The pieces of the canonical request on the cases the test vectors do not reach.
import assert from "node:assert/strict";
import { test } from "node:test";
import { canonicalHeaderValue, canonicalQueryString, canonicalUri } from "../../../src/aws/sigv4/index.js";

test("outside S3 each path segment is encoded a second time (AWS's own example)", () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html: "/documents and settings/"
  // is sent as /documents%20and%20settings/ and canonicalized as /documents%2520and%2520settings/.
  assert.equal(canonicalUri("/documents%20and%20settings/", false), "/documents%2520and%2520settings/");
  assert.equal(canonicalUri("/2015-03-31/functions/arn%3Aaws%3Alambda/invocations", false), "/2015-03-31/functions/arn%253Aaws%253Alambda/invocations");
});

test("outside S3 dot segments and empty segments are removed", () => {
  assert.equal(canonicalUri("/a/./b/../c//d/", false), "/a/c/d/");
  assert.equal(canonicalUri("/..", false), "/");
  assert.equal(canonicalUri("", false), "/");
  assert.equal(canonicalUri("/plain-path_1.2~x", false), "/plain-path_1.2~x");
});

test("S3 keeps the path as sent, only in canonical spelling", () => {
  assert.equal(canonicalUri("/bucket/a/./b/../c//d", true), "/bucket/a/./b/../c//d");
  assert.equal(canonicalUri("/bucket/sub%20dir/%7e%e1%88%b4", true), "/bucket/sub%20dir/~%E1%88%B4");
  assert.equal(canonicalUri("/bucket/raw space/ሴ", true), "/bucket/raw%20space/%E1%88%B4");
  assert.equal(canonicalUri("/bucket/a%2Fb", true), "/bucket/a%2Fb");
  assert.equal(canonicalUri("/bucket/100%", true), "/bucket/100%25");
});

test("query parameters are re-encoded and sorted by name, then value", () => {
  assert.equal(canonicalQueryString("b=2&a=2&a=1", false), "a=1&a=2&b=2");
  assert.equal(canonicalQueryString("acl", false), "acl=");
  assert.equal(canonicalQueryString("k=a+b&k2=%7e%2f", false), "k=a%2Bb&k2=~%2F");
  assert.equal(canonicalQueryString("a=1&&b=", false), "a=1&b=");
  assert.equal(canonicalQueryString("", false), "");
  // Uppercase sorts before lowercase: the comparison is on bytes.
  assert.equal(canonicalQueryString("a=1&B=2", false), "B=2&a=1");
});

test("a presigned URL's canonical query leaves out X-Amz-Signature, and only then", () => {
  const raw = "X-Amz-Signature=abc&X-Amz-Date=20150830T123600Z";
  assert.equal(canonicalQueryString(raw, true), "X-Amz-Date=20150830T123600Z");
  assert.equal(canonicalQueryString(raw, false), "X-Amz-Date=20150830T123600Z&X-Amz-Signature=abc");
});

test("header values are trimmed and their runs of spaces made one", () => {
  assert.equal(canonicalHeaderValue('  "a   b \t c"  '), '"a b c"');
  assert.equal(canonicalHeaderValue("value"), "value");
  assert.equal(canonicalHeaderValue(""), "");
  assert.equal(canonicalHeaderValue(" \t "), "");
});
