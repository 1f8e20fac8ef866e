// Choosing which mapping template and which integration response apply to a request.
import { compileJavaFullMatch } from "./java-regex.js";

export type PassthroughBehavior = "WHEN_NO_MATCH" | "WHEN_NO_TEMPLATES" | "NEVER";

export type TemplateSelection =
  | { template: string; contentType: string }
  | { passthrough: true }
  /** API Gateway answers 415 {"message": "Unsupported Media Type"}. */
  | { unsupportedMediaType: true };

/** The media type of a Content-Type/Accept entry, without parameters, lower-cased. */
function mediaType(value: string): string {
  return value.split(";")[0]!.trim().toLowerCase();
}

function findTemplate(templates: Record<string, string>, type: string): [string, string] | undefined {
  for (const [contentType, template] of Object.entries(templates)) {
    if (mediaType(contentType) === type) return [contentType, template];
  }
  return undefined;
}

/**
 * Integration request template selection and passthrough behaviour.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html
 * The request's Content-Type picks the template; without a Content-Type header API Gateway
 * assumes application/json. When no template matches:
 *   WHEN_NO_MATCH      passes the payload through untransformed;
 *   WHEN_NO_TEMPLATES  passes it through only when no template is defined at all, else 415;
 *   NEVER              rejects it with 415.
 */
export function selectTemplate(
  requestTemplates: Record<string, string> | undefined,
  contentType: string | undefined,
  passthroughBehavior: PassthroughBehavior = "WHEN_NO_MATCH",
): TemplateSelection {
  const templates = requestTemplates ?? {};
  const type = contentType && contentType.trim() !== "" ? mediaType(contentType) : "application/json";
  const match = findTemplate(templates, type);
  if (match) return { contentType: match[0], template: match[1] };
  switch (passthroughBehavior) {
    case "WHEN_NO_MATCH":
      return { passthrough: true };
    case "WHEN_NO_TEMPLATES":
      return Object.keys(templates).length === 0 ? { passthrough: true } : { unsupportedMediaType: true };
    default:
      return { unsupportedMediaType: true };
  }
}

/**
 * Integration response template selection: the first media type of the request's Accept header
 * that has a template, else the application/json template, else the first template defined.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings.html
 */
export function selectResponseTemplate(
  responseTemplates: Record<string, string> | undefined,
  accept: string | undefined,
): { template: string; contentType: string } | undefined {
  const templates = responseTemplates ?? {};
  const entries = Object.entries(templates);
  if (entries.length === 0) return undefined;
  for (const part of (accept ?? "").split(",")) {
    const type = mediaType(part);
    if (!type || type.includes("*")) continue;
    const match = findTemplate(templates, type);
    if (match) return { contentType: match[0], template: match[1] };
  }
  const json = findTemplate(templates, "application/json");
  const [contentType, template] = json ?? entries[0]!;
  return { contentType, template };
}

export interface IntegrationResponseLike {
  statusCode: string;
  selectionPattern?: string;
}

/**
 * Picks the integration response whose selectionPattern (a Java regex, matched against the whole
 * input) matches: the Lambda errorMessage for AWS integrations with a function error, the status
 * code for HTTP integrations. The default response (no pattern, or an empty one) applies when no
 * pattern matches. Returns undefined when nothing applies.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_IntegrationResponse.html
 */
export function selectIntegrationResponse<R extends IntegrationResponseLike>(
  responses: readonly R[] | Record<string, R> | undefined,
  statusOrErrorMessage: string | undefined,
  regexCache?: Map<string, RegExp | null>,
): R | undefined {
  const list = Array.isArray(responses) ? responses : Object.values(responses ?? {});
  let fallback: R | undefined;
  for (const response of list) {
    const pattern = response.selectionPattern;
    if (pattern === undefined || pattern === "") {
      fallback ??= response;
      continue;
    }
    if (statusOrErrorMessage === undefined) continue;
    const regex = compiledPattern(pattern, regexCache);
    if (regex && regex.test(statusOrErrorMessage)) return response;
  }
  return fallback;
}

function compiledPattern(pattern: string, cache: Map<string, RegExp | null> | undefined): RegExp | null {
  const cached = cache?.get(pattern);
  if (cached !== undefined) return cached;
  let regex: RegExp | null;
  try {
    regex = compileJavaFullMatch(pattern);
  } catch {
    regex = null;
  }
  if (cache) {
    if (cache.size >= 1000) cache.clear();
    cache.set(pattern, regex);
  }
  return regex;
}
