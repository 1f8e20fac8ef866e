// Hot reload for development: a function whose code is a local folder, run in place, so edits
// apply to the next invocation without UpdateFunctionCode. The convention is LocalStack's, which
// tools already emit (Serverless, CDK and Terraform set-ups for LocalStack): the magic bucket
// "hot-reload" with the folder's absolute path as S3Key, in CreateFunction and UpdateFunctionCode
// (https://docs.localstack.cloud/user-guide/lambda-tools/hot-reloading/). The engine watches the
// folder and replaces warm environments after a change (src/engines/lambda/code-watcher.ts).
// docs/lambda.md describes what is reported (CodeSha256, CodeSize, Code.Location).
import { readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import yazl from "yazl";
import type { CodeRef } from "./types.js";
import { invalidParameter } from "./errors.js";

export const HOT_RELOAD_BUCKET = "hot-reload";

/**
 * CodeSha256 of hot-reload functions: the code has no fixed content to hash. LocalStack reports
 * this text, and tools recognise it (the AWS Toolkit for VS Code offers no code download for it).
 */
export const HOT_RELOAD_CODE_SHA256 = "hot-reloading-hash-not-available";

/** The CodeRef of a hot-reload function: the folder, checked; no blob is stored. */
export function hotReloadCode(s3Key: string | undefined, zipFile: Uint8Array | undefined): CodeRef {
  if (zipFile !== undefined) {
    throw invalidParameter(`Hot reload runs the code of the folder named by S3Key: do not send ZipFile with S3Bucket "${HOT_RELOAD_BUCKET}".`);
  }
  if (s3Key === undefined || s3Key === "") {
    throw invalidParameter(`Hot reload needs the absolute path of a local folder as S3Key (S3Bucket "${HOT_RELOAD_BUCKET}").`);
  }
  if (!isAbsolute(s3Key)) {
    throw invalidParameter(`Hot reload needs an absolute folder path as S3Key; '${s3Key}' is relative (Nimbus cannot know the folder it is relative to).`);
  }
  const folder = resolve(s3Key);
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    throw invalidParameter(`Hot reload folder '${folder}' does not exist on the machine running Nimbus.`);
  }
  if (!isFolder) throw invalidParameter(`Hot reload path '${folder}' is not a folder: S3Key must name the folder holding the function's code.`);
  return { blobKey: "", sha256: HOT_RELOAD_CODE_SHA256, size: 0, unzippedSize: 0, localFolder: folder };
}

/** Whether a code reference is a hot-reload folder rather than a stored zip. */
export const isHotReload = (code: CodeRef): code is CodeRef & { localFolder: string } => code.localFolder !== undefined;

/** Folders a download leaves out: caches that are not part of the function's code. */
const SKIPPED = new Set(["__pycache__", ".git"]);

/**
 * The folder's current content as a zip, for GetFunction's Code.Location (built on demand:
 * the folder may have changed since any earlier download). Undefined if the folder is gone.
 */
export async function zipFolder(folder: string): Promise<Buffer | undefined> {
  try {
    if (!statSync(folder).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  const zip = new yazl.ZipFile();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      const name = relative(folder, path);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      // Files and links to files (links to folders are left out: they could loop).
      const target = entry.isFile() || entry.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : undefined;
      if (target?.isFile()) zip.addFile(path, name, { mode: target.mode });
    }
  };
  walk(folder);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
