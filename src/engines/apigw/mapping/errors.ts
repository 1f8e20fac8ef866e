// The only errors the mapping engine throws. The data plane turns them into API Gateway's answers:
// a template that fails to parse or to render is a 500 {"message": "Internal server error"};
// a payload that $input.json/$input.path cannot parse is, in an integration request, a 400
// {"message": "Could not parse request body into json: ..."} and, in an integration response, a 500.
// Anything else escaping from a render (a JavaScript TypeError, a stack overflow) is wrapped into
// MappingTemplateError so callers never see a raw exception.

export type MappingErrorKind =
  /** The template text is not valid VTL. */
  | "TemplateSyntax"
  /** The template failed while rendering (a method threw, a limit was exceeded, #include was used). */
  | "TemplateRender"
  /** $input.json/$input.path were called on a payload that is not JSON. */
  | "InvalidJsonPayload";

export class MappingTemplateError extends Error {
  constructor(
    readonly kind: MappingErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "MappingTemplateError";
  }
}

/** Wraps any error raised during a render into a MappingTemplateError (keeping ours as they are). */
export function asMappingError(error: unknown): MappingTemplateError {
  if (error instanceof MappingTemplateError) return error;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new MappingTemplateError("TemplateRender", "Template evaluation exceeded the maximum nesting depth", { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new MappingTemplateError("TemplateRender", `Template evaluation failed: ${detail}`, { cause: error });
}
