// How Amazon S3 words signature problems: its own codes (AuthorizationHeaderMalformed,
// AuthorizationQueryParametersError, RequestTimeTooSkewed, ...) with the extra fields of its
// XML error documents. Sources: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html,
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html and S3 error documents
// quoted in client issues (RequestTimeTooSkewed fields, "Request has expired", "Request is not yet valid").
import { formatIsoSeconds } from "./dates.js";
import { MAX_SKEW_MS, type RenderedSigV4Error as Rendered, type SigV4Problem } from "./problems.js";

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

export function renderS3(problem: SigV4Problem): Rendered {
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

