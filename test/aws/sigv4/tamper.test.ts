// Changing any signed part of an SDK-signed request after signing (a header value, the path,
// the query, the body, the date, the signed-header list, one signature digit) is refused with
// the error the service family gives for a wrong signature.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseQueryString, type HttpRequest } from "../../../src/aws/http.js";
import { formatIsoBasic } from "../../../src/aws/sigv4/dates.js";
import { parseSigV4, verifySigV4 } from "../../../src/aws/sigv4/index.js";
import { type Flavor, type SignedCase, signedCase } from "./sdk-signed.js";

const SEEDS_PER_GROUP = 12;

const MISMATCH: Record<Flavor, { code: string; status: number; message: string }> = {
  json: {
    code: "InvalidSignatureException",
    status: 403,
    message:
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  },
  query: {
    code: "SignatureDoesNotMatch",
    status: 403,
    message:
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  },
  s3: {
    code: "SignatureDoesNotMatch",
    status: 403,
    message: "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
  },
};

function withHeader(req: HttpRequest, name: string, value: string): HttpRequest {
  const rawHeaders = [...(req.rawHeaders ?? [])];
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === name) rawHeaders[i + 1] = value;
  return { ...req, headers: { ...req.headers, [name]: value }, rawHeaders };
}

function withRawQuery(req: HttpRequest, rawQuery: string): HttpRequest {
  return { ...req, rawQuery, query: parseQueryString(rawQuery) };
}

/** Replaces the value of one query parameter, keeping the rest of the query string as sent. */
function withQueryParam(req: HttpRequest, name: string, value: string): HttpRequest {
  const parts = req.rawQuery.split("&").map((part) => (part.startsWith(name + "=") ? name + "=" + encodeURIComponent(value) : part));
  return withRawQuery(req, parts.join("&"));
}

function flipHexDigit(signature: string, at: number): string {
  const digit = signature[at]!;
  return signature.slice(0, at) + (digit === "0" ? "1" : "0") + signature.slice(at + 1);
}

function nowFor(c: SignedCase): number {
  return c.signedAt + 1000;
}

function assertRefused(c: SignedCase, req: HttpRequest, expected: { code: string; status: number; message?: string }, what: string) {
  const sig = parseSigV4(req)!;
  assert.throws(
    () => verifySigV4(req, sig, c.secretAccessKey, nowFor(c), { dialect: c.flavor }),
    (error: unknown) => {
      const e = error as { code: string; status: number; message: string };
      assert.equal(e.code, expected.code, `${what}: ${e.message}`);
      assert.equal(e.status, expected.status, what);
      if (expected.message !== undefined) assert.equal(e.message, expected.message, what);
      return true;
    },
    what,
  );
}

function tampers(c: SignedCase): { what: string; req: HttpRequest; expected?: { code: string; status: number; message?: string } }[] {
  const req = c.request;
  const sig = parseSigV4(req)!;
  const mismatch = MISMATCH[c.flavor];
  const out: { what: string; req: HttpRequest; expected?: { code: string; status: number; message?: string } }[] = [];

  const headerName =
    sig.signedHeaders.find((h) => h !== "host" && h !== "x-amz-date" && h !== "x-amz-content-sha256" && h in req.headers) ?? "host";
  out.push({ what: `header ${headerName}`, req: withHeader(req, headerName, req.headers[headerName] + "x") });

  out.push({ what: "path", req: { ...req, path: req.path + (req.path.endsWith("/") ? "x" : "/x") } });
  out.push({ what: "query parameter added", req: withRawQuery(req, req.rawQuery + (req.rawQuery ? "&" : "") + "tampered=1") });

  const body = Buffer.concat([req.body, Buffer.from("!")]);
  if (c.bodySigned) {
    // S3 checks a declared body hash after the signature and answers with its own code.
    const expected = c.flavor === "s3" ? { code: "XAmzContentSHA256Mismatch", status: 400 } : mismatch;
    out.push({ what: "body", req: { ...req, body }, expected });
  }

  // One second later on the same day: only the signature can tell. Across midnight the scope date gives it away.
  const later = formatIsoBasic(c.signedAt + 1000);
  const sameDay = later.slice(0, 8) === formatIsoBasic(c.signedAt).slice(0, 8);
  const dateExpected = sameDay ? mismatch : undefined;
  if (c.kind === "header") out.push({ what: "x-amz-date", req: withHeader(req, "x-amz-date", later), ...(dateExpected ? { expected: dateExpected } : {}) });
  else out.push({ what: "X-Amz-Date", req: withQueryParam(req, "X-Amz-Date", later), ...(dateExpected ? { expected: dateExpected } : {}) });

  for (const at of [0, 31, 63]) {
    const flipped = flipHexDigit(sig.signature, at);
    out.push(
      c.kind === "header"
        ? { what: `signature digit ${at}`, req: withHeader(req, "authorization", req.headers.authorization!.replace(sig.signature, flipped)) }
        : { what: `signature digit ${at}`, req: withQueryParam(req, "X-Amz-Signature", flipped) },
    );
  }

  const droppable = sig.signedHeaders.filter((h) => h !== "host" && !h.startsWith("x-amz-"));
  if (droppable.length > 0) {
    const fewer = sig.signedHeaders.filter((h) => h !== droppable[0]).join(";");
    out.push(
      c.kind === "header"
        ? {
            what: "signed header list",
            req: withHeader(req, "authorization", req.headers.authorization!.replace(sig.signedHeaders.join(";"), fewer)),
          }
        : { what: "signed header list", req: withQueryParam(req, "X-Amz-SignedHeaders", fewer) },
    );
  }
  return out;
}

