import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ServiceError } from "../../../../src/aws/errors.js";
import type { Item } from "../../../../src/services/dynamodb/storage/attribute-value.js";
import {
  assertItemSizeWithinLimit,
  itemSize,
  MAX_ITEM_SIZE_BYTES,
  numberSize,
  readCapacityUnits,
  writeCapacityUnits,
  writeCapacityUnitsForChange,
} from "../../../../src/services/dynamodb/storage/item-size.js";

describe("item size", () => {
  it("measures numbers as base-100 digits aligned on the decimal point, plus one byte", () => {
    const cases: [string, number][] = [
      ["0", 1],
      ["-0.000", 1],
      ["1", 2],
      ["12", 2],
      ["123", 3],
      ["100", 2], // trailing zero pairs cost nothing
      ["1000", 2],
      ["10", 2],
      ["1.5", 3], // "1" and "5" fall in different base-100 digits
      ["15", 2],
      ["0.15", 2],
      ["0.015", 3],
      ["12.34", 3],
      ["-1", 3], // negatives carry a terminator byte
      ["-1E-130", 3],
      ["12345678901234567890123456789012345678", 20],
      ["1.2345678901234567890123456789012345678", 21],
      ["-1.2345678901234567890123456789012345678", 21], // capped at 21 bytes
    ];
    for (const [text, size] of cases) assert.equal(numberSize(text), size, text);
  });

  it("adds names, strings, binaries, booleans, nulls and sets as AWS documents", () => {
    const item: Item = {
      id: { S: "f0ba8d6c" }, // 2 + 8
      fullName: { S: "Zac Charles" }, // 8 + 11
      isAdmin: { BOOL: true }, // 7 + 1
      favouriteNumber: { N: "-1E-130" }, // 15 + 3
      foods: { SS: ["pizza", "burger"] }, // 5 + 11
      blob: { B: Buffer.from([1, 2, 3]) }, // 4 + 3
      nothing: { NULL: true }, // 7 + 1
      nums: { NS: ["1", "100"] }, // 4 + 2 + 2
      blobs: { BS: [Buffer.alloc(2), Buffer.alloc(5)] }, // 5 + 7
      "é": { S: "ü" }, // 2 + 2 (UTF-8 bytes, not characters)
    };
    assert.equal(itemSize(item), 10 + 19 + 8 + 18 + 16 + 7 + 8 + 8 + 12 + 4);
  });

  it("charges 3 bytes per list or map and 1 byte per element", () => {
    assert.equal(itemSize({ m: { M: {} } }), 1 + 3);
    assert.equal(itemSize({ l: { L: [] } }), 1 + 3);
    assert.equal(itemSize({ m: { M: { a: { N: "1" } } } }), 1 + 3 + (1 + 2 + 1));
    assert.equal(itemSize({ l: { L: [{ S: "ab" }, { NULL: true }] } }), 1 + 3 + (2 + 1) + (1 + 1));
    assert.equal(
      itemSize({ n: { M: { inner: { L: [{ M: {} }] } } } }),
      1 + 3 + (5 + (3 + (3 + 1)) + 1),
    );
  });

  it("rejects items over 400 KB with AWS's message", () => {
    const atLimit: Item = { a: { S: "x".repeat(MAX_ITEM_SIZE_BYTES - 1) } };
    assert.equal(itemSize(atLimit), 409600);
    assertItemSizeWithinLimit(itemSize(atLimit));
    const over: Item = { a: { S: "x".repeat(MAX_ITEM_SIZE_BYTES) } };
    assert.throws(
      () => assertItemSizeWithinLimit(itemSize(over)),
      (e: unknown) =>
        e instanceof ServiceError &&
        e.code === "ValidationException" &&
        e.status === 400 &&
        e.message === "Item size has exceeded the maximum allowed size",
    );
  });
});

describe("capacity units", () => {
  it("reads in 4 KB blocks, eventually consistent at half, transactional at double", () => {
    assert.equal(readCapacityUnits(0), 0.5);
    assert.equal(readCapacityUnits(0, { consistent: true }), 1);
    assert.equal(readCapacityUnits(4096, { consistent: true }), 1);
    assert.equal(readCapacityUnits(4097, { consistent: true }), 2);
    assert.equal(readCapacityUnits(4097), 1);
    assert.equal(readCapacityUnits(4097, { transactional: true }), 4);
  });

  it("writes in 1 KB blocks, transactional at double, changes at the larger size", () => {
    assert.equal(writeCapacityUnits(0), 1);
    assert.equal(writeCapacityUnits(1024), 1);
    assert.equal(writeCapacityUnits(1025), 2);
    assert.equal(writeCapacityUnits(1025, { transactional: true }), 4);
    assert.equal(writeCapacityUnitsForChange(3000, 500), 3);
    assert.equal(writeCapacityUnitsForChange(undefined, 500), 1);
  });
});
