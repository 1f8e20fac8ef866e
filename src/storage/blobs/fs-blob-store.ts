// Blobs as files under <dataDir>/blobs/<service>/, one file per key (see fs-key-path.ts).
// A put writes a temporary file in the destination folder, fsyncs it, renames it over the
// key's file and fsyncs the folder: readers see the old bytes or the new ones, never a mix,
// and a crash at any point leaves one or the other (rename(2) is atomic within a file system).
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, rmdir, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { BlobStore } from "../types.js";
import { assertBlobKey, compareUtf8 } from "./blob-keys.js";
import { decodeName, isFileName, isFolderName, keyToPathNames, PathMarker, prefixToFolderNames } from "./fs-key-path.js";

/** A put retries when a concurrent delete removed the (then empty) folder it was writing into. */
const PUT_ATTEMPTS = 5;

export class FsBlobStore implements BlobStore {
  /**
   * @param root the service's blob folder
   * @param durable fsync before acknowledging (false for in-memory stores, discarded anyway)
   * @param assertOpen throws once the store is closed (so a late put cannot recreate the
   *   removed folder of an in-memory store)
   */
  constructor(
    private readonly root: string,
    private readonly durable: boolean,
    private readonly assertOpen: () => void,
  ) {}

  private fileOf(key: string): string {
    this.assertOpen();
    assertBlobKey(key);
    return join(this.root, ...keyToPathNames(key));
  }

  async put(key: string, data: Buffer): Promise<void> {
    const file = this.fileOf(key);
    const folder = dirname(file);
    for (let attempt = 1; ; attempt++) {
      try {
        await mkdir(folder, { recursive: true });
        await this.writeAtomically(folder, file, data);
        return;
      } catch (error) {
        if (errorCode(error) !== "ENOENT" || attempt >= PUT_ATTEMPTS) throw error;
      }
    }
  }

  private async writeAtomically(folder: string, file: string, data: Buffer): Promise<void> {
    const temporary = join(folder, PathMarker.Temporary + randomBytes(12).toString("hex"));
    const handle = await open(temporary, "wx");
    try {
      try {
        await handle.writeFile(data);
        if (this.durable) await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    } catch (error) {
      await unlink(temporary).catch(() => {});
      throw error;
    }
    if (this.durable) await syncFolder(folder);
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.fileOf(key));
    } catch (error) {
      if (errorCode(error) === "ENOENT") return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.fileOf(key);
    try {
      await unlink(file);
    } catch (error) {
      if (errorCode(error) === "ENOENT") return;
      throw error;
    }
    if (this.durable) await syncFolder(dirname(file));
    await this.removeEmptyFolders(dirname(file));
  }

  /** Removes folders left empty by a delete, up to (not including) the service folder. */
  private async removeEmptyFolders(folder: string): Promise<void> {
    for (let current = folder; current.length > this.root.length; current = dirname(current)) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty (ENOTEMPTY/EEXIST), or already gone: stop climbing.
      }
    }
  }

  async list(prefix: string): Promise<string[]> {
    this.assertOpen();
    assertBlobKey(prefix);
    const folderNames = prefixToFolderNames(prefix);
    const start = Buffer.concat(folderNames.map((name) => decodeName(name)!));
    const keys: string[] = [];
    await this.walk(join(this.root, ...folderNames), start, prefix, keys);
    return keys.sort(compareUtf8);
  }

  private async walk(folder: string, keyBytes: Buffer, prefix: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (errorCode(error) === "ENOENT" || errorCode(error) === "ENOTDIR") return;
      throw error;
    }
    for (const entry of entries) {
      const bytes = decodeName(entry.name);
      if (bytes === undefined) continue;
      const full = Buffer.concat([keyBytes, bytes]);
      if (entry.isDirectory() && isFolderName(entry.name)) {
        await this.walk(join(folder, entry.name), full, prefix, out);
      } else if (entry.isFile() && isFileName(entry.name)) {
        const key = full.toString("utf8");
        if (key.startsWith(prefix)) out.push(key);
      }
    }
  }

  async reset(): Promise<void> {
    this.assertOpen();
    await rm(this.root, { recursive: true, force: true });
  }
}

async function syncFolder(folder: string): Promise<void> {
  // Makes the rename itself durable. Some platforms (Windows) cannot open a folder: skip there.
  let handle;
  try {
    handle = await open(folder, "r");
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (errorCode(error) !== "EISDIR" && errorCode(error) !== "EINVAL" && errorCode(error) !== "EPERM") throw error;
  } finally {
    await handle.close();
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
