// The percent-encoding of Signature Version 4 ("UriEncode" in
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html, step 1):
// the RFC 3986 unreserved characters A-Z a-z 0-9 - . _ ~ stay as they are, every other byte
// of the UTF-8 form becomes %XY with upper-case hexadecimal digits.
//
// Both functions return their input unchanged (no allocation) when it is already canonical,
// which is the case for everything the AWS SDKs send.

const HEX = "0123456789ABCDEF";
const SLASH = 0x2f;
const PERCENT = 0x25;

/** 1 for the unreserved ASCII characters. */
const UNRESERVED = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) UNRESERVED[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) UNRESERVED[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) UNRESERVED[c] = 1;
for (const c of "-._~") UNRESERVED[c.charCodeAt(0)] = 1;

function isUnreserved(c: number): boolean {
  return c < 128 && UNRESERVED[c] === 1;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function percentByte(byte: number): string {
  return "%" + HEX[byte >> 4] + HEX[byte & 15];
}

/** Percent-encodes the UTF-8 bytes of the code point at text[i]; returns the encoded text and how many UTF-16 units it used. */
function encodeCodePoint(text: string, i: number): [string, number] {
  let cp = text.charCodeAt(i);
  let used = 1;
  if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
      used = 2;
    }
  }
  // A lone surrogate has no UTF-8 form; Node's encoder writes U+FFFD for it, and so do we.
  if (used === 1 && cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
  if (cp < 0x80) return [percentByte(cp), used];
  if (cp < 0x800) return [percentByte(0xc0 | (cp >> 6)) + percentByte(0x80 | (cp & 63)), used];
  if (cp < 0x10000) {
    return [percentByte(0xe0 | (cp >> 12)) + percentByte(0x80 | ((cp >> 6) & 63)) + percentByte(0x80 | (cp & 63)), used];
  }
  return [
    percentByte(0xf0 | (cp >> 18)) +
      percentByte(0x80 | ((cp >> 12) & 63)) +
      percentByte(0x80 | ((cp >> 6) & 63)) +
      percentByte(0x80 | (cp & 63)),
    used,
  ];
}

/**
 * UriEncode(text): encodes every character but the unreserved ones, "%" included. Used on the
 * already-encoded path segments of non-S3 requests, which AWS encodes a second time.
 */
export function uriEncode(text: string): string {
  const n = text.length;
  let i = 0;
  while (i < n && isUnreserved(text.charCodeAt(i))) i++;
  if (i === n) return text;
  let out = text.slice(0, i);
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isUnreserved(c)) {
      out += text[i];
      i++;
    } else {
      const [encoded, used] = encodeCodePoint(text, i);
      out += encoded;
      i += used;
    }
  }
  return out;
}

/** Whether text[i..i+2] is a "%XY" escape already in canonical form: upper-case digits, not an unreserved byte. */
function isCanonicalEscape(text: string, i: number): boolean {
  const hi = text.charCodeAt(i + 1);
  const lo = text.charCodeAt(i + 2);
  const h = hexValue(hi);
  const l = hexValue(lo);
  if (h < 0 || l < 0 || hi >= 0x61 || lo >= 0x61) return false;
  return !isUnreserved((h << 4) | l);
}

/**
 * UriEncode(decode(text)) computed on bytes: the canonical form of text that is already
 * percent-encoded (a query parameter as sent, an S3 key as sent). Escapes of unreserved bytes
 * are decoded, escape digits are upper-cased, raw characters are encoded, and a "%" that does
 * not start a valid escape is encoded as %25. With keepSlash a raw "/" stays (the path
 * separator); an escaped %2F always stays escaped, as its sender signed it.
 */
export function normalizeEncoded(text: string, keepSlash: boolean): string {
  const n = text.length;
  let i = 0;
  for (;;) {
    if (i >= n) return text;
    const c = text.charCodeAt(i);
    if (isUnreserved(c) || (keepSlash && c === SLASH)) i++;
    else if (c === PERCENT && i + 2 < n && isCanonicalEscape(text, i)) i += 3;
    else break;
  }
  let out = text.slice(0, i);
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isUnreserved(c) || (keepSlash && c === SLASH)) {
      out += text[i];
      i++;
      continue;
    }
    if (c === PERCENT && i + 2 < n) {
      const h = hexValue(text.charCodeAt(i + 1));
      const l = hexValue(text.charCodeAt(i + 2));
      if (h >= 0 && l >= 0) {
        const byte = (h << 4) | l;
        out += isUnreserved(byte) ? String.fromCharCode(byte) : percentByte(byte);
        i += 3;
        continue;
      }
    }
    const [encoded, used] = encodeCodePoint(text, i);
    out += encoded;
    i += used;
  }
  return out;
}
