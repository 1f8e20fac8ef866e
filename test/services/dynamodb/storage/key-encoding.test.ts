// Property tests: a byte comparison of encoded keys must order them exactly as DynamoDB does.
// Oracles are independent of the encoder: decimal.js for numbers, Unicode code points for
// strings (UTF-8 byte order equals code point order), an unsigned byte loop for binaries.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Decimal } from "decimal.js";
import {
  decodeNumber,
  encodeKeyValue,
  encodeNumber,
  partitionHash,
  prefixSuccessor,
  segmentHashRange,
  segmentOfHash,
} from "../../../../src/services/dynamodb/storage/key-encoding.js";
import { ServiceError } from "../../../../src/aws/errors.js";
import { seededRandom, testSeed } from "./helpers/random.js";
import { codePointCompare, randomNumberText, randomString, unsignedCompare } from "./helpers/values.js";

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

describe("number key encoding", () => {
  const seed = testSeed();

  it(`orders random numbers exactly as decimal.js does (seed ${seed})`, () => {
    const r = seededRandom(seed);
    for (let i = 0; i < 5000; i++) {
      const a = randomNumberText(r);
      const b = r.next() < 0.1 ? a : randomNumberText(r);
      const expected = new Decimal(a).cmp(new Decimal(b));
      const actual = sign(Buffer.compare(encodeNumber(a), encodeNumber(b)));
      assert.equal(actual, expected, `${a} vs ${b}`);
    }
  });

  it("sorts a random list into decimal.js order", () => {
    const r = seededRandom(seed + 1);
    const numbers = Array.from({ length: 2000 }, () => randomNumberText(r));
    const byBytes = [...numbers].sort((a, b) => Buffer.compare(encodeNumber(a), encodeNumber(b)));
    const byValue = [...numbers].sort((a, b) => new Decimal(a).cmp(new Decimal(b)));
    assert.deepEqual(byBytes.map((n) => new Decimal(n).toString()), byValue.map((n) => new Decimal(n).toString()));
  });

  it("round-trips every value through decode", () => {
    const r = seededRandom(seed + 2);
    for (let i = 0; i < 3000; i++) {
      const text = randomNumberText(r);
      assert.ok(new Decimal(decodeNumber(encodeNumber(text))).eq(new Decimal(text)), text);
    }
  });

  it("encodes equal values identically whatever their spelling", () => {
    for (const spellings of [
      ["1", "1.0", "01", "1e0", "10E-1", "0.1e1", "+1"],
      ["0", "-0", "0.000", "0e10", "-0.0e-5"],
      ["-123.45", "-12345e-2", "-0.0012345E5"],
    ]) {
      const encoded = spellings.map((s) => encodeNumber(s).toString("hex"));
      assert.equal(new Set(encoded).size, 1, spellings.join(", "));
    }
  });

  it("covers the extremes of DynamoDB's range", () => {
    const ordered = [
      "-9.9999999999999999999999999999999999999E+125",
      "-1E+125",
      "-1",
      // Digit strings that are prefixes of each other: the longer is the larger magnitude.
      "-1.12e-100",
      "-1.1e-100",
      "-1e-100",
      "-1E-130",
      "0",
      "1E-130",
      "1.0000000000000000000000000000000000001E-130",
      "1e-100",
      "1.1e-100",
      "1.12e-100",
      "0.5",
      "9.9999999999999999999999999999999999999E+125",
    ];
    for (let i = 1; i < ordered.length; i++) {
      assert.ok(Buffer.compare(encodeNumber(ordered[i - 1]!), encodeNumber(ordered[i]!)) < 0, ordered[i]!);
    }
    assert.equal(encodeNumber("9.9999999999999999999999999999999999999E+125").length, 21);
    assert.equal(encodeNumber("-9.9999999999999999999999999999999999999E+125").length, 22);
  });

  it("rejects numbers DynamoDB rejects, with its messages", () => {
    const cases: [string, string][] = [
      ["1E+126", "Number overflow. Attempting to store a number with magnitude larger than supported range"],
      ["-1E-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range"],
      ["1.00000000000000000000000000000000000001", "Attempting to store more than 38 significant digits in a Number"],
      ["abc", "A value provided cannot be converted into a number"],
      ["1e", "A value provided cannot be converted into a number"],
      [".", "A value provided cannot be converted into a number"],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => encodeNumber(text),
        (e: unknown) => e instanceof ServiceError && e.code === "ValidationException" && e.message === message,
        text,
      );
    }
    // 38 significant digits are fine; trailing zeros do not count.
    encodeNumber("12345678901234567890123456789012345678000000");
  });
});

