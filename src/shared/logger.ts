// Structured logging: one JSON line per event (pino), at the level chosen with --log-level.
import { pino, type Logger as PinoLogger } from "pino";

export type Logger = PinoLogger;
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function createLogger(level: LogLevel, destination: NodeJS.WritableStream | number = 1): Logger {
  const dest = typeof destination === "number" ? pino.destination({ fd: destination, sync: false }) : destination;
  return pino({ level, name: "nimbus", base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, dest);
}

/** A logger that drops everything: for tests and in-process clients. */
export const silentLogger: Logger = pino({ level: "silent" });
