// Runs wrk (a Debian package on the bench machine) against a URL with a generated script and
// parses the JSON line the script's done() prints. wrk is itself a process the benchmark starts,
// so it runs under the Supervisor: bounded in time and stopped by PID.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Supervisor } from "./processes.js";
import type { SignedRequest } from "./signed-request.js";
import { WRK_JSON_MARKER, wrkScript } from "./wrk-script.js";

export interface WrkOptions {
  /** Base URL, e.g. http://127.0.0.1:4566 (the requests carry their own paths). */
  url: string;
  requests: readonly SignedRequest[];
  connections: number;
  threads?: number;
  durationSec: number;
  /** wrk's own per-request timeout. */
  timeoutSec?: number;
}

export interface WrkResult {
  requests: number;
  durationSec: number;
  requestsPerSecond: number;
  /** Answers with a status of 400 or more (wrk counts them as errors) plus socket errors. */
  errors: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
}

interface WrkJson {
  requests: number;
  durationUs: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latencyUs: { p50: number; p90: number; p99: number; max: number; mean: number };
}

export function parseWrkOutput(output: string): WrkResult {
  const line = output.split("\n").find((l) => l.startsWith(WRK_JSON_MARKER));
  if (!line) throw new Error(`wrk printed no result line:\n${output.slice(-2000)}`);
  const j = JSON.parse(line.slice(WRK_JSON_MARKER.length)) as WrkJson;
  const durationSec = j.durationUs / 1e6;
  const e = j.errors;
  return {
    requests: j.requests,
    durationSec,
    requestsPerSecond: j.requests / durationSec,
    errors: e.connect + e.read + e.write + e.status + e.timeout,
    latencyMs: {
      p50: j.latencyUs.p50 / 1000,
      p90: j.latencyUs.p90 / 1000,
      p99: j.latencyUs.p99 / 1000,
      max: j.latencyUs.max / 1000,
      mean: j.latencyUs.mean / 1000,
    },
  };
}

export async function runWrk(supervisor: Supervisor, opts: WrkOptions): Promise<WrkResult> {
  const dir = mkdtempSync(join(tmpdir(), "nimbus-wrk-"));
  try {
    const script = join(dir, "requests.lua");
    writeFileSync(script, wrkScript(opts.requests));
    const threads = Math.min(opts.threads ?? 2, opts.connections);
    const args = ["-t", String(threads), "-c", String(opts.connections), "-d", `${opts.durationSec}s`, "--timeout", `${opts.timeoutSec ?? 5}s`, "-s", script, opts.url];
    const proc = supervisor.spawn("wrk", "wrk", args, { maxLifetimeMs: (opts.durationSec + 30) * 1000 });
    const code = await proc.exited;
    if (code !== 0) throw new Error(`wrk exited with ${code}:\n${proc.output()}`);
    return parseWrkOutput(proc.output());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
