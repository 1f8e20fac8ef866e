// Starts a Nimbus node for a test file: port 0, in-memory store, quiet logs.
import type { NimbusConfig } from "../../src/config/schema.js";
import { startNimbus, type NimbusNode, type StartOptions } from "../../src/nimbus.js";
import { silentLogger } from "../../src/shared/logger.js";

export async function startTestNimbus(config: Partial<Record<keyof NimbusConfig, unknown>> = {}, options: StartOptions = {}): Promise<NimbusNode> {
  return startNimbus({ port: 0, inMemory: true, logLevel: "silent", ...config }, { logger: silentLogger, ...options });
}

/** Client settings for AWS SDK v3 clients pointed at a test node. */
export function clientConfig(node: NimbusNode, credentials = { accessKeyId: "test", secretAccessKey: "test" }) {
  return { endpoint: node.endpoint, region: "us-east-1", credentials, maxAttempts: 1 };
}
