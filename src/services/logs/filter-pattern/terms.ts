// Filter patterns for unstructured log events: terms, "exact phrases", %regex%, ?OR terms and
// -exclusions. https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
//   ERROR WARN      both terms appear (anywhere, case-sensitive substring match)
//   ?ERROR ?WARN    at least one of the ?-terms appears
//   ERROR -Exiting  ERROR appears and Exiting does not
//   "Failed to X"   the exact phrase appears
// Terms with characters other than letters, digits and underscore must be quoted.
import { FilterPatternError, INVALID_PATTERN, readQuoted, readRegex, type StringTest } from "./values.js";

type Role = "required" | "optional" | "excluded";

const BARE_TERM_CHAR = /[A-Za-z0-9_]/;

export function compileTerms(pattern: string): (message: string) => boolean {
  const required: StringTest[] = [];
  const optional: StringTest[] = [];
  const excluded: StringTest[] = [];
  let i = 0;
  let role: Role | undefined;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    // A prefix applies to the next term; AWS's own examples write it both as `-term` and `- "term"`.
    if ((ch === "?" || ch === "-") && role === undefined) {
      role = ch === "?" ? "optional" : "excluded";
      i++;
      continue;
    }
    let test: StringTest;
    if (ch === '"') {
      const q = readQuoted(pattern, i);
      const phrase = q.text;
      test = (m) => m.includes(phrase);
      i = q.end;
    } else if (ch === "%") {
      const r = readRegex(pattern, i);
      test = r.test;
      i = r.end;
    } else {
      let end = i;
      while (end < pattern.length && !/\s/.test(pattern[end]!)) end++;
      const term = pattern.slice(i, end);
      const invalid = [...new Set([...term].filter((c) => !BARE_TERM_CHAR.test(c)))];
      if (invalid.length > 0) throw new FilterPatternError(`Invalid character(s) in term '${invalid.join("")}'`);
      test = (m) => m.includes(term);
      i = end;
    }
    (role === "optional" ? optional : role === "excluded" ? excluded : required).push(test);
    role = undefined;
  }
  if (role !== undefined) throw new FilterPatternError(INVALID_PATTERN);
  return (message) => {
    for (const t of required) if (!t(message)) return false;
    for (const t of excluded) if (t(message)) return false;
    if (optional.length === 0) return true;
    for (const t of optional) if (t(message)) return true;
    return false;
  };
}
