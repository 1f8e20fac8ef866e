// What can be wrong with a signed request, as data: the problem says what was found;
// render-aws.ts and render-s3.ts word it the way each family of AWS services does.

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

/** An error as a dialect words it. */
export interface RenderedSigV4Error {
  code: string;
  message: string;
  status: number;
  fields?: Record<string, unknown>;
}
