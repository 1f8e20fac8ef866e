// Data-driven conformance of the API Gateway control plane: every answer AWS gave in
// LocalStack's test_apigateway_api.snapshot.json (../shared/conformance, recorded against
// AWS), and those of the control-plane tests of the canary, extended and common snapshot
// files, is a
// case "<TestClass::test> / <key>". The scenarios (apigateway-conformance/) replay
// each recorded test's calls through the SDK against a Nimbus node, in account 111111111111
// as recorded, and each answer is compared with AWS's after the recorder's normalisation
// (apigateway-conformance/compare.ts). apigateway-conformance-expectations.json lists the
// cases that pass: a listed case failing is a regression, an unlisted case passing a new pass,
// and both fail the last test so that every change shows in the diff. Cases without a
// scenario (TestInvokeMethod: not implemented; tests whose input files are not in the
// conformance data) never pass.
// Regenerate: UPDATE_CONFORMANCE=1 node scripts/run-tests.js apigateway-conformance
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import type { NimbusNode } from "../../src/nimbus.js";
import { clientConfig, startTestNimbus } from "../helpers/nimbus.js";
import { Bindings, comparable, differences } from "./apigateway-conformance/compare.js";
import { ScenarioContext, type ScenarioTable } from "./apigateway-conformance/scenario.js";
import { extraScenarios } from "./apigateway-conformance/scenarios-extras.js";
import { apiKeyScenarios } from "./apigateway-conformance/scenarios-api-keys.js";
import { canaryScenarios } from "./apigateway-conformance/scenarios-canary.js";
import { commonScenarios } from "./apigateway-conformance/scenarios-common.js";
import { methodScenarios } from "./apigateway-conformance/scenarios-methods.js";
import { responseScenarios } from "./apigateway-conformance/scenarios-responses.js";
import { restApiScenarios } from "./apigateway-conformance/scenarios-rest-apis.js";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const snapshotDir = join(process.env.NIMBUS_CONFORMANCE_DIR ?? join(repoRoot, "..", "shared", "conformance"), "localstack/tests/aws/services/apigateway");
const snapshotFile = join(snapshotDir, "test_apigateway_api.snapshot.json");
/** Further snapshot files, of which only the tests with a scenario count. */
const extraFiles = ["test_apigateway_canary.snapshot.json", "test_apigateway_extended.snapshot.json", "test_apigateway_common.snapshot.json"];
const expectationsFile = join(repoRoot, "test/e2e/apigateway-conformance-expectations.json");
const scenarios: ScenarioTable = { ...restApiScenarios, ...methodScenarios, ...responseScenarios, ...extraScenarios, ...canaryScenarios, ...apiKeyScenarios, ...commonScenarios };

type Snapshot = Record<string, { "recorded-content": Record<string, unknown> }>;

describe("API Gateway control plane against AWS's recorded answers", { skip: existsSync(snapshotFile) ? false : `no conformance data at ${snapshotFile}` }, () => {
  let node: NimbusNode;
  let client: APIGatewayClient;
  const snapshot: Snapshot = existsSync(snapshotFile) ? JSON.parse(readFileSync(snapshotFile, "utf8")) : {};
  for (const file of extraFiles) {
    if (!existsSync(join(snapshotDir, file))) continue;
    const extra = JSON.parse(readFileSync(join(snapshotDir, file), "utf8")) as Snapshot;
    for (const [id, entry] of Object.entries(extra)) if (scenarios[id.split("::").slice(1).join("::")]) snapshot[id] = entry;
  }
  const expected = new Set<string>((JSON.parse(readFileSync(expectationsFile, "utf8")) as { passing: string[] }).passing);
  const results = new Map<string, string[]>();

  before(async () => {
    node = await startTestNimbus();
    client = new APIGatewayClient(clientConfig(node, { accessKeyId: "111111111111", secretAccessKey: "test" }));
  });
  after(async () => {
    client.destroy();
    await node.stop();
  });

  for (const [testId, entry] of Object.entries(snapshot)) {
    const test = testId.split("::").slice(1).join("::");
    const keys = Object.keys(entry["recorded-content"]);
    // A test runs as a todo unless some of its cases are expected to pass.
    const todo = !keys.some((key) => expected.has(`${test} / ${key}`));
    it(test, { todo }, async () => {
      const scenario = scenarios[test];
      const ours = new Map<string, unknown>();
      if (scenario) {
        // Each recorded test started from an empty account (LocalStack deletes every API first).
        await fetch(`${node.endpoint}/_nimbus/reset`, { method: "POST", body: JSON.stringify({ service: "apigateway" }) });
        const ctx = new ScenarioContext(client);
        await scenario(ctx);
        for (const [k, v] of ctx.recorded) ours.set(k, v);
      }
      const bindings = new Bindings();
      const failures: string[] = [];
      for (const key of keys) {
        const name = `${test} / ${key}`;
        const saved = bindings.snapshot();
        const problems = !scenario
          ? ["no scenario"]
          : !ours.has(key)
            ? ["not recorded by the scenario"]
            : differences(comparable(entry["recorded-content"][key]), comparable(ours.get(key)), bindings);
        if (problems.length > 0) bindings.restore(saved);
        results.set(name, problems);
        if (problems.length > 0) failures.push(`${key}:\n    ${problems.slice(0, 4).join("\n    ")}`);
      }
      const regressions = keys.filter((key) => expected.has(`${test} / ${key}`) && (results.get(`${test} / ${key}`)?.length ?? 1) > 0);
      assert.deepEqual(regressions, [], failures.join("\n"));
      if (todo) assert.deepEqual(failures, []);
    });
  }

  it("matches the checked-in expectations (regressions and new passes both fail)", () => {
    const passing = [...results].filter(([, problems]) => problems.length === 0).map(([name]) => name).sort();
    if (process.env.UPDATE_CONFORMANCE === "1") {
      writeFileSync(expectationsFile, `${JSON.stringify({ passing }, null, 2)}\n`);
      return;
    }
    const regressions = [...expected].filter((name) => (results.get(name)?.length ?? 1) > 0);
    const newPasses = passing.filter((name) => !expected.has(name));
    assert.deepEqual({ regressions, newPasses }, { regressions: [], newPasses: [] });
  });
});
