// Where the engine finds what ships with Nimbus: the runtimes/ folder (the bootstraps) and the
// AWS SDK for JavaScript v3 that Node functions use without bundling it, as the nodejs18.x+
// runtimes ship it in /var/runtime/node_modules.
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm, symlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));

/** Walks up from this module (src/ or dist/src/) to the folder holding runtimes/node/bootstrap.mjs. */
export function findRuntimesDir(start = HERE): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "runtimes", "node", "bootstrap.mjs"))) return join(dir, "runtimes");
    if (dirname(dir) === dir) throw new Error("cannot find the Nimbus runtimes/ folder");
  }
}

/** The nearest node_modules (from this module up) holding @aws-sdk, if any. */
export function findSdkNodeModules(start = HERE): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules");
    if (existsSync(join(candidate, "@aws-sdk"))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The packages the Lambda Node runtime ships (the SDK and what it is built from). Only these
 * are exposed to functions, so a function does not accidentally resolve Nimbus's own
 * dependencies (pg, kysely, ...) that would be missing on AWS.
 */
const RUNTIME_SCOPES = ["@aws-sdk", "@smithy", "@aws-crypto"];

/** Builds <workDir>/runtime-node-modules: links to the SDK scopes of `source`. */
export async function curatedSdkModules(source: string, workDir: string): Promise<string> {
  const target = join(workDir, "runtime-node-modules");
  if (existsSync(target)) return target;
  const staging = `${target}.${process.pid}.${Date.now()}.tmp`;
  await mkdir(staging, { recursive: true });
  const present = new Set(await readdir(source));
  for (const scope of RUNTIME_SCOPES) {
    if (present.has(scope)) await symlink(join(source, scope), join(staging, scope));
  }
  try {
    await rename(staging, target);
  } catch (err) {
    // Built by someone else meanwhile: same content.
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(target)) throw err;
  }
  return target;
}
