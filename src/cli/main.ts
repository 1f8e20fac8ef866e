// The `nimbus` command line. Every command has --help.
import { Command } from "commander";
import { NIMBUS_VERSION } from "../nimbus.js";
import { invokeCommand } from "./invoke.js";
import { logsCommand } from "./logs.js";
import { startCommand } from "./start.js";

const program = new Command("nimbus")
  .description("Nimbus: a free, open-source, AWS-compatible serverless platform on one endpoint")
  .version(NIMBUS_VERSION)
  .addCommand(startCommand())
  .addCommand(logsCommand())
  .addCommand(invokeCommand());

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`nimbus: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
