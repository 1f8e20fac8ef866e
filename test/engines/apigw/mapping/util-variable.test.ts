// $util: escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode, base64Decode.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MappingTemplateError } from "../../../../src/engines/apigw/mapping/index.js";
import { render } from "./helpers.js";

const isRenderError = (e: unknown) => e instanceof MappingTemplateError && e.kind === "TemplateRender";

describe("$util.escapeJavaScript", () => {
  it("escapes quotes (single quotes too), backslashes and forward slashes", () => {
    assert.equal(render(`$util.escapeJavaScript($input.body)`, { body: `it's "q" \\ a/b` }), `it\\'s \\"q\\" \\\\ a\\/b`);
  });
  it("escapes control characters and non-ASCII as \\uXXXX with uppercase hex", () => {
    assert.equal(render(`$util.escapeJavaScript($input.body)`, { body: "a\nb\tc\r\b\f\u0001é€😀" }), "a\\nb\\tc\\r\\b\\f\\u0001\\u00E9\\u20AC\\uD83D\\uDE00");
  });
  it("gives \\' that templates turn back into ' for JSON, as AWS documents", () => {
    const out = render(`{"v": "$util.escapeJavaScript($input.params('q')).replaceAll("\\\\'","'")"}`, { queryParams: { q: `it's "x"` } });
    assert.deepEqual(JSON.parse(out), { v: `it's "x"` });
  });
  it("yields null (rendered empty) for a non-string argument", () => {
    assert.equal(render("[$util.escapeJavaScript(5)]"), "[]");
  });
});

describe("$util.parseJson", () => {
  it("returns an object a template can navigate", () => {
    assert.equal(render(`#set($o = $util.parseJson($input.params('p')))$o.a.b $o.list.size() $o.list[0]`, { queryParams: { p: '{"a":{"b":"x"},"list":[7,8]}' } }), "x 2 7");
  });
  it("aborts the render on malformed JSON", () => {
    assert.throws(() => render(`$util.parseJson("{nope")`), isRenderError);
  });
});

describe("$util.urlEncode / urlDecode", () => {
  it("encodes as application/x-www-form-urlencoded (java.net.URLEncoder)", () => {
    assert.equal(render(`$util.urlEncode("a b&c/d=é*~._-")`), "a+b%26c%2Fd%3D%C3%A9*%7E._-");
  });
  it("decodes + as a space and %XX as UTF-8", () => {
    assert.equal(render(`$util.urlDecode("a+b%26c%C3%A9")`), "a b&cé");
  });
  it("aborts the render on a malformed escape", () => {
    assert.throws(() => render(`$util.urlDecode("%zz")`), isRenderError);
  });
});

describe("$util.base64Encode / base64Decode", () => {
  it("round-trips UTF-8 text", () => {
    assert.equal(render(`$util.base64Encode("héllo")|$util.base64Decode("aMOpbGxv")`), "aMOpbGxv|héllo");
  });
  it("accepts unpadded input", () => {
    assert.equal(render(`$util.base64Decode("aGk")`), "hi");
  });
  it("aborts the render on characters outside the alphabet", () => {
    assert.throws(() => render(`$util.base64Decode("a*b")`), isRenderError);
  });
});

describe("unknown $util functions", () => {
  it("yield null", () => {
    assert.equal(render("[$util.nope('x')]"), "[]");
  });
});
