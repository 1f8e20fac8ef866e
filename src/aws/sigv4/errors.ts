// What can be wrong with a signed request, as data (SigV4Problem), and how each family of AWS
// services words it (render). The wording is AWS's own, as its clients show it; sources:
// - JSON/query services: responses recorded by DynamoDB emulators and seen in SDK issues
//   (aws-sdk-go#289, #487, aws-sdk-js#265, aws-cli#6676, chalice#828, ...) and the
//   troubleshooting guide https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html
// - S3: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html and S3 error
//   documents quoted in client issues (RequestTimeTooSkewed fields, "Request has expired", ...).
import { ServiceError } from "../errors.js";
import type { ProtocolName } from "../spec/model.js";
import { formatIsoBasic, formatIsoSeconds } from "./dates.js";
import type { SigV4Dialect } from "./types.js";

/** Where the signature came from: the Authorization header or a presigned URL's query parameters. */
export type SigV4Location = "header" | "query";

/** The allowed difference between the request time and the server clock. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
/** The longest X-Amz-Expires S3 accepts: one week. */
export const MAX_EXPIRES_SECONDS = 7 * 24 * 60 * 60;

export type SigV4Problem =
  | { kind: "malformedPair"; authorization: string; algorithm: string; pair: string }
  | {
      kind: "missingHeaderParts";
      authorization: string;
      /** The first token of the header; S3 refuses another scheme before looking for the parts. */
      algorithm: string;
      credential: boolean;
      signature: boolean;
      signedHeaders: boolean;
      date: boolean;
    }
  | { kind: "missingQueryParts"; missing: string[] }
  | { kind: "badDate"; value: string; location: SigV4Location }
  | { kind: "unsupportedAlgorithm"; algorithm: string; location: SigV4Location; authorization?: string }
  | { kind: "malformedCredential"; credential: string; location: SigV4Location }
  | { kind: "bothAuthKinds"; authorization: string }
  | {
      kind: "scope";
      location: SigV4Location;
      /** Set when the region is not valid (or not the expected one). */
      region?: string;
      expectedRegion?: string;
      /** Set when the service is not the expected one. */
      service?: string;
      expectedService?: string;
      /** Set when the terminator is not aws4_request. */
      terminator?: string;
      /** Set when the scope date is not the request's day. */
      dateMismatch?: { scopeDate: string; requestDay: string; amzDate: string };
    }
  | { kind: "hostNotSigned" }
  | { kind: "headersNotSigned"; headers: string[] }
  | { kind: "missingContentSha256" }
  | { kind: "badContentSha256"; value: string }
  | { kind: "contentSha256Mismatch"; declared: string; computed: string }
  | { kind: "badExpires"; value: string; reason: "notANumber" | "negative" | "tooLarge" }
  | {
      kind: "signatureMismatch";
      accessKeyId: string;
      signatureProvided: string;
      stringToSign: string;
      canonicalRequest: string;
    }
  | { kind: "skew"; amzDate: string; rawDate: string; nowMs: number; tooOld: boolean }
  | { kind: "expired"; timestamp: number; expiresSeconds: number; nowMs: number }
  | { kind: "notYetValid"; timestamp: number; expiresSeconds: number; nowMs: number };

interface Rendered {
  code: string;
  message: string;
  status: number;
  fields?: Record<string, unknown>;
}

export const SIGNATURE_MISMATCH_MESSAGE =
  "The request signature we calculated does not match the signature you provided. " +
  "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const S3_SIGNATURE_MISMATCH_MESSAGE =
  "The request signature we calculated does not match the signature you provided. Check your key and signing method.";
const S3_THREE_COMPONENTS =
  "The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.";
const S3_NEEDS_DATE = "AWS authentication requires a valid Date or x-amz-date header";
const S3_QUERY_PARAMETERS =
  "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.";
const S3_CREDENTIAL_SHAPE = 'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".';
const S3_HEADER_PREFIX = "The authorization header is malformed; ";
const S3_CREDENTIAL_PARAMETER_PREFIX = "Error parsing the X-Amz-Credential parameter; ";
const S3_BAD_PAYLOAD_HASH =
  "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, " +
  "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, " +
  "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.";

