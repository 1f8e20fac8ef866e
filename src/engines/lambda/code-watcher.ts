// Hot reload: a function whose code is a live local folder (FunctionSpec.hotReload) must run the
// folder's current content at every invocation. A warm environment cannot be refreshed in place
// (Node's module cache, Python's sys.modules, init code that already ran), so the engine replaces
// it: a CodeWatcher counts changes to the folder in a generation number, and a function pool
// built at an older generation is retired before the next invocation (engine.ts).
//
// Watching: one non-recursive fs.watch (inotify) per directory. Node 20's recursive mode on Linux
// watches every file (and polls some), which is far costlier for trees with node_modules. inotify
// reports writes, renames and deletions of a directory's children on the directory's own watch,
// so a watch per directory sees every change; new directories are watched as they appear.
// Where watching is impossible (inotify's max_user_watches exhausted, a platform without it),
// the watcher falls back to comparing the tree's names, sizes and mtimes before each invocation.
import { existsSync, readdirSync, statSync, watch, type FSWatcher } from "node:fs";
import { basename, join } from "node:path";
import type { Logger } from "../../shared/logger.js";

/**
 * Directories whose content never changes what a function runs: Python bytecode caches (our
 * bootstrap writes none, but the developer's own Python runs and tests do, and recycling the
 * environment for them would be a needless cold start) and version-control metadata, which
 * churns on every git command.
 */
const IGNORED_DIRECTORIES = new Set(["__pycache__", ".git", ".hg", ".svn"]);

const ignoredName = (name: string): boolean => IGNORED_DIRECTORIES.has(name) || name.endsWith(".pyc");

/**
 * A directory's watch and the identity of the directory it was made on: inode and birth time,
 * as file systems hand a removed folder's inode number straight to the next one made.
 */
interface DirectoryWatch {
  watcher: FSWatcher;
  identity: string;
}

export class CodeWatcher {
  /** Moves on every change to the folder. */
  private generationNumber = 0;
  private readonly watches = new Map<string, DirectoryWatch>();
  /** Set when watching failed: the tree's signature is compared before each invocation instead. */
  private scannedSignature: string | undefined;
  private closed = false;

  /**
   * `compare: true` skips inotify and compares the tree before each invocation from the start:
   * for folders whose changes inotify does not see (network and some container mounts).
   */
  constructor(
    readonly root: string,
    private readonly logger: Logger,
    options: { compare?: boolean } = {},
  ) {
    if (options.compare) this.scannedSignature = treeSignature(root);
    else this.rewatchRootIfReplaced();
  }

  /** The folder's current generation (in scanning mode, the tree is compared first). */
  generation(): number {
    if (this.scannedSignature !== undefined) {
      const signature = treeSignature(this.root);
      if (signature !== this.scannedSignature) {
        this.scannedSignature = signature;
        this.generationNumber++;
      }
    } else if (!this.closed) {
      // One stat: sees `rm -rf dist && build` at once, before inotify's events arrive.
      this.rewatchRootIfReplaced();
    }
    return this.generationNumber;
  }

  /** Whether changes are seen by inotify (false: by comparing the tree before each invocation). */
  get watching(): boolean {
    return this.scannedSignature === undefined && !this.closed && this.watches.has(this.root);
  }

  close(): void {
    this.closed = true;
    for (const w of this.watches.values()) w.watcher.close();
    this.watches.clear();
  }

  /** Watches the root if it is not watched yet, or was removed (and perhaps made again). */
  private rewatchRootIfReplaced(): void {
    const current = this.watches.get(this.root);
    const identity = identityOf(this.root);
    if (current?.identity === identity) return;
    // The folder appeared, vanished or was replaced: it is not what environments loaded.
    if (current) this.forgetUnder(this.root);
    this.generationNumber++;
    if (identity === undefined) return;
    try {
      this.watchTree(this.root);
    } catch (err) {
      this.fallBackToScanning(err);
    }
  }

