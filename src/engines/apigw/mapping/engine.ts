// The API Gateway mapping-template engine: renders a request or response mapping template
// (VTL with $input, $util, $context, $stageVariables) the way API Gateway does.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings.html
// Templates are rendered on every request, so each distinct template text is parsed once and
// its syntax tree reused (bounded LRU cache held by the engine instance the data plane injects).
import { parse } from "velocityjs";
import { buildContextVariable, buildStageVariables, readOverrides, type ContextOverrides, type MappingContext } from "./context-variable.js";
import { asMappingError, MappingTemplateError } from "./errors.js";
import { InputVariable, type MultiValued } from "./input-variable.js";
import { selectIntegrationResponse, type IntegrationResponseLike } from "./selection.js";
import { utilVariable } from "./util-variable.js";
import { ApiGatewayVelocity, DEFAULT_RENDER_LIMITS, type AstSource, type RenderLimits } from "./vtl-runtime.js";

export interface MappingInput {
  /** The payload (method request body, or the integration's response body). */
  body: string;
  pathParams: Record<string, string>;
  queryParams: MultiValued;
  headers: MultiValued;
  context: MappingContext;
  stageVariables?: Record<string, string>;
}

export interface MappingResult {
  body: string;
  /** $context.responseOverride.status / .header.<name> as set by the template. */
  overrides: { status?: number; headers: Record<string, string> };
  /** $context.requestOverride.{path,header,querystring} as set by the template. */
  requestOverrides: ContextOverrides["request"];
  /** Override state to pass on (as context.requestOverride/responseOverride) to the next template of the request. */
  carry: ContextOverrides["carry"];
}

export interface MappingEngineOptions {
  /** Distinct template texts whose parsed form is kept (least recently used are dropped). */
  maxCachedTemplates?: number;
  limits?: Partial<RenderLimits>;
}

// velocityjs recognizes `#stop` only as `#stop()`; Velocity 1.7 also accepts the bare directive.
const BARE_STOP = /(^|[^\\])#(stop|\{stop\})(?![\w(])/g;

/**
 * Velocity 1.7's lexer makes spaces and tabs before `#set` part of the directive
 * (SET_DIRECTIVE: (" "|"\t")* "#set"), so they never reach the output; velocityjs keeps them.
 */
function gobbleWhitespaceBeforeSet(list: unknown[]): unknown[] {
  for (let i = 0; i < list.length; i++) {
    const node = list[i];
    if (Array.isArray(node)) gobbleWhitespaceBeforeSet(node);
    else if (i > 0 && (node as { type?: string } | null)?.type === "set" && typeof list[i - 1] === "string") {
      list[i - 1] = (list[i - 1] as string).replace(/[ \t]+$/, "");
    }
  }
  return list;
}

/** A bounded LRU map. */
class LruCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: string, value: V): void {
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
  }
}

export class MappingTemplateEngine implements AstSource {
  private readonly cache: LruCache<unknown[]>;
  private readonly limits: RenderLimits;
  private readonly selectionPatterns = new Map<string, RegExp | null>();

  constructor(options: MappingEngineOptions = {}) {
    this.cache = new LruCache(options.maxCachedTemplates ?? 1000);
    this.limits = { ...DEFAULT_RENDER_LIMITS, ...options.limits };
  }

  /** Parses VTL once per distinct text; a syntax error is a MappingTemplateError("TemplateSyntax"). */
  parse(text: string): unknown[] {
    const cached = this.cache.get(text);
    if (cached) return cached;
    let asts: unknown[];
    try {
      asts = gobbleWhitespaceBeforeSet(parse(text.replace(BARE_STOP, "$1#stop()")) as unknown[]);
    } catch (error) {
      throw new MappingTemplateError("TemplateSyntax", `Invalid mapping template: ${(error as Error).message}`, { cause: error });
    }
    this.cache.set(text, asts);
    return asts;
  }

  /** Renders a mapping template. Throws only MappingTemplateError. */
  renderMappingTemplate(template: string, vars: MappingInput): MappingResult {
    const asts = this.parse(template);
    const contextMap = buildContextVariable(vars.context);
    const variables: Record<string, unknown> = Object.create(null);
    variables.input = new InputVariable(vars);
    variables.util = utilVariable;
    variables.context = contextMap;
    variables.stageVariables = buildStageVariables(vars.stageVariables);
    let body: string;
    try {
      body = new ApiGatewayVelocity(asts, this, this.limits).render(variables);
    } catch (error) {
      throw asMappingError(error);
    }
    const overrides = readOverrides(contextMap);
    return {
      body,
      overrides: { ...(overrides.status !== undefined ? { status: overrides.status } : {}), headers: overrides.headers },
      requestOverrides: overrides.request,
      carry: overrides.carry,
    };
  }

  /** selectIntegrationResponse with this engine's cache of compiled selection patterns. */
  selectIntegrationResponse<R extends IntegrationResponseLike>(
    responses: readonly R[] | Record<string, R> | undefined,
    statusOrErrorMessage: string | undefined,
  ): R | undefined {
    return selectIntegrationResponse(responses, statusOrErrorMessage, this.selectionPatterns);
  }
}
