// Deployment packages and layer archives in the Lambda blob store. Function code is stored by
// content (one blob per distinct zip per account and region), so publishing a version or
// re-uploading the same zip costs nothing; a blob goes when no $LATEST or version uses it.
// Layer versions own their archive.
import { createHash } from "node:crypto";
import type { BlobStore } from "../../storage/types.js";
import type { Scope } from "./arns.js";
import type { CodeRef } from "./types.js";
import { inspectZip } from "./zip-inspect.js";

export class CodeStore {
  constructor(private readonly blobs: BlobStore) {}

  /** Checks the zip (AWS's errors for a bad or oversized archive) and stores it by content. */
  async putFunctionCode(scope: Scope, zip: Buffer): Promise<CodeRef> {
    const { unzippedSize } = await inspectZip(zip);
    const digest = createHash("sha256").update(zip).digest();
    const blobKey = `functions/${scope.accountId}/${scope.region}/${digest.toString("hex")}.zip`;
    if ((await this.blobs.list(blobKey)).length === 0) await this.blobs.put(blobKey, zip);
    return { blobKey, sha256: digest.toString("base64"), size: zip.length, unzippedSize };
  }

  async putLayerCode(scope: Scope, layerName: string, version: number, zip: Buffer): Promise<CodeRef> {
    const { unzippedSize } = await inspectZip(zip);
    const digest = createHash("sha256").update(zip).digest();
    const blobKey = `layers/${scope.accountId}/${scope.region}/${layerName}/${version}.zip`;
    await this.blobs.put(blobKey, zip);
    return { blobKey, sha256: digest.toString("base64"), size: zip.length, unzippedSize };
  }

  async get(code: CodeRef): Promise<Buffer> {
    const zip = await this.blobs.get(code.blobKey);
    if (!zip) throw new Error(`lambda: code blob ${code.blobKey} is missing`);
    return zip;
  }

  /** Blob key of a stored zip, if it exists (the code download route serves it). */
  async read(blobKey: string): Promise<Buffer | undefined> {
    return this.blobs.get(blobKey);
  }

  delete(code: CodeRef): Promise<void> {
    return this.blobs.delete(code.blobKey);
  }

  reset(): Promise<void> {
    return this.blobs.reset();
  }
}

/** The hex SHA-256 of a CodeRef (folder names, cache keys). */
export const codeHex = (code: CodeRef): string => Buffer.from(code.sha256, "base64").toString("hex");
