// npm run gen:        regenerate src/aws/generated/ from models/ (+ models/patches/).
// npm run gen:check:  regenerate in memory and exit 1, listing the stale files, if anything on
//                     disk differs from what would be written (CI runs this).
// --out <dir> points either mode at another folder (the tests use it on a scratch copy).
import { relative, resolve } from "node:path";
import { GENERATED_DIR, generateAll } from "./generated-files.js";
import { findStaleFiles, writeGeneratedFiles } from "./output.js";

const args = process.argv.slice(2);
const check = args.includes("--check");
const outIndex = args.indexOf("--out");
const dir = outIndex >= 0 && args[outIndex + 1] ? resolve(args[outIndex + 1]!) : GENERATED_DIR;
const where = relative(process.cwd(), dir) || dir;
const files = generateAll();

if (check) {
  const stale = findStaleFiles(dir, files);
  if (stale.length > 0) {
    console.error(`${where} is out of date with models/ (run \`npm run gen\`):`);
    for (const { file, reason } of stale) console.error(`  ${file}: ${reason}`);
    process.exit(1);
  }
  console.log(`${where}: ${files.size} files up to date`);
} else {
  const changed = writeGeneratedFiles(dir, files);
  for (const { file, reason } of changed) console.log(`  ${file}: ${reason === "not generated" ? "removed" : "written"}`);
  console.log(`${where}: ${files.size} files, ${changed.length} changed`);
}
