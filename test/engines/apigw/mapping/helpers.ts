// Shared helpers for the mapping-template tests.
import { MappingTemplateEngine, type MappingInput, type MappingResult } from "../../../../src/engines/apigw/mapping/index.js";

export const engine = new MappingTemplateEngine();

export function input(overrides: Partial<MappingInput> = {}): MappingInput {
  return {
    body: "",
    pathParams: {},
    queryParams: {},
    headers: {},
    context: {},
    stageVariables: {},
    ...overrides,
  };
}

export function renderFull(template: string, overrides: Partial<MappingInput> = {}): MappingResult {
  return engine.renderMappingTemplate(template, input(overrides));
}

export function render(template: string, overrides: Partial<MappingInput> = {}): string {
  return renderFull(template, overrides).body;
}
