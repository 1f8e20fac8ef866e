// The private /tmp of each execution environment (EphemeralStorage, 512 MB to 10 GB on AWS).
// Nimbus cannot give each environment its own filesystem, so the size is enforced in two ways:
// RLIMIT_FSIZE caps any single file at the storage size (process-control.ts), and after
// invocations the folder is measured (at most once a second per environment, environment.ts);
// an environment whose /tmp outgrew the limit is retired
// (a later invocation gets a fresh, empty /tmp) and a line says so in the function's log.
import { lstat, mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";

export async function createTmpDir(path: string): Promise<string> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  return path;
}

export async function removeTmpDir(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true, maxRetries: 2 }).catch(() => undefined);
}

/** Bytes used under `dir`, counting stops early once `stopAbove` is passed. */
export async function usedBytes(dir: string, stopAbove = Number.POSITIVE_INFINITY): Promise<number> {
  let total = 0;
  const pending = [dir];
  while (pending.length > 0 && total <= stopAbove) {
    const current = pending.pop()!;
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else {
        const info = await lstat(path).catch(() => undefined);
        // Allocated blocks, as a filesystem would count them (sparse files count what they use).
        if (info) total += Math.min(info.size, info.blocks * 512);
      }
      if (total > stopAbove) break;
    }
  }
  return total;
}
