// Reads the Signature Version 4 parts of a request: the Authorization header
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html, step 6) or the
// X-Amz-* query parameters of a presigned URL
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html).
//
// This runs on every request (the credential scope names the service), so it finds tokens with
// indexOf rather than regular expressions, allocates little, and checks only the syntax: the
// checks that need the clock, the expected service or the secret belong to verify.ts.
import type { HttpRequest } from "../http.js";
import { parseHttpDate, parseIsoBasic, formatIsoBasic } from "./dates.js";
import { SigV4Error } from "./errors.js";
import type { SigV4Location } from "./problems.js";
import type { SigV4Dialect, SigV4Request } from "./types.js";

export const SIGV4_ALGORITHM = "AWS4-HMAC-SHA256";

function isSeparator(c: number): boolean {
  return c === 0x20 /* space */ || c === 0x2c /* , */ || c === 0x09 /* tab */;
}

/** S3 words its errors differently; until the caller says otherwise, trust the scope's service. */
function dialectOf(credential: string | undefined): SigV4Dialect {
  if (credential === undefined) return "query";
  return credential.split("/").includes("s3") ? "s3" : "query";
}

interface ParsedCredential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
}

/** keyid/date/region/service/terminator; AWS ignores trailing slashes. */
function parseCredential(credential: string, location: SigV4Location): ParsedCredential {
  let end = credential.length;
  while (end > 0 && credential.charCodeAt(end - 1) === 0x2f) end--;
  const a = credential.indexOf("/");
  const b = a < 0 ? -1 : credential.indexOf("/", a + 1);
  const c = b < 0 ? -1 : credential.indexOf("/", b + 1);
  const d = c < 0 ? -1 : credential.indexOf("/", c + 1);
  const extra = d < 0 ? -1 : credential.indexOf("/", d + 1);
  // Exactly four slashes before the trailing ones: five elements.
  if (d < 0 || d >= end || (extra >= 0 && extra < end)) {
    throw new SigV4Error({ kind: "malformedCredential", credential, location }, dialectOf(credential));
  }
  return {
    accessKeyId: credential.slice(0, a),
    date: credential.slice(a + 1, b),
    region: credential.slice(b + 1, c),
    service: credential.slice(c + 1, d),
    terminator: credential.slice(d + 1, end),
  };
}

/**
 * A client signs every request with the same credential scope (for a day) and the same list of
 * signed headers, while the signature and usually the date change: those two parts are parsed
 * once per distinct text and the result shared. Shared results are only read (verify.ts and
 * canonical.ts never modify a SigV4Request), and a memo never holds an error: text that does not
 * parse is parsed again each time. Bounded: emptied when full, so varied input cannot grow it.
 */
const MEMO_LIMIT = 256;

function remember<T>(memo: Map<string, T>, text: string, value: T): T {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, value);
  return value;
}

const signedHeaderLists = new Map<string, string[]>();
const credentials = new Map<string, ParsedCredential>();

/** The signed header names, lower-cased (one pass over the list, not one per name). */
function lowerCaseList(signedHeaders: string): string[] {
  if (signedHeaders === "") return [];
  return signedHeaderLists.get(signedHeaders) ?? remember(signedHeaderLists, signedHeaders, signedHeaders.toLowerCase().split(";"));
}

function parseCredentialOnce(credential: string, location: SigV4Location): ParsedCredential {
  return credentials.get(credential) ?? remember(credentials, credential, parseCredential(credential, location));
}

/** The index of the first space, comma or tab at or after from (the header's length if none). */
function separatorAt(text: string, from: number, hasTab: boolean): number {
  let end = text.length;
  const space = text.indexOf(" ", from);
  if (space >= 0) end = space;
  const comma = text.indexOf(",", from);
  if (comma >= 0 && comma < end) end = comma;
  if (hasTab) {
    const tab = text.indexOf("\t", from);
    if (tab >= 0 && tab < end) end = tab;
  }
  return end;
}

