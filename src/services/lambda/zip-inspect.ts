// Checks a deployment package or layer archive when it is uploaded, as Lambda does: it must be
// a readable zip, at most 50 MB zipped (direct upload) and 250 MB unzipped
// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). Only the central
// directory is read; nothing is inflated here (the engine unpacks code when it first runs it).
import yauzl from "yauzl";
import { ServiceError } from "../../aws/errors.js";
import { invalidParameter } from "./errors.js";

export const MAX_ZIPPED_BYTES = 52_428_800;
export const MAX_UNZIPPED_BYTES = 262_144_000;

export const CORRUPT_ZIP_MESSAGE = "Could not unzip uploaded file. Please check your file, then try to upload again.";

export interface ZipSummary {
  entries: number;
  unzippedSize: number;
}

/** Reads the zip's directory; throws AWS's errors for an oversized or unreadable archive. */
export async function inspectZip(zip: Buffer): Promise<ZipSummary> {
  if (zip.length > MAX_ZIPPED_BYTES) {
    throw new ServiceError("RequestEntityTooLargeException", `Zipped size must be smaller than ${MAX_ZIPPED_BYTES} bytes`, 413);
  }
  const summary = await readDirectory(zip).catch(() => {
    throw invalidParameter(CORRUPT_ZIP_MESSAGE);
  });
  if (summary.unzippedSize > MAX_UNZIPPED_BYTES) throw invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
  return summary;
}

function readDirectory(zip: Buffer): Promise<ZipSummary> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true }, (err, file) => {
      if (err || !file) return reject(err ?? new Error("unreadable zip"));
      let entries = 0;
      let unzippedSize = 0;
      file.on("entry", (entry: yauzl.Entry) => {
        entries++;
        unzippedSize += entry.uncompressedSize;
        file.readEntry();
      });
      file.once("end", () => resolve({ entries, unzippedSize }));
      file.once("error", reject);
      file.readEntry();
    });
  });
}
