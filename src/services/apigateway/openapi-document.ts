// OpenAPI documents as API Gateway reads and writes them: Swagger 2.0 and OpenAPI 3.0, in JSON
// or YAML, with API Gateway's extensions
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html).
// What the two versions spell differently (where models live, how a $ref names one) is
// decided here, so import and export read as one algorithm.
import { parse as parseYaml } from "yaml";
import { badRequest } from "./errors.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type OpenApiVersion = "swagger" | "oas30";

/** The HTTP methods an OpenAPI path item holds, in API Gateway's spelling. */
export const OPERATION_KEYS: Record<string, string> = {
  get: "GET",
  put: "PUT",
  post: "POST",
  delete: "DELETE",
  patch: "PATCH",
  options: "OPTIONS",
  head: "HEAD",
  "x-amazon-apigateway-any-method": "ANY",
};

export const MODEL_URL_BASE = "https://apigateway.amazonaws.com/restapis";

export interface ParsedOpenApi {
  version: OpenApiVersion;
  doc: JsonObject;
}

/** Parses a JSON or YAML OpenAPI body; anything else is AWS's "Invalid OpenAPI input." */
export function parseOpenApi(body: Buffer | string): ParsedOpenApi {
  const text = typeof body === "string" ? body : body.toString("utf8");
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch {
    throw badRequest("Invalid OpenAPI input.");
  }
  if (!isObject(doc)) throw badRequest("Invalid OpenAPI input.");
  if (typeof doc["swagger"] === "string" && doc["swagger"].startsWith("2")) return { version: "swagger", doc };
  if (typeof doc["openapi"] === "string" && doc["openapi"].startsWith("3")) return { version: "oas30", doc };
  throw badRequest("Invalid OpenAPI input.");
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export const asObject = (value: Json | undefined): JsonObject => (isObject(value) ? value : {});
export const asString = (value: Json | undefined): string | undefined =>
  typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;

/** The prefix of a local reference to a model: "#/definitions/" or "#/components/schemas/". */
export function localRefPrefix(version: OpenApiVersion): string {
  return version === "swagger" ? "#/definitions/" : "#/components/schemas/";
}

/** The model named by a $ref, local ("#/definitions/Pet") or API Gateway's URL form. */
export function modelNameOfRef(ref: string): string | undefined {
  const local = /^#\/(?:definitions|components\/schemas)\/(.+)$/.exec(ref);
  if (local) return decodeURIComponent(local[1]!);
  return /\/restapis\/[^/]+\/models\/([^/#?]+)$/.exec(ref)?.[1];
}

/** A copy of a schema whose model references are rewritten by `rewrite`. */
export function rewriteRefs(schema: Json, rewrite: (modelName: string) => string): Json {
  if (Array.isArray(schema)) return schema.map((s) => rewriteRefs(s, rewrite));
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    const name = key === "$ref" && typeof value === "string" ? modelNameOfRef(value) : undefined;
    out[key] = name !== undefined ? rewrite(name) : rewriteRefs(value, rewrite);
  }
  return out;
}
