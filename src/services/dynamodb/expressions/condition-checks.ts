// Semantic checks of the condition grammar, recorded as diagnostics while parsing. Messages
// are DynamoDB's (dynalite's recordings against AWS).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html

import { type AttributeValue, ATTRIBUTE_TYPES, typeOf } from "../values/attribute-value.js";
import { compareScalars } from "../values/compare.js";
import type { Operand } from "./ast.js";
import type { Diagnostics } from "./diagnostics.js";
import { formatPath, pathsEqual } from "./parser-base.js";

export const FUNCTION_ARITY: Readonly<Record<string, number>> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
  size: 1,
};

export function isConditionFunction(name: string): boolean {
  return Object.hasOwn(FUNCTION_ARITY, name);
}

/** A function call whose use (value or condition) is not known yet. */
export interface Call {
  name: string;
  args: Operand[];
}

export function reportMisusedFunction(diagnostics: Diagnostics, name: string): void {
  diagnostics.add(
    "misusedFunction",
    `The function is not allowed to be used this way in an expression; function: ${name}`,
  );
}

/** Checks a call to a condition function: name, operand count, distinct operands, operand types. */
export function checkCall(diagnostics: Diagnostics, call: Call): void {
  const { name, args } = call;
  if (!Object.hasOwn(FUNCTION_ARITY, name)) {
    diagnostics.add("unknownFunction", `Invalid function name; function: ${name}`);
    return;
  }
  if (FUNCTION_ARITY[name] !== args.length) {
    diagnostics.add(
      "operandCount",
      `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`,
    );
    return;
  }
  if (args.length === 2) checkDistinct(diagnostics, name, args[0]!, args[1]!);
  switch (name) {
    case "attribute_exists":
    case "attribute_not_exists":
      if (args[0]!.kind !== "path") {
        diagnostics.add(
          "function",
          `Operator or function requires a document path; operator or function: ${name}`,
        );
      }
      return;
    case "begins_with":
      for (const arg of args) {
        const type = staticType(arg);
        if (type !== undefined && type !== "S" && type !== "B") wrongOperandType(diagnostics, name, type);
      }
      return;
    case "attribute_type": {
      const typeOperand = args[1]!;
      const type = staticType(typeOperand);
      if (type !== "S") {
        // With no static type (a path), AWS lists every type it would have accepted.
        wrongOperandType(diagnostics, name, type ?? "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
      } else if (typeOperand.kind === "value" && !(ATTRIBUTE_TYPES as readonly string[]).includes((typeOperand.value as { S: string }).S)) {
        diagnostics.add(
          "function",
          `Invalid attribute type name found; type: ${(typeOperand.value as { S: string }).S}, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}`,
        );
      }
      return;
    }
    case "size": {
      const type = staticType(args[0]!);
      if (type === "N" || type === "BOOL" || type === "NULL") wrongOperandType(diagnostics, name, type);
      return;
    }
  }
}

function wrongOperandType(diagnostics: Diagnostics, name: string, type: string): void {
  diagnostics.add(
    "function",
    `Incorrect operand type for operator or function; operator or function: ${name}, operand type: ${type}`,
  );
}

/** AWS requires the two operands of a comparison or function to differ when both are paths. */
export function checkDistinct(diagnostics: Diagnostics, operator: string, first: Operand, second: Operand): void {
  if (first.kind === "path" && second.kind === "path" && pathsEqual(first.path, second.path)) {
    diagnostics.add(
      "distinct",
      `The first operand must be distinct from the remaining operands for this operator or function; operator: ${operator}, first operand: ${formatPath(first.path)}`,
    );
  }
}

/** The type an operand is known to have before any item is read (values and size()). */
function staticType(operand: Operand): string | undefined {
  if (operand.kind === "value") return typeOf(operand.value);
  if (operand.kind === "size") return "N";
  return undefined;
}

function describeBound(value: AttributeValue): string {
  const type = typeOf(value);
  const raw = (value as Record<string, unknown>)[type];
  const shown = Buffer.isBuffer(raw) ? raw.toString("base64") : String(raw);
  return `AttributeValue: {${type}:${shown}}`;
}

/** AWS rejects BETWEEN bounds of different types or in the wrong order when both are literal values. */
export function checkBetweenBounds(low: AttributeValue, high: AttributeValue, diagnostics: Diagnostics): void {
  const lowType = typeOf(low);
  const highType = typeOf(high);
  const bounds = `lower bound operand: ${describeBound(low)}, upper bound operand: ${describeBound(high)}`;
  if (lowType !== highType) {
    diagnostics.add("function", `The BETWEEN operator requires same data type for lower and upper bounds; ${bounds}`);
    return;
  }
  const order = compareScalars(low, high);
  if (order !== undefined && order > 0) {
    diagnostics.add(
      "function",
      `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; ${bounds}`,
    );
  }
}
