// Legacy AttributesToGet converted to projection paths: each name is a top-level attribute
// taken literally (no document paths, no reserved-word check).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.AttributesToGet.html

import type { DocumentPath } from "../ast.js";
import { validationError } from "../errors.js";

export function attributesToGetToProjection(names: readonly string[]): DocumentPath[] {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw validationError(`One or more parameter values were invalid: Duplicate value in attribute name: ${name}`);
    }
    seen.add(name);
  }
  return names.map((name) => [name]);
}
