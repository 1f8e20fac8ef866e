// Legacy AttributeUpdates converted to an UpdateAst (marked legacy: its ADD also appends to
// lists, and its type mismatches read "Type mismatch for attribute to update").
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.AttributeUpdates.html

import { type AttributeValue, typeOf } from "../../values/attribute-value.js";
import { attributeValueProblem, canonicalAttributeValue } from "../../values/validate.js";
import type { UpdateAst } from "../ast.js";
import { validationError } from "../errors.js";

export interface LegacyAttributeUpdate {
  Action?: string;
  Value?: unknown;
}

const INVALID = "One or more parameter values were invalid: ";

/** Validates AttributeUpdates as AWS does and converts them; actions apply attribute by attribute. */
export function attributeUpdatesToUpdate(updates: Readonly<Record<string, LegacyAttributeUpdate>>): UpdateAst {
  const update: UpdateAst = { set: [], remove: [], add: [], delete: [], legacy: true };
  for (const name of Object.keys(updates)) {
    const { Action: action = "PUT", Value: raw } = updates[name]!;
    let value: AttributeValue | undefined;
    if (raw !== undefined && raw !== null) {
      const problem = attributeValueProblem(raw);
      if (problem) throw validationError(problem);
      value = canonicalAttributeValue(raw as AttributeValue);
    }
    if (value === undefined) {
      if (action !== "DELETE") {
        throw validationError(`${INVALID}Only DELETE action is allowed when no attribute value is specified`);
      }
      update.remove.push([name]);
      continue;
    }
    const type = typeOf(value);
    switch (action) {
      case "PUT":
        update.set.push({ path: [name], value: { kind: "value", value } });
        break;
      case "ADD":
        if (type !== "L" && type !== "SS" && type !== "NS" && type !== "BS" && type !== "N") {
          throw validationError(`${INVALID}ADD action is not supported for the type ${type}`);
        }
        update.add.push({ path: [name], value });
        break;
      case "DELETE":
        if (type !== "SS" && type !== "NS" && type !== "BS") {
          throw validationError(`${INVALID}DELETE action with value is not supported for the type ${type}`);
        }
        update.delete.push({ path: [name], value });
        break;
      default:
        // The model's enum check normally rejects these before they get here.
        throw validationError(`${INVALID}Invalid AttributeAction: ${action}`);
    }
  }
  return update;
}
