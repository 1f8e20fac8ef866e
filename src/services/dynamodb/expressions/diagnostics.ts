// Semantic problems found while parsing. AWS parses the whole expression first (so any syntax
// error wins), then reports one semantic problem, chosen by category priority, and within a
// category the first one in source order. Each grammar gives its own priority order; the orders
// follow dynalite's, which were established by testing against DynamoDB.

import type { ExpressionKind } from "./errors.js";
import { invalidExpression } from "./errors.js";

export type Category =
  | "parens"
  | "unknownFunction"
  | "misusedFunction"
  | "reserved"
  | "section"
  | "attrName"
  | "attrValue"
  | "pathOverlap"
  | "pathConflict"
  | "operandCount"
  | "distinct"
  | "operand"
  | "function"
  | "tooManyOperands"
  | "tooManyOperators";

export class Diagnostics {
  private readonly first = new Map<Category, string>();

  add(category: Category, message: string): void {
    if (!this.first.has(category)) this.first.set(category, message);
  }

  has(category: Category): boolean {
    return this.first.has(category);
  }

  /** Throws the highest-priority problem, prefixed with the expression kind, if there is one. */
  throwFirst(kind: ExpressionKind, priority: readonly Category[]): void {
    if (this.first.size === 0) return;
    for (const category of priority) {
      const message = this.first.get(category);
      if (message !== undefined) throw invalidExpression(kind, message);
    }
    // A category missing from the priority list is a programming error; still report it.
    throw invalidExpression(kind, this.first.values().next().value!);
  }
}
