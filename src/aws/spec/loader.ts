// Loads a vendored service model (models/<service>/service-2.json), applies its JSON-Patch
// fixes (models/patches/<service>.json, RFC 6902) and wraps it in a ServiceSpec. Models are
// read lazily on a service's first request and cached, so start-up never parses them all.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import type { ServiceModel } from "./model.js";
import { ServiceSpec } from "./service-spec.js";

/** The repository's models/ folder, found from this file in src/ or in dist/src/. */
export const MODELS_DIR = findModelsDir(dirname(fileURLToPath(import.meta.url)));

function findModelsDir(start: string): string {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, "models", "VERSION"))) return join(dir, "models");
    dir = dirname(dir);
  }
  throw new Error(`models/ folder not found above ${start}`);
}

const cache = new Map<string, ServiceSpec>();

export function loadServiceModelJson(service: string): ServiceModel {
  const file = join(MODELS_DIR, service, "service-2.json");
  const model = JSON.parse(readFileSync(file, "utf8")) as ServiceModel;
  const patchFile = join(MODELS_DIR, "patches", `${service}.json`);
  if (existsSync(patchFile)) {
    const patch = JSON.parse(readFileSync(patchFile, "utf8"));
    // Loaded only for the few models that carry patches (start-up budget).
    const fastJsonPatch = createRequire(import.meta.url)("fast-json-patch") as typeof import("fast-json-patch");
    fastJsonPatch.applyPatch(model, patch, true, true);
  }
  return model;
}

/** The ServiceSpec of a vendored model, parsed once per process. */
export function loadServiceSpec(service: string): ServiceSpec {
  let spec = cache.get(service);
  if (!spec) {
    spec = new ServiceSpec(service, loadServiceModelJson(service));
    cache.set(service, spec);
  }
  return spec;
}
