// Rules both blob backends apply to keys, so a key that works on SQLite works on PostgreSQL.

/** S3's own object-key limit; blob keys are internal names (ids, "<function>/<version>.zip"). */
export const MAX_BLOB_KEY_BYTES = 1024;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Keys are well-formed Unicode without NUL (PostgreSQL text cannot hold NUL, and a lone
 * surrogate has no UTF-8 form, so two such keys could meet on one file), at most
 * MAX_BLOB_KEY_BYTES of UTF-8.
 */
export function assertBlobKey(key: string): void {
  if (typeof key !== "string") throw new TypeError("blob key must be a string");
  if (key.includes("\u0000")) throw new TypeError("blob key must not contain NUL");
  if (LONE_SURROGATE.test(key)) throw new TypeError("blob key must be well-formed Unicode (no lone surrogates)");
  const bytes = Buffer.byteLength(key, "utf8");
  if (bytes > MAX_BLOB_KEY_BYTES) {
    throw new RangeError(`blob key is ${bytes} bytes of UTF-8; the limit is ${MAX_BLOB_KEY_BYTES}`);
  }
}

/**
 * Orders keys by their UTF-8 bytes, as S3 lists keys and as PostgreSQL's "C" collation does.
 * JavaScript's default order (UTF-16 code units) differs only for characters above U+FFFF
 * against U+E000..U+FFFF, so compare code points.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (a code point above U+FFFF) sorts after every BMP code unit in UTF-8.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
