// $util: API Gateway's helper functions for mapping templates.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
// ("$util variables"). Each takes a java.lang.String: Velocity 1.7 does not convert other
// argument types, so a non-string argument finds no method and yields null.
import { MappingTemplateError } from "./errors.js";
import { fromPlainValue, NO_METHOD, type HostObject } from "./java-values.js";

const HEX = "0123456789ABCDEF";

/**
 * $util.escapeJavaScript: "Escapes the characters in a string using JavaScript string rules";
 * AWS notes it turns ' into \' (so its output needs .replaceAll("\\'", "'") inside JSON).
 * This is Apache Commons Lang StringEscapeUtils.escapeJavaScript: \b \t \n \f \r as escapes,
 * other control characters and everything above U+007E as \uXXXX (uppercase hex, UTF-16
 * code units), and ' " \ / backslash-escaped.
 */
export function escapeJavaScript(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch > 0x7e || ch < 0x20) {
      switch (ch) {
        case 0x08: out += "\\b"; break;
        case 0x09: out += "\\t"; break;
        case 0x0a: out += "\\n"; break;
        case 0x0c: out += "\\f"; break;
        case 0x0d: out += "\\r"; break;
        default:
          out += `\\u${HEX[(ch >> 12) & 15]}${HEX[(ch >> 8) & 15]}${HEX[(ch >> 4) & 15]}${HEX[ch & 15]}`;
      }
      continue;
    }
    switch (ch) {
      case 0x27: out += "\\'"; break;
      case 0x22: out += '\\"'; break;
      case 0x5c: out += "\\\\"; break;
      case 0x2f: out += "\\/"; break;
      default: out += s[i];
    }
  }
  return out;
}

/** java.net.URLEncoder.encode(s, "UTF-8"): application/x-www-form-urlencoded. */
export function urlEncode(s: string): string {
  let out = "";
  for (const byte of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_]/.test(c)) out += c;
    else if (byte === 0x20) out += "+";
    else out += `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}

/** java.net.URLDecoder.decode(s, "UTF-8"): '+' is a space; a malformed escape is an error. */
export function urlDecode(s: string): string {
  const bytes: number[] = [];
  let out = "";
  const flush = () => {
    if (bytes.length) out += Buffer.from(bytes).toString("utf8");
    bytes.length = 0;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "%") {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        throw new MappingTemplateError("TemplateRender", `java.lang.IllegalArgumentException: URLDecoder: Illegal hex characters in escape (%) pattern`);
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
      continue;
    }
    flush();
    out += c === "+" ? " " : c;
  }
  flush();
  return out;
}

export function base64Encode(s: string): string {
  return Buffer.from(s, "utf8").toString("base64");
}

/** java.util.Base64 decoder: standard alphabet, padding optional; any other character is an error. */
export function base64Decode(s: string): string {
  const trimmed = s.replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]*$/.test(trimmed) || trimmed.length % 4 === 1) {
    throw new MappingTemplateError("TemplateRender", "java.lang.IllegalArgumentException: Illegal base64 character");
  }
  return Buffer.from(trimmed, "base64").toString("utf8");
}

/** $util.parseJson: the JSON text as an object (maps keep document order); malformed JSON aborts the render. */
export function parseJson(s: string): unknown {
  try {
    return fromPlainValue(JSON.parse(s), "insertion");
  } catch (error) {
    throw new MappingTemplateError("TemplateRender", `Unable to parse JSON: ${(error as Error).message}`, { cause: error });
  }
}

const FUNCTIONS: Record<string, (s: string) => unknown> = {
  escapeJavaScript,
  parseJson,
  urlEncode,
  urlDecode,
  base64Encode,
  base64Decode,
};

/** The $util variable. Stateless, so one instance serves every render. */
export const utilVariable: HostObject = Object.freeze({
  hostName: "$util",
  call(name: string, args: unknown[]): unknown {
    const fn = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
    if (!fn || args.length !== 1 || typeof args[0] !== "string") return NO_METHOD;
    return fn(args[0]);
  },
});
