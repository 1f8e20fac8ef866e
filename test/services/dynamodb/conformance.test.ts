// Data-driven conformance: every recording of LocalStack's test_dynamodb.snapshot.json (made
// against real AWS) that a scenario re-enacts is compared with Nimbus's answers. The list of
// matching recordings is checked in (conformance/expectations.json) and ratchets: a recording
// that stops matching fails the run, and one that starts matching asks for the list to grow.
// Regenerate the list with NIMBUS_UPDATE_EXPECTATIONS=1.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { NimbusNode } from "../../../src/nimbus.js";
import { startTestNimbus } from "../../helpers/nimbus.js";
import { ConformanceClient } from "./conformance/client.js";
import { SnapshotMatcher } from "./conformance/match.js";
import { SCENARIOS } from "./conformance/scenarios.js";

const SNAPSHOTS = "/work/shared/conformance/localstack/tests/aws/services/dynamodb/test_dynamodb.snapshot.json";
const PREFIX = "tests/aws/services/dynamodb/test_dynamodb.py::TestDynamoDB::";
const SOURCE_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../../../test/services/dynamodb/conformance");
const EXPECTATIONS = join(SOURCE_DIR, "expectations.json");

interface Expectations {
  passing: string[];
}

describe("DynamoDB conformance with AWS recordings", { skip: existsSync(SNAPSHOTS) ? false : "conformance data not present" }, () => {
  let node: NimbusNode;
  let client: ConformanceClient;
  const outcomes = new Map<string, string[]>();
  const recordings: Record<string, { "recorded-content": Record<string, unknown> }> = existsSync(SNAPSHOTS) ? JSON.parse(readFileSync(SNAPSHOTS, "utf8")) : {};
  let counter = 0;
  // Like LocalStack's f"{prefix}_{short_uid()}": PartiQL statements use these names unquoted.
  const name = (prefix: string) => `${prefix}_${(++counter).toString(36).padStart(4, "0")}`;

  before(async () => {
    node = await startTestNimbus();
    client = new ConformanceClient(node);
  });
  after(() => node.stop());

  for (const id of Object.keys(recordings).sort()) {
    const test = id.slice(PREFIX.length);
    const scenario = SCENARIOS[test];
    it(test, async (t) => {
      if (!scenario) {
        outcomes.set(test, ["no scenario re-enacts this recording"]);
        t.skip("no scenario");
        return;
      }
      const expected = recordings[id]!["recorded-content"];
      let actual: Record<string, unknown>;
      try {
        actual = await scenario.run(client, name);
      } catch (error) {
        outcomes.set(test, [`scenario failed: ${(error as Error).message}`]);
        return;
      }
      const matcher = new SnapshotMatcher(scenario.skip);
      for (const key of Object.keys(expected)) {
        if (scenario.skip?.some((re) => re.test(`$.${key}`))) continue;
        matcher.match(expected[key], actual[key], `$.${key}`);
      }
      outcomes.set(test, matcher.differences);
    });
  }

  it("matches the checked-in list of passing recordings", () => {
    const passing = [...outcomes].filter(([, differences]) => differences.length === 0).map(([test]) => test).sort();
    if (process.env.NIMBUS_UPDATE_EXPECTATIONS === "1") {
      writeFileSync(EXPECTATIONS, `${JSON.stringify({ passing } satisfies Expectations, null, 2)}\n`);
      return;
    }
    const expected = (JSON.parse(readFileSync(EXPECTATIONS, "utf8")) as Expectations).passing;
    const regressions = expected.filter((test) => !passing.includes(test)).map((test) => `${test}: ${outcomes.get(test)?.slice(0, 3).join(" | ")}`);
    const newPasses = passing.filter((test) => !expected.includes(test));
    assert.deepEqual(regressions, [], "recordings that no longer match");
    assert.deepEqual(newPasses, [], "recordings that now match: add them to conformance/expectations.json");
  });

  it("reports what still differs (informational)", () => {
    for (const [test, differences] of [...outcomes].sort()) {
      if (differences.length > 0 && process.env.NIMBUS_CONFORMANCE_VERBOSE === "1") console.log(`${test}:\n  ${differences.slice(0, 8).join("\n  ")}`);
    }
  });
});
