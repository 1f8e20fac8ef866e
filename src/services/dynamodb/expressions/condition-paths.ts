// The document paths a condition reads, e.g. to refuse key attributes in a Query filter
// ("Filter Expression can only contain non-primary key attributes").

import type { Condition, DocumentPath, Operand } from "./ast.js";

/** Every document path a condition reads, in source order (e.g. to refuse key attributes in a Query filter). */
export function conditionPaths(condition: Condition): DocumentPath[] {
  const paths: DocumentPath[] = [];
  const visitOperand = (operand: Operand): void => {
    switch (operand.kind) {
      case "path":
        paths.push(operand.path);
        return;
      case "size":
        visitOperand(operand.operand);
        return;
      case "if_not_exists":
        paths.push(operand.path);
        visitOperand(operand.fallback);
        return;
      case "list_append":
      case "plus":
      case "minus":
        visitOperand(operand.left);
        visitOperand(operand.right);
        return;
      case "value":
        return;
    }
  };
  // An explicit stack: legacy filters can chain thousands of conditions.
  const stack: Condition[] = [condition];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.kind) {
      case "compare":
      case "begins_with":
      case "contains":
        visitOperand(node.left);
        visitOperand(node.right);
        break;
      case "between":
        visitOperand(node.operand);
        visitOperand(node.low);
        visitOperand(node.high);
        break;
      case "in":
        visitOperand(node.operand);
        node.list.forEach(visitOperand);
        break;
      case "and":
      case "or":
        stack.push(node.right, node.left);
        break;
      case "not":
        stack.push(node.operand);
        break;
      case "attribute_exists":
      case "attribute_not_exists":
        paths.push(node.path);
        break;
      case "attribute_type":
        visitOperand(node.operand);
        visitOperand(node.type);
        break;
    }
  }
  return paths;
}
