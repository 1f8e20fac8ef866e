// The warm child of bench/lib/bare-forwarder.ts: loads one handler once, then reads
// newline-delimited JSON {id, event} from stdin and writes {id, result} or {id, error} to stdout.
// Requests may overlap: each runs as soon as it arrives (the parent bounds how many are in flight).
// Usage (by the forwarder only): node bare-forwarder-child.js <handler file> <export name>
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { createInterface } from "node:readline";

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const [file, exportName] = process.argv.slice(2);
if (!file || !exportName) throw new Error("usage: bare-forwarder-child.js <handler file> <export name>");
const handler = (createRequire(import.meta.url)(resolve(file)) as Record<string, Handler>)[exportName];
if (typeof handler !== "function") throw new Error(`${file} has no function export ${exportName}`);

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const { id, event } = JSON.parse(line) as { id: number; event: unknown };
  const context = { awsRequestId: String(id), functionName: exportName, getRemainingTimeInMillis: () => 3000 };
  handler(event, context).then(
    (result) => process.stdout.write(`${JSON.stringify({ id, result })}\n`),
    (err: unknown) => process.stdout.write(`${JSON.stringify({ id, error: String(err) })}\n`),
  );
});
lines.on("close", () => process.exit(0));
