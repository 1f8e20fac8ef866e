// Malformed signatures get AWS's own error: code, HTTP status and message, in each dialect.
// The expected texts are AWS's responses as its clients print them (see src/aws/sigv4/errors.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseQueryString, type HttpRequest } from "../../../src/aws/http.js";
import {
  parseSigV4,
  preverifySigV4,
  SigV4Error,
  verifySigV4,
  type SigV4Dialect,
  type SigV4VerifyOptions,
} from "../../../src/aws/sigv4/index.js";

const NOW = Date.UTC(2015, 7, 30, 12, 36, 0);
const SCOPE = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
const S3_SCOPE = "AKIDEXAMPLE/20150830/us-east-1/s3/aws4_request";
const SIGNATURE = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
const MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

function request(headers: Record<string, string>, rawQuery = ""): HttpRequest {
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
  return { method: "GET", path: "/", rawQuery, query: parseQueryString(rawQuery), headers: lower, body: Buffer.alloc(0) };
}

function withAuthorization(authorization: string, extra: Record<string, string> = {}): HttpRequest {
  return request({ host: "example.amazonaws.com", "x-amz-date": "20150830T123600Z", authorization, ...extra });
}

interface Expected {
  code: string;
  status: number;
  message: string;
  fields?: Record<string, unknown>;
}

function assertError(run: () => unknown, expected: Expected, dialect?: SigV4Dialect) {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof SigV4Error, `not a SigV4Error: ${String(error)}`);
    const e = dialect ? error.as(dialect) : error;
    assert.equal(e.message, expected.message);
    assert.equal(e.code, expected.code);
    assert.equal(e.status, expected.status);
    if (expected.fields) assert.deepEqual(e.fields, expected.fields);
    return true;
  });
}

/** The same problem in the JSON dialect (…Exception codes) and the query dialect. */
function assertIncomplete(run: () => unknown, message: string) {
  assertError(run, { code: "IncompleteSignatureException", status: 400, message }, "json");
  assertError(run, { code: "IncompleteSignature", status: 400, message }, "query");
}

function assertInvalid(run: (dialect: SigV4Dialect) => unknown, message: string) {
  assertError(() => run("json"), { code: "InvalidSignatureException", status: 403, message });
  assertError(() => run("query"), { code: "SignatureDoesNotMatch", status: 403, message });
}

const parse = (req: HttpRequest) => () => parseSigV4(req);

// ---- No SigV4 at all: not this module's decision (the caller answers MissingAuthenticationToken).

test("a request without Authorization header or X-Amz-Algorithm carries no SigV4", () => {
  assert.equal(parseSigV4(request({ host: "h" })), undefined);
  assert.equal(parseSigV4(request({ host: "h", authorization: "  " })), undefined);
  assert.equal(parseSigV4(request({ host: "h" }, "Action=ListQueues&X-Amz-Date=20150830T123600Z")), undefined);
});

// ---- The Authorization header.

test("garbage in Authorization: every missing part is listed, then the header as sent", () => {
  const req = request({ host: "example.amazonaws.com", authorization: "garbage" });
  assertIncomplete(
    parse(req),
    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
      "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either " +
      "a 'X-Amz-Date' or a 'Date' header. Authorization=garbage",
  );
  // S3 looks at the scheme first.
  assertError(parse(req), {
    code: "InvalidArgument",
    status: 400,
    message: "Unsupported Authorization Type",
    fields: { ArgumentName: "Authorization", ArgumentValue: "garbage" },
  }, "s3");
});

test("a missing Signature alone is named alone", () => {
  const authorization = `AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=host;x-amz-date`;
  assertIncomplete(parse(withAuthorization(authorization)), `Authorization header requires 'Signature' parameter. Authorization=${authorization}`);
});

test("a Signature Version 2 header is an incomplete SigV4 one outside S3, and refused by S3", () => {
  const authorization = "AWS AKIAI2HBJEUM7LRSTWOQ:qaNdqGsI6bq4Hi+9Gzovwyjbh0E=";
  const req = request({ host: "cloudfront.amazonaws.com", date: "Thu, 25 Jul 2013 12:00:00 GMT", authorization });
  assertIncomplete(
    parse(req),
    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
      `Authorization header requires 'SignedHeaders' parameter. Authorization=${authorization}`,
  );
});

