// The runtime catalogue: which AWS runtime identifiers Nimbus runs and how.
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
// Every nodejs* runtime runs on the Node binary Nimbus runs on and every python* runtime on the
// machine's python3: AWS_EXECUTION_ENV still names the runtime the function asked for.

export type RuntimeFamily = "node" | "python" | "provided";

export interface RuntimeInfo {
  /** The identifier as configured on the function, e.g. "nodejs20.x". */
  id: string;
  family: RuntimeFamily;
  /** AWS_EXECUTION_ENV: AWS_Lambda_<runtime>; custom runtimes have none on AWS. */
  executionEnv?: string;
  /** The "Runtime Version" shown in INIT_START, e.g. "nodejs:20" or "python:3.12". */
  versionLabel: string;
  /** Node major (for /opt/nodejs/node20/node_modules) or python "3.12" (for site-packages). */
  languageVersion?: string;
}

const NODE = /^nodejs(\d+)\.x$/;
const PYTHON = /^python(3\.\d+)$/;

export function resolveRuntime(id: string): RuntimeInfo | undefined {
  const node = NODE.exec(id);
  if (node) {
    return { id, family: "node", executionEnv: `AWS_Lambda_${id}`, versionLabel: `nodejs:${node[1]}`, languageVersion: node[1] };
  }
  const python = PYTHON.exec(id);
  if (python) {
    return {
      id,
      family: "python",
      executionEnv: `AWS_Lambda_${id}`,
      versionLabel: `python:${python[1]}`,
      languageVersion: python[1],
    };
  }
  if (id === "provided" || id === "provided.al2" || id === "provided.al2023") {
    return { id, family: "provided", versionLabel: id === "provided" ? "provided:al1" : `provided:${id.slice(9)}` };
  }
  return undefined;
}

/** Thrown by the engine for a runtime it cannot run; the control plane validates earlier. */
export class UnsupportedRuntimeError extends Error {
  constructor(readonly runtime: string) {
    super(`Nimbus cannot run the runtime ${runtime}`);
    this.name = "UnsupportedRuntimeError";
  }
}
