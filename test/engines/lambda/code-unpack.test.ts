// Deployment package unpacking: once per SHA, permissions kept, size limit and unsafe entries refused.
import assert from "node:assert/strict";
import { lstatSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import yazl from "yazl";
import { CodeUnpackError, MAX_UNZIPPED_BYTES, unpackCode } from "../../../src/engines/lambda/code-unpack.js";
import { scratch } from "./helpers.js";

function zip(entries: Array<{ name: string; content: string | Buffer; mode?: number }>): Promise<Buffer> {
  const file = new yazl.ZipFile();
  for (const e of entries) file.addBuffer(Buffer.from(e.content), e.name, e.mode === undefined ? {} : { mode: e.mode });
  file.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    file.outputStream.on("data", (c: Buffer) => chunks.push(c));
    file.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    file.outputStream.on("error", reject);
  });
}

describe("code unpacking", () => {
  const cache = scratch("nimbus-code-");
  after(() => cache.cleanup());

  it("unpacks once per SHA and keeps executable bits", async () => {
    const pkg = await zip([
      { name: "index.js", content: "exports.handler = 1;" },
      { name: "bootstrap", content: "#!/bin/sh\n", mode: 0o100755 },
      { name: "lib/util/x.txt", content: "nested" },
    ]);
    const first = await unpackCode(pkg, { cacheDir: cache.dir, sha256: "abc123" });
    assert.equal(readFileSync(join(first.dir, "lib/util/x.txt"), "utf8"), "nested");
    assert.equal(first.unzippedBytes, 20 + 10 + 6);
    assert.ok(statSync(join(first.dir, "bootstrap")).mode & 0o111, "bootstrap stays executable");
    assert.equal(statSync(join(first.dir, "index.js")).mode & 0o222, 0, "code is read-only as /var/task is");
    // Same SHA: the cached folder, not a second extraction.
    const other = await zip([{ name: "other.js", content: "x" }]);
    const again = await unpackCode(other, { cacheDir: cache.dir, sha256: "abc123" });
    assert.deepEqual(again, first);
  });

  it("refuses packages whose unzipped size exceeds the limit, with AWS's message", async () => {
    const pkg = await zip([{ name: "big.bin", content: Buffer.alloc(5000) }]);
    await assert.rejects(unpackCode(pkg, { cacheDir: cache.dir, sha256: "big", maxUnzippedBytes: 4096 }), {
      name: "CodeUnpackError",
      message: "Unzipped size must be smaller than 4096 bytes",
    });
    assert.equal(MAX_UNZIPPED_BYTES, 262_144_000);
    assert.throws(() => statSync(join(cache.dir, "big")), "nothing left behind");
  });

  it("refuses entries that escape the folder", async () => {
    const base = await zip([{ name: "xx/evil.txt", content: "pwned" }]);
    const traversal = Buffer.from(base.toString("latin1").replaceAll("xx/evil.txt", "../evil.txt"), "latin1");
    await assert.rejects(unpackCode(traversal, { cacheDir: cache.dir, sha256: "traversal" }), CodeUnpackError);
    assert.throws(() => statSync(join(cache.dir, "evil.txt")));

    const link = await zip([{ name: "link", content: "../../../etc/passwd", mode: 0o120777 }]);
    await assert.rejects(unpackCode(link, { cacheDir: cache.dir, sha256: "link" }), CodeUnpackError);
    const inside = await zip([
      { name: "real.txt", content: "ok" },
      { name: "alias", content: "real.txt", mode: 0o120777 },
    ]);
    const unpacked = await unpackCode(inside, { cacheDir: cache.dir, sha256: "inside" });
    assert.ok(lstatSync(join(unpacked.dir, "alias")).isSymbolicLink());
    assert.equal(readlinkSync(join(unpacked.dir, "alias")), "real.txt");
  });

  it("refuses what is not a zip", async () => {
    await assert.rejects(unpackCode(Buffer.from("not a zip at all"), { cacheDir: cache.dir, sha256: "junk" }), {
      message: "Could not unzip uploaded file. Please check your file, then try to upload again.",
    });
  });
});
