// Where the recorded AWS answers live (conformance/README.md): ../shared/conformance next to the
// repository, or NIMBUS_CONFORMANCE_DIR.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const CONFORMANCE_DIR = process.env.NIMBUS_CONFORMANCE_DIR ?? join(repoRoot, "..", "shared", "conformance");

/** A LocalStack snapshot file of API Gateway's tests, parsed. */
export function apiGatewayRecordings<T = Record<string, { "recorded-content": Record<string, unknown> }>>(file: string): T {
  return JSON.parse(readFileSync(join(CONFORMANCE_DIR, "localstack/tests/aws/services/apigateway", file), "utf8")) as T;
}
