// What every benchmark prints: the conditions it ran under (date, load average, the exact
// command) and its figures as Markdown tables ready for docs/benchmarks.md.
import { cpus, loadavg, totalmem } from "node:os";
import { relative } from "node:path";
import { projectRoot } from "./paths.js";

export function loadAverage(): string {
  return loadavg().map((l) => l.toFixed(2)).join(" / ");
}

export function printContext(title: string): void {
  // The harness's own SDK clients run on the project's Node 20; their notice about Node 22 would
  // only clutter the progress output.
  process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";
  const script = relative(projectRoot, process.argv[1] ?? "");
  console.log(`## ${title}\n`);
  console.log(`- date: ${new Date().toISOString().replace(/\.\d+Z$/, "Z")}`);
  console.log(`- command: \`node ${[script, ...process.argv.slice(2)].join(" ")}\``);
  console.log(`- machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`);
  console.log(`- load average at start (1 / 5 / 15 min): ${loadAverage()}\n`);
}

export function printTable(caption: string, headers: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  console.log(`### ${caption}\n`);
  console.log(`| ${headers.join(" | ")} |`);
  console.log(`|${headers.map(() => "---").join("|")}|`);
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
  console.log(`\n(load average after: ${loadAverage()})\n`);
}

/** Reads `--name value` flags; a flag without a value is "true". */
export function flags(argv: readonly string[] = process.argv.slice(2)): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) continue;
    const next = argv[i + 1];
    if (next === undefined || next.startsWith("--")) out.set(arg.slice(2), "true");
    else {
      out.set(arg.slice(2), next);
      i++;
    }
  }
  return out;
}

export function numberFlag(f: Map<string, string>, name: string, fallback: number): number {
  const v = f.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} wants a number, got ${v}`);
  return n;
}

export function listFlag(f: Map<string, string>, name: string, fallback: readonly string[]): string[] {
  const v = f.get(name);
  return v === undefined ? [...fallback] : v.split(",").map((s) => s.trim()).filter(Boolean);
}

/** Console output of the peers goes to stderr so stdout stays pure Markdown. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
