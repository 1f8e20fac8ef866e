// AWS Signature Version 4: parse (every request, cheap) and verify (strict mode).
export type { CredentialScope, SigV4Dialect, SigV4Request } from "./types.js";
export { parseSigV4, SIGV4_ALGORITHM } from "./parse.js";
export { preverifySigV4, verifySigV4, type SigV4VerifyOptions } from "./verify.js";
export { SigV4Error, renderSigV4Problem, sigV4DialectFor } from "./errors.js";
export { MAX_EXPIRES_SECONDS, MAX_SKEW_MS, type RenderedSigV4Error, type SigV4Location, type SigV4Problem } from "./problems.js";
export { SIGNATURE_MISMATCH_MESSAGE } from "./render-aws.js";
export {
  canonicalHeaderValue,
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  credentialScopeString,
  EMPTY_SHA256,
  sha256Hex,
  stringToSign,
} from "./canonical.js";
export { deriveSigningKey, SigningKeyCache } from "./keys.js";
