// The key-to-file-name mapping of the file-system blob store: reversible, and unable to name
// anything outside the service's folder whatever the key holds.
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { join, relative, sep } from "node:path";
import { describe, it } from "node:test";
import { compareUtf8 } from "../../src/storage/blobs/blob-keys.js";
import { decodeName, keyToPathNames, prefixToFolderNames } from "../../src/storage/blobs/fs-key-path.js";

const decodeKey = (names: string[]): string => Buffer.concat(names.map((n) => decodeName(n)!)).toString("utf8");

/** Random well-formed keys mixing ASCII, separators, dots, multi-byte and astral characters. */
function randomKey(): string {
  const alphabet = ["a", "Z", "/", ".", "..", "%", "^", "\\", " ", "é", "😀", "\u{10FFFF}", "\uFFFD", "-", "_", ":"];
  let key = "";
  const length = randomInt(0, 60);
  for (let i = 0; i < length; i++) key += alphabet[randomInt(alphabet.length)];
  if (randomInt(4) === 0) key += "x".repeat(randomInt(150, 400)); // long segments get chunked
  return key;
}

describe("file-system blob key paths", () => {
  it("round-trips keys and only ever produces safe single names", () => {
    const root = join("/data", "blobs", "svc");
    for (let i = 0; i < 2000; i++) {
      const key = randomKey();
      const names = keyToPathNames(key);
      assert.equal(decodeKey(names), key);
      for (const name of names) {
        assert.match(name, /^[dfc][a-z0-9_%^-]*$/, `name ${name} of key ${JSON.stringify(key)}`);
        assert.ok(Buffer.byteLength(name) <= 201, "fits a 255-byte file name");
      }
      const path = join(root, ...names);
      const rel = relative(root, path);
      assert.ok(!rel.startsWith("..") && !rel.includes(`..${sep}`), `stays inside: ${rel}`);
      assert.equal(rel.split(sep).length, names.length, "no name collapses or splits");
    }
  });

  it("maps keys differing only in case, or a file and a folder of one name, to different paths", () => {
    assert.notDeepEqual(keyToPathNames("Readme"), keyToPathNames("readme"));
    assert.deepEqual(keyToPathNames("a"), ["fa"]);
    assert.deepEqual(keyToPathNames("a/"), ["da", "f"]);
    assert.deepEqual(keyToPathNames("../x"), ["d%2e%2e", "fx"]);
    assert.deepEqual(keyToPathNames("Ab.c"), ["f^ab%2ec"]);
  });

  it("places every key with a prefix under the prefix's folder", () => {
    for (let i = 0; i < 500; i++) {
      const key = randomKey();
      const cut = randomInt(0, key.length + 1);
      const prefix = key.slice(0, cut);
      if (/[\uD800-\uDBFF]$/.test(prefix)) continue; // a prefix is never cut inside a character
      const folders = prefixToFolderNames(prefix);
      assert.deepEqual(keyToPathNames(key).slice(0, folders.length), folders, `${JSON.stringify(key)} / ${cut}`);
    }
  });

  it("ignores names it does not produce (temporary files, non-canonical escapes)", () => {
    assert.equal(decodeName("t0123abcd"), undefined);
    assert.equal(decodeName("f%61"), undefined, "'a' is never escaped");
    assert.equal(decodeName("fA"), undefined);
    assert.equal(decodeName("f%4"), undefined);
    assert.equal(decodeName("f^1"), undefined);
    assert.equal(decodeName(".hidden"), undefined);
  });

  it("orders keys by UTF-8 bytes", () => {
    for (let i = 0; i < 2000; i++) {
      const [a, b] = [randomKey(), randomKey()];
      assert.equal(Math.sign(compareUtf8(a, b)), Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))), `${a} ${b}`);
    }
    assert.ok(compareUtf8("\uFFFD", "😀") < 0, "U+FFFD sorts before U+1F600 in UTF-8, unlike UTF-16");
  });
});
