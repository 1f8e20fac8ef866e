// API Gateway's request validation, worded as its front end (Coral) words it. It differs from
// the generic validator in src/aws/validate.ts in three recorded ways
// (test_apigateway_api.snapshot.json, e.g. "update-method-response-invalid-statuscode-and-wrong-op"):
// - members that travel in the body are named under the operation's input,
//   'updateRestApiInput.patchOperations.1.member.op'; members bound to the URI are not:
//   'statusCode', 'responseType';
// - body members are reported before URI members;
// - enum value sets are listed in the order AWS prints them (a Java hash-set order, recorded
//   below for the enums whose errors were captured; others keep the model's order), and a list
//   of enums fails as "Member must satisfy constraint: [Member must satisfy enum value set: ...]".
import { ServiceError } from "../../aws/errors.js";
import type { ShapeRef, StructureShape } from "../../aws/spec/model.js";
import type { ServiceSpec } from "../../aws/spec/service-spec.js";

const AWS_ENUM_ORDER: Record<string, string[]> = {
  Op: ["add", "remove", "move", "test", "replace", "copy"],
  GatewayResponseType: [
    "REQUEST_TOO_LARGE", "RESOURCE_NOT_FOUND", "AUTHORIZER_CONFIGURATION_ERROR", "MISSING_AUTHENTICATION_TOKEN",
    "BAD_REQUEST_BODY", "INVALID_SIGNATURE", "INVALID_API_KEY", "BAD_REQUEST_PARAMETERS", "AUTHORIZER_FAILURE",
    "UNAUTHORIZED", "INTEGRATION_TIMEOUT", "ACCESS_DENIED", "DEFAULT_4XX", "DEFAULT_5XX", "WAF_FILTERED",
    "QUOTA_EXCEEDED", "THROTTLED", "API_CONFIGURATION_ERROR", "UNSUPPORTED_MEDIA_TYPE", "INTEGRATION_FAILURE",
    "EXPIRED_TOKEN",
  ],
  IntegrationType: ["HTTP", "MOCK", "AWS_PROXY", "HTTP_PROXY", "AWS"],
  IpAddressType: ["ipv4", "dualstack"],
  EndpointType: ["PRIVATE", "EDGE", "REGIONAL"],
  DocumentationPartType: [
    "RESPONSE_BODY", "RESPONSE", "METHOD", "MODEL", "AUTHORIZER", "RESPONSE_HEADER", "RESOURCE", "PATH_PARAMETER",
    "REQUEST_BODY", "QUERY_PARAMETER", "API", "REQUEST_HEADER",
  ],
};

interface Violation {
  path: string;
  value: unknown;
  constraint: string;
}

export function validateApiGatewayInput(spec: ServiceSpec, operation: string, input: Record<string, unknown>): void {
  const op = spec.operation(operation);
  const shape = op && spec.inputShape(op);
  if (!shape) return;
  const prefix = `${operation.charAt(0).toLowerCase()}${operation.slice(1)}Input`;
  const violations: Violation[] = [];
  const entries = Object.entries(shape.members);
  const inUri = ([, ref]: [string, ShapeRef]) => ref.location === "uri";
  // Body (and query/header) members first, then the URI labels.
  for (const [name, ref] of [...entries.filter((e) => !inUri(e)), ...entries.filter(inUri)]) {
    const path = ref.location === "uri" ? name : `${prefix}.${name}`;
    const value = input[name];
    if (value === undefined || value === null) {
      if (shape.required?.includes(name)) violations.push({ path, value: null, constraint: "Member must not be null" });
      continue;
    }
    checkValue(spec, ref, value, path, violations);
  }
  if (violations.length === 0) return;
  const count = violations.length;
  const head = `${count} validation error${count === 1 ? "" : "s"} detected: `;
  const body = violations.map((v) => `Value ${render(v.value)} at '${v.path}' failed to satisfy constraint: ${v.constraint}`).join("; ");
  throw new ServiceError("ValidationException", head + body, 400);
}

function checkValue(spec: ServiceSpec, ref: ShapeRef, value: unknown, path: string, out: Violation[]): void {
  const shape = spec.resolve(ref);
  switch (shape.type) {
    case "structure":
      if (isObject(value)) checkStructure(spec, shape, value, path, out);
      return;
    case "list": {
      if (!Array.isArray(value)) return;
      const itemShape = spec.resolve(shape.member);
      if (itemShape.type === "string" && itemShape.enum) {
        const allowed = enumOrder(shape.member.shape, itemShape.enum);
        if (value.some((v) => typeof v === "string" && !allowed.includes(v))) {
          out.push({ path, value, constraint: `Member must satisfy constraint: [Member must satisfy enum value set: [${allowed.join(", ")}]]` });
        }
        return;
      }
      value.forEach((item, i) => {
        if (item !== undefined && item !== null) checkValue(spec, shape.member, item, `${path}.${i + 1}.member`, out);
      });
      return;
    }
    case "map":
      if (!isObject(value)) return;
      for (const [k, v] of Object.entries(value)) {
        if (v !== undefined && v !== null) checkValue(spec, shape.value, v, `${path}.${k}.member`, out);
      }
      return;
    case "string":
      if (typeof value !== "string") return;
      if (shape.enum && !shape.enum.includes(value)) {
        out.push({ path, value, constraint: `Member must satisfy enum value set: [${enumOrder(ref.shape, shape.enum).join(", ")}]` });
      }
      if (shape.pattern && !new RegExp(`^(?:${shape.pattern})$`).test(value)) {
        out.push({ path, value, constraint: `Member must satisfy regular expression pattern: ${shape.pattern}` });
      }
      return;
    default:
      return;
  }
}

function checkStructure(spec: ServiceSpec, shape: StructureShape, value: Record<string, unknown>, path: string, out: Violation[]): void {
  for (const [name, ref] of Object.entries(shape.members)) {
    const member = value[name];
    const memberPath = `${path}.${name}`;
    if (member === undefined || member === null) {
      if (shape.required?.includes(name)) out.push({ path: memberPath, value: null, constraint: "Member must not be null" });
      continue;
    }
    checkValue(spec, ref, member, memberPath, out);
  }
}

function enumOrder(shapeName: string, modelOrder: string[]): string[] {
  return AWS_ENUM_ORDER[shapeName] ?? modelOrder;
}

function render(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `'[${value.join(", ")}]'`;
  if (typeof value === "object") return `'${JSON.stringify(value)}'`;
  return `'${String(value)}'`;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);

