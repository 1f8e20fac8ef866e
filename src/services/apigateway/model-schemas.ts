// Model schemas: API Gateway models are JSON Schema draft 4 documents
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings-models.html).
// CreateModel/UpdateModel refuse a schema that is not JSON or not a valid draft-4 schema, or
// that references a model the API lacks; references name other models by URL,
// "https://apigateway.amazonaws.com/restapis/{api}/models/{name}" (the host may vary), which
// GetModel?flatten=true inlines. The data plane validates bodies with compileModelValidator.
import ajvDraft04 from "ajv-draft-04";
import { badRequest } from "./errors.js";
import type { ModelRecord } from "./records.js";

type Json = unknown;

// ajv-draft-04 is CommonJS: its class is the module's `default` export.
const Ajv = ajvDraft04.default;

const MODEL_REF = /\/restapis\/[^/]+\/models\/([^/#?]+)$/;

/** The model a $ref names, or undefined for other references (local "#/definitions/x"). */
export function referencedModelName(ref: string): string | undefined {
  return MODEL_REF.exec(ref)?.[1];
}

const invalidModel = (detail: string) =>
  badRequest(`Invalid model specified: Validation Result: warnings : [], errors : [${detail}]`);

/** The checks CreateModel and UpdateModel run on a schema text. */
export function checkModelSchema(schema: string | undefined, models: readonly ModelRecord[]): void {
  if (schema === undefined || schema.trim() === "") {
    throw badRequest("Model schema must have at least 1 property or array items defined");
  }
  let parsed: Json;
  try {
    parsed = JSON.parse(schema);
  } catch {
    throw invalidModel("Invalid model schema specified. Unable to parse the schema as JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw invalidModel("Invalid model schema specified. The schema must be a JSON object");
  }
  const ajv = new Ajv({ strict: false, validateSchema: false });
  // Checked against draft 4 whatever "$schema" says: API Gateway models are draft 4.
  const { $schema: _declared, ...body } = parsed as Record<string, unknown>;
  let valid: boolean;
  try {
    valid = ajv.validateSchema(body) as boolean;
  } catch (err) {
    throw invalidModel(`Invalid model schema specified. ${(err as Error).message}`);
  }
  if (!valid) throw invalidModel(`Invalid model schema specified. ${ajv.errorsText(ajv.errors, { dataVar: "schema" })}`);
  for (const ref of collectRefs(parsed)) {
    const name = referencedModelName(ref);
    if (name !== undefined && !models.some((m) => m.name === name)) {
      throw invalidModel(`Invalid model schema specified. Referenced model does not exist: ${name}`);
    }
  }
}

function collectRefs(node: Json, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, out);
  else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") out.push(value);
      else collectRefs(value, out);
    }
  }
  return out;
}

/**
 * The schema with references to other models replaced by those models' schemas
 * (GetModel flatten=true). A reference back into a model already being expanded is left as is.
 */
export function flattenSchema(model: ModelRecord, models: readonly ModelRecord[]): string | undefined {
  if (model.schema === undefined) return undefined;
  let root: Json;
  try {
    root = JSON.parse(model.schema);
  } catch {
    return model.schema;
  }
  const expand = (node: Json, trail: readonly string[]): Json => {
    if (Array.isArray(node)) return node.map((n) => expand(n, trail));
    if (typeof node !== "object" || node === null) return node;
    const ref = (node as Record<string, unknown>)["$ref"];
    const name = typeof ref === "string" ? referencedModelName(ref) : undefined;
    if (name !== undefined && !trail.includes(name)) {
      const target = models.find((m) => m.name === name);
      if (target?.schema !== undefined) {
        try {
          const { $schema: _ignored, ...inner } = JSON.parse(target.schema) as Record<string, unknown>;
          return expand(inner, [...trail, name]);
        } catch {
          return node;
        }
      }
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = expand(v, trail);
    return out;
  };
  return JSON.stringify(expand(root, [model.name]));
}
