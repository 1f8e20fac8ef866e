// Data-driven conformance: mapping-template cases recorded against AWS (LocalStack's snapshot
// files in ../shared/conformance), replayed through our engine. conformance-expectations.json
// lists the cases that pass; the test fails on a regression (a listed case failing) and on a new
// pass (an unlisted case passing) so that both show in diffs. Regenerate the list with
// UPDATE_CONFORMANCE=1 node scripts/run-tests.js mapping/conformance
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { conformanceCases } from "./conformance-cases.js";

const repoRoot = fileURLToPath(new URL("../../../../../", import.meta.url));
const snapshotDir = join(process.env.NIMBUS_CONFORMANCE_DIR ?? join(repoRoot, "..", "shared", "conformance"), "localstack/tests/aws/services/apigateway");
const expectationsFile = join(repoRoot, "test/engines/apigw/mapping/conformance-expectations.json");

interface Expectations {
  passing: string[];
}

function loadSnapshot(file: string): Record<string, { "recorded-content": Record<string, unknown> }> {
  return JSON.parse(readFileSync(join(snapshotDir, file), "utf8"));
}

function loadExpectations(): Set<string> {
  return new Set((JSON.parse(readFileSync(expectationsFile, "utf8")) as Expectations).passing);
}

describe("mapping templates against recorded AWS responses", { skip: existsSync(snapshotDir) ? false : `no conformance data at ${snapshotDir}` }, () => {
  const snapshots = new Map<string, ReturnType<typeof loadSnapshot>>();
  const results = new Map<string, { ok: boolean; detail?: string }>();
  const expectedPassing = loadExpectations();

  for (const c of conformanceCases) {
    // A case not (yet) expected to pass runs as a todo: its failure is reported, not fatal.
    it(c.name, { todo: !expectedPassing.has(c.name) }, () => {
      if (!snapshots.has(c.file)) snapshots.set(c.file, loadSnapshot(c.file));
      const recorded = snapshots.get(c.file)![c.test]?.["recorded-content"]?.[c.key];
      assert.notEqual(recorded, undefined, `no recorded value for ${c.test} / ${c.key}`);
      const expected = c.expected ? c.expected(recorded) : recorded;
      try {
        assert.deepEqual(c.actual(recorded), expected);
        results.set(c.name, { ok: true });
      } catch (error) {
        results.set(c.name, { ok: false, detail: (error as Error).message.split("\n").slice(0, 12).join("\n") });
        throw error;
      }
    });
  }

  it("matches the checked-in expectations (regressions and new passes both fail)", () => {
    const passing = [...results].filter(([, r]) => r.ok).map(([name]) => name).sort();
    if (process.env.UPDATE_CONFORMANCE === "1") {
      writeFileSync(expectationsFile, `${JSON.stringify({ passing } satisfies Expectations, null, 2)}\n`);
      return;
    }
    const expected = expectedPassing;
    const regressions = [...results].filter(([name, r]) => expected.has(name) && !r.ok).map(([name, r]) => `${name}\n${r.detail ?? ""}`);
    const newPasses = passing.filter((name) => !expected.has(name));
    const unknown = [...expected].filter((name) => !results.has(name));
    assert.deepEqual({ regressions, newPasses, unknown }, { regressions: [], newPasses: [], unknown: [] });
  });
});