function incomplete(dialect: SigV4Dialect, message: string): Rendered {
  return { code: dialect === "json" ? "IncompleteSignatureException" : "IncompleteSignature", message, status: 400 };
}

function invalidSignature(dialect: SigV4Dialect, message: string): Rendered {
  return { code: dialect === "json" ? "InvalidSignatureException" : "SignatureDoesNotMatch", message, status: 403 };
}

/** The bytes of a text as S3 lists them: lower-case hexadecimal pairs separated by spaces. */
function hexBytes(text: string): string {
  const hex = Buffer.from(text, "utf8").toString("hex");
  let out = "";
  for (let i = 0; i < hex.length; i += 2) out += (i === 0 ? "" : " ") + hex.slice(i, i + 2);
  return out;
}

function renderScopeForS3(problem: Extract<SigV4Problem, { kind: "scope" }>): Rendered {
  const header = problem.location === "header";
  const malformed = (detail: string, fields?: Record<string, unknown>): Rendered =>
    header
      ? { code: "AuthorizationHeaderMalformed", message: S3_HEADER_PREFIX + detail, status: 400, fields }
      : { code: "AuthorizationQueryParametersError", message: S3_CREDENTIAL_PARAMETER_PREFIX + detail, status: 400, fields };
  const mismatch = problem.dateMismatch;
  if (mismatch && !/^\d{8}$/.test(mismatch.scopeDate)) {
    return malformed(`incorrect date format "${mismatch.scopeDate}". This date in the credential must be in the format "yyyyMMdd".`);
  }
  if (problem.terminator !== undefined) {
    return malformed(`incorrect terminal "${problem.terminator}". This endpoint uses "aws4_request".`);
  }
  if (problem.service !== undefined) {
    return malformed(`incorrect service "${problem.service}". This endpoint belongs to "${problem.expectedService ?? "s3"}".`);
  }
  if (problem.region !== undefined) {
    const expected = problem.expectedRegion ?? "us-east-1";
    return malformed(`the region '${problem.region}' is wrong; expecting '${expected}'`, { Region: expected });
  }
  if (!mismatch) throw new Error("a scope problem names at least one wrong element");
  const detail = `Invalid credential date "${mismatch.scopeDate}". This date is not the same as X-Amz-Date: "${mismatch.requestDay}".`;
  return header
    ? { code: "AuthorizationHeaderMalformed", message: S3_HEADER_PREFIX + detail, status: 400 }
    : { code: "AuthorizationQueryParametersError", message: detail, status: 400 };
}