test("a token without '=' (a Bearer token, a stray space after 'Credential=') is not a key=value pair", () => {
  assertIncomplete(
    parse(withAuthorization("Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc")),
    "'eyJhbGciOiJIUzI1NiJ9.e30.abc' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc'.",
  );
  const authorization = `AWS4-HMAC-SHA256 Credential= ${SCOPE}, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`;
  assertIncomplete(
    parse(withAuthorization(authorization)),
    `'${SCOPE}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`,
  );
});

test("X-Amz-Date must be in ISO 8601 basic format", () => {
  const req = withAuthorization(`AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`, {
    "x-amz-date": "2015-08-30T12:36:00Z",
  });
  assertIncomplete(parse(req), "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601");
  assertError(parse(req), { code: "AccessDenied", status: 403, message: "AWS authentication requires a valid Date or x-amz-date header" }, "s3");
  assertIncomplete(
    parse(withAuthorization(`AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`, { "x-amz-date": "20150230T123600Z" })),
    "Date must be in ISO-8601 'basic format'. Got '20150230T123600Z'. See http://en.wikipedia.org/wiki/ISO_8601",
  );
});

test("without X-Amz-Date, a Date header in HTTP format gives the request time", () => {
  const req = request({
    host: "example.amazonaws.com",
    date: "Sun, 30 Aug 2015 12:36:00 GMT",
    authorization: `AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=date;host, Signature=${SIGNATURE}`,
  });
  const sig = parseSigV4(req)!;
  assert.equal(sig.amzDate, "20150830T123600Z");
  assert.equal(sig.rawDate, "Sun, 30 Aug 2015 12:36:00 GMT");
  assert.equal(sig.timestamp, NOW);
});

test("only AWS4-HMAC-SHA256 is supported", () => {
  const authorization = `AWS4-HMAC-SHA512 Credential=${SCOPE}, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`;
  const req = withAuthorization(authorization);
  assertIncomplete(parse(req), "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'.");
  assertError(parse(req), {
    code: "InvalidArgument",
    status: 400,
    message: "Unsupported Authorization Type",
    fields: { ArgumentName: "Authorization", ArgumentValue: authorization },
  }, "s3");
  assertError(parse(withAuthorization("AWS AKIDEXAMPLE:c2lnbmF0dXJl=")), {
    code: "InvalidRequest",
    status: 400,
    message: "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.",
  }, "s3");
});

