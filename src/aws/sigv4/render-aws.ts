// How the JSON and query services word signature problems (IncompleteSignature[Exception],
// InvalidSignatureException / SignatureDoesNotMatch). Sources: responses recorded by DynamoDB
// emulators and quoted in SDK issues (aws-sdk-go#289, #487, aws-sdk-js#265, aws-cli#6676,
// chalice#828, ...), and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html
import { formatIsoBasic } from "./dates.js";
import { MAX_SKEW_MS, type RenderedSigV4Error as Rendered, type SigV4Problem } from "./problems.js";
import type { SigV4Dialect } from "./types.js";

export const SIGNATURE_MISMATCH_MESSAGE =
  "The request signature we calculated does not match the signature you provided. " +
  "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

function incomplete(dialect: SigV4Dialect, message: string): Rendered {
  return { code: dialect === "json" ? "IncompleteSignatureException" : "IncompleteSignature", message, status: 400 };
}

function invalidSignature(dialect: SigV4Dialect, message: string): Rendered {
  return { code: dialect === "json" ? "InvalidSignatureException" : "SignatureDoesNotMatch", message, status: 403 };
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

export function renderAws(dialect: SigV4Dialect, problem: SigV4Problem): Rendered {
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

