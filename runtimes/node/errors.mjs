// Error documents of Nimbus's Node.js runtime, shaped as the AWS nodejs runtime shapes them:
// {errorType, errorMessage, trace} for the Runtime API, enumerable properties for the log,
// and the Runtime.* error types of init failures.
import { types } from "node:util";

function runtimeError(name) {
  const cls = class extends Error {};
  Object.defineProperty(cls, "name", { value: name });
  cls.prototype.name = `Runtime.${name}`;
  return cls;
}
export const ImportModuleError = runtimeError("ImportModuleError");
export const HandlerNotFound = runtimeError("HandlerNotFound");
export const MalformedHandlerName = runtimeError("MalformedHandlerName");
export const UserCodeSyntaxError = runtimeError("UserCodeSyntaxError");
export const UnhandledPromiseRejection = runtimeError("UnhandledPromiseRejection");

const isErrorLike = (e) =>
  types.isNativeError(e) ||
  (e && typeof e.name === "string" && typeof e.message === "string" && typeof e.stack === "string");

/** The document posted to the Runtime API: {errorType, errorMessage, trace}. */
export function toRuntimeError(error) {
  try {
    if (isErrorLike(error)) {
      return { errorType: error.name, errorMessage: error.message, trace: String(error.stack).split("\n") };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: "handled",
      errorMessage: "callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack",
    };
  }
}

/** The error as the runtime logs it: its enumerable properties, stack as an array. */
export function formatForLog(error) {
  const expand = (_key, value) => {
    if (!(value instanceof Error)) return value;
    const out = { errorType: value.name, errorMessage: value.message, code: value.code, ...value };
    if (typeof value.stack === "string") out.stack = value.stack.split("\n");
    return out;
  };
  try {
    return `\t${JSON.stringify(error, expand)}`;
  } catch {
    return `\t${JSON.stringify(toRuntimeError(error))}`;
  }
}
