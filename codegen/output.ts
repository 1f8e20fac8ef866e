// Compares generated files with what is on disk, and writes them. Only *.ts files in the
// generated folder are considered ours: a stray one is reported (check) or removed (write).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface StaleFile {
  file: string;
  reason: "missing" | "differs" | "not generated";
}

/** The files on disk that differ from `files`, sorted by name. */
export function findStaleFiles(dir: string, files: ReadonlyMap<string, string>): StaleFile[] {
  const stale: StaleFile[] = [];
  for (const [file, content] of files) {
    const path = join(dir, file);
    if (!existsSync(path)) stale.push({ file, reason: "missing" });
    else if (readFileSync(path, "utf8") !== content) stale.push({ file, reason: "differs" });
  }
  for (const file of existingGeneratedFiles(dir)) {
    if (!files.has(file)) stale.push({ file, reason: "not generated" });
  }
  return stale.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Brings the folder in line with `files`; returns what it changed. */
export function writeGeneratedFiles(dir: string, files: ReadonlyMap<string, string>): StaleFile[] {
  const stale = findStaleFiles(dir, files);
  mkdirSync(dir, { recursive: true });
  for (const { file, reason } of stale) {
    if (reason === "not generated") rmSync(join(dir, file));
    else writeFileSync(join(dir, file), files.get(file)!);
  }
  return stale;
}

function existingGeneratedFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => name.endsWith(".ts"));
}
