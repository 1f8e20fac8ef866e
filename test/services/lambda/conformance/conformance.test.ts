// Data-driven conformance: LocalStack's Lambda API tests recorded against AWS
// (../shared/conformance/localstack/tests/aws/services/lambda_/test_lambda_api.snapshot.json),
// replayed step by step against a Nimbus node through the SDK, each answer compared with AWS's
// (matcher.ts unifies the recorded placeholders). expectations.json lists the cases (test::key)
// that pass; the last test fails on a regression and on a new pass, so diffs show both.
// Regenerate the list with: UPDATE_CONFORMANCE=1 node scripts/run-tests.js lambda/conformance
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { NimbusNode } from "../../../../src/nimbus.js";
import { startTestNimbus } from "../../../helpers/nimbus.js";
import { BotoLikeLambda } from "./client.js";
import { Unifier } from "./matcher.js";
import { makeScenario, type ScenarioFn } from "./scenario.js";
import { functionScenarios } from "./scenarios-functions.js";
import { invokeScenarios } from "./scenarios-invoke.js";
import { resourceScenarios } from "./scenarios-resources.js";
import { versionScenarios } from "./scenarios-versions.js";

const repoRoot = fileURLToPath(new URL("../../../../../", import.meta.url));
const snapshotDir = join(process.env.NIMBUS_CONFORMANCE_DIR ?? join(repoRoot, "..", "shared", "conformance"), "localstack/tests/aws/services/lambda_");
const snapshotFile = join(snapshotDir, "test_lambda_api.snapshot.json");
const expectationsFile = join(repoRoot, "test/services/lambda/conformance/expectations.json");
const PREFIX = "tests/aws/services/lambda_/test_lambda_api.py::";
const ACCOUNT = "111111111111";

const scenarios: Record<string, ScenarioFn> = { ...functionScenarios, ...versionScenarios, ...resourceScenarios, ...invokeScenarios };

/** Scenarios named "test_lambda.py::..." replay test_lambda.py; the others test_lambda_api.py. */
const BEHAVIOUR = "test_lambda.py::";

describe("Lambda API against recorded AWS responses", { skip: existsSync(snapshotFile) ? false : `no conformance data at ${snapshotFile}` }, () => {
  let node: NimbusNode;
  let lambda: BotoLikeLambda;
  type Snapshot = Record<string, { "recorded-content": Record<string, unknown> }>;
  const load = (file: string): Snapshot => (existsSync(join(snapshotDir, file)) ? (JSON.parse(readFileSync(join(snapshotDir, file), "utf8")) as Snapshot) : {});
  const apiSnapshot = load("test_lambda_api.snapshot.json");
  const behaviourSnapshot = load("test_lambda.snapshot.json");
  const recordedFor = (test: string) =>
    test.startsWith(BEHAVIOUR)
      ? behaviourSnapshot[`tests/aws/services/lambda_/test_lambda.py::${test.slice(BEHAVIOUR.length)}`]?.["recorded-content"]
      : apiSnapshot[PREFIX + test]?.["recorded-content"];
  const expected = new Set<string>((JSON.parse(readFileSync(expectationsFile, "utf8")) as { passing: string[] }).passing);
  const results = new Map<string, string | undefined>();

  before(async () => {
    node = await startTestNimbus({ lambda: { stateTransitionMs: 0, accountConcurrency: 1000 } });
    lambda = new BotoLikeLambda(node.endpoint, ACCOUNT);
  });
  after(async () => {
    lambda.destroy();
    await node.stop();
  });

  let run = 0;
  for (const [test, scenario] of Object.entries(scenarios).sort(([a], [b]) => a.localeCompare(b))) {
    const recordedContent = recordedFor(test);
    if (!recordedContent) continue;
    it(test, async () => {
      await fetch(`${node.endpoint}/_nimbus/reset?service=lambda`, { method: "POST" });
      const ours = new Map<string, unknown>();
      await scenario(makeScenario(lambda, ACCOUNT, "us-east-1", ours, `r${++run}x`));
      const unifier = new Unifier();
      const failures: string[] = [];
      for (const [key, value] of Object.entries(recordedContent)) {
        const name = `${test}::${key}`;
        const problem = ours.has(key) ? unifier.match(value, ours.get(key)) : "not replayed";
        results.set(name, problem);
        if (problem && expected.has(name)) failures.push(`${key}: ${problem}`);
      }
      assert.deepEqual(failures, [], "cases listed in expectations.json regressed");
    });
  }

  it("matches the checked-in expectations (regressions and new passes both fail)", () => {
    const passing = [...results].filter(([, problem]) => problem === undefined).map(([name]) => name).sort();
    if (process.env.UPDATE_CONFORMANCE === "1") {
      writeFileSync(expectationsFile, `${JSON.stringify({ passing }, null, 2)}\n`);
      return;
    }
    const regressions = [...results].filter(([name, problem]) => expected.has(name) && problem !== undefined).map(([name, p]) => `${name}: ${p}`);
    const newPasses = passing.filter((name) => !expected.has(name));
    const unknown = [...expected].filter((name) => !results.has(name));
    // CONFORMANCE_REPORT=<file> writes every failing case with its first difference.
    if (process.env.CONFORMANCE_REPORT) {
      const lines = [...results].filter(([, p]) => p).map(([name, p]) => `FAIL ${name}\n     ${p}`);
      writeFileSync(process.env.CONFORMANCE_REPORT, `${passing.length} passing, ${lines.length} failing\n${lines.join("\n")}\n`);
    }
    assert.deepEqual({ regressions, newPasses, unknown }, { regressions: [], newPasses: [], unknown: [] });
  });
});
