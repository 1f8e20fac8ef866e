// How each runtime family is started: the command line, the resource limits and, for the
// warm pool, the minimal environment of a generic runtime that is told its function later.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { access, constants } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import type { ResourceLimits } from "./process-control.js";
import type { RuntimeFamily, RuntimeInfo } from "./runtimes.js";
import type { FunctionSpec } from "./types.js";

export interface Command {
  command: string;
  args: string[];
}

export interface LauncherOptions {
  runtimesDir: string;
  nodeExecutable: string;
  /** Fixed python interpreter; otherwise python3 on PATH is resolved (once) to its real binary. */
  pythonExecutable?: string;
}

/**
 * Tells a generic runtime to ask which function it runs: "1", or "esm" for a Node runtime
 * that should also prepare ES module loading (see runtimes/node/node-path-hook.mjs).
 */
export const SPECIALIZE_ENV = "_NIMBUS_SPECIALIZE";

export class Launcher {
  private python: Promise<string> | undefined;

  constructor(private readonly options: LauncherOptions) {
    if (options.pythonExecutable) this.python = Promise.resolve(options.pythonExecutable);
  }

  runtimeDir(family: RuntimeFamily): string {
    // Custom runtimes bring their own; LAMBDA_RUNTIME_DIR then names the runtimes folder itself.
    return family === "provided" ? this.options.runtimesDir : join(this.options.runtimesDir, family);
  }

  /** The interpreter binary of a family (undefined for provided runtimes). */
  async interpreter(family: RuntimeFamily): Promise<string | undefined> {
    if (family === "node") return this.options.nodeExecutable;
    if (family === "python") return this.pythonExecutable();
    return undefined;
  }

  /** The command that starts the runtime's bootstrap (managed runtimes only). */
  async managedCommand(family: "node" | "python", memoryMb: number): Promise<Command> {
    if (family === "node") {
      // As AWS's nodejs bootstrap: 90% of the memory for the old space, gc exposed.
      return {
        command: this.options.nodeExecutable,
        args: [
          "--expose-gc",
          "--max-http-header-size=81920",
          `--max-old-space-size=${Math.floor((memoryMb * 90) / 100)}`,
          join(this.runtimeDir("node"), "bootstrap.mjs"),
        ],
      };
    }
    return { command: await this.pythonExecutable(), args: [join(this.runtimeDir("python"), "bootstrap.py")] };
  }

  /** The command for a function: its runtime's bootstrap, behind AWS_LAMBDA_EXEC_WRAPPER if set. */
  async commandFor(spec: FunctionSpec, runtime: RuntimeInfo, bootstrap?: string): Promise<Command> {
    if (runtime.family === "provided") return { command: bootstrap!, args: [] };
    const base = await this.managedCommand(runtime.family, spec.memoryMb);
    const wrapper = spec.environment.AWS_LAMBDA_EXEC_WRAPPER;
    // https://docs.aws.amazon.com/lambda/latest/dg/runtimes-modify.html#runtime-wrapper
    return wrapper ? { command: wrapper, args: [base.command, ...base.args] } : base;
  }

  limitsFor(family: RuntimeFamily, memoryMb: number, ephemeralStorageMb: number): ResourceLimits {
    const limits: ResourceLimits = { fileSizeBytes: ephemeralStorageMb * 1024 * 1024 };
    // Python allocates address space about as it uses memory: cap it well above MemorySize so a
    // runaway allocation fails fast even between two watchdog samples.
    if (family === "python") limits.addressSpaceBytes = (memoryMb * 2 + 1024) * 1024 * 1024;
    return limits;
  }

  /** Minimal environment of a pre-started generic runtime (replaced when it is specialised). */
  genericEnvironment(languageBinDir: string, runtimeApi: string, tmpDir: string, esm = false): Record<string, string> {
    const env: Record<string, string> = {
      PATH: `${languageBinDir}:/usr/local/bin:/usr/bin:/bin`,
      LANG: "en_US.UTF-8",
      TZ: ":UTC",
      TMPDIR: tmpDir,
      AWS_LAMBDA_RUNTIME_API: runtimeApi,
      [SPECIALIZE_ENV]: esm ? "esm" : "1",
    };
    if (process.env.LD_LIBRARY_PATH) env.LD_LIBRARY_PATH = process.env.LD_LIBRARY_PATH;
    return env;
  }

  private pythonExecutable(): Promise<string> {
    this.python ??= resolvePython();
    return this.python;
  }
}

/** python3 on PATH may be a shim (pyenv, asdf): resolve the real interpreter once. */
async function resolvePython(): Promise<string> {
  const { stdout } = await promisify(execFile)("python3", ["-c", "import sys; print(sys.executable)"], { timeout: 10_000 });
  const path = stdout.trim();
  if (!path) throw new Error("python3 did not report its executable");
  return path;
}

/**
 * Whether a Node handler is an ES module, by the rules the bootstrap loads it with: an
 * extension-less file or .js outside a "type": "module" package is CommonJS, .mjs is ESM.
 */
export function nodeHandlerIsEsm(codeDir: string, handler: string): boolean {
  const base = join(codeDir, handler.slice(0, handler.lastIndexOf("/") + 1), handler.slice(handler.lastIndexOf("/") + 1).split(".")[0]!);
  if (existsSync(base)) return false;
  if (existsSync(`${base}.js`)) return packageIsModule(dirname(base));
  return existsSync(`${base}.mjs`);
}

function packageIsModule(dir: string): boolean {
  for (;;) {
    if (dir.endsWith("/node_modules")) return false;
    const pj = join(dir, "package.json");
    if (existsSync(pj)) {
      try {
        return (JSON.parse(readFileSync(pj, "utf8")) as { type?: unknown } | null)?.type === "module";
      } catch {
        return false;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

/** provided runtimes: the first executable bootstrap in the code, then in the layers. */
export async function findBootstrap(codeDir: string, optDir: string): Promise<{ path: string } | { error: string }> {
  const candidates = [join(codeDir, "bootstrap"), join(optDir, "bootstrap")];
  for (const path of candidates) {
    try {
      await access(path, constants.F_OK);
    } catch {
      continue;
    }
    try {
      await access(path, constants.X_OK);
      return { path };
    } catch {
      return { error: `fork/exec ${path}: permission denied` };
    }
  }
  return { error: `Couldn't find valid bootstrap(s): [${candidates.join(" ")}]` };
}
