// The parsed form of a Signature Version 4 request.

export interface CredentialScope {
  accessKeyId: string;
  /** YYYYMMDD as the client wrote it (verifySigV4 checks it against the request date). */
  date: string;
  region: string;
  service: string;
}

export interface SigV4Request {
  /** "header": Authorization header; "query": presigned URL (X-Amz-* query parameters). */
  kind: "header" | "query";
  scope: CredentialScope;
  /** The fourth element of the scope as sent; AWS requires "aws4_request". */
  terminator: string;
  /** Lower-cased names, in the order the client listed them. */
  signedHeaders: string[];
  signature: string;
  /** The request time as YYYYMMDDTHHMMSSZ, from X-Amz-Date or else the Date header (converted when it is an HTTP date). */
  amzDate: string;
  /** The request time in milliseconds since the epoch. */
  timestamp: number;
  /** The date exactly as the client sent it (S3 echoes it in RequestTimeTooSkewed). */
  rawDate: string;
  /** X-Amz-Expires when it is an integer (presigned URLs only). */
  expiresSeconds?: number;
  /** X-Amz-Expires as sent, when present (S3 rejects a non-number; other services ignore it). */
  expiresRaw?: string;
  /** X-Amz-Security-Token (header or query parameter), when present. */
  securityToken?: string;
  /** The Authorization header as sent ("header" kind), quoted by some errors. */
  authorization?: string;
}

/** Which family of error codes and messages a service answers signature problems with. */
export type SigV4Dialect =
  /** JSON protocols (awsJson1_0/1_1, restJson1): IncompleteSignatureException, InvalidSignatureException. */
  | "json"
  /** Query and XML protocols (awsQuery, ec2, restXml other than S3): IncompleteSignature, SignatureDoesNotMatch. */
  | "query"
  /** Amazon S3's own codes (AuthorizationHeaderMalformed, RequestTimeTooSkewed, ...). */
  | "s3";