function parseHeader(req: HttpRequest, authorization: string): SigV4Request {
  // Tokens are separated by spaces, commas or tabs; native indexOf finds them fastest.
  const n = authorization.length;
  const hasTab = authorization.indexOf("\t") >= 0;
  let i = 0;
  while (i < n && isSeparator(authorization.charCodeAt(i))) i++;
  const algorithmStart = i;
  i = separatorAt(authorization, i, hasTab);
  const algorithm = authorization.slice(algorithmStart, i);

  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  // Every other token is a key=value pair; AWS reports the first one without "=".
  while (i < n) {
    while (i < n && isSeparator(authorization.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    i = separatorAt(authorization, start, hasTab);
    const equals = authorization.indexOf("=", start);
    if (equals < 0 || equals >= i) {
      throw new SigV4Error(
        { kind: "malformedPair", authorization, algorithm, pair: authorization.slice(start, i) },
        dialectOf(credential),
      );
    }
    const keyLength = equals - start;
    // The three names AWS reads; anything else is ignored. The last occurrence wins.
    if (keyLength === 10 && authorization.startsWith("Credential", start)) credential = authorization.slice(equals + 1, i);
    else if (keyLength === 9 && authorization.startsWith("Signature", start)) signature = authorization.slice(equals + 1, i);
    else if (keyLength === 13 && authorization.startsWith("SignedHeaders", start)) {
      signedHeaders = authorization.slice(equals + 1, i);
    }
  }

  const amzDateHeader = req.headers["x-amz-date"];
  const rawDate = amzDateHeader ?? req.headers["date"];
  const missingCredential = !credential;
  const missingSignature = !signature;
  if (missingCredential || missingSignature || signedHeaders === undefined || rawDate === undefined) {
    throw new SigV4Error(
      {
        kind: "missingHeaderParts",
        authorization,
        algorithm,
        credential: missingCredential,
        signature: missingSignature,
        signedHeaders: signedHeaders === undefined,
        date: rawDate === undefined,
      },
      dialectOf(credential),
    );
  }

  // X-Amz-Date must be ISO 8601 basic; a Date header may also be an HTTP date (S3 accepts both).
  const timestamp = amzDateHeader !== undefined ? parseIsoBasic(rawDate) : (parseIsoBasic(rawDate) ?? parseHttpDate(rawDate));
  if (timestamp === undefined) {
    throw new SigV4Error({ kind: "badDate", value: rawDate, location: "header" }, dialectOf(credential));
  }
  if (algorithm !== SIGV4_ALGORITHM) {
    throw new SigV4Error({ kind: "unsupportedAlgorithm", algorithm, location: "header", authorization }, dialectOf(credential));
  }
  const scope = parseCredentialOnce(credential!, "header");
  const parsed: SigV4Request = {
    kind: "header",
    scope: { accessKeyId: scope.accessKeyId, date: scope.date, region: scope.region, service: scope.service },
    terminator: scope.terminator,
    signedHeaders: lowerCaseList(signedHeaders),
    signature: signature!,
    amzDate: amzDateHeader !== undefined ? rawDate : formatIsoBasic(timestamp),
    timestamp,
    rawDate,
    authorization,
  };
  const securityToken = req.headers["x-amz-security-token"];
  if (securityToken !== undefined) parsed.securityToken = securityToken;
  return parsed;
}

function first(req: HttpRequest, name: string): string | undefined {
  return req.query[name]?.[0];
}

function parseQuery(req: HttpRequest, algorithm: string): SigV4Request {
  const credential = first(req, "X-Amz-Credential");
  const signature = first(req, "X-Amz-Signature");
  const signedHeaders = first(req, "X-Amz-SignedHeaders");
  const rawDate = first(req, "X-Amz-Date");
  const expiresRaw = first(req, "X-Amz-Expires");
  const dialect = dialectOf(credential);

  const missing: string[] = [];
  if (!credential) missing.push("X-Amz-Credential");
  if (!signature) missing.push("X-Amz-Signature");
  if (signedHeaders === undefined) missing.push("X-Amz-SignedHeaders");
  if (!rawDate) missing.push("X-Amz-Date");
  // Only S3 requires X-Amz-Expires; the other services ignore it (aws-sdk-go#2167).
  if (expiresRaw === undefined && dialect === "s3") missing.push("X-Amz-Expires");
  if (missing.length > 0) throw new SigV4Error({ kind: "missingQueryParts", missing }, dialect);

  if (algorithm !== SIGV4_ALGORITHM) {
    throw new SigV4Error({ kind: "unsupportedAlgorithm", algorithm, location: "query" }, dialect);
  }
  const timestamp = parseIsoBasic(rawDate!);
  if (timestamp === undefined) throw new SigV4Error({ kind: "badDate", value: rawDate!, location: "query" }, dialect);
  const scope = parseCredentialOnce(credential!, "query");

  const parsed: SigV4Request = {
    kind: "query",
    scope: { accessKeyId: scope.accessKeyId, date: scope.date, region: scope.region, service: scope.service },
    terminator: scope.terminator,
    signedHeaders: lowerCaseList(signedHeaders!),
    signature: signature!,
    amzDate: rawDate!,
    timestamp,
    rawDate: rawDate!,
  };
  if (expiresRaw !== undefined) {
    parsed.expiresRaw = expiresRaw;
    if (isInteger(expiresRaw)) parsed.expiresSeconds = Number(expiresRaw);
  }
  const securityToken = first(req, "X-Amz-Security-Token");
  if (securityToken !== undefined) parsed.securityToken = securityToken;
  return parsed;
}

/** An optional minus sign and 1 to 15 digits (so that Number() is exact). */
function isInteger(text: string): boolean {
  const start = text.charCodeAt(0) === 0x2d ? 1 : 0;
  if (text.length === start || text.length - start > 15) return false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * The SigV4 parts of a request: undefined when it carries no SigV4 at all (no Authorization
 * header, no X-Amz-Algorithm parameter); throws SigV4Error (a ServiceError, worded for S3 when
 * the scope names s3 and for the query services otherwise; re-word it with `.as(dialect)`)
 * when it carries a malformed one. An Authorization header of another scheme (Bearer, Basic,
 * Signature Version 2) counts as a malformed SigV4 one, as AWS treats it.
 */
export function parseSigV4(req: HttpRequest): SigV4Request | undefined {
  const authorization = req.headers["authorization"];
  const algorithm = req.query["X-Amz-Algorithm"]?.[0];
  if (authorization === undefined || authorization.trim() === "") {
    return algorithm === undefined ? undefined : parseQuery(req, algorithm);
  }
  if (algorithm !== undefined) {
    throw new SigV4Error({ kind: "bothAuthKinds", authorization }, dialectOf(first(req, "X-Amz-Credential")));
  }
  return parseHeader(req, authorization);
}
