// Shared fixtures for the Lambda engine tests: function folders on disk, a spec builder,
// an in-memory LogSink and an engine factory that cleans up after itself.
import { randomUUID } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { systemClock, type Clock } from "../../../src/shared/clock.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { LambdaEngine } from "../../../src/engines/lambda/engine.js";
import type { FunctionSpec, InvokeRequest, LambdaEngineDeps, LogEvent, LogSink } from "../../../src/engines/lambda/types.js";

export class MemoryLogSink implements LogSink {
  readonly streams = new Map<string, LogEvent[]>();

  append(logGroup: string, logStream: string, events: LogEvent[]): void {
    const key = `${logGroup}|${logStream}`;
    const list = this.streams.get(key) ?? [];
    list.push(...events);
    this.streams.set(key, list);
  }

  /** Every message of a log group, stream by stream, in order. */
  messages(logGroup: string): string[] {
    const out: string[] = [];
    for (const [key, events] of this.streams) if (key.startsWith(`${logGroup}|`)) out.push(...events.map((e) => e.message));
    return out;
  }

  streamNames(logGroup: string): string[] {
    return [...this.streams.keys()].filter((k) => k.startsWith(`${logGroup}|`)).map((k) => k.slice(logGroup.length + 1));
  }
}

/** A scratch folder removed by the returned cleanup. */
export function scratch(prefix = "nimbus-lambda-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes files (path -> content) under `root`; names ending in "!" are made executable. */
export function writeFiles(root: string, files: Record<string, string>): string {
  for (const [name, content] of Object.entries(files)) {
    const executable = name.endsWith("!");
    const path = join(root, executable ? name.slice(0, -1) : name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    if (executable) chmodSync(path, 0o755);
  }
  return root;
}

let counter = 0;

export function makeSpec(codeDir: string, overrides: Partial<FunctionSpec> = {}): FunctionSpec {
  const name = overrides.functionName ?? `fn-${process.pid}-${++counter}`;
  return {
    functionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    functionName: name,
    version: "$LATEST",
    runtime: "nodejs20.x",
    handler: "index.handler",
    memoryMb: 256,
    timeoutSec: 10,
    environment: {},
    codeDir,
    layerDirs: [],
    ephemeralStorageMb: 512,
    region: "us-east-1",
    accountId: "123456789012",
    credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", sessionToken: "token-1" },
    endpointUrl: "http://127.0.0.1:4566",
    logGroup: `/aws/lambda/${name}`,
    ...overrides,
  };
}

export function request(spec: FunctionSpec, payload: unknown = {}, extra: Partial<InvokeRequest> = {}): InvokeRequest {
  return {
    requestId: randomUUID(),
    payload: Buffer.from(JSON.stringify(payload)),
    invokedFunctionArn: spec.functionArn,
    ...extra,
  };
}

export interface TestEngine {
  engine: LambdaEngine;
  logs: MemoryLogSink;
  workDir: string;
  close(): Promise<void>;
}

export function startEngine(options: Partial<LambdaEngineDeps> & { clock?: Clock } = {}): TestEngine {
  const work = scratch("nimbus-engine-");
  const logs = new MemoryLogSink();
  const engine = new LambdaEngine({
    clock: options.clock ?? systemClock,
    logger: silentLogger,
    logSink: logs,
    workDir: work.dir,
    warmPool: false,
    ...options,
  });
  return {
    engine,
    logs,
    workDir: work.dir,
    async close() {
      await engine.stop();
      work.cleanup();
    },
  };
}

export const json = (buf: Buffer): any => JSON.parse(buf.toString("utf8"));

/** Polls `predicate` every 5 ms until true (bounded): for waiting on another process. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}
