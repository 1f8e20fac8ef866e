// Console output of Nimbus's Node.js runtime, as AWS formats it
// (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html): text lines
// "<ISO time>\t<requestId>\t<LEVEL>\t<message>" or JSON records (AWS_LAMBDA_LOG_FORMAT=JSON),
// filtered by AWS_LAMBDA_LOG_LEVEL. patchConsole() returns the runtime's error logger.
import { format } from "node:util";
import { formatForLog } from "./errors.mjs";

const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
let currentRequestId; // "undefined" in lines written during init, as on AWS

export const setCurrentRequestId = (id) => {
  currentRequestId = id;
};

export function patchConsole() {
  const json = process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === "JSON";
  const minimum = LEVELS[process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase()] ?? LEVELS.TRACE;
  const textLine = (level, args) => `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${format(...args)}`;
  const jsonLine = (level, args) => {
    const record = { timestamp: new Date().toISOString(), level, requestId: currentRequestId };
    if (args.length === 1 && !(args[0] instanceof Error)) record.message = args[0];
    else record.message = format(...args);
    const error = args.find((a) => a instanceof Error);
    if (error) {
      record.errorType = error.constructor?.name ?? "UnknownError";
      record.errorMessage = error.message;
      record.stackTrace = typeof error.stack === "string" ? error.stack.split("\n") : [];
    }
    try {
      return JSON.stringify(record);
    } catch {
      record.message = format(record.message);
      return JSON.stringify(record);
    }
  };
  const build = json ? jsonLine : textLine;
  const writer = (level) =>
    LEVELS[level] >= minimum
      ? (...args) => {
          // One event per call: newlines inside the message become carriage returns.
          process.stdout.write(`${build(level, args).replace(/\n/g, "\r")}\n`);
        }
      : () => undefined;
  console.trace = writer("TRACE");
  console.debug = writer("DEBUG");
  console.info = writer("INFO");
  console.log = console.info;
  console.warn = writer("WARN");
  console.error = writer("ERROR");
  console.fatal = writer("FATAL");
  return json ? (message, err) => console.error(err instanceof Error ? err : new Error(String(err))) : (message, err) => console.error(message, formatForLog(err));
}
