// Where things are, whether this runs compiled (dist/bench/lib) or from source through tsx.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

function findProjectRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "nimbus") return dir;
  }
  throw new Error(`no Nimbus package.json above ${from}`);
}

export const projectRoot = findProjectRoot(import.meta.dirname);
/** The peers' own npm folder (bench/peers/package.json), installed apart from the project. */
export const peersDir = join(projectRoot, "bench", "peers");
export const peersBin = (name: string) => join(peersDir, "node_modules", ".bin", name);
/** The hello-world service every HTTP benchmark serves. */
export const helloServiceDir = join(peersDir, "hello");
/** Compiled bench code (the bare forwarder and its child run from here). */
export const distBenchLib = join(projectRoot, "dist", "bench", "lib");

export function requirePeers(): void {
  if (!existsSync(join(peersDir, "node_modules"))) {
    throw new Error("the peers are not installed: run `npm --prefix bench/peers install` (see bench/README.md)");
  }
}
