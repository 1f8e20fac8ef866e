// Finds and loads the function's handler as the AWS nodejs runtime does
// (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html): "path/to/file.export",
// CommonJS (.js, .cjs, extension-less) or ES module (.mjs, .js in a "type": "module" package),
// with the Runtime.* init errors AWS reports.
import { existsSync, readFileSync } from "node:fs";
import { createRequire, register } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { MessageChannel } from "node:worker_threads";
import { HandlerNotFound, ImportModuleError, MalformedHandlerName, UserCodeSyntaxError } from "./errors.mjs";

const require = createRequire(import.meta.url);
export const STREAMING = Symbol.for("aws.lambda.runtime.handler.streaming");

/** Finds "type": "module" in the nearest package.json above the file (not past node_modules). */
export function packageTypeIsModule(dir) {
  for (;;) {
    if (dir.endsWith("/node_modules")) return false;
    const pj = path.join(dir, "package.json");
    if (existsSync(pj)) {
      try {
        return JSON.parse(readFileSync(pj, "utf8"))?.type === "module";
      } catch {
        return false;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

let nodePathHookRegistered = false;
let nodePathPort; // set when the hook was registered ahead of time (warm pool)

const nodePathDirs = () => (process.env.NODE_PATH ?? "").split(":").filter(Boolean);

/**
 * ES modules ignore NODE_PATH; Lambda still lets them import the SDK and layer packages.
 * A resolve hook retries a failed bare import from each NODE_PATH folder, after the usual lookup.
 * Registering it starts a loader thread (~40 ms, ~12 MB), so only ES module handlers get it.
 */
function enableNodePathForEsm() {
  if (nodePathHookRegistered) return;
  nodePathHookRegistered = true;
  register("./node-path-hook.mjs", import.meta.url, { data: { dirs: nodePathDirs() } });
}

/** Warm pool, ES module shape: start the loader thread now; the folders follow at specialisation. */
export function preregisterNodePathHook() {
  const { port1, port2 } = new MessageChannel();
  register("./node-path-hook.mjs", import.meta.url, { data: { port: port2 }, transferList: [port2] });
  nodePathHookRegistered = true;
  nodePathPort = port1;
}

async function importFile(file) {
  enableNodePathForEsm();
  return import(pathToFileURL(file).href);
}

async function loadModule(taskRoot, moduleRoot, moduleName) {
  const base = path.resolve(taskRoot, moduleRoot, moduleName);
  if (existsSync(base)) return require(base);
  const isModule = existsSync(`${base}.js`) && packageTypeIsModule(path.dirname(base));
  if (!isModule && existsSync(`${base}.js`)) return require(`${base}.js`);
  if (isModule) return importFile(`${base}.js`);
  if (existsSync(`${base}.mjs`)) return importFile(`${base}.mjs`);
  if (existsSync(`${base}.cjs`)) return require(`${base}.cjs`);
  // Last resort, as Node would: a package or file found from the task root.
  return require(require.resolve(moduleName, { paths: [taskRoot, moduleRoot] }));
}

export async function loadHandler(taskRoot, handlerString) {
  if (handlerString.includes("..")) {
    throw new MalformedHandlerName(
      `'${handlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerPart = path.basename(handlerString);
  const moduleRoot = handlerString.slice(0, handlerString.indexOf(handlerPart));
  const match = /^([^.]*)\.(.*)$/.exec(handlerPart);
  if (!match) throw new MalformedHandlerName("Bad handler");
  const [, moduleName, exportPath] = match;
  globalThis.awslambda ??= {
    streamifyResponse: (fn) => {
      fn[STREAMING] = true;
      return fn;
    },
  };
  let userModule;
  try {
    userModule = await loadModule(taskRoot, moduleRoot, moduleName);
  } catch (e) {
    if (e instanceof SyntaxError) throw new UserCodeSyntaxError(e);
    if (e?.code === "MODULE_NOT_FOUND") throw new ImportModuleError(e);
    throw e;
  }
  const fn = exportPath.split(".").reduce((obj, key) => obj?.[key], userModule);
  if (!fn) throw new HandlerNotFound(`${handlerString} is undefined or not exported`);
  if (typeof fn !== "function") throw new HandlerNotFound(`${handlerString} is not a function`);
  return fn;
}

/** After specialisation: hand the NODE_PATH folders to a hook registered ahead of time. */
export function sendNodePathDirs() {
  if (!nodePathPort) return;
  nodePathPort.postMessage(nodePathDirs());
  nodePathPort.close();
  nodePathPort = undefined;
}
