// Request validation: the method's request validator (requestValidatorId) checks required
// parameters and the body against the method's model for the request's Content-Type.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html
// Answers, as recorded from AWS (test_api_gateway_request_validator):
//   400 BAD_REQUEST_PARAMETERS "Missing required request parameters: [x-header-param, issuer, qs1]"
//   400 BAD_REQUEST_BODY "Invalid request body"
// Models are JSON Schema draft 4 and may name each other by URL
// (https://apigateway.amazonaws.com/restapis/{api}/models/{name}); each deployment's models are
// compiled once and kept with its immutable snapshot.
import ajvDraft04 from "ajv-draft-04";
import type { RestApiSnapshot } from "../../../services/apigateway/snapshot.js";
import { gatewayErrors } from "./gateway-error.js";
import type { Invocation } from "./invocation.js";

// ajv-draft-04 is CommonJS: its class is the module's `default` export.
const Ajv = ajvDraft04.default;
type Validate = (data: unknown) => boolean;

const MODEL_REF = /\/restapis\/[^/]+\/models\/([^/#?]+)(#.*)?$/;
const compiled = new WeakMap<RestApiSnapshot, Map<string, Validate | null>>();

function modelKey(name: string): string {
  return `nimbus-model:${name}`;
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$schema") continue;
    if (key === "$ref" && typeof value === "string") {
      const match = MODEL_REF.exec(value);
      out[key] = match ? `${modelKey(match[1]!)}${match[2] ?? ""}` : value;
    } else {
      out[key] = rewriteRefs(value);
    }
  }
  return out;
}

/** The compiled validator of a deployment's model (null when its schema cannot be compiled). */
function validatorFor(snapshot: RestApiSnapshot, modelName: string): Validate | null {
  let byModel = compiled.get(snapshot);
  if (!byModel) {
    byModel = new Map();
    compiled.set(snapshot, byModel);
  }
  const cached = byModel.get(modelName);
  if (cached !== undefined) return cached;
  const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: false });
  for (const model of Object.values(snapshot.models)) {
    if (!model.schema) continue;
    try {
      ajv.addSchema(rewriteRefs(JSON.parse(model.schema)) as object, modelKey(model.name));
    } catch {
      // A schema that does not parse validates nothing; the control plane refuses most of them.
    }
  }
  let validate: Validate | null = null;
  try {
    validate = (ajv.getSchema(modelKey(modelName)) as Validate | undefined) ?? null;
  } catch {
    validate = null;
  }
  byModel.set(modelName, validate);
  return validate;
}

function mediaType(value: string | undefined): string {
  return (value ?? "application/json").split(";")[0]!.trim().toLowerCase();
}

export function validateRequest(inv: Invocation): void {
  const method = inv.route!.method;
  const validatorId = method.requestValidatorId;
  if (!validatorId) return;
  const validator = inv.deployment.requestValidators[validatorId];
  if (!validator) return;
  if (validator.validateRequestParameters) checkParameters(inv);
  if (validator.validateRequestBody) checkBody(inv);
}

function checkParameters(inv: Invocation): void {
  const missing: string[] = [];
  for (const [key, required] of Object.entries(inv.route!.method.requestParameters ?? {})) {
    if (!required) continue;
    const match = /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)$/.exec(key);
    if (!match) continue;
    const [, location, name] = match as unknown as [string, string, string];
    let present: boolean;
    if (location === "path") present = inv.route!.pathParams[name] !== undefined;
    else if (location.endsWith("querystring")) present = (inv.request.query[name]?.length ?? 0) > 0;
    else present = inv.headers.has(name);
    if (!present) missing.push(name);
  }
  if (missing.length > 0) throw gatewayErrors.badRequestParameters(`Missing required request parameters: [${missing.join(", ")}]`);
}

function checkBody(inv: Invocation): void {
  const models = inv.route!.method.requestModels;
  if (!models) return;
  const type = mediaType(inv.headers.get("content-type"));
  const entry = Object.entries(models).find(([contentType]) => mediaType(contentType) === type) ?? (models["$default"] ? ["$default", models["$default"]] : undefined);
  if (!entry) return;
  const validate = validatorFor(inv.deployment, entry[1]);
  if (!validate) return;
  const text = inv.request.body.toString("utf8");
  let data: unknown;
  try {
    data = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw gatewayErrors.badRequestBody("Invalid request body", "Request body does not match model schema: the body is not JSON");
  }
  if (!validate(data)) {
    const errors = (validate as unknown as { errors?: Array<{ instancePath?: string; message?: string }> }).errors ?? [];
    const detail = errors.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
    throw gatewayErrors.badRequestBody("Invalid request body", `Request body does not match model schema for content type ${entry[0]}: ${detail}`);
  }
}