describe("string and binary key encoding", () => {
  const seed = testSeed();

  it(`orders strings by UTF-8 bytes, i.e. by code point, not by UTF-16 (seed ${seed})`, () => {
    const r = seededRandom(seed + 3);
    for (let i = 0; i < 5000; i++) {
      const a = randomString(r);
      const b = r.next() < 0.1 ? a : randomString(r);
      const actual = sign(Buffer.compare(encodeKeyValue("S", { S: a })!, encodeKeyValue("S", { S: b })!));
      assert.equal(actual, sign(codePointCompare(a, b)), JSON.stringify([a, b]));
    }
    // The case where JavaScript's own string order disagrees with DynamoDB's.
    const bmp = encodeKeyValue("S", { S: "\uffff" })!;
    const astral = encodeKeyValue("S", { S: "😀" })!;
    assert.ok("\uffff" > "😀" && Buffer.compare(bmp, astral) < 0);
  });

  it("orders binaries as unsigned bytes", () => {
    const r = seededRandom(seed + 4);
    for (let i = 0; i < 3000; i++) {
      const a = Buffer.from(Array.from({ length: r.int(1, 5) }, () => r.pick([0, 1, 127, 128, 200, 255])));
      const b = Buffer.from(Array.from({ length: r.int(1, 5) }, () => r.pick([0, 1, 127, 128, 200, 255])));
      const actual = sign(Buffer.compare(encodeKeyValue("B", { B: a })!, encodeKeyValue("B", { B: b })!));
      assert.equal(actual, sign(unsignedCompare(a, b)));
    }
  });

  it("returns undefined for a value of another type than declared", () => {
    assert.equal(encodeKeyValue("S", { N: "1" }), undefined);
    assert.equal(encodeKeyValue("N", { S: "1" }), undefined);
    assert.equal(encodeKeyValue("B", { S: "1" }), undefined);
  });

  it("bounds begins_with ranges with the prefix successor", () => {
    assert.deepEqual(prefixSuccessor(Buffer.from([0x61, 0x62])), Buffer.from([0x61, 0x63]));
    assert.deepEqual(prefixSuccessor(Buffer.from([0x61, 0xff, 0xff])), Buffer.from([0x62]));
    assert.equal(prefixSuccessor(Buffer.from([0xff])), undefined);
    const r = seededRandom(seed + 5);
    for (let i = 0; i < 2000; i++) {
      const prefix = encodeKeyValue("S", { S: randomString(r) })!;
      const other = encodeKeyValue("S", { S: randomString(r) })!;
      const successor = prefixSuccessor(prefix);
      const inRange = Buffer.compare(other, prefix) >= 0 && (!successor || Buffer.compare(other, successor) < 0);
      assert.equal(inRange, other.subarray(0, prefix.length).equals(prefix));
    }
  });
});

describe("partition hash segments", () => {
  it("puts every hash in exactly one segment, consistently with the segment ranges", () => {
    const r = seededRandom(testSeed() + 6);
    for (const total of [1, 2, 3, 7, 1000, 1_000_000]) {
      let previousHigh = -(2 ** 31) - 1;
      const sample = total > 1000 ? [0, 1, 499_999, total - 1] : Array.from({ length: total }, (_, s) => s);
      for (const segment of sample) {
        const { low, high } = segmentHashRange(segment, total);
        if (total <= 1000) assert.equal(low, previousHigh + 1);
        assert.equal(segmentOfHash(low, total), segment);
        assert.equal(segmentOfHash(high, total), segment);
        previousHigh = high;
      }
      if (total <= 1000) assert.equal(previousHigh, 2 ** 31 - 1);
      for (let i = 0; i < 200; i++) {
        const h = partitionHash(Buffer.from(String(r.next())));
        const { low, high } = segmentHashRange(segmentOfHash(h, total), total);
        assert.ok(low <= h && h <= high);
      }
    }
  });

  it("spreads keys evenly across segments", () => {
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[segmentOfHash(partitionHash(Buffer.from(`user#${i}`)), 8)]!++;
    for (const c of counts) assert.ok(c > 800 && c < 1200, `uneven: ${counts.join(",")}`);
  });
});
