// Module resolve hook (registered by bootstrap.mjs before the first ES module handler loads):
// a bare import that Node's ES module resolution cannot find is retried from each NODE_PATH
// folder, in order, so ES module functions import the AWS SDK and layer packages
// (/opt/nodejs/node_modules) as they do on Lambda's nodejs18.x+ runtimes.
import path from "node:path";
import { pathToFileURL } from "node:url";

let parents = [];
let known = Promise.resolve();

// A file inside each folder: Node looks for <folder>/<package> from there.
const parentsOf = (dirs) => dirs.map((dir) => pathToFileURL(path.join(dir, "__nimbus_node_path__.mjs")).href);

/**
 * data.dirs: the NODE_PATH folders. A warm-pool runtime registers the hook before it knows its
 * function and sends the folders later through data.port; resolution waits for them.
 */
export function initialize(data) {
  if (data?.port) {
    known = new Promise((resolve) => {
      data.port.once("message", (dirs) => {
        parents = parentsOf(dirs);
        data.port.close();
        resolve();
      });
    });
  } else {
    parents = parentsOf(data?.dirs ?? []);
  }
}

const isBare = (specifier) => !/^(\.{0,2}\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    if (err?.code !== "ERR_MODULE_NOT_FOUND" || !isBare(specifier)) throw err;
    await known;
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