  private watchTree(dir: string): void {
    if (this.closed || this.watches.has(dir)) return;
    let entries;
    let watcher: FSWatcher;
    let identity: string | undefined;
    try {
      identity = identityOf(dir);
      if (identity === undefined) return;
      watcher = watch(dir, { persistent: false }, (event, name) => this.changed(dir, event, name));
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      // A subfolder removed while being walked is no failure: its parent's watch reported it.
      if ((err as NodeJS.ErrnoException).code === "ENOENT" && dir !== this.root) return;
      throw err;
    }
    watcher.on("error", (err) => this.lost(dir, err));
    this.watches.set(dir, { watcher, identity });
    for (const entry of entries) {
      if (entry.isDirectory() && !ignoredName(entry.name)) this.watchTree(join(dir, entry.name));
    }
  }

  private changed(dir: string, event: string, name: string | Buffer | null): void {
    if (this.closed) return;
    const entry = name === null ? null : String(name);
    if (entry !== null && ignoredName(entry)) return;
    this.generationNumber++;
    // Only renames (creation, deletion, moves) change which directories need a watch.
    if (event !== "rename") return;
    const own = this.watches.get(dir);
    if (own && (own.identity !== identityOf(dir) || (entry === basename(dir) && identityOf(join(dir, entry)) === undefined))) {
      // The watched directory itself went away (inotify reports it under the directory's own
      // name, then drops the watch): watch what now stands there, if anything.
      this.forgetUnder(dir);
      this.watchAgain(dir);
      return;
    }
    if (entry === null) return;
    const path = join(dir, entry);
    const existing = this.watches.get(path);
    if (existing && existing.identity !== identityOf(path)) this.forgetUnder(path);
    this.watchAgain(path);
  }

  private watchAgain(dir: string): void {
    if (identityOf(dir) === undefined) return;
    try {
      this.watchTree(dir);
    } catch (err) {
      this.fallBackToScanning(err);
    }
  }

  /** A watch failed: count it as a change; past a vanished folder, compare trees instead. */
  private lost(dir: string, err: unknown): void {
    this.generationNumber++;
    this.forgetUnder(dir);
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") this.fallBackToScanning(err);
  }

  private forgetUnder(path: string): void {
    for (const [dir, w] of this.watches) {
      if (dir === path || dir.startsWith(`${path}/`)) {
        w.watcher.close();
        this.watches.delete(dir);
      }
    }
  }

  private fallBackToScanning(err: unknown): void {
    if (this.scannedSignature !== undefined || this.closed) return;
    this.logger.warn({ err, folder: this.root }, "lambda hot reload: cannot watch the folder; comparing it before each invocation instead");
    for (const w of this.watches.values()) w.watcher.close();
    this.watches.clear();
    this.scannedSignature = treeSignature(this.root);
    this.generationNumber++;
  }
}

/** Identity of a directory (inode and birth time), undefined when there is no directory. */
function identityOf(path: string): string | undefined {
  try {
    const s = statSync(path);
    return s.isDirectory() ? `${s.ino}:${s.birthtimeMs}` : undefined;
  } catch {
    return undefined;
  }
}

/** Names, sizes and modification times of the tree's files (ignored directories left out). */
export function treeSignature(root: string): string {
  const parts: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      parts.push(`!${dir}`);
      return;
    }
    for (const entry of entries) {
      if (ignoredName(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      try {
        const s = statSync(path);
        parts.push(`${path}\0${s.size}\0${s.mtimeMs}`);
      } catch {
        // Removed while walking: the next comparison sees it gone.
      }
    }
  };
  walk(root);
  return parts.join("\n");
}

/** One watcher per folder, shared by every function (and version) running from it. */
export class CodeWatchers {
  private readonly byFolder = new Map<string, { watcher: CodeWatcher; users: number }>();

  constructor(private readonly logger: Logger) {}

  acquire(folder: string): CodeWatcher {
    let entry = this.byFolder.get(folder);
    if (!entry) {
      entry = { watcher: new CodeWatcher(folder, this.logger), users: 0 };
      this.byFolder.set(folder, entry);
    }
    entry.users++;
    return entry.watcher;
  }

  release(watcher: CodeWatcher): void {
    const entry = this.byFolder.get(watcher.root);
    if (!entry || entry.watcher !== watcher) return;
    if (--entry.users > 0) return;
    this.byFolder.delete(watcher.root);
    watcher.close();
  }

  closeAll(): void {
    for (const { watcher } of this.byFolder.values()) watcher.close();
    this.byFolder.clear();
  }
}
