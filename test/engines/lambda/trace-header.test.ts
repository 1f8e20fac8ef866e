// The X-Ray trace header Lambda generates for an invocation that arrives without one.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newTraceHeader } from "../../../src/engines/lambda/invocation.js";

describe("newTraceHeader", () => {
  it("has the X-Ray format: epoch seconds in hex, a 96-bit root id, a 64-bit parent id", () => {
    const now = Date.UTC(2026, 0, 1);
    const header = newTraceHeader(now);
    const m = /^Root=1-([0-9a-f]{8})-([0-9a-f]{24});Parent=([0-9a-f]{16});Sampled=0$/.exec(header);
    assert.ok(m, header);
    assert.equal(Number.parseInt(m[1]!, 16), now / 1000);
    assert.notEqual(newTraceHeader(now), header, "ids are random");
  });
});