function renderS3(problem: SigV4Problem): Rendered {
  if ((problem.kind === "malformedPair" || problem.kind === "missingHeaderParts") && problem.algorithm !== "AWS4-HMAC-SHA256") {
    return renderS3({ kind: "unsupportedAlgorithm", algorithm: problem.algorithm, location: "header", authorization: problem.authorization });
  }
  switch (problem.kind) {
    case "malformedPair":
      return { code: "AuthorizationHeaderMalformed", message: S3_THREE_COMPONENTS, status: 400 };
    case "missingHeaderParts":
      if (problem.credential || problem.signature || problem.signedHeaders) {
        return { code: "AuthorizationHeaderMalformed", message: S3_THREE_COMPONENTS, status: 400 };
      }
      return { code: "AccessDenied", message: S3_NEEDS_DATE, status: 403 };
    case "missingQueryParts":
      return { code: "AuthorizationQueryParametersError", message: S3_QUERY_PARAMETERS, status: 400 };
    case "badDate":
      return problem.location === "header"
        ? { code: "AccessDenied", message: S3_NEEDS_DATE, status: 403 }
        : {
            code: "AuthorizationQueryParametersError",
            message: `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`,
            status: 400,
          };
    case "unsupportedAlgorithm":
      if (problem.location === "query") {
        return {
          code: "AuthorizationQueryParametersError",
          message: 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256 and AWS4-ECDSA-P256-SHA256"',
          status: 400,
        };
      }
      if (problem.algorithm === "AWS") {
        // Signature Version 2, which S3 no longer accepts in the regions opened since 2014.
        return {
          code: "InvalidRequest",
          message: "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.",
          status: 400,
        };
      }
      return {
        code: "InvalidArgument",
        message: "Unsupported Authorization Type",
        status: 400,
        fields: { ArgumentName: "Authorization", ArgumentValue: problem.authorization ?? problem.algorithm },
      };
    case "malformedCredential":
      return problem.location === "header"
        ? { code: "AuthorizationHeaderMalformed", message: S3_HEADER_PREFIX + S3_CREDENTIAL_SHAPE, status: 400 }
        : {
            code: "AuthorizationQueryParametersError",
            message: S3_CREDENTIAL_PARAMETER_PREFIX + S3_CREDENTIAL_SHAPE,
            status: 400,
          };
    case "bothAuthKinds":
      return {
        code: "InvalidArgument",
        message:
          "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified",
        status: 400,
        fields: { ArgumentName: "Authorization", ArgumentValue: problem.authorization },
      };
    case "scope":
      return renderScopeForS3(problem);
    case "hostNotSigned":
      return renderS3({ kind: "headersNotSigned", headers: ["host"] });
    case "headersNotSigned":
      return {
        code: "AccessDenied",
        message: "There were headers present in the request which were not signed",
        status: 403,
        fields: { HeadersNotSigned: problem.headers.join(", ") },
      };
    case "missingContentSha256":
      return { code: "InvalidRequest", message: "Missing required header for this request: x-amz-content-sha256", status: 400 };
    case "badContentSha256":
      return {
        code: "InvalidArgument",
        message: S3_BAD_PAYLOAD_HASH,
        status: 400,
        fields: { ArgumentName: "x-amz-content-sha256", ArgumentValue: problem.value },
      };
    case "contentSha256Mismatch":
      return {
        code: "XAmzContentSHA256Mismatch",
        message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
        status: 400,
        fields: { ClientComputedContentSHA256: problem.declared, S3ComputedContentSHA256: problem.computed },
      };
    case "badExpires": {
      const message =
        problem.reason === "notANumber"
          ? "X-Amz-Expires should be a number"
          : problem.reason === "negative"
            ? "X-Amz-Expires must be non-negative"
            : "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds";
      return { code: "AuthorizationQueryParametersError", message, status: 400 };
    }
    case "signatureMismatch":
      return {
        code: "SignatureDoesNotMatch",
        message: S3_SIGNATURE_MISMATCH_MESSAGE,
        status: 403,
        fields: {
          AWSAccessKeyId: problem.accessKeyId,
          StringToSign: problem.stringToSign,
          SignatureProvided: problem.signatureProvided,
          StringToSignBytes: hexBytes(problem.stringToSign),
          CanonicalRequest: problem.canonicalRequest,
          CanonicalRequestBytes: hexBytes(problem.canonicalRequest),
        },
      };
    case "skew":
      return {
        code: "RequestTimeTooSkewed",
        message: "The difference between the request time and the current time is too large.",
        status: 403,
        fields: {
          RequestTime: problem.rawDate,
          ServerTime: formatIsoSeconds(problem.nowMs),
          MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
        },
      };
    case "expired":
      return {
        code: "AccessDenied",
        message: "Request has expired",
        status: 403,
        fields: {
          "X-Amz-Expires": String(problem.expiresSeconds),
          Expires: formatIsoSeconds(problem.timestamp + problem.expiresSeconds * 1000),
          ServerTime: formatIsoSeconds(problem.nowMs),
        },
      };
    case "notYetValid":
      // S3 reports X-Amz-Date here in epoch milliseconds (seen in real error documents).
      return {
        code: "AccessDenied",
        message: "Request is not yet valid",
        status: 403,
        fields: {
          "X-Amz-Date": String(problem.timestamp),
          Expires: formatIsoSeconds(problem.timestamp + problem.expiresSeconds * 1000),
          ServerTime: formatIsoSeconds(problem.nowMs),
        },
      };
  }
}

function renderScope(dialect: SigV4Dialect, problem: Extract<SigV4Problem, { kind: "scope" }>): Rendered {
  // AWS lists every wrong element of the scope at once, each sentence followed by a space.
  let message = "";
  if (problem.region !== undefined) message += `Credential should be scoped to a valid region, not '${problem.region}'. `;
  if (problem.service !== undefined) {
    message += `Credential should be scoped to correct service: '${problem.expectedService ?? ""}'. `;
  }
  if (problem.terminator !== undefined) {
    message += `Credential should be scoped with a valid terminator: 'aws4_request', not '${problem.terminator}'. `;
  }
  const d = problem.dateMismatch;
  if (d) {
    message +=
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: " +
      `'${d.scopeDate}' != '${d.requestDay}', from '${d.amzDate}'.`;
  }
  return invalidSignature(dialect, message);
}

