// Module resolve hook (registered by bootstrap.mjs before the first ES module handler loads):
// a bare import that Node's ES module resolution cannot find is retried from each NODE_PATH
// folder, in order, so ES module functions import the AWS SDK and layer packages
// (/opt/nodejs/node_modules) as they do on Lambda's nodejs18.x+ runtimes.
import path from "node:path";
import { pathToFileURL } from "node:url";

let parents = [];

export function initialize(data) {
  // A file inside each folder: Node looks for <folder>/<package> from there.
  parents = (data?.dirs ?? []).map((dir) => pathToFileURL(path.join(dir, "__nimbus_node_path__.mjs")).href);
}

const isBare = (specifier) => !/^(\.{0,2}\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    if (err?.code !== "ERR_MODULE_NOT_FOUND" || !isBare(specifier)) throw err;
    for (const parentURL of parents) {
      try {
        return await nextResolve(specifier, { ...context, parentURL });
      } catch {
        // Try the next folder.
      }
    }
    throw err;
  }
}
