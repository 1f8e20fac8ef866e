// What the executor needs to run a version: the version record; its layers carry their archives.
import { functionArn, type Scope } from "./arns.js";
import type { ExecutableVersion } from "./execution.js";
import type { VersionRecord } from "./types.js";

export function executableFor(scope: Scope, functionName: string, version: VersionRecord): ExecutableVersion {
  return { scope, functionName, functionArn: functionArn(scope, functionName), version, layers: version.layers.map((l) => l.code) };
}
