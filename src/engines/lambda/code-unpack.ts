// Unpacks a deployment package (or layer) zip once per code SHA-256 into a cache folder.
// Lambda limits the unzipped size of code plus layers to 250 MB
// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html) and answers
// InvalidParameterValueException "Unzipped size must be smaller than 262144000 bytes".
// Entries escaping the target folder (absolute paths, "..", links pointing outside) are
// refused, as is anything that is not a readable zip.
import { createWriteStream } from "node:fs";
import { chmod, mkdir, readFile, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import yauzl from "yauzl";

export const MAX_UNZIPPED_BYTES = 262_144_000;

/** Rejected package; the control plane reports it as InvalidParameterValueException. */
export class CodeUnpackError extends Error {
  readonly code = "InvalidParameterValueException";
  constructor(message: string) {
    super(message);
    this.name = "CodeUnpackError";
  }
}

export const tooLargeMessage = (limit = MAX_UNZIPPED_BYTES): string => `Unzipped size must be smaller than ${limit} bytes`;
/** Written last: its presence marks a complete unpack (and remembers the size). */
const SIZE_FILE = ".nimbus-unzipped-bytes";
const CORRUPT = "Could not unzip uploaded file. Please check your file, then try to upload again.";

export interface UnpackedCode {
  dir: string;
  unzippedBytes: number;
}

export interface UnpackOptions {
  /** Cache root: the code lands in <cacheDir>/<sha256>. */
  cacheDir: string;
  /** SHA-256 of the zip (CodeSha256, hex or base64: only used as a folder name). */
  sha256: string;
  /** Bytes already used by the function's other parts (layers count against the same limit). */
  maxUnzippedBytes?: number;
}

/** Unzips `zip` (a buffer or a file path) unless that SHA is already unpacked. */
export async function unpackCode(zip: Buffer | string, options: UnpackOptions): Promise<UnpackedCode> {
  const name = options.sha256.replace(/[^A-Za-z0-9]/g, "_");
  const dir = join(options.cacheDir, name);
  const known = await readFile(join(dir, SIZE_FILE), "utf8").catch(() => undefined);
  if (known !== undefined) return { dir, unzippedBytes: Number(known) || 0 };
  const limit = options.maxUnzippedBytes ?? MAX_UNZIPPED_BYTES;
  const staging = `${dir}.${process.pid}.${Date.now()}.tmp`;
  await mkdir(staging, { recursive: true });
  try {
    const unzippedBytes = await extract(zip, staging, limit);
    await writeFile(join(staging, SIZE_FILE), String(unzippedBytes));
    try {
      await rename(staging, dir);
    } catch (err) {
      // The same SHA unpacked concurrently: keep theirs.
      await rm(staging, { recursive: true, force: true });
      if (!(await stat(dir).catch(() => undefined))) throw err;
    }
    return { dir, unzippedBytes };
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

function openZip(zip: Buffer | string): Promise<yauzl.ZipFile> {
  const options = { lazyEntries: true, validateEntrySizes: true, decodeStrings: true };
  return new Promise((resolveZip, reject) => {
    const done = (err: Error | null, file: yauzl.ZipFile) => (err ? reject(new CodeUnpackError(CORRUPT)) : resolveZip(file));
    if (typeof zip === "string") yauzl.open(zip, options, done);
    else yauzl.fromBuffer(zip, options, done);
  });
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

async function extract(zip: Buffer | string, root: string, limit: number): Promise<number> {
  const file = await openZip(zip);
  // The central directory declares every size: refuse an oversized package before writing.
  let declared = 0;
  let total = 0;
  try {
    return await new Promise<number>((resolveAll, reject) => {
      const fail = (err: unknown) => {
        file.close();
        reject(err instanceof CodeUnpackError ? err : new CodeUnpackError(CORRUPT));
      };
      file.on("error", fail);
      file.on("end", () => resolveAll(total));
      file.on("entry", (entry: yauzl.Entry) => {
        declared += entry.uncompressedSize;
        if (declared > limit) return fail(new CodeUnpackError(tooLargeMessage(limit)));
        const target = resolve(root, entry.fileName);
        if (isAbsolute(entry.fileName) || !isInside(root, target)) return fail(new CodeUnpackError(CORRUPT));
        writeEntry(file, entry, root, target, (bytes) => {
          total += bytes;
          if (total > limit) throw new CodeUnpackError(tooLargeMessage(limit));
        }).then(() => file.readEntry(), fail);
      });
      file.readEntry();
    });
  } finally {
    file.close();
  }
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

async function writeEntry(
  file: yauzl.ZipFile,
  entry: yauzl.Entry,
  root: string,
  target: string,
  count: (bytes: number) => void,
): Promise<void> {
  const unixMode = (entry.externalFileAttributes >>> 16) & 0xffff;
  if (entry.fileName.endsWith("/")) {
    await mkdir(target, { recursive: true });
    return;
  }
  await mkdir(dirname(target), { recursive: true });
  const stream = await file.openReadStreamPromise(entry);
  if ((unixMode & S_IFMT) === S_IFLNK) {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const linkTarget = Buffer.concat(chunks).toString("utf8");
    if (isAbsolute(linkTarget) || !isInside(root, resolve(dirname(target), linkTarget))) throw new CodeUnpackError(CORRUPT);
    await symlink(linkTarget, target);
    return;
  }
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      try {
        count(chunk.length);
        cb(null, chunk);
      } catch (err) {
        cb(err as Error);
      }
    },
  });
  await pipeline(stream, counter, createWriteStream(target, { flags: "wx" }));
  // Keep the package's permission bits (an executable bootstrap stays executable); the task
  // root is read-only on Lambda, so write bits are dropped.
  const permissions = unixMode & 0o777 ? (unixMode & 0o555) | 0o444 : 0o444;
  await chmod(target, permissions);
}
