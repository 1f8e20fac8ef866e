// npm run gen:check is what CI runs: the committed src/aws/generated/ must be exactly what the
// generator writes from the vendored models, and a drift of any kind must fail the check.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { GENERATED_DIR, generateAll, vendoredServices } from "../../codegen/generated-files.js";
import { findStaleFiles, writeGeneratedFiles } from "../../codegen/output.js";

const REPO = dirname(dirname(dirname(GENERATED_DIR)));
const scratch = mkdtempSync(join(tmpdir(), "nimbus-codegen-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe("codegen check mode", () => {
  const files = generateAll();

  it("finds the committed generated code up to date", () => {
    assert.deepEqual(findStaleFiles(GENERATED_DIR, files), []);
  });

  it("generates one file per vendored model plus the catalogue", () => {
    const expected = [...vendoredServices().map((s) => `${s}.ts`), "catalog.ts"].sort();
    assert.deepEqual([...files.keys()].sort(), expected);
    assert.ok(files.has("cognito-idp.ts"));
  });

  it("is deterministic", () => {
    assert.deepEqual(generateAll(), files);
  });

  it("reports a changed, a missing and a stray file", () => {
    const dir = join(scratch, "stale");
    assert.equal(writeGeneratedFiles(dir, files).length, files.size);
    assert.deepEqual(findStaleFiles(dir, files), []);
    appendFileSync(join(dir, "sqs.ts"), "// hand edit\n");
    unlinkSync(join(dir, "sts.ts"));
    writeFileSync(join(dir, "old-service.ts"), "export {};\n");
    assert.deepEqual(findStaleFiles(dir, files), [
      { file: "old-service.ts", reason: "not generated" },
      { file: "sqs.ts", reason: "differs" },
      { file: "sts.ts", reason: "missing" },
    ]);
    writeGeneratedFiles(dir, files);
    assert.deepEqual(findStaleFiles(dir, files), []);
  });

  it("exits 0 from the CLI on the committed code and 1 with the stale files listed", () => {
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", "codegen/generate.ts", "--check", ...args], { cwd: REPO, encoding: "utf8", timeout: 60_000 });
    const ok = cli();
    assert.equal(ok.status, 0, ok.stderr);
    const dir = join(scratch, "cli");
    cpSync(GENERATED_DIR, dir, { recursive: true });
    appendFileSync(join(dir, "dynamodb.ts"), "\n");
    const stale = cli("--out", dir);
    assert.equal(stale.status, 1);
    assert.match(stale.stderr, /dynamodb\.ts: differs/);
    assert.doesNotMatch(stale.stderr, /sqs\.ts/);
  });
});