test("the credential must have five slash-delimited elements (trailing slashes ignored)", () => {
  const credential = "AKIDEXAMPLE/20150830/us-east-1/aws4_request";
  const req = withAuthorization(`AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`);
  assertIncomplete(
    parse(req),
    `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
  );
  assertError(parse(req), {
    code: "AuthorizationHeaderMalformed",
    status: 400,
    message: 'The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
  }, "s3");
  const trailing = parseSigV4(withAuthorization(`AWS4-HMAC-SHA256 Credential=${SCOPE}//, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`));
  assert.deepEqual(trailing?.scope, { accessKeyId: "AKIDEXAMPLE", date: "20150830", region: "us-east-1", service: "service" });
});

test("a parse error names S3's wording when the scope says s3, and re-words on demand", () => {
  const req = withAuthorization(`AWS4-HMAC-SHA256 Credential=${S3_SCOPE}, SignedHeaders=host;x-amz-date`);
  assertError(parse(req), {
    code: "AuthorizationHeaderMalformed",
    status: 400,
    message:
      "The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.",
  });
});

// ---- The credential scope (checked by verify, once the clock and the expected service are known).

function scopeCase(scope: string, options: SigV4VerifyOptions = {}) {
  const req = withAuthorization(`AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`);
  const sig = parseSigV4(req)!;
  return (dialect: SigV4Dialect) => verifySigV4(req, sig, "secret", NOW, { ...options, dialect });
}

test("each wrong element of the scope is named, all in one message", () => {
  assertInvalid(scopeCase("AKIDEXAMPLE/20150830/us_east_1/service/aws4_request"), "Credential should be scoped to a valid region, not 'us_east_1'. ");
  assertInvalid(
    scopeCase("AKIDEXAMPLE/20150830/us-east-1/service/aws4_request", { expectedService: "sts" }),
    "Credential should be scoped to correct service: 'sts'. ",
  );
  assertInvalid(
    scopeCase("AKIDEXAMPLE/20150830/us-east-1/service/aws5_request"),
    "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ",
  );
  assertInvalid(
    scopeCase("AKIDEXAMPLE/20150831/us-east-1/service/aws4_request"),
    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'.",
  );
  assertInvalid(
    scopeCase("AKIDEXAMPLE/foobar/wrong-region/service/aws5_request", { expectedRegion: "us-east-1", expectedService: "dynamodb" }),
    "Credential should be scoped to a valid region, not 'wrong-region'. Credential should be scoped to correct service: 'dynamodb'. " +
      "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: 'foobar' != '20150830', from '20150830T123600Z'.",
  );
  // A region list supplied by the caller decides which regions exist.
  assertInvalid(
    scopeCase("AKIDEXAMPLE/20150830/mars-north-1/service/aws4_request", { isValidRegion: (r) => r.startsWith("us-") }),
    "Credential should be scoped to a valid region, not 'mars-north-1'. ",
  );
});

test("S3 names one wrong element of the scope, in its own words", () => {
  const s3 = (scope: string, options: SigV4VerifyOptions = {}) => {
    const req = withAuthorization(`AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${SIGNATURE}`, {
      "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
    });
    const sig = parseSigV4(req)!;
    return () => verifySigV4(req, sig, "secret", NOW, { s3Rules: true, ...options });
  };
  assertError(s3("AKIDEXAMPLE/20150830/us-east-1/s3/aws5_request"), {
    code: "AuthorizationHeaderMalformed",
    status: 400,
    message: 'The authorization header is malformed; incorrect terminal "aws5_request". This endpoint uses "aws4_request".',
  });
  assertError(s3("AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request", { expectedService: "s3" }), {
    code: "AuthorizationHeaderMalformed",
    status: 400,
    message: 'The authorization header is malformed; incorrect service "sts". This endpoint belongs to "s3".',
  });
  assertError(s3(S3_SCOPE, { expectedRegion: "us-west-2" }), {
    code: "AuthorizationHeaderMalformed",
    status: 400,
    message: "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'us-west-2'",
    fields: { Region: "us-west-2" },
  });
  assertError(s3("AKIDEXAMPLE/20150831/us-east-1/s3/aws4_request"), {
    code: "AuthorizationHeaderMalformed",
    status: 400,
    message: 'The authorization header is malformed; Invalid credential date "20150831". This date is not the same as X-Amz-Date: "20150830".',
  });
});

// ---- Signed headers.

test("Host must be signed", () => {
  const req = withAuthorization(`AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=x-amz-date, Signature=${SIGNATURE}`);
  const sig = parseSigV4(req)!;
  assertInvalid((dialect) => preverifySigV4(req, sig, NOW, { dialect }), "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
});

test("S3 refuses x-amz-* headers (and host) left out of the signature", () => {
  const req = withAuthorization(`AWS4-HMAC-SHA256 Credential=${S3_SCOPE}, SignedHeaders=x-amz-content-sha256;x-amz-date, Signature=${SIGNATURE}`, {
    "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
    "x-amz-meta-color": "blue",
  });
  assertError(() => verifySigV4(req, parseSigV4(req)!, "secret", NOW), {
    code: "AccessDenied",
    status: 403,
    message: "There were headers present in the request which were not signed",
    fields: { HeadersNotSigned: "host, x-amz-meta-color" },
  });
});

test("S3 requires a valid x-amz-content-sha256 with an Authorization header", () => {
  const s3 = (extra: Record<string, string>) => {
    const req = withAuthorization(`AWS4-HMAC-SHA256 Credential=${S3_SCOPE}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${SIGNATURE}`, extra);
    return () => verifySigV4(req, parseSigV4(req)!, "secret", NOW);
  };
  assertError(s3({}), { code: "InvalidRequest", status: 400, message: "Missing required header for this request: x-amz-content-sha256" });
  assertError(s3({ "x-amz-content-sha256": "not-a-hash" }), {
    code: "InvalidArgument",
    status: 400,
    message:
      "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, " +
      "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, " +
      "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.",
    fields: { ArgumentName: "x-amz-content-sha256", ArgumentValue: "not-a-hash" },
  });
});

test("one request cannot carry both an Authorization header and a presigned query", () => {
  const authorization = `AWS4-HMAC-SHA256 Credential=${S3_SCOPE}, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`;
  const req = request({ host: "bucket.s3.amazonaws.com", "x-amz-date": "20150830T123600Z", authorization }, "X-Amz-Algorithm=AWS4-HMAC-SHA256");
  assertError(parse(req), {
    code: "InvalidArgument",
    status: 400,
    message:
      "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified",
    fields: { ArgumentName: "Authorization", ArgumentValue: authorization },
  }, "s3");
  assertError(parse(req), { code: "InvalidSignatureException", status: 403, message: MISMATCH }, "json");
});

// ---- Presigned URLs.

function presigned(params: Record<string, string>): HttpRequest {
  const rawQuery = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join("&");
  return request({ host: "example.amazonaws.com" }, rawQuery);
}

const PRESIGNED = {
  "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
  "X-Amz-Credential": SCOPE,
  "X-Amz-Date": "20150830T123600Z",
  "X-Amz-Expires": "900",
  "X-Amz-SignedHeaders": "host",
  "X-Amz-Signature": SIGNATURE,
};
const S3_PRESIGNED = { ...PRESIGNED, "X-Amz-Credential": S3_SCOPE };

test("a presigned URL must carry every X-Amz-* parameter", () => {
  const { "X-Amz-Credential": _c, "X-Amz-Signature": _s, ...incomplete } = PRESIGNED;
  assertIncomplete(
    parse(presigned(incomplete)),
    "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.",
  );
  const { "X-Amz-Expires": _e, ...noExpires } = S3_PRESIGNED;
  assertError(parse(presigned(noExpires)), {
    code: "AuthorizationQueryParametersError",
    status: 400,
    message:
      "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
  });
  // Services other than S3 do not need X-Amz-Expires.
  const { "X-Amz-Expires": _e2, ...stsStyle } = PRESIGNED;
  const sig = parseSigV4(presigned(stsStyle))!;
  assert.equal(sig.kind, "query");
  assert.equal(sig.expiresSeconds, undefined);
});

test("a presigned URL's algorithm, date and credential are checked", () => {
  assertIncomplete(parse(presigned({ ...PRESIGNED, "X-Amz-Algorithm": "AWS4-HMAC-SHA1" })), "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA1'.");
  assertError(parse(presigned({ ...S3_PRESIGNED, "X-Amz-Algorithm": "AWS4-HMAC-SHA1" })), {
    code: "AuthorizationQueryParametersError",
    status: 400,
    message: 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256 and AWS4-ECDSA-P256-SHA256"',
  });
  assertError(parse(presigned({ ...S3_PRESIGNED, "X-Amz-Date": "20150830T1236Z" })), {
    code: "AuthorizationQueryParametersError",
    status: 400,
    message: `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`,
  });
  assertError(parse(presigned({ ...S3_PRESIGNED, "X-Amz-Credential": "AKIDEXAMPLE/20150830/s3/aws4_request" })), {
    code: "AuthorizationQueryParametersError",
    status: 400,
    message:
      'Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
  });
});

test("S3 checks X-Amz-Expires: a number, not negative, at most a week", () => {
  const expires = (value: string) => {
    const req = presigned({ ...S3_PRESIGNED, "X-Amz-Expires": value });
    return () => preverifySigV4(req, parseSigV4(req)!, NOW);
  };
  const error = (message: string) => ({ code: "AuthorizationQueryParametersError", status: 400, message });
  assertError(expires("soon"), error("X-Amz-Expires should be a number"));
  assertError(expires("-1"), error("X-Amz-Expires must be non-negative"));
  assertError(
    expires("604801"),
    error("X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds"),
  );
  expires("604800")();
});
