// Generates every file of src/aws/generated/ in memory from the vendored models: the same
// inputs always give the same bytes (services, shapes and operations are emitted sorted).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ServiceCatalogEntry } from "../src/aws/spec/catalog-types.js";
import { loadServiceModelJson, MODELS_DIR } from "../src/aws/spec/loader.js";
import { catalogEntry, emitCatalogFile } from "./emit-catalog.js";
import { emitServiceFile } from "./emit-service.js";

/** The folder the generated files live in. */
export const GENERATED_DIR = join(dirname(MODELS_DIR), "src", "aws", "generated");

/** The vendored services: every folder of models/ that holds a service-2.json, sorted. */
export function vendoredServices(modelsDir = MODELS_DIR): string[] {
  return readdirSync(modelsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(modelsDir, entry.name, "service-2.json")))
    .map((entry) => entry.name)
    .sort();
}

/** File name (relative to GENERATED_DIR) -> content, for every generated file. */
export function generateAll(): Map<string, string> {
  const modelVersion = readFileSync(join(MODELS_DIR, "VERSION"), "utf8").trim();
  const files = new Map<string, string>();
  const entries: ServiceCatalogEntry[] = [];
  for (const service of vendoredServices()) {
    const model = loadServiceModelJson(service);
    const patched = existsSync(join(MODELS_DIR, "patches", `${service}.json`));
    files.set(`${service}.ts`, emitServiceFile({ service, model, modelVersion, patched }));
    entries.push(catalogEntry(service, model));
  }
  files.set("catalog.ts", emitCatalogFile(entries, modelVersion));
  return files;
}
