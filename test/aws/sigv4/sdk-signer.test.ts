// Requests signed by the AWS SDK's own signer (@smithy/signature-v4) for random methods, paths,
// queries, headers and bodies, in the Authorization-header and presigned forms, must verify.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSigV4, SigningKeyCache, verifySigV4 } from "../../../src/aws/sigv4/index.js";
import { type Flavor, signedCase } from "./sdk-signed.js";

const CASES_PER_GROUP = 60;
const FLAVORS: Flavor[] = ["json", "query", "s3"];

for (const flavor of FLAVORS) {
  for (const kind of ["header", "query"] as const) {
    test(`${flavor} services: ${CASES_PER_GROUP} random ${kind}-signed requests from the SDK signer verify`, async () => {
      const keyCache = new SigningKeyCache(8);
      for (let i = 0; i < CASES_PER_GROUP; i++) {
        const seed = 1_000 * FLAVORS.indexOf(flavor) + (kind === "query" ? 500 : 0) + i;
        const c = await signedCase(seed, kind, flavor);
        const sig = parseSigV4(c.request);
        assert.ok(sig, `seed ${seed}: no SigV4 found`);
        assert.equal(sig.kind, kind);
        assert.equal(sig.scope.service, c.service);
        // Anywhere in the window AWS accepts: 15 minutes of skew, or the presigned lifetime (S3).
        const window = kind === "query" && flavor === "s3" ? c.expiresIn! * 1000 : 15 * 60 * 1000;
        const nowMs = c.signedAt + Math.floor(((seed * 7919) % 1000) / 1000 * window);
        try {
          verifySigV4(c.request, sig, c.secretAccessKey, nowMs, { dialect: flavor, keyCache });
        } catch (error) {
          assert.fail(`seed ${seed} (${flavor} ${kind} ${c.request.method} ${c.request.path}?${c.request.rawQuery}): ${(error as Error).message}`);
        }
      }
    });
  }
}

test("a signature made for one secret does not verify with another", async () => {
  const c = await signedCase(42, "header", "json");
  const sig = parseSigV4(c.request)!;
  assert.throws(() => verifySigV4(c.request, sig, c.secretAccessKey + "x", c.signedAt, { dialect: "json" }), {
    code: "InvalidSignatureException",
  });
});

test("derived signing keys are cached per secret, day, region and service", async () => {
  const keyCache = new SigningKeyCache(4);
  const c = await signedCase(7, "header", "query");
  const sig = parseSigV4(c.request)!;
  verifySigV4(c.request, sig, c.secretAccessKey, c.signedAt, { keyCache });
  verifySigV4(c.request, sig, c.secretAccessKey, c.signedAt, { keyCache });
  assert.equal(keyCache.size, 1);
  for (let i = 0; i < 10; i++) keyCache.get("secret" + i, "20150830", "us-east-1", "sts");
  assert.equal(keyCache.size, 4);
});
