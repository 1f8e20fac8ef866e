// npm run gen:        regenerate src/aws/generated/ from models/ (+ models/patches/).
// npm run gen:check:  regenerate in memory and exit 1, listing the stale files, if anything on
//                     disk differs from what would be written (CI runs this).
import { relative } from "node:path";
import { GENERATED_DIR, generateAll } from "./generated-files.js";
import { findStaleFiles, writeGeneratedFiles } from "./output.js";

const check = process.argv.includes("--check");
const files = generateAll();
const where = relative(process.cwd(), GENERATED_DIR) || GENERATED_DIR;

if (check) {
  const stale = findStaleFiles(GENERATED_DIR, files);
  if (stale.length > 0) {
    console.error(`${where} is out of date with models/ (run \`npm run gen\`):`);
    for (const { file, reason } of stale) console.error(`  ${file}: ${reason}`);
    process.exit(1);
  }
  console.log(`${where}: ${files.size} files up to date`);
} else {
  const changed = writeGeneratedFiles(GENERATED_DIR, files);
  for (const { file, reason } of changed) console.log(`  ${file}: ${reason === "not generated" ? "removed" : "written"}`);
  console.log(`${where}: ${files.size} files, ${changed.length} changed`);
}
