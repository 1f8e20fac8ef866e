// CloudWatch Logs filter patterns (FilterLogEvents, and later metric and subscription filters):
// one compiled matcher per pattern, chosen by the pattern's first character.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
import { compileDelimitedPattern } from "./delimited.js";
import { compileJsonPattern } from "./json.js";
import { compileTerms } from "./terms.js";
import { FilterPatternError } from "./values.js";

export { FilterPatternError } from "./values.js";

export type LogMessageMatcher = (message: string) => boolean;

const matchAll: LogMessageMatcher = () => true;

/** Compiles a filter pattern; throws FilterPatternError with AWS's message when it is invalid. */
export function compileFilterPattern(pattern: string | undefined): LogMessageMatcher {
  const text = (pattern ?? "").trim();
  if (text === "") return matchAll;
  if (text.startsWith("{")) {
    if (!text.endsWith("}")) throw new FilterPatternError("If a filter pattern starts with '{' it must end with '}'");
    return compileJsonPattern(text.slice(1, -1));
  }
  if (text.startsWith("[")) {
    if (!text.endsWith("]")) throw new FilterPatternError("If a filter pattern starts with '[' it must end with ']'");
    return compileDelimitedPattern(text.slice(1, -1));
  }
  return compileTerms(text);
}
