// API Gateway mapping templates (REST API integration request/response transformations).
export { MappingTemplateEngine, type MappingEngineOptions, type MappingInput, type MappingResult } from "./engine.js";
export { MappingTemplateError, type MappingErrorKind } from "./errors.js";
export type { MappingContext } from "./context-variable.js";
export type { MultiValued } from "./input-variable.js";
export {
  selectIntegrationResponse,
  selectResponseTemplate,
  selectTemplate,
  type IntegrationResponseLike,
  type PassthroughBehavior,
  type TemplateSelection,
} from "./selection.js";
export { DEFAULT_RENDER_LIMITS, type RenderLimits } from "./vtl-runtime.js";
export { escapeJavaScript } from "./util-variable.js";