function renderAws(dialect: SigV4Dialect, problem: SigV4Problem): Rendered {
  switch (problem.kind) {
    case "malformedPair":
      return incomplete(
        dialect,
        `'${problem.pair}' not a valid key=value pair (missing equal-sign) in Authorization header: '${problem.authorization}'.`,
      );
    case "missingHeaderParts": {
      let message = "";
      if (problem.credential) message += "Authorization header requires 'Credential' parameter. ";
      if (problem.signature) message += "Authorization header requires 'Signature' parameter. ";
      if (problem.signedHeaders) message += "Authorization header requires 'SignedHeaders' parameter. ";
      if (problem.date) message += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
      return incomplete(dialect, message + "Authorization=" + problem.authorization);
    }
    case "missingQueryParts": {
      const sentences = problem.missing
        .filter((name) => name !== "X-Amz-Expires")
        .map((name) => `AWS query-string parameters must include '${name}'.`);
      return incomplete(dialect, sentences.join(" ") + " Re-examine the query-string parameters.");
    }
    case "badDate":
      return incomplete(
        dialect,
        `Date must be in ISO-8601 'basic format'. Got '${problem.value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      );
    case "unsupportedAlgorithm":
      return incomplete(dialect, `Unsupported AWS 'algorithm': '${problem.algorithm}'.`);
    case "malformedCredential":
      return incomplete(
        dialect,
        `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${problem.credential}'`,
      );
    case "scope":
      return renderScope(dialect, problem);
    case "hostNotSigned":
      return invalidSignature(dialect, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    case "skew": {
      const now = formatIsoBasic(problem.nowMs);
      return problem.tooOld
        ? invalidSignature(
            dialect,
            `Signature expired: ${problem.amzDate} is now earlier than ${formatIsoBasic(problem.nowMs - MAX_SKEW_MS)} (${now} - 15 min.)`,
          )
        : invalidSignature(
            dialect,
            `Signature not yet current: ${problem.amzDate} is still later than ${formatIsoBasic(problem.nowMs + MAX_SKEW_MS)} (${now} + 15 min.)`,
          );
    }
    // Outside S3 these checks do not exist as such: a payload that does not match its
    // declared hash, or a request signed in two ways, fails like any other wrong signature.
    case "bothAuthKinds":
    case "headersNotSigned":
    case "missingContentSha256":
    case "badContentSha256":
    case "contentSha256Mismatch":
    case "badExpires":
    case "signatureMismatch":
    case "expired":
    case "notYetValid":
      return invalidSignature(dialect, SIGNATURE_MISMATCH_MESSAGE);
  }
}

export function renderSigV4Problem(problem: SigV4Problem, dialect: SigV4Dialect): Rendered {
  return dialect === "s3" ? renderS3(problem) : renderAws(dialect, problem);
}

/**
 * A signature problem rendered in one dialect. It stays a plain ServiceError for serializers;
 * `as(dialect)` re-renders it for a caller that learns the service only after parsing failed.
 */
export class SigV4Error extends ServiceError {
  readonly problem: SigV4Problem;
  readonly dialect: SigV4Dialect;

  constructor(problem: SigV4Problem, dialect: SigV4Dialect = "query") {
    const rendered = renderSigV4Problem(problem, dialect);
    super(rendered.code, rendered.message, rendered.status, { fields: rendered.fields });
    this.problem = problem;
    this.dialect = dialect;
  }

  as(dialect: SigV4Dialect): SigV4Error {
    return dialect === this.dialect ? this : new SigV4Error(this.problem, dialect);
  }
}

/** The dialect of a service, from its model's protocol and signing name. */
export function sigV4DialectFor(protocol: ProtocolName, signingName: string): SigV4Dialect {
  if (signingName === "s3") return "s3";
  return protocol === "json" || protocol === "rest-json" ? "json" : "query";
}
