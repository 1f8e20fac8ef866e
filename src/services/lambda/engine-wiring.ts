// Builds the executor a Lambda provider runs functions with: the Lambda engine, its working
// folder, and function logs delivered to CloudWatch Logs (/aws/lambda/<function>) in-process.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LambdaEngine, type LogEvent, type LogOwner, type LogSink } from "../../engines/lambda/index.js";
import type { ServiceDeps } from "../types.js";
import type { CodeStore } from "./code-store.js";
import { EngineExecutor } from "./engine-executor.js";
import type { FunctionExecutor } from "./execution.js";
import { LogBatcher } from "./log-batcher.js";

export interface EngineWiring {
  executor: FunctionExecutor;
  /** Writes the function log events still buffered (after the executor stopped). */
  flushLogs(): Promise<void>;
  /** Removes the working folder of an in-memory node (after the executor stopped). */
  cleanup(): void;
}

export function createEngineExecutor(deps: ServiceDeps, code: CodeStore, endpointUrl: () => string): EngineWiring {
  // Outside the project: Node and Python resolve modules from the code folder's ancestors
  // (docs/lambda-engine.md), so the work folder must not sit under a node_modules tree.
  let workDir: string | undefined;
  const folder = (): string => {
    if (workDir) return workDir;
    if (deps.config.inMemory) {
      workDir = mkdtempSync(join(tmpdir(), "nimbus-lambda-"));
    } else {
      workDir = persistentWorkDir(deps.config.dataDir);
      mkdirSync(workDir, { recursive: true });
    }
    return workDir;
  };
  let engine: LambdaEngine | undefined;
  const logs = logsBatcher(deps);
  const executor = new EngineExecutor({
    engine: () =>
      (engine ??= new LambdaEngine({
        clock: deps.clock,
        logger: deps.logger,
        logSink: logsSink(deps, logs),
        workDir: join(folder(), "engine"),
        keepAliveMs: deps.config.lambda.keepAliveMs,
      })),
    code,
    get cacheDir() {
      return folder();
    },
    endpointUrl,
  });
  return {
    executor,
    flushLogs: () => logs.flush(),
    cleanup() {
      if (deps.config.inMemory && workDir) rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** The engine's working folder (code cache) of a node keeping state in `dataDir`: one per data folder. */
export function persistentWorkDir(dataDir: string): string {
  const key = createHash("sha256").update(resolve(dataDir)).digest("hex").slice(0, 16);
  return join(tmpdir(), `nimbus-lambda-${key}`);
}

/** Function logs go to CloudWatch Logs through its in-process ingest API (src/services/logs/ingest.ts). */
function logsBatcher(deps: ServiceDeps): LogBatcher {
  return new LogBatcher(
    async (batches) => {
      const { logsIngest } = await import("../logs/ingest.js");
      const logs = await logsIngest(deps.services!);
      await logs.appendBatches(batches);
    },
    (err, logGroups) => deps.logger.warn({ err, logGroups }, "lambda: function logs could not be stored"),
  );
}

function logsSink(deps: ServiceDeps, batcher: LogBatcher): LogSink {
  return {
    append(logGroup: string, logStream: string, events: LogEvent[], owner?: LogOwner): void {
      if (owner && deps.services) batcher.add(owner, logGroup, logStream, events);
    },
  };
}
