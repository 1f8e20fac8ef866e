// The "/opt" equivalent. On AWS the layers of a function are extracted into /opt in order,
// later layers overwriting earlier ones (https://docs.aws.amazon.com/lambda/latest/dg/packaging-layers.html).
// Nimbus cannot mount /opt, so each distinct layer list gets one folder under <workDir>/opt
// that merges the layers as a tree of symbolic links (no copying): one layer is used as is,
// several are merged entry by entry with the same "later wins" rule. The runtime paths AWS
// derives from /opt (PATH, LD_LIBRARY_PATH, NODE_PATH, python's sys.path) are derived from
// this folder instead; see environment-variables.ts.
import { createHash } from "node:crypto";
import { lstat, mkdir, readdir, readlink, rename, rm, stat, symlink, unlink } from "node:fs/promises";
import { join } from "node:path";

export class LayerTrees {
  private readonly building = new Map<string, Promise<string>>();

  constructor(private readonly root: string) {}

  /** The folder that stands for /opt for this layer list (built once, then reused). */
  optDirFor(layerDirs: readonly string[]): Promise<string> {
    if (layerDirs.length === 1) return Promise.resolve(layerDirs[0]!);
    const key = layerDirs.join("\0");
    let dir = this.building.get(key);
    if (!dir) {
      dir = this.build(layerDirs, key);
      this.building.set(key, dir);
      dir.catch(() => this.building.delete(key));
    }
    return dir;
  }

  private async build(layerDirs: readonly string[], key: string): Promise<string> {
    const name = layerDirs.length === 0 ? "empty" : createHash("sha256").update(key).digest("hex").slice(0, 32);
    const target = join(this.root, name);
    if (await exists(target)) return target;
    const staging = `${target}.${process.pid}.${Date.now()}.tmp`;
    await mkdir(staging, { recursive: true });
    for (const layer of layerDirs) await mergeInto(staging, layer);
    try {
      await rename(staging, target);
    } catch (err) {
      // Another engine built the same tree meanwhile: theirs is as good as ours.
      await rm(staging, { recursive: true, force: true });
      if (!(await exists(target))) throw err;
    }
    return target;
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** Lays `source` over `target`: new names become links, shared folders are merged, files are replaced. */
async function mergeInto(target: string, source: string): Promise<void> {
  for (const entry of await readdir(source, { withFileTypes: true })) {
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    const existing = await lstat(to).catch(() => undefined);
    if (!existing) {
      await symlink(from, to);
      continue;
    }
    const sourceIsDir = entry.isDirectory() || (entry.isSymbolicLink() && (await isDirectory(from)));
    if (sourceIsDir && existing.isDirectory()) {
      await mergeInto(to, from);
      continue;
    }
    if (sourceIsDir && existing.isSymbolicLink() && (await isDirectory(to))) {
      // A folder both layers have: expand the earlier layer's link into a real folder first.
      const earlier = await readlink(to);
      await unlink(to);
      await mkdir(to);
      await mergeInto(to, earlier);
      await mergeInto(to, from);
      continue;
    }
    await rm(to, { recursive: true, force: true });
    await symlink(from, to);
  }
}
