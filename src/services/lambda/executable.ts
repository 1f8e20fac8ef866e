// What the executor needs to run a version: the version record; its layers carry their archives.
import { functionArn, type Scope } from "./arns.js";
import type { ExecutableVersion } from "./execution.js";
import type { VersionRecord } from "./types.js";

/**
 * The last ExecutableVersion built per version record. Invoke's records are held in memory and
 * never mutated (invoke-cache.ts), so a warm invocation reuses one object instead of building the
 * ARN and the layer list again; the scope and name are compared because a record says neither.
 */
const built = new WeakMap<VersionRecord, ExecutableVersion>();

export function executableFor(scope: Scope, functionName: string, version: VersionRecord): ExecutableVersion {
  const known = built.get(version);
  if (
    known !== undefined &&
    known.functionName === functionName &&
    known.scope.accountId === scope.accountId &&
    known.scope.region === scope.region &&
    known.scope.partition === scope.partition
  ) {
    return known;
  }
  const fresh = { scope, functionName, functionArn: functionArn(scope, functionName), version, layers: version.layers.map((l) => l.code) };
  built.set(version, fresh);
  return fresh;
}
