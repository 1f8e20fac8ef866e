// Turns the raw HTTP text of the AWS test vectors (.req, .sreq) into the HttpRequest the edge
// builds from Node's parser: path still encoded, header names lower-cased, values trimmed,
// repeated headers joined with ", " as Node does, and the raw header lines kept.
import { parseQueryString, type HttpRequest } from "../../../src/aws/http.js";

export function requestFromHttpText(text: string): HttpRequest {
  const blank = text.indexOf("\n\n");
  const head = blank < 0 ? text : text.slice(0, blank);
  const body = blank < 0 ? "" : text.slice(blank + 2);
  const [requestLine, ...headerLines] = head.split("\n");
  // "GET /path with spaces HTTP/1.1": the target is everything between the first and last space.
  const firstSpace = requestLine!.indexOf(" ");
  const lastSpace = requestLine!.lastIndexOf(" ");
  const method = requestLine!.slice(0, firstSpace);
  const target = requestLine!.slice(firstSpace + 1, lastSpace);
  const question = target.indexOf("?");
  const path = question < 0 ? target : target.slice(0, question);
  const rawQuery = question < 0 ? "" : target.slice(question + 1);

  const headers: Record<string, string> = {};
  const rawHeaders: string[] = [];
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, "");
    rawHeaders.push(name, value);
    const lower = name.toLowerCase();
    headers[lower] = lower in headers ? headers[lower] + ", " + value : value;
  }
  return { method, path, rawQuery, query: parseQueryString(rawQuery), headers, rawHeaders, body: Buffer.from(body, "utf8") };
}
