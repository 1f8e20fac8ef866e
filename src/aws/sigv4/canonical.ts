// The canonical request and the string to sign of Signature Version 4, rebuilt from the
// request as it arrived. https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
// steps 1-3; S3's differences from https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
// (the path is encoded once and not normalized).
import { createHash } from "node:crypto";
import type { HttpRequest } from "../http.js";
import { normalizeEncoded, uriEncode } from "./encoding.js";
import { SCOPE_TERMINATOR } from "./keys.js";
import type { CredentialScope, SigV4Request } from "./types.js";

export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function isPlainPathChar(c: number): boolean {
  // Unreserved characters (A-Z a-z 0-9 - . _ ~) and "/".
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x5f ||
    c === 0x7e ||
    c === 0x2f
  );
}

/**
 * CanonicalURI. Outside S3 the path as sent (already encoded once) has its dot segments and
 * empty segments removed and each segment is encoded again: "each path segment must be
 * URI-encoded twice". S3 encodes each segment once and keeps the path as it is, so only the
 * spelling of its escapes is made canonical.
 */
export function canonicalUri(path: string, s3: boolean): string {
  if (path === "") return "/";
  if (s3) return normalizeEncoded(path, true);

  // Fast path: an absolute path of plain characters with no empty or dot segment is its own canonical form.
  let plain = path.charCodeAt(0) === 0x2f;
  for (let i = 0; plain && i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (!isPlainPathChar(c)) plain = false;
    else if (c === 0x2f && i + 1 < path.length) {
      const next = path.charCodeAt(i + 1);
      if (next === 0x2f || next === 0x2e) plain = false;
    }
  }
  if (plain) return path;

  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(uriEncode(segment));
  }
  let out = path.charCodeAt(0) === 0x2f ? "/" : "";
  out += segments.join("/");
  if (segments.length > 0 && path.charCodeAt(path.length - 1) === 0x2f) out += "/";
  return out === "" ? "/" : out;
}

/**
 * CanonicalQueryString from the query string as sent: each name and value in canonical
 * encoding, sorted by name then value, "name=value" joined by "&". A presigned URL leaves
 * out its own X-Amz-Signature.
 */
export function canonicalQueryString(rawQuery: string, omitSignature: boolean): string {
  if (rawQuery === "") return "";
  const names: string[] = [];
  const values: string[] = [];
  let start = 0;
  while (start <= rawQuery.length) {
    let end = rawQuery.indexOf("&", start);
    if (end < 0) end = rawQuery.length;
    if (end > start) {
      const equals = rawQuery.indexOf("=", start);
      const hasValue = equals >= 0 && equals < end;
      const name = normalizeEncoded(rawQuery.slice(start, hasValue ? equals : end), false);
      if (!(omitSignature && name.length === 15 && name.toLowerCase() === "x-amz-signature")) {
        names.push(name);
        values.push(hasValue ? normalizeEncoded(rawQuery.slice(equals + 1, end), false) : "");
      }
    }
    start = end + 1;
  }
  if (names.length === 1) return names[0] + "=" + values[0];
  const order = names.map((_, i) => i);
  order.sort((a, b) => {
    const na = names[a]!;
    const nb = names[b]!;
    if (na !== nb) return na < nb ? -1 : 1;
    const va = values[a]!;
    const vb = values[b]!;
    return va < vb ? -1 : va > vb ? 1 : 0;
  });
  let out = "";
  for (let i = 0; i < order.length; i++) {
    const k = order[i]!;
    out += (i === 0 ? "" : "&") + names[k] + "=" + values[k];
  }
  return out;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** A header value with its ends trimmed and each run of spaces (or tabs, line breaks) made one space. */
export function canonicalHeaderValue(value: string): string {
  const n = value.length;
  let clean = n === 0 || (!isBlank(value.charCodeAt(0)) && !isBlank(value.charCodeAt(n - 1)));
  for (let i = 0; clean && i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x09 || c === 0x0a || c === 0x0d || (c === 0x20 && value.charCodeAt(i + 1) === 0x20)) clean = false;
  }
  if (clean) return value;
  let out = "";
  let pendingSpace = false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (isBlank(c)) {
      pendingSpace = out !== "";
      continue;
    }
    if (pendingSpace) out += " ";
    pendingSpace = false;
    out += value[i];
  }
  return out;
}

/**
 * The canonical value of one signed header. A header sent several times has its values joined
 * with "," (AWS's rule); that needs the raw header lines, since Node joins them with ", ".
 */
function signedHeaderValue(req: HttpRequest, name: string): string {
  const raw = req.rawHeaders;
  if (raw) {
    let joined: string | undefined;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const rawName = raw[i]!;
      if (rawName.length === name.length && rawName.toLowerCase() === name) {
        const value = canonicalHeaderValue(raw[i + 1]!);
        joined = joined === undefined ? value : joined + "," + value;
      }
    }
    if (joined !== undefined) return joined;
  }
  return canonicalHeaderValue(req.headers[name] ?? "");
}

/** The canonical request of a signed request, given the payload hash it was signed with. */
export function canonicalRequest(req: HttpRequest, sig: SigV4Request, payloadHash: string, s3: boolean): string {
  let headers = "";
  for (const name of sig.signedHeaders) headers += name + ":" + signedHeaderValue(req, name) + "\n";
  return (
    req.method +
    "\n" +
    canonicalUri(req.path, s3) +
    "\n" +
    canonicalQueryString(req.rawQuery, sig.kind === "query") +
    "\n" +
    headers +
    "\n" +
    sig.signedHeaders.join(";") +
    "\n" +
    payloadHash
  );
}

export function credentialScopeString(scope: CredentialScope): string {
  return scope.date + "/" + scope.region + "/" + scope.service + "/" + SCOPE_TERMINATOR;
}

/** StringToSign = algorithm \n request date \n credential scope \n hex(SHA256(canonical request)). */
export function stringToSign(amzDate: string, scope: CredentialScope, canonical: string): string {
  return "AWS4-HMAC-SHA256\n" + amzDate + "\n" + credentialScopeString(scope) + "\n" + sha256Hex(canonical);
}
