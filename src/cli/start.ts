// `nimbus start`: one Nimbus node in the foreground until SIGINT/SIGTERM, which drain
// in-flight requests and close the store cleanly. A second signal exits at once.
import { Command, Option } from "commander";
import { LOG_LEVELS } from "../shared/logger.js";
import { startNimbus } from "../nimbus.js";

export function startCommand(): Command {
  return new Command("start")
    .description("Start Nimbus in the foreground and serve the AWS APIs on one endpoint")
    .addOption(new Option("--port <port>", "port to listen on").env("NIMBUS_PORT").default("4566"))
    .addOption(new Option("--host <host>", "address to listen on").env("NIMBUS_HOST").default("127.0.0.1"))
    .addOption(new Option("--data-dir <dir>", "where state is kept (SQLite databases and blobs)").env("NIMBUS_DATA_DIR").default(".nimbus"))
    .addOption(new Option("--in-memory", "keep state in memory (blobs in a temporary folder), discarded on exit").env("NIMBUS_IN_MEMORY"))
    .addOption(new Option("--store <url>", "share state through PostgreSQL (postgres://user@host:5432/db)").env("NIMBUS_STORE"))
    .addOption(new Option("--log-level <level>", "log level").choices([...LOG_LEVELS]).env("NIMBUS_LOG_LEVEL").default("info"))
    .addOption(new Option("--auth <mode>", "dev accepts any well-formed credentials; strict verifies SigV4 signatures").choices(["dev", "strict"]).env("NIMBUS_AUTH").default("dev"))
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const startedAt = performance.now();
      // Handlers first, so a signal that arrives during start-up still closes cleanly.
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) process.exit(130);
        stopping = true;
        process.stdout.write(`${signal}: draining in-flight requests and closing\n`);
        nodeReady.then((node) => node.stop()).then(
          () => process.exit(0),
          (err) => {
            process.stderr.write(`error while stopping: ${String(err)}\n`);
            process.exit(1);
          },
        );
      };
      process.on("SIGINT", () => shutdown("SIGINT"));
      process.on("SIGTERM", () => shutdown("SIGTERM"));
      const nodeReady = startNimbus({
        port: opts.port,
        host: opts.host,
        dataDir: opts.dataDir,
        inMemory: opts.inMemory === true || opts.inMemory === "true" || opts.inMemory === "1",
        store: opts.store,
        logLevel: opts.logLevel,
        auth: opts.auth,
      });
      const node = await nodeReady;
      const ms = (performance.now() - startedAt).toFixed(0);
      process.stdout.write(
        `Nimbus ${node.env.version} ready on ${node.endpoint} in ${ms} ms\n` +
          `  state: ${node.store.location} (${node.store.dialect}${node.config.inMemory ? ", in memory" : ""})\n` +
          `  auth: ${node.config.auth}\n`,
      );
    });
}