for (const flavor of ["json", "query", "s3"] as const) {
  for (const kind of ["header", "query"] as const) {
    test(`${flavor} services, ${kind} signatures: every tampered signed part is refused`, async () => {
      for (let i = 0; i < SEEDS_PER_GROUP; i++) {
        const seed = 77_000 + 100 * ["json", "query", "s3"].indexOf(flavor) + (kind === "query" ? 50 : 0) + i;
        const c = await signedCase(seed, kind, flavor);
        // The untouched request verifies, so each refusal below is due to its tampering.
        verifySigV4(c.request, parseSigV4(c.request)!, c.secretAccessKey, nowFor(c), { dialect: flavor });
        for (const t of tampers(c)) {
          if (t.expected === undefined && (t.what === "x-amz-date" || t.what === "X-Amz-Date")) {
            // Across midnight: the scope's date no longer matches the request date.
            const sig = parseSigV4(t.req)!;
            assert.throws(() => verifySigV4(t.req, sig, c.secretAccessKey, nowFor(c), { dialect: flavor }), `seed ${seed}: ${t.what}`);
            continue;
          }
          assertRefused(c, t.req, t.expected ?? MISMATCH[flavor], `seed ${seed}: ${t.what}`);
        }
      }
    });
  }
}

test("a presigned S3 URL does not sign the body (UNSIGNED-PAYLOAD), so a different body is accepted", async () => {
  const c = await signedCase(4242, "query", "s3");
  const req = { ...c.request, body: Buffer.from("another body") };
  verifySigV4(req, parseSigV4(req)!, c.secretAccessKey, nowFor(c));
});

test("a declared body hash that the body does not match is refused after the signature check", async () => {
  let seed = 5150;
  let c = await signedCase(seed, "header", "s3");
  while (!/^[0-9a-f]{64}$/.test(c.request.headers["x-amz-content-sha256"] ?? "")) c = await signedCase(++seed, "header", "s3");
  const req = { ...c.request, body: Buffer.from("replaced") };
  const sig = parseSigV4(req)!;
  assert.throws(() => verifySigV4(req, sig, c.secretAccessKey, nowFor(c)), (e: unknown) => {
    const error = e as { code: string; message: string; fields: Record<string, unknown> };
    assert.equal(error.code, "XAmzContentSHA256Mismatch");
    assert.equal(error.message, "The provided 'x-amz-content-sha256' header does not match what was computed.");
    assert.equal(error.fields.ClientComputedContentSHA256, c.request.headers["x-amz-content-sha256"]);
    assert.match(String(error.fields.S3ComputedContentSHA256), /^[0-9a-f]{64}$/);
    return true;
  });
});

test("S3's SignatureDoesNotMatch carries the canonical request and string to sign it computed", async () => {
  const c = await signedCase(6001, "header", "s3");
  const req = withHeader(c.request, "host", "other.example");
  const sig = parseSigV4(req)!;
  assert.throws(() => verifySigV4(req, sig, c.secretAccessKey, nowFor(c)), (e: unknown) => {
    const error = e as { fields: Record<string, string> };
    assert.equal(error.fields.AWSAccessKeyId, sig.scope.accessKeyId);
    assert.equal(error.fields.SignatureProvided, sig.signature);
    assert.match(error.fields.CanonicalRequest!, /\nhost:other\.example\n/);
    assert.match(error.fields.StringToSign!, /^AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}\/[a-z0-9-]+\/s3\/aws4_request\n[0-9a-f]{64}$/);
    assert.equal(error.fields.StringToSignBytes, Buffer.from(error.fields.StringToSign!).toString("hex").replace(/(..)(?!$)/g, "$1 "));
    return true;
  });
});
