// java.util.regex semantics on top of JavaScript RegExp, for String.matches/replaceAll/
// replaceFirst/split and selection patterns. The pattern dialects mostly agree; this bridges
// what templates actually use: leading inline flags ((?i), (?s), (?m)), \A \z \Z anchors,
// Java's replacement syntax ($1, ${name}, \$) and Java's split() rules.
import { MappingTemplateError } from "./errors.js";

const INLINE_FLAGS = /^\(\?([imsux]+)\)/;

/** Compiles a Java regex into a JavaScript RegExp; throws PatternSyntaxException's equivalent. */
export function compileJavaRegex(pattern: string, extraFlags = ""): RegExp {
  let source = pattern;
  let flags = extraFlags;
  const inline = INLINE_FLAGS.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1]!) if ("ims".includes(f) && !flags.includes(f)) flags += f;
  }
  source = translateAnchors(source);
  try {
    return new RegExp(source, flags.includes("u") ? flags : `${flags}u`);
  } catch {
    try {
      // Patterns valid for Java but not for JS's stricter unicode mode (e.g. "\-" outside a class).
      return new RegExp(source, flags.replace("u", ""));
    } catch (error) {
      throw new MappingTemplateError("TemplateRender", `java.util.regex.PatternSyntaxException: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** \A -> ^, \z and \Z -> $ (outside character classes, when not escaped). */
function translateAnchors(source: string): string {
  if (!source.includes("\\A") && !source.includes("\\z") && !source.includes("\\Z")) return source;
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\" && i + 1 < source.length) {
      const n = source[i + 1]!;
      if (!inClass && n === "A") out += "^";
      else if (!inClass && (n === "z" || n === "Z")) out += "$";
      else out += c + n;
      i++;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    out += c;
  }
  return out;
}

/** A regex that matches only the whole input, as Pattern.matches / String.matches require. */
export function compileJavaFullMatch(pattern: string): RegExp {
  const regex = compileJavaRegex(pattern);
  return new RegExp(`^(?:${regex.source})$`, regex.flags);
}

/** Matcher.appendReplacement's replacement syntax: $n / ${name} are groups, \x is a literal x. */
function expandReplacement(replacement: string, match: RegExpExecArray): string {
  let out = "";
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === "\\") {
      i++;
      if (i >= replacement.length) throw renderError("character to be escaped is missing");
      out += replacement[i];
    } else if (c === "$") {
      i++;
      if (i >= replacement.length) throw renderError("Illegal group reference: group index is missing");
      if (replacement[i] === "{") {
        const end = replacement.indexOf("}", i);
        const name = end < 0 ? "" : replacement.slice(i + 1, end);
        if (!name || !match.groups || !(name in match.groups)) throw renderError(`No group with name {${name}}`);
        out += match.groups[name] ?? "";
        i = end;
      } else {
        let digits = replacement[i]!;
        if (!/\d/.test(digits)) throw renderError("Illegal group reference");
        // Java takes further digits only while they still name an existing group.
        while (i + 1 < replacement.length && /\d/.test(replacement[i + 1]!) && Number(digits + replacement[i + 1]) < match.length) {
          digits += replacement[++i];
        }
        const group = Number(digits);
        if (group >= match.length) throw renderError(`No group ${group}`);
        out += match[group] ?? "";
      }
    } else out += c;
  }
  return out;
}

function renderError(message: string): MappingTemplateError {
  return new MappingTemplateError("TemplateRender", `java.lang.IllegalArgumentException: ${message}`);
}

/** String.replaceAll / replaceFirst. */
export function javaReplace(input: string, regexText: string, replacement: string, all: boolean): string {
  const regex = compileJavaRegex(regexText, "g");
  let out = "";
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = regex.exec(input)) !== null) {
    out += input.slice(last, m.index) + expandReplacement(replacement, m);
    last = m.index + m[0].length;
    if (m[0].length === 0) {
      // Java advances past an empty match by one char, copying that char.
      if (m.index < input.length) out += input[m.index];
      last = m.index + 1;
      regex.lastIndex = m.index + 1;
    }
    if (!all) break;
  }
  return last <= input.length ? out + input.slice(last) : out;
}

/** String.split(regex, limit), following java.lang.String/Pattern.split (Java 8+ rules). */
export function javaSplit(input: string, regexText: string, limit = 0): string[] {
  const regex = compileJavaRegex(regexText, "g");
  const parts: string[] = [];
  let index = 0;
  let m: RegExpExecArray | null;
  while ((m = regex.exec(input)) !== null) {
    const end = m.index + m[0].length;
    if (m[0].length === 0) regex.lastIndex = m.index + 1;
    // A zero-width match at the very beginning never yields a leading empty string.
    if (index === 0 && m.index === 0 && m[0].length === 0) continue;
    if (limit > 0 && parts.length === limit - 1) break;
    parts.push(input.slice(index, m.index));
    index = end;
    if (regex.lastIndex > input.length) break;
  }
  if (index === 0 && parts.length === 0) return [input];
  parts.push(input.slice(index));
  if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}
