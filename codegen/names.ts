// How model names become TypeScript names in src/aws/generated/.
//
// Renaming rule: a shape whose name is a JavaScript/TypeScript global, a TypeScript built-in
// type, a reserved word, or a name the generated files import themselves is emitted with a
// leading underscore: S3's `Object` shape becomes `_Object`, `Error` becomes `_Error`, Lambda's
// `Event` becomes `_Event` (the AWS SDK for JavaScript v3 follows the same convention). Model
// shape names never start with an underscore unless they are apigatewayv2's `__string`-style
// scalars, which are inlined, so the renamed name cannot collide; the generator still checks.
// The list is fixed here (not read from the running Node) so the output is the same everywhere.

const RESERVED_WORDS = [
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
  "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
  "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try",
  "typeof", "var", "void", "while", "with", "implements", "interface", "let", "package", "private",
  "protected", "public", "static", "yield", "await", "async",
  // TypeScript type keywords that cannot name an interface or alias.
  "any", "unknown", "never", "object", "string", "number", "boolean", "symbol", "bigint",
  "undefined", "type", "declare", "namespace", "module", "readonly", "keyof", "infer", "is",
];

const ECMASCRIPT_GLOBALS = [
  "AggregateError", "Array", "ArrayBuffer", "Atomics", "BigInt", "BigInt64Array", "BigUint64Array",
  "Boolean", "DataView", "Date", "Error", "EvalError", "FinalizationRegistry", "Float32Array",
  "Float64Array", "Function", "Generator", "Infinity", "Int16Array", "Int32Array", "Int8Array",
  "Intl", "Iterator", "JSON", "Map", "Math", "NaN", "Number", "Object", "Promise", "Proxy",
  "RangeError", "ReferenceError", "Reflect", "RegExp", "Set", "SharedArrayBuffer", "String",
  "Symbol", "SyntaxError", "TypeError", "URIError", "Uint16Array", "Uint32Array", "Uint8Array",
  "Uint8ClampedArray", "WeakMap", "WeakRef", "WeakSet", "globalThis",
];

const TYPESCRIPT_BUILTIN_TYPES = [
  "ArrayLike", "AsyncGenerator", "AsyncIterable", "AsyncIterableIterator", "AsyncIterator",
  "Awaited", "Capitalize", "ConstructorParameters", "Exclude", "Extract", "InstanceType",
  "Iterable", "IterableIterator", "Lowercase", "NoInfer", "NonNullable", "Omit",
  "OmitThisParameter", "Parameters", "Partial", "Pick", "PromiseLike", "PropertyKey",
  "Readonly", "ReadonlyArray", "ReadonlyMap", "ReadonlySet", "Record", "Required", "ReturnType",
  "TemplateStringsArray", "ThisParameterType", "ThisType", "Uncapitalize", "Uppercase",
];

// Node and web platform globals a reader would expect to mean the built-in.
const PLATFORM_GLOBALS = [
  "AbortController", "AbortSignal", "Blob", "Buffer", "BroadcastChannel", "Crypto", "CustomEvent",
  "Document", "DOMException", "Element", "Event", "EventTarget", "File", "FormData", "Headers",
  "MessageChannel", "MessageEvent", "MessagePort", "Node", "Performance", "ReadableStream",
  "Request", "Response", "TextDecoder", "TextEncoder", "URL", "URLSearchParams", "WebAssembly",
  "WebSocket", "Window", "WritableStream", "console", "process", "require",
];

// Names the generated files import or declare themselves.
const GENERATOR_NAMES = ["Readable", "RequestContext", "ServiceError"];

export const RESERVED_TYPE_NAMES: ReadonlySet<string> = new Set([
  ...RESERVED_WORDS, ...ECMASCRIPT_GLOBALS, ...TYPESCRIPT_BUILTIN_TYPES, ...PLATFORM_GLOBALS, ...GENERATOR_NAMES,
]);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The TypeScript name of a named shape (structure, string enum, exception class). */
export function typeName(shapeName: string): string {
  if (!IDENTIFIER.test(shapeName)) throw new Error(`shape name ${JSON.stringify(shapeName)} is not an identifier`);
  return RESERVED_TYPE_NAMES.has(shapeName) ? `_${shapeName}` : shapeName;
}

/** A member name as an interface property key, quoted only when it must be. */
export function propertyKey(memberName: string): string {
  return IDENTIFIER.test(memberName) ? memberName : JSON.stringify(memberName);
}

/** "Cognito Identity Provider" -> "CognitoIdentityProviderOperations". */
export function operationsInterfaceName(serviceId: string): string {
  return `${serviceId.replace(/[^A-Za-z0-9]/g, "")}Operations`;
}

/** The type of an error class's `fields`: the exception shape's members other than its message. */
export function errorFieldsName(className: string): string {
  return `${className}Fields`;
}
