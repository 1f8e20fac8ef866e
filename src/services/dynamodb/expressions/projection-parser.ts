// ProjectionExpression grammar: path ("," path)*.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html
// Paths may not overlap or conflict, exactly as for update targets.

import type { DocumentPath } from "./ast.js";
import type { ExpressionAttributes } from "./attributes.js";
import { type Category, Diagnostics } from "./diagnostics.js";
import { invalidExpression } from "./errors.js";
import { checkExpressionSize, checkPathAgainst, Cursor } from "./parser-base.js";
import { Tok } from "./tokenizer.js";

const NO_KEYWORDS: ReadonlySet<string> = new Set();

const PRIORITY: readonly Category[] = ["reserved", "attrName", "pathOverlap", "pathConflict"];

/** Parses and checks a ProjectionExpression; throws AWS's ValidationException for any problem. */
export function parseProjection(source: string, attributes: ExpressionAttributes): DocumentPath[] {
  if (source.length === 0) throw invalidExpression("ProjectionExpression", "The expression can not be empty;");
  checkExpressionSize(source, "ProjectionExpression");
  const diagnostics = new Diagnostics();
  const cursor = new Cursor(source, "ProjectionExpression", diagnostics, attributes, "attrName");
  const paths: DocumentPath[] = [];
  for (;;) {
    const path = cursor.parsePath(NO_KEYWORDS);
    checkPathAgainst(paths, path, diagnostics);
    paths.push(path);
    if (cursor.current.kind === Tok.Eof) break;
    cursor.expect(Tok.Comma);
  }
  diagnostics.throwFirst("ProjectionExpression", PRIORITY);
  return paths;
}
